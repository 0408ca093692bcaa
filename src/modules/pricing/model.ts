// Per-message pricing (Meta's model since 1 Jul 2025), pure: rate cards, dated free rules, volume tiers, estimates.
import { countryOf, marketOfCountry, OTHER_MARKET } from './markets.ts';

/** Rate-card columns: template categories, Meta's authentication-international, and service (non-template). */
export const rateCategories = [
  'marketing',
  'utility',
  'authentication',
  'authentication_international',
  'service',
] as const;
export type RateCategory = (typeof rateCategories)[number];

/**
 * One price band. `from` and `to` count the business's charged messages in the month for one market and category,
 * 1-based and inclusive; `to` null is open-ended. Meta bills message N at the rate of the tier N falls in (meta-rules.md#volume-tiers).
 */
export type RateTier = { from: number; to: number | null; micros: number };

/** Prices per market and category, in millionths of the card's currency (exact sums, no float drift). */
export type Rates = Record<string, Partial<Record<RateCategory, RateTier[]>>>;

export type RateCard = {
  id: string;
  /** null for the shipped defaults, which every business shares. */
  businessId: string | null;
  name: string;
  currency: string;
  /** Effective from this instant (inclusive) to effectiveTo (exclusive, null = until replaced). */
  effectiveFrom: number;
  effectiveTo: number | null;
  rates: Rates;
  source: 'default' | 'import';
  createdAt: number;
};

/**
 * Whether any card prices by monthly volume (more than one tier for some market and category). Only then does the
 * month's charged volume matter; counting it on every status would read a growing share of the ledger for nothing.
 */
export const usesVolumeTiers = (cards: readonly RateCard[]): boolean =>
  cards.some((c) =>
    Object.values(c.rates).some((byCategory) =>
      Object.values(byCategory).some((tiers) => (tiers?.length ?? 0) > 1),
    ),
  );

/** What decides whether a message is charged: facts about it, not a constant, so that the rules can change. */
export type ChargeQuestion = {
  category: RateCategory;
  inServiceWindow: boolean;
  inFreeEntryPoint: boolean;
  at: number;
};

export type ChargeType = 'regular' | 'free_customer_service' | 'free_entry_point';

/**
 * A dated pricing rule: inside [from, to) it makes matching messages free, or bills a category at another's rate.
 * `reported` marks rules known only from BSP reports, not Meta's own page; estimates list them as assumptions.
 */
export type PricingRule = {
  id: string;
  from: number;
  to: number | null;
  description: string;
  reported?: boolean;
  free?: { when: (q: ChargeQuestion) => boolean; type: Exclude<ChargeType, 'regular'> };
  billAs?: { category: RateCategory; as: RateCategory };
};

export type Charge = {
  type: ChargeType;
  billable: boolean;
  /** The rate-card column the price comes from. */
  billedAs: RateCategory;
  rules: string[];
};

const inForce = (r: { from: number; to: number | null }, at: number) =>
  r.from <= at && (r.to === null || at < r.to);

/** Whether a message is charged, and at which category's rate, under the rules in force at `q.at`. */
export function chargeFor(q: ChargeQuestion, rules: readonly PricingRule[]): Charge {
  const applied: string[] = [];
  for (const r of rules) {
    if (!r.free || !inForce(r, q.at) || !r.free.when(q)) continue;
    return { type: r.free.type, billable: false, billedAs: q.category, rules: [r.id] };
  }
  let billedAs = q.category;
  for (const r of rules) {
    if (r.billAs && inForce(r, q.at) && r.billAs.category === q.category) {
      billedAs = r.billAs.as;
      applied.push(r.id);
    }
  }
  return { type: 'regular', billable: true, billedAs, rules: applied };
}

/** The cards in force at `at`, most specific first: the business's own imports (newest first), then the defaults. */
export function cardsInForce(cards: readonly RateCard[], at: number): RateCard[] {
  const live = cards.filter((c) => inForce({ from: c.effectiveFrom, to: c.effectiveTo }, at));
  return live.sort(
    (a, b) =>
      Number(a.businessId === null) - Number(b.businessId === null) ||
      b.effectiveFrom - a.effectiveFrom ||
      b.createdAt - a.createdAt,
  );
}

export type PricePoint = { micros: number; currency: string; cardId: string; tier: RateTier };

/**
 * The price of the `position`-th charged message of the month for a market and category. Cards are layered: the
 * first card in force (in the currency of the top one) that prices the market, else its "Other" row, wins. An
 * authentication message to a market without an international rate is priced as authentication.
 */
export function priceFor(
  cards: readonly RateCard[],
  market: string,
  category: RateCategory,
  position: number,
): PricePoint | undefined {
  if (cards.length === 0) return undefined;
  const currency = cards[0]!.currency;
  const categories: RateCategory[] =
    category === 'authentication_international' ? [category, 'authentication'] : [category];
  for (const c of categories)
    for (const m of [market, OTHER_MARKET])
      for (const card of cards) {
        if (card.currency !== currency) continue;
        const tiers = card.rates[m]?.[c];
        if (!tiers || tiers.length === 0) continue;
        const tier =
          tiers.find((t) => position >= t.from && (t.to === null || position <= t.to)) ??
          tiers[tiers.length - 1]!;
        return { micros: tier.micros, currency, cardId: card.id, tier };
      }
  return undefined;
}

