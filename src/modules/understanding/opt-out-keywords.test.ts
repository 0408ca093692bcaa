// Opt-out intent: whole-message keywords in seven languages, not substrings; payloads; confirmations.
import { describe, expect, it } from 'vitest';
import {
  allDefaultOptOutKeywords,
  matchOptOutPayload,
  matchOptOutText,
  optOutConfirmationText,
} from './opt-out-keywords.ts';

const opts = { keywords: allDefaultOptOutKeywords(), categories: ['offers', 'order_updates'] };

describe('matchOptOutText', () => {
  it.each([
    'STOP',
    'stop!',
    'Stop.',
    ' stop ',
    'STOP please',
    'Afmelden',
    'stopp',
    'Abmelden bitte',
    'arrêt',
    'BAJA',
    'parar',
    'basta',
    'disiscrivimi',
    'Unsubscribe 🙏',
  ])('matches %j', (t) => expect(matchOptOutText(t, opts)).toMatchObject({ scope: 'all' }));
  it.each([
    'STOP, o Zé não vem',
    "don't stop sending",
    'please stop by the shop',
    'stop it now or else',
    'when does the store stop',
    'cancel',
    '',
  ])('does not match %j', (t) => expect(matchOptOutText(t, opts)).toBeNull());
  it('reads a category after the keyword', () => {
    expect(matchOptOutText('STOP offers', opts)).toMatchObject({
      scope: 'categories',
      categories: ['offers'],
    });
    expect(matchOptOutText('stop order updates', opts)).toMatchObject({ categories: ['order_updates'] });
  });
  it('knows the language of the keyword, for the confirmation', () => {
    expect(matchOptOutText('afmelden', opts)?.language).toBe('nl');
    expect(matchOptOutText('abbestellen', opts)?.language).toBe('de');
  });
});

describe('matchOptOutPayload', () => {
  it('reads total and per-category payloads', () => {
    expect(matchOptOutPayload('STOP', opts.categories)).toEqual({ scope: 'all' });
    expect(matchOptOutPayload('UNSUBSCRIBE_ALL', opts.categories)).toEqual({ scope: 'all' });
    expect(matchOptOutPayload('UNSUBSCRIBE:offers', opts.categories)).toEqual({
      scope: 'categories',
      categories: ['offers'],
    });
    expect(matchOptOutPayload('UNSUBSCRIBE:lottery', opts.categories)).toEqual({ scope: 'all' });
    expect(matchOptOutPayload('ORDER_STATUS', opts.categories)).toBeNull();
  });
});

describe('optOutConfirmationText', () => {
  it('confirms in the language used, naming the business', () => {
    expect(optOutConfirmationText('nl', 'Acme', { scope: 'all' })).toBe(
      'Je ontvangt geen WhatsApp-berichten meer van Acme.',
    );
    expect(
      optOutConfirmationText(null, 'Acme', { scope: 'categories', categories: ['order_updates'] }),
    ).toContain('order updates');
  });
});
