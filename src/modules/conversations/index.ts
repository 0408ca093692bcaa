// Conversations: the thread between a business number and a contact, its service window and its inbound messages.
import type { Db } from '../../adapters/db/index.ts';
import { distinct, slices } from '../../kernel/batches.ts';
import { newId } from '../../kernel/ids.ts';
import { windowExpiresAt } from './model.ts';

export { isServiceWindowOpen, windowExpiresAt, SERVICE_WINDOW_MS } from './model.ts';

export type InboundRecord = {
  businessId: string;
  phoneNumberId: string;
  waId: string;
  wamid: string;
  type: string;
  text: string | null;
  payload: unknown;
  sentAt: number;
};

export type ConversationKey = { businessId: string; phoneNumberId: string; waId: string };

// At most this many numbers per query: far below either database's bind-parameter limit.
const LOOKUP_SLICE = 500;

export function createConversationStore(db: Db) {
  const k = db.kysely;

  /**
   * When each customer last wrote to each business number, in one query per slice (the dispatcher's batch re-check):
   * element i is for keys[i], null when they never wrote.
   */
  async function lastInboundAtMany(keys: readonly ConversationKey[]): Promise<(number | null)[]> {
    const found = new Map<string, number>();
    const businessIds = distinct(keys.map((c) => c.businessId));
    const phoneNumberIds = distinct(keys.map((c) => c.phoneNumberId));
    for (const waIds of slices(distinct(keys.map((c) => c.waId)), LOOKUP_SLICE)) {
      const rows = await k
        .selectFrom('conversations')
        .select(['business_id', 'phone_number_id', 'wa_id', 'last_inbound_at'])
        .where('business_id', 'in', businessIds)
        .where('phone_number_id', 'in', phoneNumberIds)
        .where('wa_id', 'in', waIds)
        .execute();
      for (const r of rows) found.set(`${r.business_id} ${r.phone_number_id} ${r.wa_id}`, r.last_inbound_at);
    }
    return keys.map((c) => found.get(`${c.businessId} ${c.phoneNumberId} ${c.waId}`) ?? null);
  }

  return {
    /** Stores an inbound message once; returns false when this wamid was seen before. */
    async recordInbound(m: InboundRecord, now: number): Promise<boolean> {
      const r = await k
        .insertInto('inbound_messages')
        .values({
          id: newId('in', now),
          business_id: m.businessId,
          phone_number_id: m.phoneNumberId,
          wa_id: m.waId,
          wamid: m.wamid,
          type: m.type,
          text: m.text,
          payload: JSON.stringify(m.payload),
          sent_at: m.sentAt,
          received_at: now,
        })
        .onConflict((oc) => oc.column('wamid').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    /** Opens or refreshes the 24 h window; an older message arriving late never shortens it. */
    async openWindow(
      businessId: string,
      phoneNumberId: string,
      waId: string,
      inboundAt: number,
      now: number,
    ): Promise<void> {
      const expires = windowExpiresAt(inboundAt);
      await k
        .insertInto('conversations')
        .values({
          id: newId('cv', now),
          business_id: businessId,
          phone_number_id: phoneNumberId,
          wa_id: waId,
          last_inbound_at: inboundAt,
          window_expires_at: expires,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['business_id', 'phone_number_id', 'wa_id']).doUpdateSet((eb) => ({
            updated_at: now,
            last_inbound_at: eb
              .case()
              .when('conversations.last_inbound_at', '<', inboundAt)
              .then(inboundAt)
              .else(eb.ref('conversations.last_inbound_at'))
              .end(),
            window_expires_at: eb
              .case()
              .when('conversations.window_expires_at', '<', expires)
              .then(expires)
              .else(eb.ref('conversations.window_expires_at'))
              .end(),
          })),
        )
        .execute();
    },
    async lastInboundAt(businessId: string, phoneNumberId: string, waId: string): Promise<number | null> {
      return (await lastInboundAtMany([{ businessId, phoneNumberId, waId }]))[0] ?? null;
    },
    lastInboundAtMany,
    async get(businessId: string, phoneNumberId: string, waId: string) {
      return k
        .selectFrom('conversations')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('phone_number_id', '=', phoneNumberId)
        .where('wa_id', '=', waId)
        .executeTakeFirst();
    },
    async eraseContent(businessId: string, waId: string): Promise<void> {
      await k
        .updateTable('inbound_messages')
        .set({ text: null, payload: '{}' })
        .where('business_id', '=', businessId)
        .where('wa_id', '=', waId)
        .execute();
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
