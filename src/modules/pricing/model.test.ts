// Pricing rules: markets from calling codes, dated free rules, volume tiers, layered cards, budget caps, CSV import.
import { describe, expect, it } from 'vitest';
import { defaultPricingRules, defaultRateCards } from './default-rate-cards.ts';
import { countryOf, marketOfCountry } from './markets.ts';
import { chargeFor, estimateWith, usesVolumeTiers, wouldExceedBudget, type RateCard } from './model.ts';
import { parseRateCardCsv, RateCardFileError } from './rate-card-csv.ts';

const AUG_2025 = Date.UTC(2025, 7, 10);
const FEB_2026 = Date.UTC(2026, 1, 10);
const NOV_2026 = Date.UTC(2026, 10, 10);

describe('markets', () => {
  it('derives the market from the calling code', () => {
    expect(marketOfCountry(countryOf('31612345678'))).toBe('Netherlands');
    expect(marketOfCountry(countryOf('+4915123456789'))).toBe('Germany');
    expect(marketOfCountry(countryOf('447911123456'))).toBe('United Kingdom');
    expect(marketOfCountry(countryOf('14155552671'))).toBe('North America');
    expect(marketOfCountry(countryOf('919876543210'))).toBe('India');
    expect(marketOfCountry(countryOf('5511987654321'))).toBe('Brazil');
    expect(marketOfCountry(countryOf('32470123456'))).toBe('Rest of Western Europe');
    expect(marketOfCountry(undefined)).toBe('Other');
  });
});

describe('dated charge rules', () => {
  it('makes service and in-window utility free until Oct 2026, and bills service at the utility rate after', () => {
    const q = { inServiceWindow: true, inFreeEntryPoint: false };
    expect(chargeFor({ ...q, category: 'service', at: AUG_2025 }, defaultPricingRules).billable).toBe(false);
    expect(chargeFor({ ...q, category: 'utility', at: AUG_2025 }, defaultPricingRules)).toMatchObject({
      billable: false,
      type: 'free_customer_service',
    });
    expect(
      chargeFor({ ...q, category: 'utility', inServiceWindow: false, at: AUG_2025 }, defaultPricingRules)
        .billable,
    ).toBe(true);
    expect(chargeFor({ ...q, category: 'marketing', at: AUG_2025 }, defaultPricingRules).billable).toBe(true);
    expect(chargeFor({ ...q, category: 'service', at: NOV_2026 }, defaultPricingRules)).toMatchObject({
      billable: true,
      billedAs: 'utility',
    });
    expect(
      chargeFor({ ...q, category: 'marketing', inFreeEntryPoint: true, at: NOV_2026 }, defaultPricingRules),
    ).toMatchObject({ billable: false, type: 'free_entry_point' });
  });
});

describe('estimates', () => {
  it('prices by market and category with the card in force at the time', () => {
    const recipients = [
      { waId: '31612345678', category: 'marketing' as const },
      { waId: '4915123456789', category: 'utility' as const },
      { waId: '919876543210', category: 'marketing' as const },
      { waId: '14155552671', category: 'utility' as const },
      { waId: '14155552672', category: 'utility' as const, inServiceWindow: true },
    ];
    const aug = estimateWith({ recipients, at: AUG_2025 }, defaultRateCards, defaultPricingRules, new Map());
    expect(aug.currency).toBe('USD');
    expect(aug.total).toBe(0.1597 + 0.055 + 0.0107 + 0.004);
    expect(aug.billable).toBe(4);
    expect(aug.byCountry.NL).toEqual({ messages: 1, billable: 1, amount: 0.1597 });
    expect(aug.byCountry.US).toEqual({ messages: 2, billable: 1, amount: 0.004 });
    expect(aug.byCategory.utility).toEqual({ messages: 3, billable: 2, amount: 0.059 });
    // From 1 Jan 2026: India marketing up, North America utility down.
    const feb = estimateWith({ recipients, at: FEB_2026 }, defaultRateCards, defaultPricingRules, new Map());
    expect(feb.byCountry.IN!.amount).toBe(0.0118);
    expect(feb.byCountry.US!.amount).toBe(0.0034);
    expect(feb.assumptions).toEqual([]);
    const nov = estimateWith({ recipients, at: NOV_2026 }, defaultRateCards, defaultPricingRules, new Map());
    expect(nov.byCountry.US).toEqual({ messages: 2, billable: 2, amount: 0.0068 });
  });

  it('walks the volume tiers from the month so far, and layers an imported tier card over the defaults', () => {
    const tiers = parseRateCardCsv(
      [
        'Market,Currency,Category,Tier,Rate',
        'India,USD,Utility,1:2,$0.0014',
        'India,USD,Utility,3:,$0.0010',
      ].join('\n'),
    );
    const card: RateCard = {
      id: 'rc_t',
      businessId: 'b1',
      name: 't',
      currency: 'USD',
      effectiveFrom: Date.UTC(2026, 0, 1),
      effectiveTo: null,
      rates: tiers.rates,
      source: 'import',
      createdAt: 1,
    };
    const recipients = Array.from({ length: 3 }, (_, i) => ({
      waId: `91987654321${i}`,
      category: 'utility' as const,
    }));
    const cards = [card, ...defaultRateCards];
    const fresh = estimateWith({ recipients, at: FEB_2026 }, cards, defaultPricingRules, new Map());
    expect(fresh.total).toBe(0.0014 + 0.0014 + 0.001);
    const later = estimateWith(
      { recipients, at: FEB_2026 },
      cards,
      defaultPricingRules,
      new Map([['India|utility', 5]]),
    );
    expect(later.total).toBe(0.003);
    // Marketing is not on the tier card: the defaults under it still price it.
    const mkt = estimateWith(
      { recipients: [{ waId: '919876543210', category: 'marketing' }], at: FEB_2026 },
      cards,
      defaultPricingRules,
      new Map(),
    );
    expect(mkt.total).toBe(0.0118);
  });
});

