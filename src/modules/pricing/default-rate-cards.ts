// Shipped rate cards (USD) and dated pricing rules, from docs/meta-rules.md#pricing; verify before billing.
import type { PricingRule, RateCard, RateCategory, RateTier, Rates } from './model.ts';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
export const PMP_START = day(2025, 7, 1);
const JAN_2026 = day(2026, 1, 1);
/** Reported by several BSPs (meta-rules.md#pricing-changes), not confirmed on Meta's page: service and in-window utility billed. */
const OCT_2026 = day(2026, 10, 1);

const flat = (usd: number): RateTier[] => [{ from: 1, to: null, micros: Math.round(usd * 1_000_000) }];
const row = (prices: Partial<Record<RateCategory, number>>) =>
  Object.fromEntries(Object.entries(prices).map(([c, usd]) => [c, flat(usd)])) as Partial<
    Record<RateCategory, RateTier[]>
  >;

/*
 * Figures (meta-rules.md#example-rates, USD per delivered template; Meta's volume-tier thresholds are not in docs/meta-rules.md, so the
 * defaults have one tier per category and tiers come from an imported card):
 * - Netherlands: marketing 0.1597 (formbeep, "effective 1 Apr 2026"; used from Jul 2025 too, no earlier figure);
 *   utility 0.0500 (inferred from chamelio's 0.0604 with ~21 % markup); authentication = utility (unverified).
 * - Germany: 0.1365 / 0.0550 / 0.0550 (USD inferred from EUR 0.1131 / 0.0456 and eazybe).
 * - United Kingdom: 0.0529 / 0.0220 (eazybe, markup removed); authentication is unverified there and is
 *   taken equal to utility here.
 * - North America (+1): 0.0250 / 0.0040 / 0.0040 in 2025; utility and authentication 0.0034 from 1 Jan 2026
 *   (sleekflow calculator). US marketing templates are not delivered at all since 1 Apr 2025 (131049).
 * - India: 0.0107 / 0.0014 / 0.0014 (wati); marketing raised 1 Jan 2026 to ≈ 0.0118 (eazybe, implied).
 *   Authentication-international 0.0280 is not in meta-rules.md: it is Meta's figure for India announced in 2024
 *   (as recalled, not re-checked here); import Meta's CSV to replace it.
 * - Brazil: 0.0625 / 0.0080 (wati); authentication conflicts in meta-rules.md (0.0315 pre-PMP vs ≈ 0.0044 implied by
 *   eazybe for PMP): the PMP-era 0.0044 is used.
 */
function rates2025(): Rates {
  return {
    Netherlands: row({ marketing: 0.1597, utility: 0.05, authentication: 0.05 }),
    Germany: row({ marketing: 0.1365, utility: 0.055, authentication: 0.055 }),
    'United Kingdom': row({ marketing: 0.0529, utility: 0.022, authentication: 0.022 }),
    'North America': row({ marketing: 0.025, utility: 0.004, authentication: 0.004 }),
    India: row({
      marketing: 0.0107,
      utility: 0.0014,
      authentication: 0.0014,
      authentication_international: 0.028,
    }),
    Brazil: row({ marketing: 0.0625, utility: 0.008, authentication: 0.0044 }),
  };
}

function rates2026(): Rates {
  const r = rates2025();
  r['North America'] = row({ marketing: 0.025, utility: 0.0034, authentication: 0.0034 });
  r.India = row({
    marketing: 0.0118,
    utility: 0.0014,
    authentication: 0.0014,
    authentication_international: 0.028,
  });
  return r;
}

export const defaultRateCards: readonly RateCard[] = [
  {
    id: 'rc_default_2025_07',
    businessId: null,
    name: 'Greenlight defaults, per-message pricing from 1 Jul 2025 (USD)',
    currency: 'USD',
    effectiveFrom: PMP_START,
    effectiveTo: JAN_2026,
    rates: rates2025(),
    source: 'default',
    createdAt: PMP_START,
  },
  {
    id: 'rc_default_2026_01',
    businessId: null,
    name: 'Greenlight defaults from 1 Jan 2026 (USD)',
    currency: 'USD',
    effectiveFrom: JAN_2026,
    effectiveTo: null,
    rates: rates2026(),
    source: 'default',
    createdAt: JAN_2026,
  },
];

/**
 * Which messages are free, as dated rules (meta-rules.md#per-message-pricing, #pricing-changes and #free-messages): "free in the service window" is a rule with
 * dates, not a constant. Order matters: the first free rule that matches decides the type.
 */
export const defaultPricingRules: readonly PricingRule[] = [
  {
    id: 'free_entry_point',
    from: PMP_START,
    to: null,
    description: 'Everything inside a 72 h free entry point window is free (stays free after Oct 2026).',
    free: { when: (q) => q.inFreeEntryPoint, type: 'free_entry_point' },
  },
  {
    id: 'service_free',
    from: PMP_START,
    to: OCT_2026,
    description: 'Non-template (service) messages are free.',
    free: { when: (q) => q.category === 'service', type: 'free_customer_service' },
  },
  {
    id: 'utility_free_in_service_window',
    from: PMP_START,
    to: OCT_2026,
    description: 'Utility templates delivered inside an open customer service window are free.',
    free: { when: (q) => q.category === 'utility' && q.inServiceWindow, type: 'free_customer_service' },
  },
  {
    id: 'service_billed_as_utility',
    from: OCT_2026,
    to: null,
    reported: true,
    description:
      'From 1 Oct 2026 service messages are billed at the market utility rate and utility templates inside the ' +
      'service window are billed (reported by BSPs, not confirmed on Meta’s page).',
    billAs: { category: 'service', as: 'utility' },
  },
];
