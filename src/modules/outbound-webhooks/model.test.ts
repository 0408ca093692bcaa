// Outbound webhook rules: the Stripe-style signature a receiver verifies, the retry schedule, URL and type checks.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  checkTypes,
  checkUrl,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
  signatureHeader,
  verifySignature,
} from './model.ts';

const secret = 'whsec_test_secret';
const body = '{"id":"evt_1","type":"message.received","data":{"text":"hi"}}';
const at = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signatureHeader(secret, body, at + 999);
    const t = Math.floor(at / 1000);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies with the same secret and body within the tolerance', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(header, body, secret, at + 60_000)).toBe(true);
  });

  it('refuses another body, another secret, a replay outside the tolerance, and garbage', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(header, body.replace('hi', 'ho'), secret, at)).toBe(false);
    expect(verifySignature(header, body, 'whsec_other', at)).toBe(false);
    expect(verifySignature(header, body, secret, at + 301_000)).toBe(false);
    expect(verifySignature(header, body, secret, at - 301_000)).toBe(false);
    expect(verifySignature('v1=abc', body, secret, at)).toBe(false);
    expect(verifySignature('', body, secret, at)).toBe(false);
  });

  it('accepts any of several v1 values (the shape leaves room for signing with two secrets)', () => {
    const header = signatureHeader(secret, body, at);
    const [t, v1] = header.split(',');
    expect(verifySignature(`${t},v1=${'0'.repeat(64)},${v1}`, body, secret, at)).toBe(true);
  });
});

describe('retry schedule', () => {
  it('waits 30 s after the first failure and doubles up to 6 hours', () => {
    const delays = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, i) => retryDelayMs(i + 1) / 1000);
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600]);
  });

  it('succeeds on any 2xx, retries other answers and network errors, fails after the last attempt', () => {
    expect(afterAttempt(1, { statusCode: 204, error: null }, at)).toEqual({
      status: 'succeeded',
      nextAttemptAt: null,
    });
    expect(afterAttempt(1, { statusCode: 500, error: null }, at)).toEqual({
      status: 'pending',
      nextAttemptAt: at + 30_000,
    });
    expect(afterAttempt(3, { statusCode: 301, error: null }, at)).toEqual({
      status: 'pending',
      nextAttemptAt: at + 120_000,
    });
    expect(afterAttempt(2, { statusCode: null, error: 'ECONNREFUSED' }, at)).toEqual({
      status: 'pending',
      nextAttemptAt: at + 60_000,
    });
    expect(afterAttempt(MAX_DELIVERY_ATTEMPTS, { statusCode: 503, error: null }, at)).toEqual({
      status: 'failed',
      nextAttemptAt: null,
    });
    expect(afterAttempt(MAX_DELIVERY_ATTEMPTS, { statusCode: 200, error: null }, at).status).toBe(
      'succeeded',
    );
  });
});

describe('subscription checks', () => {
  it('takes http and https URLs only, without credentials', () => {
    expect(checkUrl('https://example.com/hooks')).toBe('https://example.com/hooks');
    expect(checkUrl('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    for (const bad of ['ftp://example.com', 'javascript:alert(1)', 'not a url', 'https://u:p@example.com/'])
      expect(() => checkUrl(bad)).toThrow(
        expect.objectContaining({ code: 'webhook_subscription.url_invalid' }),
      );
  });

  it('takes known event types or "*" for all', () => {
    expect(checkTypes(['message.received', 'message.received', 'consent.opted_out'])).toEqual([
      'message.received',
      'consent.opted_out',
    ]);
    expect(checkTypes(['*', 'message.status'])).toEqual(['*']);
    expect(() => checkTypes([])).toThrow(
      expect.objectContaining({ code: 'webhook_subscription.types_invalid' }),
    );
    expect(() => checkTypes(['message.deleted'])).toThrow(
      expect.objectContaining({ code: 'webhook_subscription.types_invalid' }),
    );
  });
});
