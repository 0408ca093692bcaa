// Outbound webhooks, the pure part: Stripe-style signatures, the retry schedule, what an attempt's outcome does to
// a delivery, and the checks on a subscription's URL and types.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidInput } from '../../kernel/errors.ts';
import { businessEventTypes, isBusinessEventType, type BusinessEventType } from '../events/index.ts';

export const SIGNATURE_HEADER = 'X-Greenlight-Signature';

/** Attempts before a delivery is given up as `failed` (about 28 hours of retries with the schedule below). */
export const MAX_DELIVERY_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3_600_000;
/** How long a receiver may take to answer before the attempt counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 1_000;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs its webhooks: the timestamp is inside
 * the signed text, so a receiver that rejects old timestamps cannot be replayed an old delivery.
 */
export function signatureHeader(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/api.md has the same in ten lines): recompute the HMAC over the raw body, compare in
 * constant time, and refuse timestamps further than `toleranceSec` from its own clock.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowMs: number,
  toleranceSec = 300,
): boolean {
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 1) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The wait before retrying after failed attempt number `attempts` (1-based): 30 s, doubling, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export type AttemptResult = { statusCode: number | null; error: string | null };

/** Where a delivery goes after attempt number `attempts`: any 2xx is success; anything else retries, then fails. */
export function afterAttempt(
  attempts: number,
  result: AttemptResult,
  now: number,
): { status: DeliveryStatus; nextAttemptAt: number | null } {
  if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300)
    return { status: 'succeeded', nextAttemptAt: null };
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: 'failed', nextAttemptAt: null };
  return { status: 'pending', nextAttemptAt: now + retryDelayMs(attempts) };
}

/** Receivers are the business's own HTTP endpoints: http or https, with a host, no credentials in the URL. */
export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidInput('webhook_subscription.url_invalid', `Not a URL: ${JSON.stringify(raw)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidInput(
      'webhook_subscription.url_invalid',
      `The URL must be http:// or https:// (got ${url.protocol}//).`,
    );
  if (url.username || url.password)
    throw invalidInput(
      'webhook_subscription.url_invalid',
      'Put no credentials in the URL: verify the X-Greenlight-Signature header instead.',
    );
  return url.toString();
}

/** Known event types, or ["*"] for all of them (also those added later). */
export function checkTypes(types: readonly string[]): string[] {
  const list = [...new Set(types)];
  if (list.length === 0)
    throw invalidInput('webhook_subscription.types_invalid', 'Name at least one event type, or "*" for all.');
  if (list.includes('*')) return ['*'];
  const unknown = list.filter((t) => !isBusinessEventType(t));
  if (unknown.length > 0)
    throw invalidInput('webhook_subscription.types_invalid', `Unknown event types: ${unknown.join(', ')}.`, {
      unknown,
      known: businessEventTypes,
    });
  return list;
}

export const subscribesTo = (types: readonly string[], type: BusinessEventType): boolean =>
  types.includes('*') || types.includes(type);