describe('volume tiers', () => {
  it('are counted only when a card has more than one tier for some market and category', () => {
    expect(usesVolumeTiers(defaultRateCards)).toBe(false);
    const tiered: RateCard = {
      ...defaultRateCards[0]!,
      id: 'tiered',
      rates: {
        NL: {
          utility: [
            { from: 1, to: 100_000, micros: 10_000 },
            { from: 100_001, to: null, micros: 8_000 },
          ],
        },
      },
    };
    expect(usesVolumeTiers([...defaultRateCards, tiered])).toBe(true);
  });
});

describe('budget cap', () => {
  it('stops only past the cap, without float drift', () => {
    expect(wouldExceedBudget(0.1, 0.2, 0.3)).toBe(false);
    expect(wouldExceedBudget(0.3, 0.000001, 0.3)).toBe(true);
    expect(wouldExceedBudget(1_000, 1, null)).toBe(false);
    expect(wouldExceedBudget(1_000, 1, undefined)).toBe(false);
  });
});

describe("Meta's rate-card CSV", () => {
  it('reads the base layout with title lines, n/a cells and currency signs, and reports bad rows by line', () => {
    const parsed = parseRateCardCsv(
      [
        'WhatsApp Business Platform rate card,,,,,',
        'Rates effective 2026-04-01,,,,,',
        'Market,Currency,Marketing,Utility,Authentication,Authentication-International',
        'Netherlands,USD,$0.1597,$0.0500,$0.0500,n/a',
        'India,USD,0.0118,0.0014,0.0014,0.0280',
        'Atlantis,USD,0.1,0.1,0.1,0.1',
        'Germany,USD,cheap,0.05,0.05,',
      ].join('\n'),
    );
    expect(parsed.imported).toBe(2);
    expect(parsed.rates.India!.authentication_international).toEqual([{ from: 1, to: null, micros: 28_000 }]);
    expect(parsed.rates.Netherlands!.authentication_international).toBeUndefined();
    expect(parsed.rejected).toEqual([
      { line: 6, code: 'rate_card.market_unknown', message: 'Unknown market "Atlantis".' },
      expect.objectContaining({ line: 7, code: 'rate_card.rate_invalid' }),
    ]);
  });

  it('rejects a file without a Market header, and overlapping tiers per row', () => {
    expect(() => parseRateCardCsv('a,b\n1,2')).toThrow(RateCardFileError);
    const parsed = parseRateCardCsv(
      'Market,Currency,Category,Tier,Rate\nBrazil,USD,Authentication,1:100,0.004\nBrazil,USD,Authentication,50:200,0.003\nBrazil,USD,Authentication,x,0.003',
    );
    expect(parsed.rejected.map((r) => [r.line, r.code])).toEqual([
      [3, 'rate_card.tier_overlap'],
      [4, 'rate_card.tier_invalid'],
    ]);
  });
});
