// The foundation scenario, end to end through the HTTP API against the sandbox, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaJsonStringify, signatureHeader } from '../../src/wire/meta-json.ts';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const CUSTOMER = '31612345678';
const CUSTOMER_E164 = '+31612345678';
const CUSTOMER_PATH = '%2B31612345678';

for (const database of testDatabases()) {
  describe(`[${database.name}] foundation scenario`, () => {
    let h: Harness;
    let info: { appSecret: string; wabaId: string; phoneNumberId: string; displayPhoneNumber: string };
    let freeFormId: string;
    let templateMessageId: string;

    beforeAll(async () => {
      h = await startHarnessOn(database);
      info = (await h.raw('GET', '/sandbox/info', undefined)).body;
    });
    afterAll(() => h?.stop());

    const messageStatus = async (id: string) => (await h.api('GET', `/v1/messages/${id}`)).body;

    it('serves health and the sandbox info', async () => {
      expect((await h.raw('GET', '/health', undefined)).body).toEqual({ status: 'ok' });
      expect(info).toMatchObject({
        graphVersion: expect.stringMatching(/^v\d+\.\d+$/),
        graphBaseUrl: `${h.url}/sandbox/graph`,
      });
      expect((await h.api('GET', '/v1/business')).body).toMatchObject({
        name: 'Acme Coffee',
        phoneNumbers: [{ phoneNumberId: info.phoneNumberId }],
      });
    });

    it('denies free-form before the customer ever wrote', async () => {
      const r = await h.api('POST', '/v1/messages', { to: CUSTOMER_E164, text: 'Hello there' });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('policy.denied');
      expect(r.body.error.details.reasons.map((x: { code: string }) => x.code)).toEqual(['window.closed']);
    });

    it('opens the window when the customer writes, without opting them in', async () => {
      const w = await h.raw(
        'POST',
        `/sandbox/customers/${CUSTOMER}/messages`,
        JSON.stringify({ text: 'Hi, is my order ready?', name: 'Ann' }),
        {
          'content-type': 'application/json',
        },
      );
      expect(w.status).toBeLessThan(300);
      await eventually(
        async () =>
          (await h.api('POST', '/v1/policy/check', { to: CUSTOMER_E164, text: 'x' })).body.allowed === true,
        'the window to open',
      );
      const consent = (await h.api('GET', `/v1/contacts/${CUSTOMER_PATH}/consent`)).body;
      expect(Object.values(consent.categories).every((c) => (c as { state: string }).state === 'none')).toBe(
        true,
      );
    });

    it('delivers a free-form reply, and the customer reads it', async () => {
      const r = await h.api('POST', '/v1/messages', {
        to: CUSTOMER_E164,
        text: 'Yes, it is ready for pickup ☕ at Grüße-Straße 1/2',
      });
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ id: expect.stringMatching(/^msg_/), status: 'queued' });
      freeFormId = r.body.id;
      const done = await eventually(async () => {
        const m = await messageStatus(freeFormId);
        return m.status === 'read' ? m : undefined;
      }, 'the reply to be read');
      expect(done.wamid).toMatch(/^wamid\./);
      expect(done.pricing).toMatchObject({ pricing_model: 'PMP', category: 'service', billable: false });
      const inbox = (await h.raw('GET', `/sandbox/customers/${CUSTOMER}/inbox`, undefined)).body;
      expect(inbox.data.some((m: { wamid: string }) => m.wamid === done.wamid)).toBe(true);
    });

    it('denies free-form 25 hours later with window.closed', async () => {
      const c = await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 25 * 3600 }), {
        'content-type': 'application/json',
      });
      expect(c.status).toBe(200);
      const r = await h.api('POST', '/v1/messages', { to: CUSTOMER_E164, text: 'Still there?' });
      expect(r.status).toBe(422);
      expect(r.body.error.details.reasons).toEqual([
        expect.objectContaining({ code: 'window.closed', metaCode: 131047 }),
      ]);
    });

    it('delivers an approved template once the contact opted in', async () => {
      const t = await h.api('POST', '/v1/templates', {
        name: 'order_ready',
        language: 'en',
        category: 'UTILITY',
        components: [
          {
            type: 'BODY',
            text: 'Hi {{1}}, your order {{2}} is ready for pickup.',
            example: { body_text: [['Ann', 'A-1']] },
          },
        ],
      });
      expect(t.status).toBe(201);
      await eventually(
        async () =>
          (await h.api('GET', '/v1/templates')).body.data.find(
            (x: { name: string; status: string }) => x.name === 'order_ready' && x.status === 'APPROVED',
          ),
        'approval',
      );
      const send = {
        to: CUSTOMER_E164,
        template: { name: 'order_ready', language: 'en', parameters: ['Ann', 'A-1'] },
      };
      const before = await h.api('POST', '/v1/messages', send);
      expect(before.status).toBe(422);
      expect(before.body.error.details.reasons.map((x: { code: string }) => x.code)).toEqual([
        'consent.missing',
      ]);
      const wrongParams = await h.api('POST', '/v1/policy/check', {
        ...send,
        template: { ...send.template, parameters: ['Ann'] },
      });
      expect(wrongParams.body.reasons.map((x: { code: string }) => x.code)).toContain(
        'template.params_mismatch',
      );

      const optIn = await h.api('POST', `/v1/contacts/${CUSTOMER_PATH}/opt-ins`, {
        categories: ['order_updates'],
        channel: 'website',
        wording: 'Yes, Acme Coffee may send me order updates on WhatsApp.',
        evidence: { ip: '203.0.113.7', userAgent: 'test' },
      });
      expect(optIn.status).toBe(201);
      const r = await h.api('POST', '/v1/messages', send, { 'idempotency-key': 'order-A-1' });
      expect(r.status).toBe(202);
      templateMessageId = r.body.id;
      const again = await h.api('POST', '/v1/messages', send, { 'idempotency-key': 'order-A-1' });
      expect(again.body.id).toBe(templateMessageId);
      const m = await eventually(async () => {
        const x = await messageStatus(templateMessageId);
        return x.status === 'delivered' || x.status === 'read' ? x : undefined;
      }, 'template delivery');
      expect(m.pricing).toMatchObject({ category: 'utility', billable: true });
      const inbox = (await h.raw('GET', `/sandbox/customers/${CUSTOMER}/inbox`, undefined)).body.data;
      expect(inbox.filter((x: { type: string }) => x.type === 'template')).toHaveLength(1);
    });

    it('honours STOP: the same template is then denied with the opt-out reason', async () => {
      await h.raw('POST', `/sandbox/customers/${CUSTOMER}/messages`, JSON.stringify({ text: 'STOP' }), {
        'content-type': 'application/json',
      });
      await eventually(
        async () =>
          (await h.api('GET', `/v1/contacts/${CUSTOMER_PATH}/consent`)).body.categories.order_updates
            .state === 'opted_out',
        'the opt-out',
      );
      const r = await h.api('POST', '/v1/messages', {
        to: CUSTOMER_E164,
        template: { name: 'order_ready', language: 'en', parameters: ['Ann', 'A-2'] },
      });
      expect(r.status).toBe(422);
      expect(r.body.error.details.reasons).toEqual([
        expect.objectContaining({ code: 'consent.opted_out', category: 'order_updates' }),
      ]);
      // The STOP itself opened a window, but a reply to it is not wanted either.
      const reply = await h.api('POST', '/v1/policy/check', {
        to: CUSTOMER_E164,
        text: 'Sorry to see you go',
      });
      expect(reply.body.reasons.map((x: { code: string }) => x.code)).toEqual(['consent.opted_out']);
      // Only the system's confirmation of the opt-out goes out, and is read (its statuses settle before the next test).
      const k = h.platform.db.kysely;
      await eventually(
        async () =>
          (
            await k
              .selectFrom('messages')
              .select('status')
              .where('request', 'like', '%opt_out_confirmation%')
              .executeTakeFirst()
          )?.status === 'read',
        'the opt-out confirmation',
      );
      await eventually(async () => {
        const c = await h.platform.services.webhooks.counts();
        return (c.pending ?? 0) + (c.processing ?? 0) === 0;
      }, 'its statuses');
    });

    it('is unchanged by a duplicated and reordered webhook batch', async () => {
      const read = await messageStatus(freeFormId);
      const counts = await h.platform.services.webhooks.counts();
      const ts = String(Math.floor(h.platform.clock.now() / 1000));
      const value = {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: info.displayPhoneNumber, phone_number_id: info.phoneNumberId },
        statuses: [
          { id: read.wamid, status: 'delivered', timestamp: ts, recipient_id: CUSTOMER },
          { id: read.wamid, status: 'sent', timestamp: ts, recipient_id: CUSTOMER },
          {
            id: read.wamid,
            status: 'failed',
            timestamp: ts,
            recipient_id: CUSTOMER,
            errors: [{ code: 131026, title: 'Message undeliverable' }],
          },
        ],
      };
      const body = metaJsonStringify({
        object: 'whatsapp_business_account',
        entry: [{ id: info.wabaId, changes: [{ field: 'messages', value }] }],
      });
      const headers = {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(body, info.appSecret),
      };
      // sent and delivered came from the sandbox already: only the late failed is new, and only the first time.
      const first = await h.raw('POST', '/webhooks/whatsapp', body, headers);
      expect([first.status, first.body]).toEqual([200, { received: 3, stored: 1, duplicates: 2 }]);
      const second = await h.raw('POST', '/webhooks/whatsapp', body, headers);
      expect([second.status, second.body]).toEqual([200, { received: 3, stored: 0, duplicates: 3 }]);
      await eventually(async () => {
        const c = await h.platform.services.webhooks.counts();
        return (c.pending ?? 0) + (c.processing ?? 0) === 0;
      }, 'processing');
      const after = await messageStatus(freeFormId);
      expect(after.status).toBe('read');
      expect(after.readAt).toBe(read.readAt);
      const later = await h.platform.services.webhooks.counts();
      expect((later.processed ?? 0) - (counts.processed ?? 0)).toBe(1);
      expect(later.failed ?? 0).toBe(0);
    });

    it('rejects a forged signature and stores nothing', async () => {
      const before = await h.platform.services.webhooks.counts();
      const body = metaJsonStringify({
        object: 'whatsapp_business_account',
        entry: [{ id: info.wabaId, changes: [{ field: 'account_update', value: { event: 'FORGED' } }] }],
      });
      const forged = await h.raw('POST', '/webhooks/whatsapp', body, {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(body, 'not-the-secret'),
      });
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe('webhook.signature_invalid');
      const missing = await h.raw('POST', '/webhooks/whatsapp', body, { 'content-type': 'application/json' });
      expect(missing.status).toBe(401);
      expect(await h.platform.services.webhooks.counts()).toEqual(before);
    });
  });
}
