// The consent ledger end to end: categories, wording check, hash chain and its verification, proof, odd input, policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { templateReasons } from '../support/consent.ts';
import { approvedTemplate, ORDER_PACKED, WEEKLY_OFFER } from '../support/templates.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const ANN = '%2B31611122233';
const ANN_E164 = '+31611122233';

for (const database of testDatabases()) {
  describe(`[${database.name}] consent ledger`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, { ...WEEKLY_OFFER, name: 'coffee_offer' });
      await approvedTemplate(h, { ...ORDER_PACKED, name: 'order_note' });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('seeds the default categories and takes new ones; unknown categories are refused', async () => {
      const list = (await h.api('GET', '/v1/consent/categories')).body.categories;
      expect(Object.fromEntries(list.map((c: any) => [c.name, c.templateCategory]))).toEqual({
        order_updates: 'UTILITY',
        appointment_reminders: 'UTILITY',
        offers: 'MARKETING',
        account_security: 'AUTHENTICATION',
      });
      const added = await h.api('POST', '/v1/consent/categories', {
        name: 'newsletter',
        templateCategory: 'MARKETING',
        description: 'The monthly coffee letter',
      });
      expect(added.status).toBe(201);
      expect(
        (await h.api('POST', '/v1/consent/categories', { name: 'newsletter', templateCategory: 'UTILITY' }))
          .body.error.code,
      ).toBe('consent.category_exists');
      expect(
        (await h.api('POST', '/v1/consent/categories', { name: 'Bad Name!', templateCategory: 'UTILITY' }))
          .body.error.code,
      ).toBe('consent.category_invalid');
      const unknown = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers', 'lottery'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
      });
      expect([unknown.status, unknown.body.error.code, unknown.body.error.details.unknown]).toEqual([
        422,
        'consent.category_unknown',
        ['lottery'],
      ]);
      // Nothing half-written: the valid category of the refused request was not recorded either.
      expect((await h.api('GET', `/v1/contacts/${ANN}/consent`)).body.events).toEqual([]);
    });

    it('rejects wording without the business or WhatsApp, in the language of the wording', async () => {
      const nl = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        wording: 'Ja, Acme Coffee mag mij berichten sturen met aanbiedingen.',
      });
      expect(nl.status).toBe(422);
      expect(nl.body.error.code).toBe('consent.wording_invalid');
      expect(nl.body.error.details.problems).toEqual([
        expect.objectContaining({
          code: 'whatsapp_missing',
          part: 'channel',
          language: 'nl',
          message: expect.stringContaining('via WhatsApp'),
        }),
      ]);
      const de = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        wording: 'Ich möchte Angebote per WhatsApp erhalten.',
      });
      expect(de.body.error.details.problems).toEqual([
        expect.objectContaining({
          code: 'business_name_missing',
          language: 'de',
          message: expect.stringContaining('Acme Coffee'),
        }),
      ]);
      const told = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        language: 'fr',
        wording: 'Send me things',
      });
      expect(told.body.error.details.problems.map((p: any) => [p.code, p.language])).toEqual([
        ['business_name_missing', 'fr'],
        ['whatsapp_missing', 'fr'],
      ]);
      expect(await templateReasons(h, ANN_E164, 'coffee_offer')).toContain('consent.missing');
    });

    it('records an opt-in with its evidence in the chain, and the policy then allows the template', async () => {
      const r = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers', 'newsletter'],
        channel: 'website',
        wording: 'Ja, Acme Coffee mag mij aanbiedingen sturen via WhatsApp.',
        evidence: { ip: '203.0.113.7', userAgent: 'Firefox/140', formId: 'footer' },
      });
      expect(r.status).toBe(201);
      expect(r.body.events).toHaveLength(2);
      expect(r.body.events[0]).toMatchObject({
        action: 'opt_in',
        channel: 'website',
        actor: 'customer',
        language: 'nl',
        businessName: 'Acme Coffee',
        categorySet: ['offers', 'newsletter'],
        evidence: { ip: '203.0.113.7', userAgent: 'Firefox/140', formId: 'footer' },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(r.body.events[1].prevHash).toBe(r.body.events[0].hash);
      expect(await templateReasons(h, ANN_E164, 'coffee_offer')).toEqual([]);
      // A utility template needs its own category: offers do not cover order updates.
      expect(await templateReasons(h, ANN_E164, 'order_note')).toEqual(['consent.missing']);

      const view = (await h.api('GET', `/v1/contacts/${ANN}/consent`)).body;
      expect(view.categories.offers.state).toBe('opted_in');
      expect(view.categories.newsletter.state).toBe('opted_in');
      expect(view.chain).toEqual({ ok: true, events: 2, broken: null });
      const verify = (await h.api('GET', '/v1/consent/verify')).body;
      expect(verify).toMatchObject({ ok: true, events: 2 });
    });

    it("Meta's marketing stop opts out of every MARKETING category of the business, and only those", async () => {
      await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['order_updates'],
        channel: 'paper',
        actor: 'agent',
        wording: 'I agree that Acme Coffee sends me order updates on WhatsApp.',
        evidence: { documentSha256: 'a'.repeat(64) },
      });
      await h.raw(
        'POST',
        '/sandbox/customers/31611122233/actions',
        JSON.stringify({ action: 'stop_marketing' }),
        {
          'content-type': 'application/json',
        },
      );
      const view = await eventually(async () => {
        const v = (await h.api('GET', `/v1/contacts/${ANN}/consent`)).body;
        return v.categories.offers.state === 'opted_out' ? v : undefined;
      }, 'the marketing stop');
      expect(view.categories.newsletter.state).toBe('opted_out');
      expect(view.categories.order_updates.state).toBe('opted_in');
      expect(await templateReasons(h, ANN_E164, 'coffee_offer')).toEqual(['consent.opted_out']);
      expect(await templateReasons(h, ANN_E164, 'order_note')).toEqual([]);
    });

    it('exports the proof as JSON and as an escaped, printable HTML page', async () => {
      await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['appointment_reminders'],
        channel: 'website',
        wording: 'Acme Coffee may remind me of <b>appointments</b> on WhatsApp',
        evidence: { name: '<script>alert(1)</script>', ip: '198.51.100.1' },
      });
      const proof = (await h.api('GET', `/v1/contacts/${ANN}/consent/proof`)).body;
      expect(proof.business.name).toBe('Acme Coffee');
      expect(proof.contact).toEqual({ phone: ANN_E164, suppressed: false });
      expect(proof.verification.contact.ok).toBe(true);
      expect(proof.verification.chain).toMatchObject({ ok: true });
      expect(proof.events.map((e: any) => e.seq)).toEqual(
        [...proof.events.map((e: any) => e.seq)].sort((a, b) => a - b),
      );
      const html = await h.api('GET', `/v1/contacts/${ANN}/consent/proof.html`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.body).toContain('Consent proof');
      expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html.body).not.toContain('<script>alert');
      expect(html.body).toContain('&lt;b&gt;appointments&lt;/b&gt;');
      expect(html.body).toContain(proof.events[0].hash);
      expect(html.body).toContain('Verified');
    });

    it('takes numbers as people type them, and refuses ones without a country code', async () => {
      const spaced = await h.api('GET', `/v1/contacts/%2B31%206%201112%202233/consent`);
      expect(spaced.status).toBe(200);
      expect(spaced.body.phone).toBe(ANN_E164);
      expect((await h.api('GET', `/v1/contacts/0031-6-11122233/consent`)).body.phone).toBe(ANN_E164);
      const national = await h.api('GET', `/v1/contacts/0611122233/consent`);
      expect([national.status, national.body.error.code, national.body.error.details.reason]).toEqual([
        422,
        'contact.phone_invalid',
        'country_code_missing',
      ]);
      expect((await h.api('GET', `/v1/contacts/%2B999/consent`)).body.error.code).toBe(
        'contact.phone_invalid',
      );
    });

    it('refuses huge bodies and oversized evidence with a clear 4xx', async () => {
      const huge = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
        evidence: { blob: 'x'.repeat(1_100_000) },
      });
      expect([huge.status, huge.body.error.code]).toEqual([413, 'request.too_large']);
      const big = await h.api('POST', `/v1/contacts/${ANN}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
        evidence: { blob: 'x'.repeat(20_000) },
      });
      expect([big.status, big.body.error.code]).toEqual([422, 'consent.evidence_too_large']);
    });

    it('finds the first changed event when someone edits the ledger behind our back', async () => {
      const k = h.platform.db.kysely;
      const before = (await h.api('GET', '/v1/consent/verify')).body;
      expect(before.ok).toBe(true);
      const victim = await k
        .selectFrom('consent_events')
        .select(['id', 'seq'])
        .where('category', '=', 'order_updates')
        .executeTakeFirstOrThrow();
      await k.updateTable('consent_events').set({ actor: 'customer' }).where('id', '=', victim.id).execute();
      const after = (await h.api('GET', '/v1/consent/verify')).body;
      expect(after).toMatchObject({
        ok: false,
        broken: { eventId: victim.id, seq: victim.seq, reason: 'hash_mismatch' },
      });
      expect((await h.api('GET', `/v1/contacts/${ANN}/consent`)).body.chain).toMatchObject({
        ok: false,
        broken: { eventId: victim.id },
      });
      // Removing the last event is caught by the chain head.
      await k.updateTable('consent_events').set({ actor: 'agent' }).where('id', '=', victim.id).execute();
      const last = await k
        .selectFrom('consent_events')
        .select('id')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      await k.deleteFrom('consent_events').where('id', '=', last.id).execute();
      expect((await h.api('GET', '/v1/consent/verify')).body).toMatchObject({
        ok: false,
        broken: { reason: 'head_mismatch' },
      });
    });
  });
}
