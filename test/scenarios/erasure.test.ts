// Erasure on request: the contact's personal data goes, and the number stays suppressed for every send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };

for (const database of testDatabases()) {
  describe(`[${database.name}] erasure`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
    });
    afterAll(() => h?.stop());

    it('erases the profile and message texts, keeps the number suppressed, and keeps it so when they write again', async () => {
      await h.raw(
        'POST',
        '/sandbox/customers/31655544433/messages',
        JSON.stringify({ text: 'My address is Kerkstraat 1', name: 'Ann de Vries' }),
        json,
      );
      await eventually(
        async () => (await h.api('POST', '/v1/policy/check', { to: '+31655544433', text: 'x' })).body.allowed,
        'the window',
      );
      await h.api('POST', '/v1/contacts/%2B31655544433/opt-ins', {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp',
      });
      const erased = await h.api('DELETE', '/v1/contacts/%2B31655544433');
      expect(erased.status).toBe(200);
      expect(erased.body).toEqual({ phone: '+31655544433', erased: true, suppressed: true });

      const k = h.platform.db.kysely;
      expect(
        await k
          .selectFrom('contacts')
          .select(['profile_name', 'erased_at'])
          .where('wa_id', '=', '31655544433')
          .executeTakeFirst(),
      ).toMatchObject({
        profile_name: null,
        erased_at: expect.any(Number),
      });
      const texts = await k
        .selectFrom('inbound_messages')
        .select(['text', 'payload'])
        .where('wa_id', '=', '31655544433')
        .execute();
      expect(texts.every((t) => t.text === null && !t.payload.includes('Kerkstraat'))).toBe(true);

      const consent = (await h.api('GET', '/v1/contacts/%2B31655544433/consent')).body;
      expect(consent.suppressed).toBe(true);
      expect(consent.categories.offers.state).toBe('opted_out');
      const reply = await h.api('POST', '/v1/policy/check', { to: '+31655544433', text: 'hi' });
      expect(reply.body.reasons.map((r: { code: string }) => r.code)).toContain('contact.suppressed');

      // Writing in again opens a window but brings no personal data back and lifts no suppression.
      await h.raw(
        'POST',
        '/sandbox/customers/31655544433/messages',
        JSON.stringify({ text: 'hello again', name: 'Ann de Vries' }),
        json,
      );
      await eventually(
        async () =>
          (await k.selectFrom('inbound_messages').select('id').where('wa_id', '=', '31655544433').execute())
            .length === 2,
        'the new message',
      );
      expect(
        (
          await k
            .selectFrom('contacts')
            .select('profile_name')
            .where('wa_id', '=', '31655544433')
            .executeTakeFirst()
        )?.profile_name,
      ).toBeNull();
      const again = await h.api('POST', '/v1/policy/check', { to: '+31655544433', text: 'hi' });
      expect(again.body.allowed).toBe(false);
      expect(again.body.reasons.map((r: { code: string }) => r.code)).toContain('contact.suppressed');
    });
  });
}
