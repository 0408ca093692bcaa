// Cloud API (Graph) client: one code path for Meta and for our sandbox; only base URL, version and token differ.
// It maps a command to a request and a response to a Result; it never retries, decides or stores (docs/architecture.md rule 3).
import { errors as undiciErrors, Pool, type Dispatcher } from 'undici';
import type {
  GraphList,
  GraphMarkReadRequest,
  GraphPaging,
  GraphPhoneNumber,
  GraphSendMessageRequest,
  GraphSendMessageResponse,
  GraphTemplate,
  GraphTemplateCreateRequest,
  GraphTemplateCreateResponse,
} from '../../wire/graph.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import {
  failureFromResponse,
  failureFromTransport,
  unexpectedResponse,
  type GraphFailure,
} from './graph-failure.ts';
import { parseRetryAfter } from './retry-after.ts';

export type GraphConfig = {
  /** e.g. https://graph.facebook.com, or the sandbox's URL (a path prefix is allowed). */
  baseUrl: string;
  /** e.g. v24.0. The only place a Graph version enters the system. */
  version: string;
  accessToken: string;
  /** Connect timeout, and the longest wait for response headers and between body chunks. Default 30 s. */
  timeoutMs?: number;
  /** Keep-alive connections to the origin. Default 64. */
  maxConnections?: number;
};

export type SendOutcome = { wamid: string; waId: string; messageStatus?: string };

export type CloudApiClient = {
  sendMessage(
    phoneNumberId: string,
    body: GraphSendMessageRequest,
  ): Promise<Result<SendOutcome, GraphFailure>>;
  markRead(phoneNumberId: string, wamid: string, typing?: boolean): Promise<Result<true, GraphFailure>>;
  createTemplate(
    wabaId: string,
    body: GraphTemplateCreateRequest,
  ): Promise<Result<GraphTemplateCreateResponse, GraphFailure>>;
  listTemplates(
    wabaId: string,
    opts?: { limit?: number; after?: string; fields?: string[] },
  ): Promise<Result<GraphList<GraphTemplate>, GraphFailure>>;
  /** Every template of the WABA, page by page; yields one error and stops if a page fails. */
  listAllTemplates(wabaId: string, pageSize?: number): AsyncIterable<Result<GraphTemplate, GraphFailure>>;
  deleteTemplate(wabaId: string, name: string): Promise<Result<true, GraphFailure>>;
  getPhoneNumber(phoneNumberId: string, fields?: string[]): Promise<Result<GraphPhoneNumber, GraphFailure>>;
  /** Waits for requests in flight, then closes the connections. */
  close(): Promise<void>;
};

