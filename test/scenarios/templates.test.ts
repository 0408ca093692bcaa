// The template lifecycle against the sandbox: submission, review, history, preview, pauses and sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };

for (const database of testDatabases()) {
  describe(`[${database.name}] template lifecycle`, () => {
    let h: Harness;
    let info: { graphBaseUrl: string; graphVersion: string; accessToken: string; wabaId: string };
    let id: string;
    let metaId: string;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      info = (await h.raw('GET', '/sandbox/info', undefined)).body;
    });
    afterAll(() => h?.stop());
    const graph = (method: string, path: string, body?: unknown) =>
      fetch(`${info.graphBaseUrl}/${info.graphVersion}/${path}`, {
        method,
        headers: { authorization: `Bearer ${info.accessToken}`, ...(body ? json : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const template = async () => (await h.api('GET', `/v1/templates/${id}`)).body;

    it('submits, is approved by the review, and keeps the history', async () => {
      const r = await h.api('POST', '/v1/templates', {
        name: 'delivery_update',
        language: 'en',
        category: 'UTILITY',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } },
          {
            type: 'BODY',
            text: 'Hi {{1}}, your parcel arrives {{2}}.',
            example: { body_text: [['Ann', 'tomorrow']] },
          },
          { type: 'FOOTER', text: 'Acme Coffee' },
          {
            type: 'BUTTONS',
            buttons: [{ type: 'URL', text: 'Track', url: 'https://acme.example/t/{{1}}', example: ['A-1'] }],
          },
        ],
      });
      expect(r.status).toBe(201);
      expect(r.body.status).toBe('PENDING');
      id = r.body.id;
      metaId = r.body.metaTemplateId;
      const t = await eventually(
        async () => ((await template()).status === 'APPROVED' ? template() : undefined),
        'approval',
      );
      expect(t.history.map((e: { kind: string; to: string }) => `${e.kind}:${e.to}`)).toEqual([
        'created:DRAFT',
        'submitted:PENDING',
        'status:APPROVED',
      ]);
      expect(t.history.at(-1).source).toBe('webhook');
    });

    it('previews exactly what the customer will see', async () => {
      const r = await h.api('POST', `/v1/templates/${id}/preview`, {
        header: ['A-9'],
        parameters: ['Ann', 'on Friday'],
        buttons: [{ index: 0, text: 'A-9' }],
      });
      expect(r.status).toBe(200);
      expect(r.body.rendered).toEqual({
        header: { format: 'TEXT', text: 'Order A-9' },
        body: 'Hi Ann, your parcel arrives on Friday.',
        footer: 'Acme Coffee',
        buttons: [{ type: 'URL', text: 'Track', url: 'https://acme.example/t/A-9' }],
      });
      const wrong = await h.api('POST', `/v1/templates/${id}/preview`, { parameters: ['Ann'] });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.code).toBe('template.params_mismatch');
    });

    it('follows a pause and an unpause from Meta, denying sends while paused', async () => {
      await h.api('POST', '/v1/contacts/%2B31612340001/opt-ins', {
        categories: ['order_updates'],
        channel: 'website',
        wording: 'Acme Coffee may send me updates on WhatsApp',
      });
      const send = {
        to: '+31612340001',
        template: {
          name: 'delivery_update',
          language: 'en',
          header: ['A-1'],
          parameters: ['Ann', 'today'],
          buttons: [{ index: 0, text: 'A-1' }],
        },
      };
      expect((await h.api('POST', '/v1/policy/check', send)).body).toEqual({ allowed: true, reasons: [] });
      const paused = await h.raw(
        'POST',
        `/sandbox/templates/${metaId}/status`,
        JSON.stringify({ status: 'PAUSED' }),
        json,
      );
      expect(paused.status).toBe(200);
      const t = await eventually(
        async () => ((await template()).status === 'PAUSED' ? template() : undefined),
        'the pause',
      );
      expect(t.pauseCount).toBe(1);
      expect(Date.parse(t.pausedUntil) - h.platform.clock.now()).toBeGreaterThan(2.9 * 3_600_000);
      const denied = await h.api('POST', '/v1/messages', send);
      expect(denied.status).toBe(422);
      expect(denied.body.error.details.reasons).toEqual([
        expect.objectContaining({ code: 'template.paused', metaCode: 132015 }),
      ]);
      await h.raw(
        'POST',
        `/sandbox/templates/${metaId}/status`,
        JSON.stringify({ status: 'APPROVED' }),
        json,
      );
      await eventually(async () => (await template()).status === 'APPROVED', 'the unpause');
      expect((await h.api('POST', '/v1/policy/check', send)).body.allowed).toBe(true);
    });

    it('reconciles drift with a sync: imports, updates and deletions, all in the history', async () => {
      const created = await graph('POST', `${info.wabaId}/message_templates`, {
        name: 'made_in_manager',
        language: 'nl',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Uw afspraak is bevestigd.' }],
      });
      expect(created.status).toBe(200);
      const deleted = await graph('DELETE', `${info.wabaId}/message_templates?name=delivery_update`);
      expect(deleted.status).toBe(200);
      const r = await h.api('POST', '/v1/templates/sync');
      expect(r.status).toBe(200);
      expect(r.body.deleted).toBe(1);
      expect(r.body.imported).toBeGreaterThanOrEqual(1);
      const list = (await h.api('GET', '/v1/templates')).body.data;
      expect(list.find((x: { name: string }) => x.name === 'made_in_manager')).toMatchObject({
        language: 'nl',
        consentCategory: 'order_updates',
      });
      expect((await template()).status).toBe('DELETED');
      expect((await template()).history.at(-1)).toMatchObject({
        kind: 'status',
        to: 'DELETED',
        source: 'sync',
      });
      const again = await h.api('POST', '/v1/templates/sync');
      expect(again.body).toMatchObject({ imported: 0, deleted: 0 });
    });
  });
}
