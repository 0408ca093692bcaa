// Persistence of outbound webhooks: subscriptions, the fan-out of events into deliveries, and leased claims.
import type { Transaction } from 'kysely';
import { skipLocked, type Database, type Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import type { BusinessEvent } from '../events/index.ts';
import { subscribesTo, type DeliveryStatus } from './model.ts';

export type SubscriptionRow = Database['webhook_subscriptions'];
export type DeliveryRow = Database['webhook_deliveries'];

export type Subscription = {
  id: string;
  businessId: string;
  url: string;
  types: string[];
  description: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
};

export const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  businessId: r.business_id,
  url: r.url,
  types: JSON.parse(r.types) as string[],
  description: r.description,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A claimed delivery with what its request needs. */
export type ClaimedDelivery = {
  delivery: DeliveryRow;
  url: string;
  secret: string;
  event: BusinessEvent;
};

export function createOutboundWebhookStore(db: Db) {
  const k = db.kysely;

  const newDelivery = (
    sub: { id: string; business_id: string },
    e: { id: string; type: string },
    now: number,
    redeliveryOf: string | null = null,
  ): DeliveryRow => ({
    id: newId('whd', now),
    business_id: sub.business_id,
    subscription_id: sub.id,
    event_id: e.id,
    event_type: e.type,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_attempt_at: null,
    last_status_code: null,
    last_response: null,
    last_error: null,
    redelivery_of: redeliveryOf,
    created_at: now,
    updated_at: now,
    delivered_at: null,
  });

  return {
    async createSubscription(row: SubscriptionRow): Promise<SubscriptionRow> {
      await k.insertInto('webhook_subscriptions').values(row).execute();
      return row;
    },
    async subscriptions(businessId: string): Promise<SubscriptionRow[]> {
      return k
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('id')
        .execute();
    },
    async subscription(businessId: string, id: string): Promise<SubscriptionRow | undefined> {
      return k
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
    async updateSubscription(
      businessId: string,
      id: string,
      set: Partial<SubscriptionRow>,
    ): Promise<SubscriptionRow | undefined> {
      return k
        .updateTable('webhook_subscriptions')
        .set(set)
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },
    /** Removes a subscription and its delivery log, in one transaction. */
    async deleteSubscription(businessId: string, id: string): Promise<boolean> {
      return k.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('webhook_subscriptions')
          .select('id')
          .where('business_id', '=', businessId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!found) return false;
        await trx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
        await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
        return true;
      });
    },

    /**
     * One delivery per event and active subscription to its type, written in the transaction that appends the
     * events: a delivery exists exactly when its event does, with no cursor to keep and nothing to catch up on.
     */
    async fanOut(trx: Transaction<Database>, events: readonly BusinessEvent[], now: number): Promise<number> {
      const businessIds = [...new Set(events.map((e) => e.businessId))];
      const subs = await trx
        .selectFrom('webhook_subscriptions')
        .select(['id', 'business_id', 'types'])
        .where('business_id', 'in', businessIds)
        .where('active', '=', 1)
        .execute();
      if (subs.length === 0) return 0;
      const rows: DeliveryRow[] = [];
      for (const e of events)
        for (const s of subs)
          if (s.business_id === e.businessId && subscribesTo(JSON.parse(s.types) as string[], e.type))
            rows.push(newDelivery(s, e, now));
      if (rows.length > 0) await trx.insertInto('webhook_deliveries').values(rows).execute();
      return rows.length;
    },

    /**
     * Claims due deliveries with a lease: pending ones whose time has come, and those whose worker died mid-attempt
     * (lease expired). Each claim is one attempt (attempts + 1); on PostgreSQL, SKIP LOCKED lets several workers
     * claim disjoint sets. Deliveries of paused (inactive) subscriptions wait.
     */
    async claimDue(limit: number, now: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      const claimed = await k.transaction().execute(async (trx) => {
        const due = await skipLocked(
          db,
          trx
            .selectFrom('webhook_deliveries')
            .select('id')
            .where((eb) =>
              eb.or([
                eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
                eb.and([eb('status', '=', 'delivering'), eb('lease_until', '<', now)]),
              ]),
            )
            .where('subscription_id', 'in', (eb) =>
              eb.selectFrom('webhook_subscriptions').select('id').where('active', '=', 1),
            )
            .orderBy('next_attempt_at')
            .limit(limit),
        ).execute();
        if (due.length === 0) return [];
        return trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            status: 'delivering',
            lease_until: now + leaseMs,
            attempts: eb('attempts', '+', 1),
            last_attempt_at: now,
            updated_at: now,
          }))
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .returningAll()
          .execute();
      });
      if (claimed.length === 0) return [];
      const [subs, events] = await Promise.all([
        k
          .selectFrom('webhook_subscriptions')
          .select(['id', 'url', 'secret'])
          .where('id', 'in', [...new Set(claimed.map((c) => c.subscription_id))])
          .execute(),
        k
          .selectFrom('business_events')
          .selectAll()
          .where('id', 'in', [...new Set(claimed.map((c) => c.event_id))])
          .execute(),
      ]);
      const subById = new Map(subs.map((s) => [s.id, s]));
      const eventById = new Map(events.map((e) => [e.id, e]));
      return claimed.flatMap((d) => {
        const s = subById.get(d.subscription_id);
        const e = eventById.get(d.event_id);
        if (!s || !e) return [];
        return [
          {
            delivery: d,
            url: s.url,
            secret: s.secret,
            event: {
              id: e.id,
              businessId: e.business_id,
              type: e.type as BusinessEvent['type'],
              subject: e.subject,
              data: JSON.parse(e.data) as Record<string, unknown>,
              occurredAt: e.occurred_at,
            },
          },
        ];
      });
    },

    /**
     * Records an attempt's outcome. Only the claim that made this attempt may: a worker that outlived its lease
     * (another worker has since claimed the delivery again) changes nothing.
     */
    async finishAttempt(
      d: DeliveryRow,
      outcome: {
        status: DeliveryStatus;
        nextAttemptAt: number | null;
        statusCode: number | null;
        response: string | null;
        error: string | null;
      },
      now: number,
    ): Promise<boolean> {
      const r = await k
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.status,
          next_attempt_at: outcome.nextAttemptAt,
          lease_until: null,
          last_status_code: outcome.statusCode,
          last_response: outcome.response,
          last_error: outcome.error,
          updated_at: now,
          ...(outcome.status === 'succeeded' ? { delivered_at: now } : {}),
        })
        .where('id', '=', d.id)
        .where('status', '=', 'delivering')
        .where('attempts', '=', d.attempts)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async deliveries(
      businessId: string,
      subscriptionId: string,
      opts: { status: DeliveryStatus | null; limit: number; before: string | null },
    ): Promise<DeliveryRow[]> {
      let q = k
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('subscription_id', '=', subscriptionId);
      if (opts.status) q = q.where('status', '=', opts.status);
      if (opts.before) q = q.where('id', '<', opts.before);
      return q.orderBy('id', 'desc').limit(opts.limit).execute();
    },
    async delivery(businessId: string, id: string): Promise<DeliveryRow | undefined> {
      return k
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
    /** A pending delivery waiting for its retry becomes due now (unless a worker claimed it meanwhile). */
    async dueNow(d: DeliveryRow, now: number): Promise<DeliveryRow | undefined> {
      return k
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: now, updated_at: now })
        .where('id', '=', d.id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
    },
    /** A new delivery of the same event to the same subscription, due now; the original stays in the log. */
    async redeliver(d: DeliveryRow, now: number): Promise<DeliveryRow> {
      const row = newDelivery(
        { id: d.subscription_id, business_id: d.business_id },
        { id: d.event_id, type: d.event_type },
        now,
        d.id,
      );
      await k.insertInto('webhook_deliveries').values(row).execute();
      return row;
    },
  };
}

export type OutboundWebhookStore = ReturnType<typeof createOutboundWebhookStore>;
