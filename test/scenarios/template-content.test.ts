// Template content is judged before Meta sees it: marketing in UTILITY, sensitive-data requests, commerce policy,
// and hostile input, each a 422 with the problems listed and never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const database = testDatabases()[0]!;
const body = (text: string, example?: string[][]) => ({
  type: 'BODY',
  text,
  ...(example ? { example: { body_text: example } } : {}),
});

describe(`[${database.name}] template content checks`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarnessOn(database);
  });
  afterAll(() => h?.stop());
  const create = (t: Record<string, unknown>) =>
    h.api('POST', '/v1/templates', { language: 'en', category: 'UTILITY', ...t });
  const codes = (r: { body: any }) =>
    (r.body.error?.details?.problems ?? []).map((p: { code: string }) => p.code);

  it('catches marketing wording in a UTILITY template and suggests MARKETING', async () => {
    const r = await create({
      name: 'promo_in_utility',
      components: [
        body('Your order {{1}} has shipped. Use code SAVE20 for 20% off your next order!', [['A-1']]),
      ],
    });
    expect(r.status).toBe(422);
    expect(codes(r)).toEqual(['template.marketing_in_utility']);
    expect(r.body.error.details.problems[0].message).toMatch(/MARKETING/);
    const ok = await create({
      name: 'promo_as_marketing',
      category: 'MARKETING',
      components: [body('Use code SAVE20 for 20% off your next order, {{1}}!', [['Ann']])],
    });
    expect(ok.status).toBe(201);
  });

  it('catches requests for sensitive data in EN, NL and DE, but not for the last 4 digits', async () => {
    for (const [language, text] of [
      ['en', 'Hi {{1}}, please reply with your full card number and CVV to confirm.'],
      ['nl', 'Hoi {{1}}, stuur ons je BSN en IBAN om je account te verifiëren.'],
      ['de', 'Hallo {{1}}, bitte senden Sie uns Ihre IBAN und Ihr Passwort.'],
    ] as const) {
      const r = await create({ name: `ask_${language}`, language, components: [body(text, [['Ann']])] });
      expect(r.status, text).toBe(422);
      expect(codes(r), text).toContain('template.sensitive_data_request');
    }
    const fine = await create({
      name: 'last_four',
      components: [body('Hi {{1}}, please confirm the last 4 digits of the card you paid with.', [['Ann']])],
    });
    expect(fine.status).toBe(201);
  });

  it("checks Meta's commerce policy against the business vertical", async () => {
    const v = await h.api('PATCH', '/v1/business', { vertical: 'pharmacy' });
    expect(v.status).toBe(200);
    expect(v.body.vertical).toBe('pharmacy');
    const sell = await create({
      name: 'sell_meds',
      category: 'MARKETING',
      components: [body('Order your medication now and get it delivered today, {{1}}.', [['Ann']])],
    });
    expect(sell.status).toBe(422);
    expect(codes(sell)).toContain('template.commerce_policy');
    const service = await create({
      name: 'flu_shot',
      components: [body('Hi {{1}}, your flu vaccination appointment is confirmed for tomorrow.', [['Ann']])],
    });
    expect(service.status).toBe(201);
    expect((await h.api('PATCH', '/v1/business', { vertical: 'spaceships' })).status).toBe(400);
  });

  it("takes the consent category from the business's own categories", async () => {
    const add = await h.api('POST', '/v1/consent/categories', {
      name: 'loyalty_club',
      templateCategory: 'MARKETING',
    });
    expect(add.status).toBe(201);
    const own = await create({
      name: 'club_news',
      category: 'MARKETING',
      consentCategory: 'loyalty_club',
      components: [body('New in the club this month, {{1}}: tasting evenings.', [['Ann']])],
    });
    expect(own.status).toBe(201);
    expect(own.body.consentCategory).toBe('loyalty_club');
    const unknown = await create({
      name: 'club_unknown',
      category: 'MARKETING',
      consentCategory: 'no_such_category',
      components: [body('New in the club this month, {{1}}: tasting evenings.', [['Ann']])],
    });
    expect(codes(unknown)).toEqual(['template.consent_category_unknown']);
    expect(unknown.body.error.details.problems[0].message).toMatch(/loyalty_club/);
    const mismatch = await create({
      name: 'offers_on_order_consent',
      category: 'MARKETING',
      consentCategory: 'order_updates',
      components: [body('New in the club this month, {{1}}: tasting evenings.', [['Ann']])],
    });
    expect(codes(mismatch)).toEqual(['template.consent_category_mismatch']);
  });

  it('counts code points the same way as the sandbox: 1024 emoji fit, 1025 do not', async () => {
    const fits = await create({
      name: 'emoji_fit',
      category: 'MARKETING',
      components: [body('😀'.repeat(1024))],
    });
    expect(fits.status).toBe(201);
    const over = await create({
      name: 'emoji_over',
      category: 'MARKETING',
      components: [body('😀'.repeat(1025))],
    });
    expect(codes(over)).toContain('template.text_too_long');
  });

  it('answers deeply nested, unknown and wrongly typed components with problems, never a 500', async () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 200; i++) nested = { a: nested };
    for (const components of [
      [{ type: 'BODY', text: 42 }],
      [{ type: 'CAROUSEL_OF_DOOM' }, body('Hello there, friend.')],
      [{ type: 'BODY', text: 'Hello {{1}} there, my friend.', example: nested }],
      [body('Hello {{1}}{{2}} there, friend, how are you today?', [['a', 'b']])],
      [body('{{1}} is the start of this body text here.', [['a']])],
    ]) {
      const r = await create({ name: 'hostile', components });
      expect(r.status, JSON.stringify(components).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('denies free-form messages that ask for sensitive data, before anything reaches Meta', async () => {
    const customer = '+31612345670';
    const w = await h.raw(
      'POST',
      '/sandbox/customers/31612345670/messages',
      JSON.stringify({ text: 'Hallo' }),
      {
        'content-type': 'application/json',
      },
    );
    expect(w.status).toBeLessThan(300);
    await eventually(
      async () => (await h.api('POST', '/v1/policy/check', { to: customer, text: 'Fijn!' })).body.allowed,
      'the window to open',
    );
    const reasonsOf = (r: { body: any }) =>
      (r.body.error?.details?.reasons ?? []).map((x: { code: string }) => x.code);
    for (const content of [
      { text: 'Stuur ons even je IBAN en BSN, dan regelen we de terugbetaling.' },
      { text: 'Please reply with your full card number so we can refund you.' },
      {
        interactive: {
          type: 'button',
          body: { text: 'Bitte senden Sie uns Ihr Passwort, damit wir Ihr Konto prüfen können.' },
          action: { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] },
        },
      },
      {
        media: {
          type: 'image',
          link: 'https://example.com/a.png',
          caption: 'Reply with your CVV code please',
        },
      },
    ]) {
      const r = await h.api('POST', '/v1/messages', { to: customer, ...content });
      expect(r.status, JSON.stringify(content)).toBe(422);
      expect(reasonsOf(r)).toEqual(['content.sensitive_data_request']);
    }
    const before = (await h.raw('GET', '/sandbox/customers/31612345670/inbox', undefined)).body.data.length;
    expect(before).toBe(0);
    const fine = await h.api('POST', '/v1/messages', {
      to: customer,
      text: 'Could you confirm the last 4 digits of the card you paid with?',
    });
    expect(fine.status).toBe(202);
    const check = await h.api('POST', '/v1/policy/check', { to: customer, text: 'What is your IBAN?' });
    expect(check.body).toMatchObject({
      allowed: false,
      reasons: [{ code: 'content.sensitive_data_request' }],
    });
  });
});
