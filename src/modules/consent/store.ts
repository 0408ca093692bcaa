// Consent persistence: an append-only list of events per contact; corrections are new events, never updates.
import type { Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import type { ConsentAction, ConsentEvent } from './model.ts';

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
      const rows = await k
        .selectFrom('consent_events')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('wa_id', '=', waId)
        .orderBy('occurred_at')
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        action: r.action as ConsentAction,
        channel: r.channel,
        wording: r.wording,
        actor: r.actor,
        evidence: JSON.parse(r.evidence) as Record<string, unknown>,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
      }));
    },
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;
