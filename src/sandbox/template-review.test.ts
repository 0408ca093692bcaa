// The sandbox's content review: marketing-worded UTILITY templates approved as MARKETING, sensitive-data requests rejected as SCAM.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphTemplateComponent } from '../wire/graph.ts';
import { marketingTermsIn, reviewContent, sensitiveRequestsIn } from './template-review.ts';
import { startTestRig, TEST_IDS, type TestRig } from './test-support.ts';

const W = TEST_IDS.wabaId;
const bodyOnly = (text: string): GraphTemplateComponent[] => [{ type: 'BODY', text }];

describe('the sandbox review heuristics', () => {
  it.each([
    ['Get 20% off your next order with code SPRING.', ['20% off']],
    ['Use this coupon before Friday.', ['coupon']],
    ['Limited time: shop now!', ['limited time', 'shop now']],
    ['Ontvang 10% korting op uw volgende bestelling.', ['korting', '10% korting']],
    ['Deze aanbieding is alleen vandaag geldig.', ['aanbieding', 'alleen vandaag']],
    ['Gratis verzending bij je bestelling.', ['gratis']],
    ['Ihr Gutschein über 10 € wartet auf Sie.', ['gutschein']],
    ['Unser Angebot: Versand kostenlos!', ['angebot', 'kostenlos']],
    ['Sichern Sie sich 15% Rabatt.', ['rabatt', '15% Rabatt']],
    ['Alles -30% dit weekend.', ['-30%']],
  ])('finds marketing wording in %j', (text, terms) => {
    expect(marketingTermsIn(text)).toEqual(terms);
  });

  it.each([
    'Your order 1234 has shipped and arrives tomorrow.',
    'Uw afspraak is bevestigd voor dinsdag.',
    'Ihre Bestellung wurde versandt.',
    'Your wholesale account has been renewed.',
    'Your salesperson will call you tomorrow.',
    'The interest rate moved within 2-3% this year.',
  ])('finds no marketing wording in %j', (text) => {
    expect(marketingTermsIn(text)).toEqual([]);
  });

  it.each([
    [
      'Please reply with your full card number and CVV to confirm.',
      ['payment card number', 'card security code'],
    ],
    ['Send us your password so we can fix your account.', ['password']],
    ['Stuur ons uw IBAN om de terugbetaling te regelen.', ['bank account number']],
    ['Geef uw BSN door via deze chat.', ['national ID number']],
    ['Bitte senden Sie uns Ihre Kontonummer.', ['bank account number']],
    ['Bitte geben Sie Ihre PIN hier ein.', ['PIN']],
  ])('finds a sensitive-data request in %j', (text, what) => {
    expect(sensitiveRequestsIn(text)).toEqual(what);
  });

  it.each([
    'Please confirm the last 4 digits of your card.',
    'Bevestig de laatste 4 cijfers van uw rekeningnummer.',
    'We will never ask for your password or PIN.',
    'Wij vragen nooit om uw wachtwoord.',
    'Your IBAN ending in 1234 was charged.',
  ])('lets %j through', (text) => {
    expect(sensitiveRequestsIn(text)).toEqual([]);
  });

  it('re-categorises UTILITY only; sensitive requests are rejected in any category', () => {
    expect(reviewContent('UTILITY', bodyOnly('Enjoy a free gift with your order.'))).toEqual({
      verdict: 'APPROVE',
      category: 'MARKETING',
      marketingTerms: ['free gift'],
    });
    expect(reviewContent('MARKETING', bodyOnly('Enjoy a free gift with your order.'))).toMatchObject({
      verdict: 'APPROVE',
      category: 'MARKETING',
    });
    expect(reviewContent('UTILITY', bodyOnly('Your order has shipped.'))).toMatchObject({
      category: 'UTILITY',
    });
    expect(reviewContent('MARKETING', bodyOnly('Sale! Reply with your card number to claim it.'))).toEqual({
      verdict: 'REJECT',
      reason: 'SCAM',
      sensitive: ['payment card number'],
    });
    // Button labels are content too.
    expect(
      reviewContent('UTILITY', [
        { type: 'BODY', text: 'Your order has shipped.' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Shop now' }] },
      ]),
    ).toMatchObject({ category: 'MARKETING' });
  });
});

describe('sandbox template review through the Graph API', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startTestRig();
  });
  afterEach(async () => rig.close());

  const create = (name: string, category: string, text: string) =>
    rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/v23.0/${W}/message_templates`,
      headers: rig.auth,
      payload: { name, category, language: 'en', components: [{ type: 'BODY', text }] },
    });

  it('approves a UTILITY template with a discount as MARKETING, with the category webhook', async () => {
    const r = await create('order_discount', 'UTILITY', 'Your order shipped. Enjoy 10% off your next one!');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: expect.any(String), status: 'PENDING', category: 'MARKETING' });
    const id = Number(r.json().id);
    await rig.sandbox.drain();
    expect(rig.changes('message_template_status_update')).toEqual([
      {
        event: 'APPROVED',
        message_template_id: id,
        message_template_name: 'order_discount',
        message_template_language: 'en',
        reason: 'NONE',
        message_template_category: 'MARKETING',
      },
    ]);
    expect(rig.changes('template_category_update')).toEqual([
      {
        message_template_id: id,
        message_template_name: 'order_discount',
        message_template_language: 'en',
        previous_category: 'UTILITY',
        new_category: 'MARKETING',
      },
    ]);
    const one = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${id}?fields=category,previous_category,status`,
      headers: rig.auth,
    });
    expect(one.json()).toEqual({
      category: 'MARKETING',
      previous_category: 'UTILITY',
      status: 'APPROVED',
      id: String(id),
    });
  });

  it('keeps a plain UTILITY template UTILITY, without a category webhook', async () => {
    const r = await create('order_shipped', 'UTILITY', 'Your order has shipped and arrives tomorrow.');
    expect(r.json().category).toBe('UTILITY');
    await rig.sandbox.drain();
    expect(rig.changes('message_template_status_update')[0]).toMatchObject({
      event: 'APPROVED',
      message_template_category: 'UTILITY',
    });
    expect(rig.changes('template_category_update')).toEqual([]);
  });

  it('rejects a template asking for sensitive data with reason SCAM and no rejection_info', async () => {
    const r = await create(
      'verify_card',
      'UTILITY',
      'To keep your account open, reply with your card number and CVV today.',
    );
    expect(r.json()).toMatchObject({ status: 'PENDING' });
    await rig.sandbox.drain();
    expect(rig.changes('message_template_status_update')).toEqual([
      {
        event: 'REJECTED',
        message_template_id: Number(r.json().id),
        message_template_name: 'verify_card',
        message_template_language: 'en',
        reason: 'SCAM',
        message_template_category: 'UTILITY',
      },
    ]);
    const one = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${r.json().id}`,
      headers: rig.auth,
    });
    expect(one.json()).toMatchObject({ status: 'REJECTED', rejected_reason: 'SCAM' });
    const send = await rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/v23.0/${TEST_IDS.phoneNumberId}/messages`,
      headers: rig.auth,
      payload: {
        messaging_product: 'whatsapp',
        to: '31612000001',
        type: 'template',
        template: { name: 'verify_card', language: { code: 'en' } },
      },
    });
    expect(send.json().error.code).toBe(132001);
  });

  it('approves asking for the last 4 digits', async () => {
    await create('verify_last4', 'UTILITY', 'Please confirm the last 4 digits of the card you paid with.');
    await rig.sandbox.drain();
    expect(rig.changes('message_template_status_update')[0]).toMatchObject({ event: 'APPROVED' });
  });
});
