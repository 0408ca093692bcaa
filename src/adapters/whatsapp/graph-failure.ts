// Turns what came back from Graph (an error body, a bad status, a transport error) into a GraphFailure value.
import { classifyMetaError } from './meta-error-codes.ts';

export type GraphFailure = {
  /** Our stable code, e.g. 'meta.rate_limited', 'meta.window_closed', 'meta.timeout' (see meta-error-codes.ts). */
  code: string;
  /** Safe to send the same request again later. */
  retryable: boolean;
  /** Meta's numeric `error.code`. */
  metaCode?: number;
  /** Meta's `error.error_subcode` (deprecated since v16.0 but still sent, meta-rules.md#graph-errors). */
  metaSubcode?: number;
  httpStatus?: number;
  /** Meta's message and details, for people. Never contains our access token. */
  message: string;
  /** From the Retry-After header, or Meta's documented minimum wait (131049: 24 h). */
  retryAfterMs?: number;
  /**
   * True when we cannot know whether Meta accepted the request (timeout after the request was written,
   * connection lost mid-request, 2xx without a wamid). The caller must reconcile, not blindly resend.
   */
  ambiguous?: boolean;
};

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const latest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** A non-2xx answer. `json` is the parsed body (undefined when it was not JSON), `text` the raw body. */
export function failureFromResponse(
  httpStatus: number,
  json: unknown,
  text: string,
  retryAfterMs: number | undefined,
): GraphFailure {
  const e = isObject(json) && isObject(json['error']) ? json['error'] : undefined;
  const metaCode = num(e?.['code']);
  const metaSubcode = num(e?.['error_subcode']);
  const cls = classifyMetaError(metaCode, httpStatus);
  // Meta: build logic on `code` + `error_data.details`, not on titles (meta-rules.md#graph-errors); all of them are kept for people.
  const details = isObject(e?.['error_data']) ? str(e['error_data']['details']) : undefined;
  const parts = e
    ? [str(e['message']), details, str(e['error_user_title']), str(e['error_user_msg'])].filter(
        (p) => p !== undefined,
      )
    : [];
  const message = parts.length > 0 ? parts.join(' | ') : `HTTP ${httpStatus}: ${text.slice(0, 300)}`;
  const failure: GraphFailure = { code: cls.code, retryable: cls.retryable, httpStatus, message };
  if (metaCode !== undefined) failure.metaCode = metaCode;
  if (metaSubcode !== undefined) failure.metaSubcode = metaSubcode;
  const wait = latest(retryAfterMs, cls.retryAfterMs);
  if (wait !== undefined) failure.retryAfterMs = wait;
  return failure;
}

/** A 2xx answer that lacks what Meta always sends (e.g. no `messages[0].id`). */
export function unexpectedResponse(httpStatus: number, what: string, ambiguous: boolean): GraphFailure {
  const failure: GraphFailure = {
    code: 'meta.unexpected_response',
    retryable: !ambiguous,
    httpStatus,
    message: `HTTP ${httpStatus} without ${what}`,
  };
  if (ambiguous) failure.ambiguous = true;
  return failure;
}

// Errors that happen before a single byte of the request reaches the server: resending cannot duplicate.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED', // the client was closed before this request was dispatched
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// Timeouts that start only once the request has been written (undici arms headersTimeout when the request
// is dispatched on the socket; bodyTimeout runs after the headers arrived).
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(e: unknown): string | undefined {
  if (!isObject(e) && !(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of per-address errors.
  if (e instanceof AggregateError) return errorCode(e.errors[0]);
  return undefined;
}

/**
 * A transport error (no usable HTTP answer). `safeToRepeat` is true for reads (GET), where sending twice does
 * no harm; for writes, anything that may have happened after the request left us is ambiguous and not retryable.
 */
export function failureFromTransport(e: unknown, safeToRepeat: boolean): GraphFailure {
  const code = errorCode(e) ?? 'UNKNOWN';
  const message = `${code}: ${e instanceof Error ? e.message : String(e)}`;
  if (NOT_SENT.has(code)) return { code: 'meta.network_error', retryable: true, message };
  const ours = TIMEOUTS.has(code) ? 'meta.timeout' : 'meta.network_error';
  if (safeToRepeat) return { code: ours, retryable: true, message };
  return { code: ours, retryable: false, ambiguous: true, message };
}
