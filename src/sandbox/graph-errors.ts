// Meta's error bodies: synchronous Graph errors (meta-rules.md#graph-errors) and the error objects carried in webhooks (meta-rules.md#error-codes end).
import type { GraphErrorBody } from '../wire/graph.ts';
import type { WebhookError } from '../wire/webhook.ts';
import { fbtraceId } from './meta-ids.ts';

/** A Graph response that is not a success: HTTP status plus Meta's body. */
export type GraphFailure = { status: number; body: GraphErrorBody };

/** The meta-rules.md#graph-errors shape: message "(#<code>) <title>", error_data.details carries the specifics. */
export function graphError(
  status: number,
  code: number,
  title: string,
  details: string,
  subcode?: number,
): GraphFailure {
  const error: GraphErrorBody['error'] = {
    message: `(#${code}) ${title}`,
    type: 'OAuthException',
    code,
    error_data: { messaging_product: 'whatsapp', details },
    fbtrace_id: fbtraceId(),
  };
  if (subcode !== undefined) error.error_subcode = subcode;
  return { status, body: { error } };
}

export function invalidParameter(details: string): GraphFailure {
  return graphError(400, 100, 'Invalid parameter', details);
}

/** Code 190 exactly as Graph answers a missing or unparseable token. */
export function invalidToken(): GraphFailure {
  return {
    status: 401,
    body: {
      error: {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

/** 100/33, as recorded in fixtures/graph-api/*100-33* and *unknown-phone-id-400*. */
export function objectNotFound(method: string, id: string): GraphFailure {
  return {
    status: 400,
    body: {
      error: {
        message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

/** Graph's answer to an edge that does not exist on a known object. */
export function unknownPath(path: string): GraphFailure {
  return {
    status: 400,
    body: {
      error: {
        message: `Unknown path components: ${path}`,
        type: 'OAuthException',
        code: 2500,
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

/**
 * Template-management errors use Graph's user-facing style (fixture message_templates__delete-error-400):
 * message "Invalid parameter", a subcode, error_user_title/error_user_msg. We add error_data.details too,
 * so that clients written against meta-rules.md#graph-errors still find a details text.
 */
export function templateManagementError(subcode: number, userTitle: string, userMsg: string): GraphFailure {
  return {
    status: 400,
    body: {
      error: {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: subcode,
        is_transient: false,
        error_user_title: userTitle,
        error_user_msg: userMsg,
        error_data: { messaging_product: 'whatsapp', details: userMsg },
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

const ERROR_CODES_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/** The error object of a `failed` status: title == message (meta-rules.md#error-codes, fixture statuses__failed-131047). */
export function webhookError(code: number, title: string, details: string): WebhookError {
  return { code, title, message: title, error_data: { details }, href: ERROR_CODES_HREF };
}

export const ASYNC_ERRORS = {
  reEngagement: () =>
    webhookError(
      131047,
      'Re-engagement message',
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    ),
  undeliverable: () => webhookError(131026, 'Message undeliverable', 'Message Undeliverable.'),
  marketingStopped: () =>
    webhookError(
      131050,
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
    ),
};
