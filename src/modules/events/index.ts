// Business events: one append-only log per business of what happened (a message arrived, a status changed, an
// opt-out, a handoff, a quality alert, campaign progress). The dashboard stream and the outbound webhooks read it.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';

/**
 * The event types, named `<thing>.<happened>`. Stable: integrations subscribe to them by name (docs/api.md).
 * Add a type here before publishing it.
 */
export const businessEventTypes = [
  'message.received',
  'message.status',
  'consent.opted_out',
  'thread.updated',
  'thread.handoff',
  'thread.resolved',
  'quality.alert',
  'campaign.progress',
  'campaign.paused',
  'campaign.finished',
] as const;
export type BusinessEventType = (typeof businessEventTypes)[number];

export type NewBusinessEvent = {
  businessId: string;
  type: BusinessEventType;
  /** What the event is about (a thread id, a campaign id, a contact's wa_id), for filtering. */
  subject?: string | null;
  data: Record<string, unknown>;
};

export type BusinessEvent = NewBusinessEvent & { id: string; occurredAt: number };

export type EventPublisher = {
  /** Appends events; inside `trx` when given, so that an event is recorded exactly when its cause commits. */
  publish(
    events: NewBusinessEvent | readonly NewBusinessEvent[],
    now: number,
    trx?: Transaction<Database>,
  ): Promise<void>;
};

const toEvent = (r: Database['business_events']): BusinessEvent => ({
  id: r.id,
  businessId: r.business_id,
  type: r.type as BusinessEventType,
  subject: r.subject,
  data: JSON.parse(r.data) as Record<string, unknown>,
  occurredAt: r.occurred_at,
});

export function createEventLog(db: Db) {
  const k = db.kysely;
  const listeners = new Set<(events: readonly BusinessEvent[]) => void>();
  return {
    async publish(
      input: NewBusinessEvent | readonly NewBusinessEvent[],
      now: number,
      trx?: Transaction<Database>,
    ): Promise<void> {
      const list: readonly NewBusinessEvent[] = Array.isArray(input) ? input : [input as NewBusinessEvent];
      if (list.length === 0) return;
      const events: BusinessEvent[] = list.map((e) => ({ ...e, id: newId('evt', now), occurredAt: now }));
      await (trx ?? k)
        .insertInto('business_events')
        .values(
          events.map((e) => ({
            id: e.id,
            business_id: e.businessId,
            type: e.type,
            subject: e.subject ?? null,
            data: JSON.stringify(e.data),
            occurred_at: e.occurredAt,
          })),
        )
        .execute();
      // In-process listeners hear of events at once; other processes (split api/worker roles) read the log.
      if (trx) return;
      for (const l of listeners) l(events);
    },
    /** Events of a business after `afterId` (ids are time-ordered), oldest first. */
    async since(businessId: string, afterId: string | null, limit = 500): Promise<BusinessEvent[]> {
      let q = k.selectFrom('business_events').selectAll().where('business_id', '=', businessId);
      if (afterId) q = q.where('id', '>', afterId);
      return (await q.orderBy('id').limit(limit).execute()).map(toEvent);
    },
    /** Hears events published by this process outside a transaction. Returns the unsubscribe function. */
    listen(listener: (events: readonly BusinessEvent[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies EventPublisher & Record<string, unknown>;
}

export type EventLog = ReturnType<typeof createEventLog>;
