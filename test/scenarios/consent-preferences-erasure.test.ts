// The preference center through a signed link, and erasure that pseudonymises the ledger and keeps it verifying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { templateReasons } from '../support/consent.ts';
import { approvedTemplate, WEEKLY_OFFER } from '../support/templates.ts';
import { startHarnessOn, type Harness } from '../support/harness.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

for (const database of testDatabases()) {
  describe(`[${database.name}] consent preference center and erasure`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, WEEKLY_OFFER);
    });
    afterAll(async () => {
      await h?.stop();
    });

    const eventCount = async (phone: string) =>
      (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/consent`)).body.events.length;

    it('lets the person choose categories on a signed link, recorded as website/customer with the page wording', async () => {
      const link = await h.api('POST', '/v1/contacts/%2B31633300001/preference-link', { ttlSeconds: 3600 });
      expect(link.status).toBe(201);
      expect(link.body.url).toMatch(/\/p\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(Date.parse(link.body.expiresAt) - h.platform.clock.now()).toBeCloseTo(3_600_000, -3);
      const path = new URL(link.body.url).pathname;
      const page = await h.raw('GET', path, undefined);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Acme Coffee');
      expect(page.body).toContain('value="offers"');
      expect(await templateReasons(h, '+31633300001', 'weekly_offer')).toEqual(['consent.missing']);

      const saved = await h.raw('POST', path, 'category=offers&category=order_updates&intent=save', {
        ...form,
        'user-agent': 'Mozilla/5.0 test',
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toContain('Your choices are saved');
      const c = (await h.api('GET', '/v1/contacts/%2B31633300001/consent')).body;
      expect(c.categories.offers.state).toBe('opted_in');
      expect(c.events[0]).toMatchObject({
        channel: 'website',
        actor: 'customer',
        wording: expect.stringContaining('from Acme Coffee on WhatsApp'),
        evidence: { via: 'preference_center', userAgent: 'Mozilla/5.0 test', ip: expect.any(String) },
      });
      expect(await templateReasons(h, '+31633300001', 'weekly_offer')).toEqual([]);

      // Unticking offers is an opt-out of offers; the policy follows.
      await h.raw('POST', path, 'category=order_updates&intent=save', form);
      expect(await templateReasons(h, '+31633300001', 'weekly_offer')).toEqual(['consent.opted_out']);
      const bad = await h.raw('POST', path, 'category=lottery', form);
      expect(bad.status).toBe(422);
    });

    it('refuses forged, tampered, malformed and expired links and records nothing', async () => {
      const link = await h.api('POST', '/v1/contacts/%2B31633300002/preference-link', { ttlSeconds: 60 });
      const path = new URL(link.body.url).pathname;
      const [body, sig] = path.slice(3).split('.') as [string, string];
      const other = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), w: '31633300009' }),
      ).toString('base64url');
      const attempts: [string, number][] = [
        [`/p/${other}.${sig}`, 403],
        [`/p/${body}.${sig.slice(0, -2)}xx`, 403],
        ['/p/not-a-token', 400],
      ];
      for (const [p, status] of attempts) {
        expect((await h.raw('GET', p, undefined)).status).toBe(status);
        const post = await h.raw('POST', p, 'category=offers', form);
        expect(post.status).toBe(status);
        expect(post.body).toContain('This link cannot be used');
      }
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 120 }), {
        'content-type': 'application/json',
      });
      expect((await h.raw('POST', path, 'category=offers', form)).status).toBe(410);
      expect(await eventCount('+31633300002')).toBe(0);
      expect(await eventCount('+31633300009')).toBe(0);
      expect(
        (await h.api('POST', '/v1/contacts/%2B31633300002/preference-link', { ttlSeconds: 1 })).status,
      ).toBe(400);
    });

    it('erases: pseudonymised ledger that still verifies, a suppressed salted number, and only a new opt-in lifts it', async () => {
      await h.api('POST', '/v1/contacts/%2B31633300003/opt-ins', {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
        evidence: { ip: '203.0.113.9', userAgent: 'Safari', name: 'Ann de Vries', formId: 'checkout' },
      });
      expect(await templateReasons(h, '+31633300003', 'weekly_offer')).toEqual([]);
      expect((await h.api('DELETE', '/v1/contacts/%2B31633300003')).status).toBe(200);

      const k = h.platform.db.kysely;
      const rows = await k.selectFrom('consent_events').selectAll().execute();
      const text = JSON.stringify(rows);
      expect(text).not.toContain('31633300003');
      expect(text).not.toContain('203.0.113.9');
      expect(text).not.toContain('Ann de Vries');
      expect(text).toContain('checkout');
      const suppressions = await k.selectFrom('suppressions').selectAll().execute();
      expect(suppressions).toHaveLength(1);
      expect(JSON.stringify(suppressions)).not.toContain('31633300003');

      expect((await h.api('GET', '/v1/consent/verify')).body).toMatchObject({ ok: true });
      const proof = (await h.api('GET', '/v1/contacts/%2B31633300003/consent/proof')).body;
      expect(proof.contact.suppressed).toBe(true);
      expect(proof.verification.contact.ok).toBe(true);
      expect(proof.events.every((e: any) => e.pseudonymised)).toBe(true);
      expect(proof.events[0].evidence).toEqual({ formId: 'checkout' });
      expect(await templateReasons(h, '+31633300003', 'weekly_offer')).toEqual(
        expect.arrayContaining(['contact.suppressed']),
      );

      // An import cannot bring the number back; the person's own new opt-in can.
      const imported = await h.api('POST', '/v1/contacts/%2B31633300003/opt-ins', {
        categories: ['offers'],
        channel: 'import',
        actor: 'import',
        wording: 'Acme Coffee may send me offers on WhatsApp',
      });
      expect([imported.status, imported.body.error.code]).toEqual([409, 'contact.suppressed']);
      const again = await h.api('POST', '/v1/contacts/%2B31633300003/opt-ins', {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
      });
      expect(again.status).toBe(201);
      expect(await templateReasons(h, '+31633300003', 'weekly_offer')).toEqual([]);
      expect((await h.api('GET', '/v1/consent/verify')).body).toMatchObject({ ok: true });
    });
  });
}
