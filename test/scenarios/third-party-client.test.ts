// A third-party Cloud API client (whatsapp-api-js, unchanged) sends a text and a template through the sandbox,
// and verifies the sandbox's webhook signatures with its own Meta-compatible check.
import { WhatsAppAPI } from 'whatsapp-api-js';
import { BodyComponent, BodyParameter, Language, Template, Text } from 'whatsapp-api-js/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRig } from '../../src/sandbox/test-support.ts';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const database = testDatabases()[0]!;

describe(`[${database.name}] third-party Cloud API client against the sandbox`, () => {
  let h: Harness;
  let info: {
    graphBaseUrl: string;
    graphVersion: string;
    accessToken: string;
    appSecret: string;
    phoneNumberId: string;
  };
  let client: WhatsAppAPI;

  beforeAll(async () => {
    h = await startHarnessOn(database);
    info = (await h.raw('GET', '/sandbox/info', undefined)).body;
    // The library has no base-URL option; its fetch ponyfill is the documented way to route its requests.
    client = new WhatsAppAPI({
      token: info.accessToken,
      appSecret: info.appSecret,
      v: info.graphVersion as never,
      ponyfill: {
        fetch: (url, init) =>
          fetch(String(url).replace('https://graph.facebook.com', info.graphBaseUrl), init),
      },
    });
  });
  afterAll(() => h?.stop());

  it('sends a text that the customer receives', async () => {
    await h.raw('POST', '/sandbox/customers/4915112345678/messages', JSON.stringify({ text: 'Hallo!' }), {
      'content-type': 'application/json',
    });
    const r = (await client.sendMessage(info.phoneNumberId, '4915112345678', new Text('Guten Tag'))) as {
      messages?: { id: string }[];
    };
    expect(r.messages?.[0]?.id).toMatch(/^wamid\./);
    const inbox = (await h.raw('GET', '/sandbox/customers/4915112345678/inbox', undefined)).body.data;
    expect(inbox.map((m: { wamid: string }) => m.wamid)).toContain(r.messages![0]!.id);
  });

  it('sends an approved template with parameters', async () => {
    const created = await h.api('POST', '/v1/templates', {
      name: 'pickup_ready',
      language: 'en',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, order {{2}} is ready.', example: { body_text: [['Ann', 'A-1']] } },
      ],
    });
    expect(created.status).toBe(201);
    await eventually(
      async () =>
        (await h.api('GET', '/v1/templates')).body.data.some(
          (t: { status: string }) => t.status === 'APPROVED',
        ),
      'approval',
    );
    const message = new Template(
      'pickup_ready',
      new Language('en'),
      new BodyComponent(new BodyParameter('Ann'), new BodyParameter('A-7')),
    );
    const r = (await client.sendMessage(info.phoneNumberId, '4915112345678', message)) as {
      messages?: { id: string; message_status?: string }[];
    };
    expect(r.messages?.[0]).toMatchObject({
      id: expect.stringMatching(/^wamid\./),
      message_status: 'accepted',
    });
    const wrong = (await client.sendMessage(
      info.phoneNumberId,
      '4915112345678',
      new Template('pickup_ready', new Language('en'), new BodyComponent(new BodyParameter('Ann'))),
    )) as { error?: { code: number } };
    expect(wrong.error?.code).toBe(132000);
  });

  it("accepts the sandbox's webhook signatures, non-ASCII and slashes included", async () => {
    const rig = await startTestRig();
    try {
      const res = await rig.app.inject({
        method: 'POST',
        url: '/sandbox/customers/31612345678/messages',
        payload: { text: 'Grüße / ☕ ½' },
      });
      expect(res.statusCode).toBeLessThan(300);
      await rig.sandbox.drain();
      const hook = rig.receiver.received.at(-1)!;
      expect(hook.raw.toString('utf8')).toContain('Gr\\u00fc\\u00dfe \\/ \\u2615');
      const verifier = new WhatsAppAPI({
        token: 'unused',
        appSecret: 'sandbox-app-secret',
        v: 'v23.0' as never,
      });
      expect(await verifier.verifyRequestSignature(hook.raw.toString('utf8'), hook.signature!)).toBe(true);
      expect(
        await verifier.verifyRequestSignature(hook.raw.toString('utf8').replace('Gr', 'gr'), hook.signature!),
      ).toBe(false);
    } finally {
      await rig.close();
    }
  });
});
