// Meta's numeric Cloud API error codes translated to our stable `meta.*` codes and a retryable flag.
// The table is the only place that knows Meta's numbers (docs/architecture.md rule 3: adapters translate, never decide).
// Meaning of every code: docs/meta-rules.md#error-codes (Meta "Error codes" page, updated 12 Dec 2025).
import type { WebhookError } from '../../wire/webhook.ts';

export type MetaErrorClass = {
  code: string;
  /** Safe to send the same request again later (the caller still chooses when). */
  retryable: boolean;
  /** The earliest sensible retry, when Meta documents one (131049: "wait at least 24 hours"). */
  retryAfterMs?: number;
};

const HOUR_MS = 3_600_000;

/** meta-rules.md#marketing-frequency: after 131049 Meta says "wait at least 24 hours before resending"; earlier retries only fail again. */
export const PER_USER_MARKETING_RETRY_AFTER_MS = 24 * HOUR_MS;

const row = (code: string, retryable: boolean, retryAfterMs?: number): MetaErrorClass =>
  retryAfterMs === undefined ? { code, retryable } : { code, retryable, retryAfterMs };

const table = new Map<number, MetaErrorClass>([
  // --- Rate limits (meta-rules.md#throughput, #pair-rate, #graph-rate-limits): the request was refused, nothing was sent, so sending again later is safe.
  // 130429: the number's throughput (80 or 1,000 mps) is exceeded "until back under it" (meta-rules.md#throughput).
  [130429, row('meta.rate_limited', true)],
  // 80007 (per-WABA) and 4 (per-app) are the hourly Graph call budgets of the management endpoints (meta-rules.md#graph-rate-limits);
  // a separate code because waiting for an hourly budget is not the same as slowing one number down.
  [80007, row('meta.api_rate_limited', true)],
  [4, row('meta.api_rate_limited', true)],
  // 131056: too many messages to the same user; other recipients are unaffected, and Meta says retry after
  // 4^x seconds (meta-rules.md#pair-rate). The backoff itself is the caller's decision.
  [131056, row('meta.pair_rate_limited', true)],

  // --- Temporary failures on Meta's side (meta-rules.md#error-codes "Retry" / "Temporary").
  // 131000: "Something went wrong", Meta's advice is to retry.
  [131000, row('meta.server_error', true)],
  // 131016: service temporarily unavailable.
  [131016, row('meta.service_unavailable', true)],
  // 131057: the number is in maintenance mode, e.g. for up to ~1 min during a throughput upgrade (meta-rules.md#throughput).
  [131057, row('meta.maintenance_mode', true)],

  // --- The recipient or the conversation rules out this message; resending the same request fails again.
  // 131047: more than 24 h since the user last wrote (service window closed, meta-rules.md#service-window); only a template can go out.
  [131047, row('meta.window_closed', false)],
  // 131026: not on WhatsApp, old client, terms not accepted, or blocked (meta-rules.md#error-codes).
  [131026, row('meta.undeliverable', false)],
  // 131049: per-user marketing limit / US marketing pause (meta-rules.md#marketing-frequency); retrying earlier than 24 h only fails again.
  [131049, row('meta.per_user_marketing_limit', true, PER_USER_MARKETING_RETRY_AFTER_MS)],
  // 131050: the user stopped marketing messages from this business; "Do not retry" (meta-rules.md#error-codes, #opt-out).
  [131050, row('meta.marketing_stopped', false)],
  // 130472: the user is in Meta's marketing holdout experiment; not sent, not charged (meta-rules.md#marketing-frequency).
  [130472, row('meta.experiment_holdout', false)],
  // 131030: a test number may only message its allow-listed recipients (meta-rules.md#send-envelope).
  [131030, row('meta.recipient_not_allowed', false)],
  // 131021: the recipient is the sending number itself.
  [131021, row('meta.invalid_parameter', false)],
  // 130497: the business may not message users in this country (vertical/country restriction).
  [130497, row('meta.country_restricted', false)],

  // --- Template problems (meta-rules.md#template-lifecycle, #error-codes): the template or its parameters must change first.
  // 132000: parameter count differs from the template definition.
  [132000, row('meta.template_params_mismatch', false)],
  // 132001: name/language not found or not approved (HTTP 404).
  [132001, row('meta.template_not_found', false)],
  // 132005: hydrated text too long.
  [132005, row('meta.template_text_too_long', false)],
  // 132007: content violates a WhatsApp format/character policy.
  [132007, row('meta.template_policy_violation', false)],
  // 132008: a parameter value is invalid (SDK-sourced row in meta-rules.md#error-codes).
  [132008, row('meta.template_param_invalid', false)],
  // 132012: values not in the template's parameter format (named vs positional).
  [132012, row('meta.template_param_format', false)],
  // 132015: paused for low quality (3 h / 6 h), also the failure code of messages held by pacing and dropped.
  // Not retryable as is: the template's status, not time alone, decides when it may be used again (meta-rules.md#template-lifecycle).
  [132015, row('meta.template_paused', false)],
  // 132016: paused too often, permanently disabled; a new template is needed (meta-rules.md#template-lifecycle).
  [132016, row('meta.template_disabled', false)],

  // --- The request itself is wrong.
  // 100: invalid/misspelled parameter or a length rule (also unknown object ids, subcode 33).
  [100, row('meta.invalid_parameter', false)],
  // 131008: a required parameter is missing.
  [131008, row('meta.invalid_parameter', false)],
  // 131009: a parameter value is not valid (also a bad reaction target, meta-rules.md#send-reaction-context).
  [131009, row('meta.invalid_parameter', false)],
  // 131051: the message type is not supported.
  [131051, row('meta.unsupported_message_type', false)],
  // 131052 / 131053: media could not be downloaded / uploaded (e.g. unsupported MIME type).
  [131052, row('meta.media_error', false)],
  [131053, row('meta.media_error', false)],

  // --- Credentials, permissions and the account: people must act before anything can be sent.
  // 0: could not authenticate (token expired or invalidated); 190: access token expired.
  [0, row('meta.auth_failed', false)],
  [190, row('meta.auth_failed', false)],
  // 3: capability issue; 10: permission denied or not eligible; 131005: access denied. (200–299 below.)
  [3, row('meta.permission_denied', false)],
  [10, row('meta.permission_denied', false)],
  [131005, row('meta.permission_denied', false)],
  // 368: temporarily blocked for policy violations; 131031: account locked (meta-rules.md#enforcement).
  [368, row('meta.account_restricted', false)],
  [131031, row('meta.account_restricted', false)],
  // 131037: a "555" number without an approved display name may not send (meta-rules.md#display-name).
  [131037, row('meta.display_name_not_approved', false)],
  // 131048: restricted because earlier messages were blocked or reported as spam; waiting alone does not help.
  [131048, row('meta.spam_rate_limited', false)],
  // 131042: payment account problem (no/inactive payment method, credit line over limit, ...).
  [131042, row('meta.payment_issue', false)],
]);

