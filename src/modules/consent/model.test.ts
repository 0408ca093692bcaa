// Consent rules: state from history, opt-in wording, STOP intent.
import { describe, expect, it } from 'vitest';
import {
  checkOptInWording,
  deriveConsent,
  isStopRequest,
  lastTotalOptOut,
  type ConsentEvent,
} from './model.ts';

const ev = (
  category: string,
  action: 'opt_in' | 'opt_out',
  occurredAt: number,
  recordedAt = occurredAt,
): ConsentEvent => ({
  id: `${category}-${action}-${occurredAt}`,
  category,
  action,
  channel: 'api',
  wording: null,
  actor: 'customer',
  evidence: {},
  occurredAt,
  recordedAt,
  seq: 0,
  prevHash: '',
  hash: '',
  language: null,
  businessName: null,
  categorySet: [category],
  pseudonymised: false,
});

describe('deriveConsent', () => {
  it('takes the latest event per category, with "*" covering every category', () => {
    const state = deriveConsent(
      [
        ev('offers', 'opt_in', 1),
        ev('order_updates', 'opt_in', 2),
        ev('*', 'opt_out', 3),
        ev('offers', 'opt_in', 4),
      ],
      ['offers', 'order_updates'],
    );
    expect(state.offers!.state).toBe('opted_in');
    expect(state.order_updates!.state).toBe('opted_out');
  });
  it('orders by when it happened, not when it was recorded', () => {
    const state = deriveConsent([ev('offers', 'opt_out', 5, 6), ev('offers', 'opt_in', 1, 7)], ['offers']);
    expect(state.offers!.state).toBe('opted_out');
  });
  it('applies a total opt-out to a category opted in to that the list does not name (a list read before it was added)', () => {
    const state = deriveConsent([ev('loyalty_club', 'opt_in', 1), ev('*', 'opt_out', 2)], ['offers']);
    expect(state.loyalty_club!.state).toBe('opted_out');
    expect(state.offers!.state).toBe('opted_out');
  });
  it('reports none for categories without events', () => {
    expect(deriveConsent([], ['offers']).offers).toEqual({ state: 'none', since: null, channel: null });
  });
  it('knows when a total opt-out is still in force', () => {
    expect(lastTotalOptOut([ev('*', 'opt_out', 3)])).toBe(3);
    expect(lastTotalOptOut([ev('*', 'opt_out', 3), ev('offers', 'opt_in', 4)])).toBeNull();
  });
});

describe('checkOptInWording', () => {
  it('accepts wording that names the business and WhatsApp', () => {
    expect(
      checkOptInWording('Yes, Acme Coffee may send me order updates on WhatsApp.', 'Acme Coffee'),
    ).toEqual([]);
    expect(checkOptInWording('Ja, ACME-coffee mag mij via Whatsapp berichten sturen', 'Acme Coffee')).toEqual(
      [],
    );
  });
  it('points out a missing business name and a missing WhatsApp', () => {
    expect(checkOptInWording('Send me updates by SMS', 'Acme Coffee').map((p) => p.code)).toEqual([
      'business_name_missing',
      'whatsapp_missing',
    ]);
    expect(checkOptInWording('Acme may message me on WhatsApp', 'Acme Coffee').map((p) => p.code)).toEqual([
      'business_name_missing',
    ]);
  });
});

describe('isStopRequest', () => {
  it.each(['STOP', 'stop!', ' Stop. ', 'AFMELDEN', 'stoppen', 'Abmelden', 'STOPP', 'unsubscribe'])(
    '%s is a stop request',
    (t) => {
      expect(isStopRequest(t)).toBe(true);
    },
  );
  it.each([
    "don't stop sending",
    'STOP, o Zé não vem',
    'stopwatch',
    '',
    'please stop the delivery at my neighbour',
  ])('%s is not', (t) => {
    expect(isStopRequest(t)).toBe(false);
  });
});
