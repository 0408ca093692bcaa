// Outbound webhooks: the business's subscriptions to its events, and the worker that delivers each event, signed,
// to the business's own systems, retrying with backoff (docs/api.md#outbound-webhooks).
import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { eventView, type EventLog } from '../events/index.ts';
import {
  afterAttempt,
  checkTypes,
  checkUrl,
  DELIVERY_TIMEOUT_MS,
  RESPONSE_EXCERPT_CHARS,
  signatureHeader,
  SIGNATURE_HEADER,
  type AttemptResult,
  type DeliveryStatus,
} from './model.ts';
import {
  createOutboundWebhookStore,
  toSubscription,
  type ClaimedDelivery,
  type DeliveryRow,
  type Subscription,
} from './store.ts';
import type { Db } from '../../adapters/db/index.ts';

export {
  signatureHeader,
  verifySignature,
  retryDelayMs,
  afterAttempt,
  MAX_DELIVERY_ATTEMPTS,
  SIGNATURE_HEADER,
  type DeliveryStatus,
} from './model.ts';
export type { Subscription, DeliveryRow } from './store.ts';

/** Longer than the request timeout, so that a live attempt is never claimed again by another worker. */
const LEASE_MS = 60_000;

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** The answer's first characters, read without taking in a body of any size. */
async function excerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_EXCERPT_CHARS);
}

/** One HTTP attempt: POST the body, signed; any answer within the timeout is a result, a network error too. */
async function attempt(
  c: ClaimedDelivery,
  now: number,
): Promise<AttemptResult & { response: string | null }> {
  const body = JSON.stringify(eventView(c.event));
  try {
    const res = await fetch(c.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Greenlight-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(c.secret, body, now),
        'X-Greenlight-Event-Id': c.event.id,
        'X-Greenlight-Event-Type': c.event.type,
        'X-Greenlight-Delivery-Id': c.delivery.id,
      },
      // A redirect is not followed: the signed body goes only where the business said.
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    return { statusCode: res.status, error: null, response: await excerpt(res).catch(() => null) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const error =
      err.name === 'TimeoutError'
        ? `timeout: no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`
        : `${err.cause?.code ?? err.name}: ${err.cause instanceof Error ? err.cause.message : err.message}`;
    return { statusCode: null, error, response: null };
  }
}

export function deliveryView(d: DeliveryRow) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: d.id,
    subscriptionId: d.subscription_id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastStatusCode: d.last_status_code,
    lastResponse: d.last_response,
    lastError: d.last_error,
    lastAttemptAt: iso(d.last_attempt_at),
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    deliveredAt: iso(d.delivered_at),
    redeliveryOf: d.redelivery_of,
    createdAt: iso(d.created_at),
  };
}

