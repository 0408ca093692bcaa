// Pricing persistence: a business's imported rate cards and the cost ledger (one row per delivered message).
import { sql } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { slices } from '../../kernel/batches.ts';
import type { RateCard, Rates } from './model.ts';

export type CostLedgerRow = Database['cost_ledger'];

export type CostGroupBy = 'month' | 'country' | 'category';

export type CostGroupRow = {
  key: string;
  currency: string;
  messages: number;
  billable: number;
  amountMicros: number;
};

const toCard = (r: Database['rate_cards']): RateCard => ({
  id: r.id,
  businessId: r.business_id,
  name: r.name,
  currency: r.currency,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  rates: JSON.parse(r.rates) as Rates,
  source: 'import',
  createdAt: r.created_at,
});

export function createPricingStore(db: Db) {
  const k = db.kysely;
  return {
    async insertCard(card: RateCard & { businessId: string }): Promise<void> {
      await k
        .insertInto('rate_cards')
        .values({
          id: card.id,
          business_id: card.businessId,
          name: card.name,
          currency: card.currency,
          effective_from: card.effectiveFrom,
          effective_to: card.effectiveTo,
          rates: JSON.stringify(card.rates),
          created_at: card.createdAt,
        })
        .execute();
    },
    async cards(businessId: string): Promise<RateCard[]> {
      const rows = await k
        .selectFrom('rate_cards')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('effective_from')
        .execute();
      return rows.map(toCard);
    },
    /** Charged messages so far per month, market and rate column: the position in Meta's monthly volume tiers. */
    async volumes(businessId: string, months: readonly string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (months.length === 0) return out;
      const rows = await k
        .selectFrom('cost_ledger')
        .select(['month', 'market', 'billed_as', k.fn.countAll<number>().as('n')])
        .where('business_id', '=', businessId)
        .where('billable', '=', 1)
        .where('month', 'in', [...months])
        .groupBy(['month', 'market', 'billed_as'])
        .execute();
      for (const r of rows) out.set(`${r.month}|${r.market}|${r.billed_as}`, Number(r.n));
      return out;
    },
    /** Which of these messages already have a ledger row. */
    async recorded(messageIds: readonly string[]): Promise<Set<string>> {
      const out = new Set<string>();
      for (const part of slices([...messageIds], 500)) {
        const rows = await k
          .selectFrom('cost_ledger')
          .select('message_id')
          .where('message_id', 'in', part)
          .execute();
        for (const r of rows) out.add(r.message_id);
      }
      return out;
    },
    /** Inserts ledger rows; a message recorded before (another worker, a retried webhook) is skipped. */
    async insertLedger(rows: readonly CostLedgerRow[]): Promise<number> {
      let n = 0;
      for (const part of slices([...rows], 200)) {
        const r = await k
          .insertInto('cost_ledger')
          .values(part)
          .onConflict((oc) => oc.column('message_id').doNothing())
          .returning('id')
          .execute();
        n += r.length;
      }
      return n;
    },
    async groups(
      businessId: string,
      from: number,
      to: number,
      groupBy: CostGroupBy,
    ): Promise<CostGroupRow[]> {
      const key = groupBy === 'month' ? 'month' : groupBy === 'country' ? 'country' : 'category';
      const rows = await k
        .selectFrom('cost_ledger')
        .select([
          sql.ref<string>(key).as('key'),
          'currency',
          k.fn.countAll<number>().as('messages'),
          k.fn.sum<number>('billable').as('billable'),
          k.fn.sum<number>('amount_micros').as('amount'),
        ])
        .where('business_id', '=', businessId)
        .where('charged_at', '>=', from)
        .where('charged_at', '<', to)
        .groupBy([key, 'currency'])
        .orderBy(key)
        .execute();
      return rows.map((r) => ({
        key: r.key,
        currency: r.currency,
        messages: Number(r.messages),
        billable: Number(r.billable),
        amountMicros: Number(r.amount),
      }));
    },
    /** Ledger rows in charge order, page by page, for the CSV export (bounded memory however long the period). */
    async *rows(
      businessId: string,
      from: number,
      to: number,
      pageSize = 1000,
    ): AsyncGenerator<CostLedgerRow> {
      let after: { at: number; id: string } | undefined;
      for (;;) {
        let q = k
          .selectFrom('cost_ledger')
          .selectAll()
          .where('business_id', '=', businessId)
          .where('charged_at', '>=', from)
          .where('charged_at', '<', to);
        if (after) {
          const a = after;
          q = q.where((eb) =>
            eb.or([eb('charged_at', '>', a.at), eb.and([eb('charged_at', '=', a.at), eb('id', '>', a.id)])]),
          );
        }
        const page = await q.orderBy('charged_at').orderBy('id').limit(pageSize).execute();
        for (const r of page) yield r;
        if (page.length < pageSize) return;
        const last = page[page.length - 1]!;
        after = { at: last.charged_at, id: last.id };
      }
    },
    /**
     * The outbox facts a ledger row needs, read (never written) from the messages table: by wamid, or by our id
     * for a status whose send response never reached us (biz_opaque_callback_data).
     */
    async messagesFor(
      businessId: string,
      wamids: readonly string[],
      ids: readonly string[],
    ): Promise<
      { id: string; wamid: string | null; toWaId: string; sentAt: number | null; campaignId: string | null }[]
    > {
      if (wamids.length === 0 && ids.length === 0) return [];
      // Ids and wamids are unique on their own; the business is checked below rather than in SQL, where SQLite's
      // planner took the (business_id, ...) index and scanned every message of the business per status batch.
      const found = await k
        .selectFrom('messages')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(wamids.length > 0 ? [eb('wamid', 'in', [...wamids])] : []),
            ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : []),
          ]),
        )
        .execute();
      const rows = found.filter((r) => r.business_id === businessId);
      return rows.map((r) => ({
        id: r.id,
        wamid: r.wamid,
        toWaId: r.to_wa_id,
        sentAt: r.sent_at,
        campaignId: (r as { campaign_id?: string | null }).campaign_id ?? null,
      }));
    },
    async campaignSpentMicros(campaignId: string): Promise<number> {
      const r = await k
        .selectFrom('cost_ledger')
        .select(k.fn.sum<number>('amount_micros').as('amount'))
        .where('campaign_id', '=', campaignId)
        .executeTakeFirst();
      return Number(r?.amount ?? 0);
    },
    /**
     * The recipients of a campaign's messages that will cost or may already cost but are not in the ledger yet:
     * queued, in flight, or delivered before their pricing was recorded. Failed and denied ones are never charged.
     */
    async campaignUnpricedRecipients(campaignId: string): Promise<string[]> {
      const rows = await k
        .selectFrom('messages as m')
        .select('m.to_wa_id')
        .where('m.campaign_id', '=', campaignId)
        .where('m.status', 'in', ['queued', 'sending', 'sent', 'delivered', 'read'])
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('cost_ledger as l').select('l.id').whereRef('l.message_id', '=', 'm.id')),
          ),
        )
        .execute();
      return rows.map((r) => r.to_wa_id);
    },
  };
}

export type PricingStore = ReturnType<typeof createPricingStore>;