type Method = 'GET' | 'POST' | 'DELETE';
type Answer = { status: number; json: unknown };
type JsonObject = Record<string, unknown>;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONNECTIONS = 64;
const DEFAULT_PAGE_SIZE = 100;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const seg = (id: string): string => encodeURIComponent(id);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Graph pagination: a page without `paging.next` is the last one, even when it carries cursors. */
function nextCursor(paging: GraphPaging | undefined): string | undefined {
  if (!paging?.next) return undefined;
  if (paging.cursors?.after) return paging.cursors.after;
  // Some servers put the cursor only in the `next` URL; we read it there but call our own base URL with it.
  try {
    return new URL(paging.next).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}

export function createCloudApiClient(config: GraphConfig): CloudApiClient {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = new URL(config.baseUrl);
  // The version is joined in here and nowhere else (docs/architecture.md: no Graph versions hard-coded in several places).
  const version = config.version.replace(/^\/+|\/+$/g, '');
  const prefix = `${base.pathname.replace(/\/+$/, '')}${version ? `/${version}` : ''}/`;

  // One pool per origin: keep-alive connections, one request in flight per connection (pipelining 1), so a
  // slow answer never holds up another send queued behind it on the same socket.
  const pool = new Pool(base.origin, {
    connections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    pipelining: 1,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  // Built once; the token lives only in this closure and in these headers, never in messages or logs.
  const readHeaders = { authorization: `Bearer ${config.accessToken}`, accept: 'application/json' };
  const writeHeaders = { ...readHeaders, 'content-type': 'application/json' };

  /**
   * One Graph call. `safeToRepeat` says whether doing it twice is harmless (reads, read receipts, deletes):
   * then a lost answer is simply retryable; otherwise (sends, template creation) it is ambiguous.
   */
  async function call(
    method: Method,
    path: string,
    body: unknown,
    safeToRepeat: boolean,
  ): Promise<Result<Answer, GraphFailure>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let res: Dispatcher.ResponseData;
    try {
      res = await pool.request({
        method,
        path: prefix + path,
        headers: payload === undefined ? readHeaders : writeHeaders,
        body: payload,
      });
    } catch (e) {
      // A malformed request is our bug, not an outcome.
      if (e instanceof undiciErrors.InvalidArgumentError) throw e;
      return err(failureFromTransport(e, safeToRepeat));
    }
    const status = res.statusCode;
    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      // Headers arrived but the body did not. A non-2xx status already tells us Meta refused the request.
      if (status < 200 || status >= 300) return err(failureFromResponse(status, undefined, '', undefined));
      return err({ ...failureFromTransport(e, safeToRepeat), httpStatus: status });
    }
    const json = parseJson(text); // parsed once, here
    if (status >= 200 && status < 300) return ok({ status, json });
    return err(
      failureFromResponse(status, json, text, parseRetryAfter(res.headers['retry-after'], Date.now())),
    );
  }

  async function sendMessage(
    phoneNumberId: string,
    body: GraphSendMessageRequest,
  ): Promise<Result<SendOutcome, GraphFailure>> {
    const r = await call('POST', `${seg(phoneNumberId)}/messages`, body, false);
    if (!r.ok) return r;
    const json = r.value.json as Partial<GraphSendMessageResponse> | undefined;
    const message = json?.messages?.[0];
    // 200 means "accepted" (meta-rules.md#send-response); without the wamid we cannot track it, and sending again could duplicate it.
    if (!message || typeof message.id !== 'string') {
      return err(unexpectedResponse(r.value.status, 'messages[0].id', true));
    }
    // `wa_id` may differ from the `to` we sent (meta-rules.md#send-response); group sends carry no contacts, so `to` stands in.
    const waId = json.contacts?.[0]?.wa_id ?? body.to;
    const outcome: SendOutcome = { wamid: message.id, waId };
    if (message.message_status !== undefined) outcome.messageStatus = message.message_status;
    return ok(outcome);
  }

  async function markRead(
    phoneNumberId: string,
    wamid: string,
    typing?: boolean,
  ): Promise<Result<true, GraphFailure>> {
    // meta-rules.md#mark-read: the same endpoint as sends; the typing indicator rides on a read receipt. Marking a message read
    // twice changes nothing, so a lost answer is retryable rather than ambiguous.
    const body: GraphMarkReadRequest = { messaging_product: 'whatsapp', status: 'read', message_id: wamid };
    if (typing) body.typing_indicator = { type: 'text' };
    return expectSuccess(await call('POST', `${seg(phoneNumberId)}/messages`, body, true));
  }

  async function createTemplate(
    wabaId: string,
    body: GraphTemplateCreateRequest,
  ): Promise<Result<GraphTemplateCreateResponse, GraphFailure>> {
    const r = await call('POST', `${seg(wabaId)}/message_templates`, body, false);
    if (!r.ok) return r;
    if (!isObject(r.value.json) || typeof r.value.json['id'] !== 'string') {
      // The template may exist now; creating it again would fail on the name or duplicate it.
      return err(unexpectedResponse(r.value.status, 'a template id', true));
    }
    return ok(r.value.json as GraphTemplateCreateResponse);
  }

  async function listTemplates(
    wabaId: string,
    opts: { limit?: number; after?: string; fields?: string[] } = {},
  ): Promise<Result<GraphList<GraphTemplate>, GraphFailure>> {
    const query: string[] = [];
    if (opts.fields?.length) query.push(`fields=${opts.fields.map(encodeURIComponent).join(',')}`);
    if (opts.limit !== undefined) query.push(`limit=${opts.limit}`);
    if (opts.after !== undefined) query.push(`after=${encodeURIComponent(opts.after)}`);
    const qs = query.length > 0 ? `?${query.join('&')}` : '';
    const r = await call('GET', `${seg(wabaId)}/message_templates${qs}`, undefined, true);
    if (!r.ok) return r;
    if (!isObject(r.value.json) || !Array.isArray(r.value.json['data'])) {
      return err(unexpectedResponse(r.value.status, 'a data array', false));
    }
    return ok(r.value.json as GraphList<GraphTemplate>);
  }

  async function* listAllTemplates(
    wabaId: string,
    pageSize = DEFAULT_PAGE_SIZE,
  ): AsyncGenerator<Result<GraphTemplate, GraphFailure>> {
    const seen = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page = await listTemplates(
        wabaId,
        after === undefined ? { limit: pageSize } : { limit: pageSize, after },
      );
      if (!page.ok) {
        yield page;
        return;
      }
      for (const template of page.value.data) yield ok(template);
      // Graph may return an empty page that still has a `next` link, so only a missing link ends the walk;
      // a cursor seen before would loop forever.
      const next = nextCursor(page.value.paging);
      if (next === undefined || seen.has(next)) return;
      seen.add(next);
      after = next;
    }
  }

  async function deleteTemplate(wabaId: string, name: string): Promise<Result<true, GraphFailure>> {
    // Spaces go as %20, as in the recorded Graph traffic (fixtures/graph-api delete-error cassette).
    // A repeated delete finds nothing to delete, so it is safe to repeat.
    return expectSuccess(
      await call(
        'DELETE',
        `${seg(wabaId)}/message_templates?name=${encodeURIComponent(name)}`,
        undefined,
        true,
      ),
    );
  }

  async function getPhoneNumber(
    phoneNumberId: string,
    fields?: string[],
  ): Promise<Result<GraphPhoneNumber, GraphFailure>> {
    const qs = fields?.length ? `?fields=${fields.map(encodeURIComponent).join(',')}` : '';
    const r = await call('GET', `${seg(phoneNumberId)}${qs}`, undefined, true);
    if (!r.ok) return r;
    if (!isObject(r.value.json) || typeof r.value.json['id'] !== 'string') {
      return err(unexpectedResponse(r.value.status, 'an id', false));
    }
    return ok(r.value.json as GraphPhoneNumber);
  }

  return {
    sendMessage,
    markRead,
    createTemplate,
    listTemplates,
    listAllTemplates,
    deleteTemplate,
    getPhoneNumber,
    close: () => pool.close(),
  };
}

/** `{"success": true}` answers (mark read, typing, delete). */
function expectSuccess(r: Result<Answer, GraphFailure>): Result<true, GraphFailure> {
  if (!r.ok) return r;
  if (isObject(r.value.json) && r.value.json['success'] === true) return ok(true);
  return err(unexpectedResponse(r.value.status, '"success": true', false));
}