/** The calendar month of an instant, as Meta's volume tiers count it (UTC here; Meta uses the WABA's time zone). */
export const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);

export const volumeKey = (market: string, category: RateCategory) => `${market}|${category}`;

export type EstimateRecipient = {
  waId: string;
  /** Template category, or service for a non-template message. */
  category: RateCategory;
  inServiceWindow?: boolean;
  inFreeEntryPoint?: boolean;
  /** ISO country, when the caller knows it already (saves parsing the number). */
  country?: string;
};

export type EstimateInput = {
  businessId: string;
  recipients: Iterable<EstimateRecipient>;
  at: number;
};

export type CostGroup = { messages: number; billable: number; amount: number };

export type Estimate = {
  currency: string;
  total: number;
  messages: number;
  billable: number;
  byCountry: Record<string, CostGroup>;
  byCategory: Record<string, CostGroup>;
  /** Recipients no card in force could price (no rate for their market and category, or a bad number). */
  unpriced: number;
  /** Rules from BSP reports, not Meta's page, that the estimate relied on. */
  assumptions: string[];
};

export const toAmount = (micros: number) => Math.round(micros) / 1_000_000;
export const toMicros = (amount: number) => Math.round(amount * 1_000_000);

/**
 * What a send to these recipients would cost at `at`: each recipient is charged or not under the rules in force,
 * then priced at its volume tier, counting on from the month's charged volume so far (`volumes`, by volumeKey).
 */
export function estimateWith(
  input: { recipients: Iterable<EstimateRecipient>; at: number },
  cards: readonly RateCard[],
  rules: readonly PricingRule[],
  volumes: ReadonlyMap<string, number>,
): Estimate {
  const live = cardsInForce(cards, input.at);
  const counts = new Map(volumes);
  const byCountry: Record<string, { messages: number; billable: number; micros: number }> = {};
  const byCategory: Record<string, { messages: number; billable: number; micros: number }> = {};
  const assumptions = new Set<string>();
  let total = 0;
  let messages = 0;
  let billable = 0;
  let unpriced = 0;
  const add = (
    groups: Record<string, { messages: number; billable: number; micros: number }>,
    key: string,
    charged: boolean,
    micros: number,
  ) => {
    const g = (groups[key] ??= { messages: 0, billable: 0, micros: 0 });
    g.messages++;
    if (charged) g.billable++;
    g.micros += micros;
  };
  for (const r of input.recipients) {
    messages++;
    const country = r.country ?? countryOf(r.waId) ?? 'unknown';
    const charge = chargeFor(
      {
        category: r.category,
        inServiceWindow: r.inServiceWindow ?? false,
        inFreeEntryPoint: r.inFreeEntryPoint ?? false,
        at: input.at,
      },
      rules,
    );
    for (const id of charge.rules) {
      const rule = rules.find((x) => x.id === id);
      if (rule?.reported) assumptions.add(`${rule.id}: ${rule.description}`);
    }
    let micros = 0;
    if (charge.billable) {
      const key = volumeKey(marketOfCountry(country), charge.billedAs);
      const position = (counts.get(key) ?? 0) + 1;
      const price =
        country === 'unknown'
          ? undefined
          : priceFor(live, marketOfCountry(country), charge.billedAs, position);
      if (price) {
        counts.set(key, position);
        micros = price.micros;
        billable++;
      } else unpriced++;
    }
    total += micros;
    add(byCountry, country, charge.billable && micros > 0, micros);
    add(byCategory, r.category, charge.billable && micros > 0, micros);
  }
  const view = (groups: Record<string, { messages: number; billable: number; micros: number }>) =>
    Object.fromEntries(
      Object.entries(groups).map(([k, g]) => [
        k,
        { messages: g.messages, billable: g.billable, amount: toAmount(g.micros) },
      ]),
    );
  return {
    currency: live[0]?.currency ?? 'USD',
    total: toAmount(total),
    messages,
    billable,
    byCountry: view(byCountry),
    byCategory: view(byCategory),
    unpriced,
    assumptions: [...assumptions],
  };
}

/**
 * Whether sending one more message would take a campaign past its budget cap. No cap (null or undefined) never
 * stops anything; amounts are compared in millionths so that float sums do not round a cent over or under.
 */
export function wouldExceedBudget(
  campaignSpent: number,
  nextCost: number,
  cap: number | null | undefined,
): boolean {
  if (cap === null || cap === undefined) return false;
  return toMicros(campaignSpent) + toMicros(nextCost) > toMicros(cap);
}

/** The rate-card category a status webhook's `pricing.category` is billed under (meta-rules.md#statuses). */
export function rateCategoryOfPricing(category: string | undefined): RateCategory {
  switch (category) {
    case 'marketing':
    case 'marketing_lite':
      return 'marketing';
    case 'utility':
      return 'utility';
    case 'authentication':
      return 'authentication';
    case 'authentication_international':
      return 'authentication_international';
    default:
      // service, referral_conversion and general_purpose_ai have no column of their own on the card.
      return 'service';
  }
}
