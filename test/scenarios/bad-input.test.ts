// Bad input gets a 4xx with a stable code: never a 500, never a crash, never a partial write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { startHarnessOn, type Harness } from '../support/harness.ts';

const database = testDatabases()[0]!;

describe(`[${database.name}] bad input`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarnessOn(database);
  });
  afterAll(() => h?.stop());

  const outboxSize = async () =>
    Number(
      (
        await h.platform.db.kysely
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers malformed JSON with 400 request.malformed_json', async () => {
    const r = await h.raw('POST', '/v1/messages', '{"to": "+3161', {
      authorization: 'Bearer glk_test_key_0123456789abcdef',
      'content-type': 'application/json',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('request.malformed_json');
  });

  it('answers a body over 1 MB with 413 request.too_large', async () => {
    const r = await h.api('POST', '/v1/messages', { to: '+31612345678', text: 'x'.repeat(1_100_000) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('request.too_large');
  });

  it('rejects unknown fields and wrong types with 400 request.invalid and the problems', async () => {
    const r = await h.api('POST', '/v1/messages', { to: '+31612345678', text: 'hi', colour: 'green' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('request.invalid');
    expect(r.body.error.details.problems[0]).toMatchObject({ keyword: 'additionalProperties' });
    const t = await h.api('POST', '/v1/messages', { to: 31612345678, text: 'hi' });
    expect(t.status).toBe(400);
  });

  it('rejects invalid phone numbers through libphonenumber with a stable code', async () => {
    for (const to of ['+31 6', '0612345678', '+999123456789', 'hello']) {
      const r = await h.api('POST', '/v1/messages', { to, text: 'hi' });
      expect(r.status, to).toBe(422);
      expect(r.body.error.code, to).toBe('message.to_invalid');
    }
    const c = await h.api('GET', '/v1/contacts/not-a-number/consent');
    expect(c.status).toBe(422);
    expect(c.body.error.code).toBe('contact.phone_invalid');
  });

  it('asks for exactly one kind of content', async () => {
    const r = await h.api('POST', '/v1/messages', { to: '+31612345678' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('message.content_invalid');
  });

  it('answers a missing, malformed or wrong API key with 401 and a code', async () => {
    expect((await h.raw('GET', '/v1/business', undefined)).body.error.code).toBe('auth.missing');
    const malformed = await h.raw('GET', '/v1/business', undefined, { authorization: 'Basic abc' });
    expect([malformed.status, malformed.body.error.code]).toEqual([401, 'auth.malformed']);
    const wrong = await h.raw('GET', '/v1/business', undefined, {
      authorization: 'Bearer glk_nope_nope_nope_nope',
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'auth.invalid']);
  });

  it('rejects opt-in wording that does not name the business or WhatsApp, pointing out the problem', async () => {
    const r = await h.api('POST', '/v1/contacts/%2B31612345678/opt-ins', {
      categories: ['offers'],
      channel: 'website',
      wording: 'Yes, send me offers by SMS.',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('consent.wording_invalid');
    expect(r.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'business_name_missing',
      'whatsapp_missing',
    ]);
    const unknown = await h.api('POST', '/v1/contacts/%2B31612345678/opt-ins', {
      categories: ['spam'],
      channel: 'website',
      wording: 'Acme Coffee on WhatsApp',
    });
    expect(unknown.body.error.code).toBe('consent.category_unknown');
    const events = (await h.api('GET', '/v1/contacts/%2B31612345678/consent')).body.events;
    expect(events).toEqual([]);
  });

  it('lists every problem of an invalid template', async () => {
    const r = await h.api('POST', '/v1/templates', {
      name: 'Bad Name',
      language: 'english',
      category: 'PROMO',
      components: [{ type: 'FOOTER', text: 'x'.repeat(61) }],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('template.invalid');
    expect(r.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining([
        'template.name_invalid',
        'template.language_invalid',
        'template.category_invalid',
        'template.body_missing',
        'template.text_too_long',
      ]),
    );
  });

  it('keeps an Idempotency-Key bound to its first request', async () => {
    await h.raw('POST', '/sandbox/customers/31611111111/messages', JSON.stringify({ text: 'hello' }), {
      'content-type': 'application/json',
    });
    await new Promise((r) => setTimeout(r, 300));
    const first = await h.api(
      'POST',
      '/v1/messages',
      { to: '+31611111111', text: 'one' },
      { 'idempotency-key': 'k-1' },
    );
    expect(first.status).toBe(202);
    const replay = await h.api(
      'POST',
      '/v1/messages',
      { to: '+31611111111', text: 'one' },
      { 'idempotency-key': 'k-1' },
    );
    expect(replay.body.id).toBe(first.body.id);
    const other = await h.api(
      'POST',
      '/v1/messages',
      { to: '+31611111111', text: 'two' },
      { 'idempotency-key': 'k-1' },
    );
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency.conflict');
  });

  it('writes nothing to the outbox for any rejected request', async () => {
    const before = await outboxSize();
    await h.api('POST', '/v1/messages', { to: '+31612345678', text: 'hi', colour: 'green' });
    await h.api('POST', '/v1/messages', { to: 'hello', text: 'hi' });
    await h.api('POST', '/v1/messages', { to: '+31699999999', text: 'no window' });
    expect(await outboxSize()).toBe(before);
  });

  it('answers unknown routes and messages with 404 codes', async () => {
    expect((await h.api('GET', '/v1/nothing')).body.error.code).toBe('route.not_found');
    expect((await h.api('GET', '/v1/messages/msg_unknown')).body.error.code).toBe('message.not_found');
  });
});
