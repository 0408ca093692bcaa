// Consent persistence: an append-only list of events per contact; corrections are new events, never updates.
import type { Database, Db } from '../../adapters/db/index.ts';
import { distinct, slices } from '../../kernel/batches.ts';
import { newId } from '../../kernel/ids.ts';
import type { ConsentAction, ConsentEvent } from './model.ts';

export type ContactKey = { businessId: string; waId: string };

// At most this many numbers per query: far below either database's bind-parameter limit.
const LOOKUP_SLICE = 500;

const toEvent = (r: Database['consent_events']): ConsentEvent => ({
  id: r.id,
  category: r.category,
  action: r.action as ConsentAction,
  channel: r.channel,
  wording: r.wording,
  actor: r.actor,
  evidence: JSON.parse(r.evidence) as Record<string, unknown>,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
});

export type NewConsentEvent = {
  businessId: string;
  waId: string;
  categories: string[];
  action: ConsentAction;
  channel: string;
  wording: string | null;
  actor: string;
  evidence: Record<string, unknown>;
  occurredAt: number;
};

export function createConsentStore(db: Db) {
  const k = db.kysely;

  /**
   * The events of many contacts in one query per slice (the dispatcher re-checks a whole batch at once): element i
   * of the answer holds the events of contacts[i], oldest first, as events() orders them.
   */
  async function eventsOfMany(contacts: readonly ContactKey[]): Promise<ConsentEvent[][]> {
    const found = new Map<string, ConsentEvent[]>();
    const businessIds = distinct(contacts.map((c) => c.businessId));
    for (const waIds of slices(distinct(contacts.map((c) => c.waId)), LOOKUP_SLICE)) {
      // business x number may over-select when several businesses share a batch; the map keeps exact pairs.
      const rows = await k
        .selectFrom('consent_events')
        .selectAll()
        .where('business_id', 'in', businessIds)
        .where('wa_id', 'in', waIds)
        .orderBy('occurred_at')
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const key = `${r.business_id} ${r.wa_id}`;
        const list = found.get(key);
        if (list) list.push(toEvent(r));
        else found.set(key, [toEvent(r)]);
      }
    }
    return contacts.map((c) => found.get(`${c.businessId} ${c.waId}`) ?? []);
  }

  return {
    async append(e: NewConsentEvent, now: number): Promise<ConsentEvent[]> {
      const rows = e.categories.map((category) => ({
        id: newId('cse', now),
        business_id: e.businessId,
        wa_id: e.waId,
        category,
        action: e.action,
        channel: e.channel,
        wording: e.wording,
        actor: e.actor,
        evidence: JSON.stringify(e.evidence),
        occurred_at: e.occurredAt,
        recorded_at: now,
      }));
      if (rows.length > 0) await k.insertInto('consent_events').values(rows).execute();
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        action: e.action,
        channel: r.channel,
        wording: r.wording,
        actor: r.actor,
        evidence: e.evidence,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
      }));
    },
    async events(businessId: string, waId: string): Promise<ConsentEvent[]> {
      return (await eventsOfMany([{ businessId, waId }]))[0]!;
    },
    eventsOfMany,
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;
