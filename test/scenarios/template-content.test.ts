// Template content is judged before Meta sees it: marketing in UTILITY, sensitive-data requests, commerce policy,
// and hostile input, each a 422 with the problems listed and never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { startHarnessOn, type Harness } from '../support/harness.ts';

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
});
