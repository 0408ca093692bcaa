// Pricing and costs: rate cards (shipped and imported), estimates before a send, the cost ledger and reports.
import type { Db } from '../../adapters/db/index.ts';
import { invalidInput } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { StatusUpdate } from '../../wire/webhook.ts';
import { defaultPricingRules, defaultRateCards } from './default-rate-cards.ts';
import { countryOf, marketOfCountry } from './markets.ts';
import {
  cardsInForce,
  estimateWith,
  monthOf,
  priceFor,
  rateCategoryOfPricing,
  toAmount,
  toMicros,
  usesVolumeTiers,
  type Estimate,
  type EstimateInput,
  type PricingRule,
  type RateCard,
  type RateCategory,
} from './model.ts';
import { parseRateCardCsv, RateCardFileError, type RowProblem } from './rate-card-csv.ts';
import { createPricingStore, type CostGroupBy, type CostLedgerRow } from './store.ts';

export {
  estimateWith,
  wouldExceedBudget,
  chargeFor,
  priceFor,
  rateCategories,
  type Estimate,
  type EstimateInput,
  type EstimateRecipient,
  type RateCard,
  type RateCategory,
  type PricingRule,
} from './model.ts';
export { defaultRateCards, defaultPricingRules } from './default-rate-cards.ts';
export { marketOfCountry, countryOf } from './markets.ts';
export { parseRateCardCsv, RateCardFileError } from './rate-card-csv.ts';
export type { CostGroupBy } from './store.ts';

export type ImportOptions = { effectiveFrom: number; effectiveTo?: number | null; name?: string };

export type ImportSummary = {
  rateCard: { id: string; name: string; currency: string; effectiveFrom: string; effectiveTo: string | null };
  imported: number;
  rejected: RowProblem[];
};

export type CostReport = {
  from: string;
  to: string;
  groupBy: CostGroupBy;
  totals: { currency: string; messages: number; billable: number; amount: number }[];
  groups: { key: string; currency: string; messages: number; billable: number; amount: number }[];
};

const iso = (t: number) => new Date(t).toISOString();

