// The marketing-language detector: what it finds, where, and the utility wording it leaves alone (meta-rules.md#template-categories).
import { describe, expect, it } from 'vitest';
import { detectMarketing, explainMarketing } from './marketing.ts';

describe('detectMarketing', () => {
  it.each([
    ['en', 'Get 20% off everything this weekend', 'discount'],
    ['en', 'Use promo code SPRING and get {{1}}% off', 'discount'],
    ['en', 'You might also like our matching scarf', 'upsell'],
    ['en', 'Hurry, offer ends at midnight', 'urgency'],
    ['en', 'Shop now at acme.test', 'call_to_buy'],
    ['en', 'Enter our giveaway today', 'contest'],
    ['en', 'New arrivals are here', 'new_arrival'],
    ['en', 'Claim your free gift with any visit', 'free_offer'],
    ['nl', 'Nu {{1}}% korting op alles', 'discount'],
    ['nl', 'Laatste kans om te bestellen', 'urgency'],
    ['nl', 'Bestel nu via de app', 'call_to_buy'],
    ['de', 'Jetzt 30 % Rabatt sichern', 'discount'],
    ['de', 'Nur heute: alles reduziert', 'urgency'],
    ['de', 'Machen Sie mit beim Gewinnspiel', 'contest'],
  ] as const)('[%s] %s → %s', (language, text, kind) => {
    const v = detectMarketing(text, language);
    expect(v.isMarketing).toBe(true);
    expect(v.suggestion).toBe('MARKETING');
    expect(v.findings.map((f) => f.kind)).toContain(kind);
  });

  it.each([
    ['en', 'Your order {{1}} has shipped.'],
    ['en', 'Your appointment is confirmed for {{1}}.'],
    ['en', 'Feel free to reply if you have questions about order {{1}}.'],
    ['en', 'The repair is free of charge under warranty.'],
    ['en', 'Your invoice is now available in your account.'],
    ['nl', 'De winkel is tijdelijk gesloten wegens verbouwing.'],
    ['de', 'Ihre Bestellung {{1}} wurde versandt.'],
  ] as const)('leaves utility wording alone: [%s] %s', (language, text) => {
    const v = detectMarketing(text, language);
    expect(v.isMarketing).toBe(false);
    expect(v.suggestion).toBeUndefined();
  });

  it('treats a discount code applied to an order as utility, but notes it', () => {
    const v = detectMarketing('Your discount code was applied to order {{1}}.', 'en');
    expect(v.isMarketing).toBe(false);
    expect(v.score).toBe(0.5);
    expect(v.findings).toEqual([{ kind: 'coupon', phrase: 'discount code', index: 5 }]);
  });

  it('is case- and diacritics-insensitive and points into the original text', () => {
    const text = 'Hallo {{1}}! NUR FÜR KURZE ZEIT: Prüfen Sie unsere Angebote.';
    const v = detectMarketing(text, 'de');
    const f = v.findings.find((x) => x.kind === 'urgency')!;
    expect(f.phrase).toBe('NUR FÜR KURZE ZEIT');
    expect(text.slice(f.index, f.index + f.phrase.length)).toBe(f.phrase);
  });

  it('respects word boundaries: "saleswoman" and "wholesale" are not a sale', () => {
    expect(
      detectMarketing('Our saleswoman {{1}} will call about your wholesale account.', 'en').findings,
    ).toEqual([]);
  });

  it('tries every language without a language hint', () => {
    expect(detectMarketing('Op=op, wees er snel bij!').isMarketing).toBe(true);
  });

  it('never throws on odd input', () => {
    expect(detectMarketing('').isMarketing).toBe(false);
    expect(detectMarketing(null as unknown as string).isMarketing).toBe(false);
    expect(detectMarketing('{{'.repeat(50_000) + 'sale').score).toBeGreaterThanOrEqual(0);
  });

  it('explains itself', () => {
    expect(explainMarketing(detectMarketing('Last chance: 50% off'))).toMatch(/Last chance.*urgency/);
    expect(explainMarketing(detectMarketing('Your order shipped'))).toBe('No promotional wording found.');
  });
});
