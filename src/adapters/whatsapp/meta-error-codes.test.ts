// The Meta error table: each documented code lands on our stable code with the right retryable flag.
import { describe, expect, it } from 'vitest';
import { classifyMetaError, classifyWebhookError, PER_USER_MARKETING_RETRY_AFTER_MS } from './index.ts';

describe('classifyMetaError', () => {
  // [Meta code, HTTP status Meta documents (meta-rules.md#error-codes), our code, retryable]
  const rows: [number, number, string, boolean][] = [
    [130429, 400, 'meta.rate_limited', true],
    [80007, 400, 'meta.api_rate_limited', true],
    [4, 400, 'meta.api_rate_limited', true],
    [131056, 400, 'meta.pair_rate_limited', true],
    [131000, 500, 'meta.server_error', true],
    [131016, 500, 'meta.service_unavailable', true],
    [131057, 500, 'meta.maintenance_mode', true],
    [131047, 400, 'meta.window_closed', false],
    [131026, 400, 'meta.undeliverable', false],
    [131049, 400, 'meta.per_user_marketing_limit', true],
    [131050, 400, 'meta.marketing_stopped', false],
    [130472, 400, 'meta.experiment_holdout', false],
    [131030, 400, 'meta.recipient_not_allowed', false],
    [132000, 400, 'meta.template_params_mismatch', false],
    [132001, 404, 'meta.template_not_found', false],
    [132005, 400, 'meta.template_text_too_long', false],
    [132007, 400, 'meta.template_policy_violation', false],
    [132012, 400, 'meta.template_param_format', false],
    [132015, 400, 'meta.template_paused', false],
    [132016, 400, 'meta.template_disabled', false],
    [100, 400, 'meta.invalid_parameter', false],
    [131008, 400, 'meta.invalid_parameter', false],
    [131009, 400, 'meta.invalid_parameter', false],
    [0, 401, 'meta.auth_failed', false],
    [190, 401, 'meta.auth_failed', false],
    [10, 403, 'meta.permission_denied', false],
    [200, 403, 'meta.permission_denied', false],
    [250, 403, 'meta.permission_denied', false],
    [299, 403, 'meta.permission_denied', false],
    [131005, 403, 'meta.permission_denied', false],
    [368, 403, 'meta.account_restricted', false],
    [131031, 403, 'meta.account_restricted', false],
    [131048, 400, 'meta.spam_rate_limited', false],
    [131042, 400, 'meta.payment_issue', false],
  ];

  it.each(rows)('%i (HTTP %i) -> %s, retryable %s', (metaCode, status, code, retryable) => {
    expect(classifyMetaError(metaCode, status)).toMatchObject({ code, retryable });
    // The code decides; the HTTP status does not change a known row.
    expect(classifyMetaError(metaCode, undefined)).toMatchObject({ code, retryable });
  });

  it('asks for at least 24 h before resending after 131049, and for no wait elsewhere', () => {
    expect(classifyMetaError(131049, 400).retryAfterMs).toBe(PER_USER_MARKETING_RETRY_AFTER_MS);
    expect(PER_USER_MARKETING_RETRY_AFTER_MS).toBe(24 * 60 * 60 * 1000);
    expect(classifyMetaError(130429, 400).retryAfterMs).toBeUndefined();
  });

  it('treats unknown codes as meta.unknown, retryable only on 5xx', () => {
    expect(classifyMetaError(999999, 400)).toEqual({ code: 'meta.unknown', retryable: false });
    expect(classifyMetaError(999999, 503)).toEqual({ code: 'meta.unknown', retryable: true });
    expect(classifyMetaError(300, 403)).toEqual({ code: 'meta.unknown', retryable: false });
    expect(classifyMetaError(999999, undefined)).toEqual({ code: 'meta.unknown', retryable: false });
  });

  it('falls back to the HTTP status when there is no Meta code', () => {
    expect(classifyMetaError(undefined, 500)).toEqual({ code: 'meta.server_error', retryable: true });
    expect(classifyMetaError(undefined, 502)).toEqual({ code: 'meta.server_error', retryable: true });
    expect(classifyMetaError(undefined, 429)).toEqual({ code: 'meta.rate_limited', retryable: true });
    expect(classifyMetaError(undefined, 401)).toEqual({ code: 'meta.auth_failed', retryable: false });
    expect(classifyMetaError(undefined, 404)).toEqual({ code: 'meta.unknown', retryable: false });
    expect(classifyMetaError(undefined, undefined)).toEqual({ code: 'meta.unknown', retryable: false });
  });

  it('returns a copy, so callers cannot change the table', () => {
    const first = classifyMetaError(131047, 400);
    first.retryable = true;
    expect(classifyMetaError(131047, 400).retryable).toBe(false);
  });
});

describe('classifyWebhookError', () => {
  it('classifies the documented failed-status error (131049) with the same table', () => {
    // The `statuses[].errors[0]` of the "Failed (per-user marketing limit)" example, meta-rules.md#statuses.
    const e = {
      code: 131049,
      title: 'This message was not delivered to maintain healthy ecosystem engagement.',
      message: 'This message was not delivered to maintain healthy ecosystem engagement.',
      error_data: {
        details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
      },
      href: '/documentation/business-messaging/whatsapp/support/error-codes',
    };
    expect(classifyWebhookError(e)).toEqual({
      code: 'meta.per_user_marketing_limit',
      retryable: true,
      retryAfterMs: PER_USER_MARKETING_RETRY_AFTER_MS,
    });
  });

  it('classifies paused-template and rate-limit webhook errors', () => {
    expect(classifyWebhookError({ code: 132015 })).toEqual({
      code: 'meta.template_paused',
      retryable: false,
    });
    expect(classifyWebhookError({ code: 130429, title: 'Rate limit hit' })).toEqual({
      code: 'meta.rate_limited',
      retryable: true,
    });
    expect(classifyWebhookError({ code: 131051, title: 'Message type unknown' })).toEqual({
      code: 'meta.unsupported_message_type',
      retryable: false,
    });
  });
});
