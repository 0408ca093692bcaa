// Business events: one append-only log per business of what happened (a message arrived, a status changed, an
// opt-out, a handoff, a quality alert, campaign progress). The live stream (SSE) and the outbound webhooks read it.
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import type { BusinessEvent, BusinessEventType, NewBusinessEvent } from './model.ts';

export {
  businessEventTypes,
  isBusinessEventType,
  eventView,
  parseTypesParam,
  matchesFilter,
  sseFrame,
  EventTail,
  SETTLE_MS,
  type BusinessEventType,
  type NewBusinessEvent,
  type BusinessEvent,
  type EventFilter,
} from './model.ts';
export { createEventStreams, type EventStreams } from './stream.ts';

export type EventPublisher = {
  /** Appends events; inside `trx` when given, so that an event is recorded exactly when its cause commits. */
  publish(
    events: NewBusinessEvent | readonly NewBusinessEvent[],
    now: number,
    trx?: Transaction<Database>,
  ): Promise<void>;
};

/** Work that must commit with the events that cause it (the outbound webhooks' deliveries). */
export type AppendHook = (
  trx: Transaction<Database>,
  events: readonly BusinessEvent[],
  now: number,
) => Promise<void>;

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
  const hooks: AppendHook[] = [];

  async function append(trx: Transaction<Database>, events: readonly BusinessEvent[], now: number) {
    await trx
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
    for (const h of hooks) await h(trx, events, now);
  }

  return {
    async publish(
      input: NewBusinessEvent | readonly NewBusinessEvent[],
      now: number,
      trx?: Transaction<Database>,
    ): Promise<void> {
      const list: readonly NewBusinessEvent[] = Array.isArray(input) ? input : [input as NewBusinessEvent];
      if (list.length === 0) return;
      const events: BusinessEvent[] = list.map((e) => ({ ...e, id: newId('evt', now), occurredAt: now }));
      if (trx) {
        // Other readers see these once the caller commits; live streams find them by tailing the log.
        await append(trx, events, now);
        return;
      }
      await k.transaction().execute((t) => append(t, events, now));
      // In-process listeners hear of events at once; other processes (split api/worker roles) read the log.
      for (const l of listeners) l(events);
    },
    /** Events of a business after `afterId` (ids are time-ordered), oldest first. */
    async since(businessId: string, afterId: string | null, limit = 500): Promise<BusinessEvent[]> {
      let q = k.selectFrom('business_events').selectAll().where('business_id', '=', businessId);
      if (afterId) q = q.where('id', '>', afterId);
      return (await q.orderBy('id').limit(limit).execute()).map(toEvent);
    },
    /** Like `since`, narrowed to some types (GET /v1/events). */
    async list(
      businessId: string,
      opts: { after: string | null; limit: number; types: readonly BusinessEventType[] | null },
    ): Promise<BusinessEvent[]> {
      let q = k.selectFrom('business_events').selectAll().where('business_id', '=', businessId);
      if (opts.after) q = q.where('id', '>', opts.after);
      if (opts.types) q = q.where('type', 'in', [...opts.types]);
      return (await q.orderBy('id').limit(opts.limit).execute()).map(toEvent);
    },
    /** The newest event id of a business, where a new live stream starts. */
    async latestId(businessId: string): Promise<string | null> {
      const r = await k
        .selectFrom('business_events')
        .select('id')
        .where('business_id', '=', businessId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r?.id ?? null;
    },
    /** Hears events published by this process outside a transaction. Returns the unsubscribe function. */
    listen(listener: (events: readonly BusinessEvent[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Runs `hook` in the transaction of every append, so that what it writes commits exactly with the events. */
    onAppend(hook: AppendHook): void {
      hooks.push(hook);
    },
  } satisfies EventPublisher & Record<string, unknown>;
}

export type EventLog = ReturnType<typeof createEventLog>;
