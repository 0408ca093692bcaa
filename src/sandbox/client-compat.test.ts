// "Any Cloud API client pointed at graphBaseUrl works unchanged": real HTTP with fetch, bodies copied from the Ruby SDK recordings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../kernel/clock.ts';
import { startSandboxServer } from './index.ts';
import { shapeOf, startWebhookReceiver, TEST_IDS, type WebhookReceiver } from './test-support.ts';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/graph-api');
type Recorded = {
  request: { method: string; uri: string; body: unknown };
  response: { status: { code: number }; body: string };
};
const recorded = (name: string) => JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as Recorded;

describe('a Cloud API client pointed at graphBaseUrl', () => {
  let server: Awaited<ReturnType<typeof startSandboxServer>>;
  let receiver: WebhookReceiver;
  let graph: string;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(TEST_IDS.appSecret);
    // The recordings use this phone number id and WABA id; the sandbox takes them as its own.
    server = await startSandboxServer({
      ...TEST_IDS,
      phoneNumberId: '107878721936019',
      wabaId: '114503234599312',
      clock: new OffsetClock(),
      webhookUrl: () => receiver.url,
      port: 0,
      webhookBatchMs: 5,
      templateReviewMs: 5,
    });
    const info = (await (await fetch(`${server.url}/sandbox/info`)).json()) as { graphBaseUrl: string };
    graph = info.graphBaseUrl;
    // The recorded template send uses one of Meta's sample templates; create it the way a business would.
    const created = await fetch(`${graph}/v23.0/114503234599312/message_templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_IDS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'sample_shipping_confirmation',
        category: 'UTILITY',
        language: 'en_US',
        components: [
          {
            type: 'BODY',
            text: 'Your package has been shipped. It will be delivered in {{1}} business days.',
            example: { body_text: [['3']] },
          },
        ],
      }),
    });
    expect(created.status).toBe(200);
    await server.sandbox.drain();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  /** Replays a recording against the sandbox: same method, same path and query, same body, Graph host swapped. */
  const replay = async (name: string) => {
    const rec = recorded(name);
    const uri = new URL(rec.request.uri);
    const init: RequestInit = {
      method: rec.request.method,
      headers: { authorization: `Bearer ${TEST_IDS.accessToken}` },
    };
    if (typeof rec.request.body === 'string' && rec.request.body.length > 0) {
      init.body = rec.request.body;
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(`${graph}${uri.pathname}${uri.search}`, init);
    return { rec, res, json: (await res.json()) as Record<string, unknown> };
  };

  it.each([
    'ruby-sdk-vcr__messages__send-template-200.json',
    'ruby-sdk-vcr__messages__send-interactive-buttons-200.json',
    'ruby-sdk-vcr__message_templates__create-200.json',
    'ruby-sdk-vcr__messages__send-text-unknown-phone-id-400.json',
    'ruby-sdk-vcr__media__get-unknown-id-400.json',
    'ruby-sdk-vcr__message_templates__delete-error-400.json',
  ])('replays %s with the recorded status and body shape', async (name) => {
    const { rec, res, json } = await replay(name);
    expect(res.status).toBe(rec.response.status.code);
    // Template-management errors also carry error_data.details (a documented superset of the recording).
    if (name.includes('delete-error')) delete (json.error as Record<string, unknown>).error_data;
    expect(shapeOf(json)).toEqual(shapeOf(JSON.parse(rec.response.body)));
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('sends text and receives signed status webhooks over real HTTP', async () => {
    await fetch(`${server.url}/sandbox/customers/13437772910/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hola' }),
    });
    const { res, json } = await replay('ruby-sdk-vcr__messages__send-text-200.json');
    expect(res.status).toBe(200);
    const wamid = (json.messages as { id: string }[])[0]!.id;
    await server.sandbox.drain();
    const statuses = receiver.received.flatMap((r) =>
      r.body.entry.flatMap((e) =>
        e.changes.flatMap((c) => (c.value.statuses as { id: string; status: string }[] | undefined) ?? []),
      ),
    );
    expect(statuses.filter((s) => s.id === wamid).map((s) => s.status)).toEqual([
      'sent',
      'delivered',
      'read',
    ]);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('uploads media with a standard multipart form', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/jpeg');
    form.set(
      'file',
      new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])], { type: 'image/jpeg' }),
      'a.jpg',
    );
    const res = await fetch(`${graph}/v23.0/107878721936019/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_IDS.accessToken}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(shapeOf(await res.json())).toEqual({ id: 'string' });
  });
});