export function createPricingService(deps: {
  db: Db;
  rules?: readonly PricingRule[];
  defaults?: readonly RateCard[];
}) {
  const store = createPricingStore(deps.db);
  const rules = deps.rules ?? defaultPricingRules;
  const defaults = deps.defaults ?? defaultRateCards;
  const cardsOf = async (businessId: string) => [...(await store.cards(businessId)), ...defaults];

  async function estimate(input: EstimateInput): Promise<Estimate> {
    const month = monthOf(input.at);
    const cards = await cardsOf(input.businessId);
    // The month's charged volume so far decides where in the volume tiers this send starts.
    const volumes = usesVolumeTiers(cards)
      ? await store.volumes(input.businessId, [month])
      : new Map<string, number>();
    const current = new Map<string, number>();
    for (const [k, n] of volumes) current.set(k.slice(month.length + 1), n);
    return estimateWith(input, cards, rules, current);
  }

  return {
    store,
    /**
     * What sending to these recipients at `at` would cost: market from each number's calling code, the dated free
     * rules, the card in force and the business's monthly volume tier. For a campaign's dry run.
     */
    estimate,
    estimateCost: estimate,

    async rateCards(businessId: string): Promise<RateCard[]> {
      return cardsOf(businessId);
    },

    /** Imports one of Meta's rate-card CSVs as a dated card of the business; bad rows are reported, the rest kept. */
    async importRateCard(
      businessId: string,
      csv: string,
      opts: ImportOptions,
      now: number,
    ): Promise<ImportSummary> {
      if (!Number.isFinite(opts.effectiveFrom))
        throw invalidInput(
          'rate_card.effective_from_invalid',
          'effectiveFrom must be a date like 2026-04-01.',
        );
      if (opts.effectiveTo != null && !(opts.effectiveTo > opts.effectiveFrom))
        throw invalidInput(
          'rate_card.effective_to_invalid',
          'effectiveTo must be a date after effectiveFrom.',
        );
      let parsed;
      try {
        parsed = parseRateCardCsv(csv);
      } catch (e) {
        if (e instanceof RateCardFileError) throw invalidInput(e.code, e.message);
        throw e;
      }
      if (parsed.imported === 0)
        throw invalidInput('rate_card.empty', 'No row of the file could be imported.', {
          rejected: parsed.rejected,
        });
      const card: RateCard & { businessId: string } = {
        id: newId('rc', now),
        businessId,
        name: opts.name ?? `Imported ${iso(opts.effectiveFrom).slice(0, 10)} (${parsed.currency})`,
        currency: parsed.currency,
        effectiveFrom: opts.effectiveFrom,
        effectiveTo: opts.effectiveTo ?? null,
        rates: parsed.rates,
        source: 'import',
        createdAt: now,
      };
      await store.insertCard(card);
      return {
        rateCard: {
          id: card.id,
          name: card.name,
          currency: card.currency,
          effectiveFrom: iso(card.effectiveFrom),
          effectiveTo: card.effectiveTo === null ? null : iso(card.effectiveTo),
        },
        imported: parsed.imported,
        rejected: parsed.rejected,
      };
    },

    /**
     * Records the cost of delivered messages from their status webhooks, once per message. Meta puts `pricing` on
     * `sent` and on one of `delivered`/`read`, and charges only on delivery (meta-rules.md#per-message-pricing): the row is written from the
     * delivery-side status, with Meta's verdict (type, category) and our rate card's price at send time.
     * A status for a message we cannot match yet is skipped; its delivery status is retried by Meta's batching.
     */
    async recordStatuses(
      businessId: string,
      statuses: readonly StatusUpdate[],
      now: number,
    ): Promise<number> {
      const delivered = statuses.filter(
        (s) => s.pricing && (s.status === 'delivered' || s.status === 'read' || s.status === 'played'),
      );
      if (delivered.length === 0) return 0;
      const messages = await store.messagesFor(
        businessId,
        delivered.map((s) => s.id),
        delivered.flatMap((s) => (s.biz_opaque_callback_data ? [s.biz_opaque_callback_data] : [])),
      );
      const byWamid = new Map(messages.flatMap((m) => (m.wamid ? [[m.wamid, m] as const] : [])));
      const byId = new Map(messages.map((m) => [m.id, m] as const));
      const matched = delivered.flatMap((s) => {
        const m =
          byWamid.get(s.id) ??
          (s.biz_opaque_callback_data ? byId.get(s.biz_opaque_callback_data) : undefined);
        return m ? [{ s, m }] : [];
      });
      const done = await store.recorded(matched.map((x) => x.m.id));
      const seen = new Set<string>();
      const todo = matched.filter((x) => !done.has(x.m.id) && !seen.has(x.m.id) && seen.add(x.m.id));
      if (todo.length === 0) return 0;
      const chargedAt = (s: StatusUpdate) => Number(s.timestamp) * 1000 || now;
      const months = [...new Set(todo.map((x) => monthOf(chargedAt(x.s))))];
      const cards = await cardsOf(businessId);
      const volumes = usesVolumeTiers(cards)
        ? await store.volumes(businessId, months)
        : new Map<string, number>();
      const rows: CostLedgerRow[] = todo.map(({ s, m }) => {
        const p = s.pricing!;
        const country = countryOf(m.toWaId) ?? 'unknown';
        const market = marketOfCountry(country === 'unknown' ? undefined : country);
        const billedAs = rateCategoryOfPricing(p.category);
        // `billable` is being deprecated (meta-rules.md#statuses): `type` says whether it is charged; old payloads only have billable.
        const billable = p.type !== undefined ? p.type === 'regular' : p.billable === true;
        const at = chargedAt(s);
        const month = monthOf(at);
        const sentAt = m.sentAt ?? at;
        let micros = 0;
        let currency = cardsInForce(cards, sentAt)[0]?.currency ?? 'USD';
        let cardId: string | null = null;
        let tierFrom: number | null = null;
        if (billable) {
          const key = `${month}|${market}|${billedAs}`;
          const position = (volumes.get(key) ?? 0) + 1;
          volumes.set(key, position);
          // The rate in force when the message was sent, at the tier the month's volume has reached.
          const price = priceFor(cardsInForce(cards, sentAt), market, billedAs, position);
          if (price) {
            micros = price.micros;
            currency = price.currency;
            cardId = price.cardId;
            tierFrom = price.tier.from;
          }
        }
        return {
          id: newId('cost', now),
          business_id: businessId,
          message_id: m.id,
          campaign_id: m.campaignId,
          wamid: s.id,
          country,
          market,
          category: p.category ?? 'unknown',
          billed_as: billedAs,
          pricing_type: p.type ?? (billable ? 'regular' : 'free'),
          pricing_model: p.pricing_model ?? 'PMP',
          billable: billable ? 1 : 0,
          month,
          tier_from: tierFrom,
          currency,
          amount_micros: micros,
          rate_card_id: cardId,
          sent_at: sentAt,
          charged_at: at,
          recorded_at: now,
        };
      });
      return store.insertLedger(rows);
    },

    /** Costs between two instants grouped by month, recipient country or category, with totals per currency. */
    async report(businessId: string, from: number, to: number, groupBy: CostGroupBy): Promise<CostReport> {
      const groups = await store.groups(businessId, from, to, groupBy);
      const totals = new Map<string, { messages: number; billable: number; micros: number }>();
      for (const g of groups) {
        const t = totals.get(g.currency) ?? { messages: 0, billable: 0, micros: 0 };
        t.messages += g.messages;
        t.billable += g.billable;
        t.micros += g.amountMicros;
        totals.set(g.currency, t);
      }
      return {
        from: iso(from),
        to: iso(to),
        groupBy,
        totals: [...totals].map(([currency, t]) => ({
          currency,
          messages: t.messages,
          billable: t.billable,
          amount: toAmount(t.micros),
        })),
        groups: groups.map((g) => ({
          key: g.key,
          currency: g.currency,
          messages: g.messages,
          billable: g.billable,
          amount: toAmount(g.amountMicros),
        })),
      };
    },

    ledger: (businessId: string, from: number, to: number) => store.rows(businessId, from, to),

    /** What a campaign has cost so far (delivered messages), for its budget cap. */
    async campaignSpent(campaignId: string): Promise<number> {
      return toAmount(await store.campaignSpentMicros(campaignId));
    },

    /**
     * What a campaign has cost or is bound to cost: the ledger, plus an estimate (at `at`) of its messages that are
     * queued, in flight or delivered but not priced yet. Pricing arrives with the delivered status, seconds to hours
     * after the send, so the ledger alone would let a budget cap be passed by everything sent meanwhile.
     */
    async campaignCommitted(
      businessId: string,
      campaignId: string,
      category: RateCategory,
      at: number,
    ): Promise<number> {
      const spent = await store.campaignSpentMicros(campaignId);
      const unpriced = await store.campaignUnpricedRecipients(campaignId);
      if (unpriced.length === 0) return toAmount(spent);
      const e = await estimate({ businessId, recipients: unpriced.map((waId) => ({ waId, category })), at });
      return toAmount(spent + toMicros(e.total));
    },
  };
}

export type PricingService = ReturnType<typeof createPricingService>;