export function subscriptionView(s: Subscription) {
  return {
    id: s.id,
    url: s.url,
    types: s.types,
    description: s.description,
    active: s.active,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

export function createOutboundWebhooks(deps: {
  db: Db;
  events: Pick<EventLog, 'onAppend'>;
  logger?: { warn(o: object, m?: string): void };
}) {
  const store = createOutboundWebhookStore(deps.db);
  // Deliveries are written with their events, in the same transaction (see store.fanOut for why).
  deps.events.onAppend((trx, events, now) => store.fanOut(trx, events, now).then(() => undefined));

  const mustFind = async (businessId: string, id: string) => {
    const row = await store.subscription(businessId, id);
    if (!row) throw notFound('webhook_subscription.not_found', `No webhook subscription ${id}.`);
    return row;
  };

  return {
    /** A new subscription; the answer carries its signing secret, which is shown only here and on rotation. */
    async subscribe(
      businessId: string,
      input: { url: string; types: string[]; description?: string },
      now: number,
    ): Promise<Subscription & { secret: string }> {
      const row = await store.createSubscription({
        id: newId('whs', now),
        business_id: businessId,
        url: checkUrl(input.url),
        types: JSON.stringify(checkTypes(input.types)),
        description: input.description ?? null,
        secret: newSecret(),
        active: 1,
        created_at: now,
        updated_at: now,
      });
      return { ...toSubscription(row), secret: row.secret };
    },
    async list(businessId: string): Promise<Subscription[]> {
      return (await store.subscriptions(businessId)).map(toSubscription);
    },
    async get(businessId: string, id: string): Promise<Subscription> {
      return toSubscription(await mustFind(businessId, id));
    },
    async update(
      businessId: string,
      id: string,
      input: { url?: string; types?: string[]; active?: boolean; description?: string | null },
      now: number,
    ): Promise<Subscription> {
      await mustFind(businessId, id);
      const row = await store.updateSubscription(businessId, id, {
        ...(input.url !== undefined ? { url: checkUrl(input.url) } : {}),
        ...(input.types !== undefined ? { types: JSON.stringify(checkTypes(input.types)) } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updated_at: now,
      });
      if (!row) throw notFound('webhook_subscription.not_found', `No webhook subscription ${id}.`);
      return toSubscription(row);
    },
    async remove(businessId: string, id: string): Promise<void> {
      if (!(await store.deleteSubscription(businessId, id)))
        throw notFound('webhook_subscription.not_found', `No webhook subscription ${id}.`);
    },
    /** A new secret at once; deliveries from now on are signed with it, the old one stops verifying. */
    async rotateSecret(
      businessId: string,
      id: string,
      now: number,
    ): Promise<Subscription & { secret: string }> {
      await mustFind(businessId, id);
      const secret = newSecret();
      const row = await store.updateSubscription(businessId, id, { secret, updated_at: now });
      if (!row) throw notFound('webhook_subscription.not_found', `No webhook subscription ${id}.`);
      return { ...toSubscription(row), secret };
    },
    async deliveries(
      businessId: string,
      subscriptionId: string,
      opts: { status: DeliveryStatus | null; limit: number; before: string | null },
    ): Promise<DeliveryRow[]> {
      await mustFind(businessId, subscriptionId);
      return store.deliveries(businessId, subscriptionId, opts);
    },
    /**
     * Sends an event again: a finished delivery (succeeded or failed) gets a new delivery, so that the log keeps
     * the original; one waiting for its retry is made due now. Not while an attempt is under way.
     */
    async redeliver(businessId: string, deliveryId: string, now: number): Promise<DeliveryRow> {
      const d = await store.delivery(businessId, deliveryId);
      if (!d) throw notFound('webhook_delivery.not_found', `No webhook delivery ${deliveryId}.`);
      if (d.status === 'delivering')
        throw conflict(
          'webhook_delivery.in_progress',
          `Delivery ${deliveryId} is being attempted right now; redeliver it once the attempt is over.`,
          { status: d.status },
        );
      if (d.status === 'pending') return (await store.dueNow(d, now)) ?? d;
      return store.redeliver(d, now);
    },

    /** The worker step: claims due deliveries, attempts them concurrently, records each outcome. */
    async deliverBatch(limit: number, now: () => number): Promise<number> {
      const claimed = await store.claimDue(limit, now(), LEASE_MS);
      await Promise.all(
        claimed.map(async (c) => {
          const result = await attempt(c, now());
          const at = now();
          // The schedule counts from when the attempt began, so that a slow receiver does not stretch it.
          const next = afterAttempt(c.delivery.attempts, result, c.delivery.last_attempt_at ?? at);
          await store.finishAttempt(
            c.delivery,
            { ...next, statusCode: result.statusCode, response: result.response, error: result.error },
            at,
          );
          if (next.status === 'failed')
            deps.logger?.warn(
              { deliveryId: c.delivery.id, url: c.url, statusCode: result.statusCode, error: result.error },
              'outbound webhook delivery failed for good',
            );
        }),
      );
      return claimed.length;
    },
  };
}

export type OutboundWebhooks = ReturnType<typeof createOutboundWebhooks>;