/**
 * Translates Meta's numeric error code (and the HTTP status when there was one) to our stable code.
 * Unknown codes are 'meta.unknown', retryable only when the HTTP status says the server failed (5xx).
 */
export function classifyMetaError(
  metaCode: number | undefined,
  httpStatus: number | undefined,
): MetaErrorClass {
  if (metaCode !== undefined) {
    const known = table.get(metaCode);
    if (known) return { ...known };
    // 200–299 is a whole range of "API Permission" codes (meta-rules.md#error-codes).
    if (metaCode >= 200 && metaCode <= 299) return row('meta.permission_denied', false);
  } else if (httpStatus !== undefined) {
    // No Graph error body (a proxy or load balancer answered): only the status is left to go on.
    if (httpStatus >= 500) return row('meta.server_error', true);
    if (httpStatus === 429) return row('meta.rate_limited', true);
    if (httpStatus === 401) return row('meta.auth_failed', false);
    if (httpStatus === 403) return row('meta.permission_denied', false);
  }
  return row('meta.unknown', httpStatus !== undefined && httpStatus >= 500);
}

/** The same table for asynchronous errors in webhooks (`statuses[].errors`, `value.errors`, `messages[].errors`, meta-rules.md#graph-errors). */
export function classifyWebhookError(e: WebhookError): MetaErrorClass {
  // Webhook errors carry no HTTP status; the code alone decides.
  return classifyMetaError(e.code, undefined);
}
