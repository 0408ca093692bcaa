// Commerce policy: prohibited goods offered for sale are flagged for any vertical; pharmacies and clinics may offer services (meta-rules.md#commerce-policy).
import { describe, expect, it } from 'vitest';
import { businessVerticals, checkCommercePolicy, verticalPolicy } from './commerce-policy.ts';

const kinds = (
  text: string,
  vertical: Parameters<typeof checkCommercePolicy>[1],
  language?: 'en' | 'nl' | 'de',
) => checkCommercePolicy(text, vertical, language).map((f) => f.kind);

describe('checkCommercePolicy', () => {
  it.each([
    ['Order 6 bottles of wine and get one free.', 'retail', 'ALCOHOL'],
    ['Buy ammunition now at our store.', 'retail', 'WEAPONS'],
    ['Jetzt Zigaretten bestellen!', 'retail', 'TOBACCO'],
    ['Cannabis edibles in stock, order today.', 'food', 'DRUGS'],
    ['Puppies for sale, €500 each.', 'retail', 'ANIMALS'],
    ['Buy bitcoin with zero fees.', 'financial_services', 'REAL_FAKE_CURRENCY'],
    ['Get a payday loan today, order online.', 'financial_services', 'MISLEADING'],
    ['Place your bets: casino bonus on your first purchase.', 'entertainment', 'GAMBLING'],
  ] as const)('flags "%s" (%s) as %s', (text, vertical, kind) => {
    expect(kinds(text, vertical)).toContain(kind);
  });

  it('lets pharmacies and clinics offer services but not sell medicines or devices', () => {
    expect(kinds('Your prescription is ready for pickup at {{1}}.', 'pharmacy')).toEqual([]);
    expect(kinds('Book a consultation with our pharmacist.', 'pharmacy')).toEqual([]);
    expect(kinds('Ihr Termin für die Impfung ist am {{1}}.', 'clinic', 'de')).toEqual([]);
    const sale = checkCommercePolicy('Order your medication now and get 10% off.', 'pharmacy');
    expect(sale).toHaveLength(1);
    expect(sale[0]).toMatchObject({ kind: 'HEALTHCARE', phrase: 'medication', index: 11 });
    expect(sale[0]!.message).toMatch(/appointments and consultations/);
    expect(kinds('Bestel nu je zelftest voor € 4,95.', 'pharmacy', 'nl')).toEqual(['HEALTHCARE']);
    expect(kinds('Hörgeräte jetzt kaufen!', 'clinic', 'de')).toEqual(['HEALTHCARE']);
  });

  it('lets regulated verticals message without selling', () => {
    expect(kinds('Join our wine tasting on Friday!', 'alcohol')).toEqual([]);
    expect(kinds('Buy a case of wine for €60.', 'alcohol')).toEqual(['ALCOHOL']);
  });

  it('flags a prohibited vertical itself', () => {
    expect(checkCommercePolicy('Hello', 'firearms')).toEqual([
      expect.objectContaining({ kind: 'WEAPONS', phrase: 'firearms', index: -1 }),
    ]);
    expect(verticalPolicy('dating').status).toBe('prohibited');
    expect(verticalPolicy('pharmacy').status).toBe('services_only');
    expect(verticalPolicy('gambling').status).toBe('regulated');
    expect(verticalPolicy('retail').status).toBe('allowed');
    expect(businessVerticals).toContain('clinic');
  });

  it('leaves ordinary retail wording alone and never throws', () => {
    expect(kinds('Your order {{1}} has shipped.', 'retail')).toEqual([]);
    expect(kinds('', 'retail')).toEqual([]);
    expect(kinds(42 as unknown as string, 'retail')).toEqual([]);
  });
});
