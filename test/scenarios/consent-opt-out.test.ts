// Opt-outs end to end: keywords by intent in seven languages, button payloads, per-business keywords, the
// confirmation through the outbox, and queued messages denied by the dispatcher's re-check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { templateReasons } from '../support/consent.ts';
import { customerWrites, GENERAL_WORDING, optIn } from '../support/customers.ts';
import { approvedTemplate, ORDER_PACKED } from '../support/templates.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const consentOf = async (h: Harness, phone: string) =>
  (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/consent`)).body;

const inboxTexts = async (h: Harness, waId: string): Promise<string[]> =>
  (await h.raw('GET', `/sandbox/customers/${waId}/inbox`, undefined)).body.data
    .map((m: any) => m.text?.body ?? m.request?.text?.body ?? m.body?.text?.body ?? JSON.stringify(m))
    .filter(Boolean);

for (const database of testDatabases()) {
  describe(`[${database.name}] consent opt-out`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, ORDER_PACKED);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('does not take a sentence that merely contains STOP for an opt-out', async () => {
      await optIn(h, '+31622200001', ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622200001', { text: 'STOP, o Zé não vem' });
      await customerWrites(h, '31622200001', { text: "don't stop sending" });
      const c = await consentOf(h, '+31622200001');
      expect(c.categories.order_updates.state).toBe('opted_in');
      expect(c.events.filter((e: any) => e.action === 'opt_out')).toEqual([]);
      expect(await templateReasons(h, '+31622200001', 'order_packed')).toEqual([]);
    });

    it('honours "stop!" at once, confirms it over WhatsApp, and the policy denies what follows', async () => {
      await optIn(h, '+31622200002', ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622200002', { text: 'stop!' });
      const c = await consentOf(h, '+31622200002');
      expect(c.categories.order_updates.state).toBe('opted_out');
      expect(c.categories.offers.state).toBe('opted_out');
      const ev = c.events.find((e: any) => e.action === 'opt_out');
      expect(ev).toMatchObject({ channel: 'whatsapp', actor: 'customer', category: '*', wording: 'stop!' });
      expect(await templateReasons(h, '+31622200002', 'order_packed')).toEqual(['consent.opted_out']);
      // The confirmation is a system send through the outbox, allowed by the window the STOP opened.
      await eventually(
        async () =>
          (await inboxTexts(h, '31622200002')).some((t) =>
            t.includes('You will no longer receive WhatsApp messages from Acme Coffee.'),
          ),
        'the confirmation',
      );
      // Anyone else's free-form reply is still denied: only the system's confirmation passes.
      const reply = await h.api('POST', '/v1/messages', { to: '+31622200002', text: 'Sad to see you go' });
      expect(reply.status).toBe(422);
      expect(reply.body.error.details.reasons.map((r: any) => r.code)).toEqual(['consent.opted_out']);
      const purposeFromApi = await h.api('POST', '/v1/messages', {
        to: '+31622200002',
        text: 'sneaky',
        purpose: 'opt_out_confirmation',
      });
      expect(purposeFromApi.status).toBe(400);
    });

    it('understands Dutch and confirms in Dutch; a category after the keyword opts out of that category only', async () => {
      await optIn(h, '+31622200003', ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622200003', { text: 'Afmelden' });
      expect((await consentOf(h, '+31622200003')).categories.order_updates.state).toBe('opted_out');
      await eventually(
        async () =>
          (await inboxTexts(h, '31622200003')).some((t) =>
            t.includes('Je ontvangt geen WhatsApp-berichten meer'),
          ),
        'the Dutch confirmation',
      );
      await optIn(h, '+31622200004', ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622200004', { text: 'STOP offers' });
      const c = await consentOf(h, '+31622200004');
      expect([c.categories.offers.state, c.categories.order_updates.state]).toEqual([
        'opted_out',
        'opted_in',
      ]);
      expect(await templateReasons(h, '+31622200004', 'order_packed')).toEqual([]);
    });

    it('counts quick-reply payloads, per category or total', async () => {
      await optIn(h, '+31622200005', ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622200005', {
        button: { payload: 'UNSUBSCRIBE:offers', text: 'No more offers' },
      });
      let c = await consentOf(h, '+31622200005');
      expect([c.categories.offers.state, c.categories.order_updates.state]).toEqual([
        'opted_out',
        'opted_in',
      ]);
      await customerWrites(h, '31622200005', {
        button: { payload: 'UNSUBSCRIBE_ALL', text: 'Unsubscribe from all' },
      });
      c = await consentOf(h, '+31622200005');
      expect(c.categories.order_updates.state).toBe('opted_out');
      expect(await templateReasons(h, '+31622200005', 'order_packed')).toEqual(['consent.opted_out']);
    });

    it("uses the business's own keywords when it sets them", async () => {
      const defaults = (await h.api('GET', '/v1/consent/keywords')).body;
      expect(defaults.custom).toBe(false);
      expect(defaults.optOut).toEqual(
        expect.arrayContaining(['stop', 'stopp', 'baja', 'arret', 'basta', 'parar', 'afmelden']),
      );
      // Keywords only: at act = ask = 1 the classifier neither records nor asks (understanding, docs/api.md).
      const put = await h.api('PUT', '/v1/consent/keywords', {
        optOut: ['HALT', 'Genoeg!'],
        thresholds: { act: 1, ask: 1 },
      });
      expect(put.body).toMatchObject({ optOut: ['halt', 'genoeg'], custom: true, customThresholds: true });
      await optIn(h, '+31622200006', ['order_updates'], GENERAL_WORDING);
      await customerWrites(h, '31622200006', { text: 'stop' });
      expect((await consentOf(h, '+31622200006')).categories.order_updates.state).toBe('opted_in');
      await customerWrites(h, '31622200006', { text: 'Genoeg.' });
      expect((await consentOf(h, '+31622200006')).categories.order_updates.state).toBe('opted_out');
      expect((await h.api('PUT', '/v1/consent/keywords', { optOut: null })).body.custom).toBe(false);
      expect((await h.api('PUT', '/v1/consent/keywords', { optOut: [] })).status).toBe(400);
    });
  });

  // The workers are driven by hand here, so that messages stay queued while the opt-out is recorded.
  describe(`[${database.name}] consent opt-out with messages already queued`, () => {
    let api: Harness;
    beforeAll(async () => {
      api = await startHarnessOn(database, {}, { api: true, worker: false });
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('denies messages already queued once an opt-out is recorded (the dispatcher re-checks)', async () => {
      {
        const { webhooks, dispatcher } = api.platform.services;
        const drain = async () => {
          while ((await webhooks.processBatch(200, api.platform.clock.now())) > 0);
        };
        await drain();
        await optIn(api, '+31622200007', ['order_updates'], GENERAL_WORDING);
        await api.raw('POST', '/sandbox/customers/31622200007/messages', JSON.stringify({ text: 'hi' }), {
          'content-type': 'application/json',
        });
        await eventually(async () => {
          await drain();
          return (await api.api('POST', '/v1/policy/check', { to: '+31622200007', text: 'x' })).body.allowed;
        }, 'the window');
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) {
          const r = await api.api('POST', '/v1/messages', { to: '+31622200007', text: `Update ${i}` });
          expect(r.status).toBe(202);
          ids.push(r.body.id);
        }
        const opt = await api.api('POST', '/v1/contacts/%2B31622200007/opt-outs', {
          channel: 'agent',
          actor: 'agent',
        });
        expect(opt.status).toBe(201);
        while ((await dispatcher.runOnce()) > 0);
        for (const id of ids) {
          const m = (await api.api('GET', `/v1/messages/${id}`)).body;
          expect(m.status).toBe('denied');
          expect(JSON.stringify(m.denial)).toContain('consent.opted_out');
        }
        expect(await inboxTexts(api, '31622200007')).toEqual([]);
      }
    });
  });
}
