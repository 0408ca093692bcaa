// Graph API behaviour of the sandbox: auth, lookups, send shapes against recorded fixtures, and the synchronous error codes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shapeOf, startTestRig, TEST_IDS, type TestRig } from './test-support.ts';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/graph-api');
type Recorded = { request: { body: unknown }; response: { status: { code: number }; body: string } };
const fixture = (name: string): Recorded =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as Recorded;
const fixtureBody = (name: string): unknown => {
  const f = fixture(name) as unknown as { response: { body: unknown } } & { error?: unknown };
  return typeof f.response?.body === 'string' ? JSON.parse(f.response.body) : f;
};

const P = TEST_IDS.phoneNumberId;

describe('sandbox Graph API', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startTestRig({ throughputMps: 1000 });
  });
  afterEach(async () => rig.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = rig.auth) =>
    rig.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const send = (payload: Record<string, unknown>) =>
    post(`/sandbox/graph/v23.0/${P}/messages`, { messaging_product: 'whatsapp', ...payload });
  const openWindow = async (waId: string) => {
    const r = await post(`/sandbox/customers/${waId}/messages`, { text: 'hi' }, {});
    expect(r.statusCode).toBe(200);
    return r.json().wamid as string;
  };

  it('rejects a missing or wrong token with code 190 and HTTP 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const r = await post(
        `/sandbox/graph/v23.0/${P}/messages`,
        { messaging_product: 'whatsapp', to: '31612345678', type: 'text', text: { body: 'x' } },
        headers,
      );
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toMatchObject({
        code: 190,
        type: 'OAuthException',
        message: 'Invalid OAuth access token - Cannot parse access token',
      });
      expect(typeof r.json().error.fbtrace_id).toBe('string');
    }
  });

  it('answers unknown object ids with 100/33 exactly like the recorded Graph errors', async () => {
    const r = await post('/sandbox/graph/v19.0/123123/messages', {
      messaging_product: 'whatsapp',
      to: 56789,
      type: 'text',
      text: { body: 'hola' },
    });
    const recorded = fixtureBody('ruby-sdk-vcr__messages__send-text-unknown-phone-id-400.json') as {
      error: Record<string, unknown>;
    };
    expect(r.statusCode).toBe(400);
    expect({ ...r.json().error, fbtrace_id: 'x' }).toEqual({ ...recorded.error, fbtrace_id: 'x' });
    // Meta's bytes escape "/" as "\/".
    expect(r.body).toContain('https:\\/\\/developers.facebook.com\\/docs\\/graph-api');
    const g = await rig.app.inject({ method: 'GET', url: '/sandbox/graph/v19.0/123_123', headers: rig.auth });
    const recordedGet = fixtureBody('ruby-sdk-vcr__media__get-unknown-id-400.json') as {
      error: Record<string, unknown>;
    };
    expect({ ...g.json().error, fbtrace_id: 'x' }).toEqual({ ...recordedGet.error, fbtrace_id: 'x' });
  });

  it('sends text with the recorded success shape, from the recorded request body (numeric "to")', async () => {
    const recorded = fixture('ruby-sdk-vcr__messages__send-text-200.json');
    await openWindow('13437772910');
    const r = await post(`/sandbox/graph/v19.0/${P}/messages`, JSON.parse(recorded.request.body as string));
    expect(r.statusCode).toBe(200);
    expect(shapeOf(r.json())).toEqual(shapeOf(JSON.parse(recorded.response.body)));
    expect(r.json().contacts).toEqual([{ input: '13437772910', wa_id: '13437772910' }]);
    expect(r.json().messages[0].id).toMatch(/^wamid\.HBgLMTM0Mzc3NzI5MTAVAgAR[A-Za-z0-9+/=]+$/);
  });

  it('sends interactive buttons with the recorded shape', async () => {
    const recorded = fixture('ruby-sdk-vcr__messages__send-interactive-buttons-200.json');
    const r = await post(`/sandbox/graph/v19.0/${P}/messages`, JSON.parse(recorded.request.body as string));
    expect(r.statusCode).toBe(200);
    expect(shapeOf(r.json())).toEqual(shapeOf(JSON.parse(recorded.response.body)));
  });

  it('sends a template with message_status accepted, like the recorded template send', async () => {
    const r = await send({
      to: '+31 (6) 1234-5678',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    const recorded = fixture('ruby-sdk-vcr__messages__send-template-200.json');
    expect(r.statusCode).toBe(200);
    expect(shapeOf(r.json())).toEqual(shapeOf(JSON.parse(recorded.response.body)));
    expect(r.json().messages[0].message_status).toBe('accepted');
    expect(r.json().contacts[0]).toEqual({ input: '+31 (6) 1234-5678', wa_id: '31612345678' });
  });

  it('serves the same API unversioned', async () => {
    const r = await rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/${P}/messages`,
      headers: rig.auth,
      payload: { messaging_product: 'whatsapp', to: '31612345678', type: 'text', text: { body: 'x' } },
    });
    expect(r.statusCode).toBe(200);
  });

  it.each([
    ['text too long', { to: '31612345678', type: 'text', text: { body: 'x'.repeat(4097) } }, /at most 4096/],
    [
      'invalid recipient',
      { to: 'not-a-number', type: 'text', text: { body: 'x' } },
      /not a valid WhatsApp phone number/,
    ],
    [
      'unknown root field',
      { to: '31612345678', type: 'text', text: { body: 'x' }, colour: 'red' },
      /Unexpected key "colour"/,
    ],
    [
      'unknown text field',
      { to: '31612345678', type: 'text', text: { bodyy: 'x' } },
      /Unexpected key "bodyy"/,
    ],
    ['unknown type', { to: '31612345678', type: 'hologram' }, /Param type must be one of/],
    [
      'four buttons',
      {
        to: '31612345678',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: {
            buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })),
          },
        },
      },
      /between 1 and 3/,
    ],
    [
      'button title > 20',
      {
        to: '31612345678',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] },
        },
      },
      /at most 20/,
    ],
    [
      'button id > 256',
      {
        to: '31612345678',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: { buttons: [{ type: 'reply', reply: { id: 'x'.repeat(257), title: 'ok' } }] },
        },
      },
      /at most 256/,
    ],
    [
      'button body > 1024',
      {
        to: '31612345678',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'x'.repeat(1025) },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'ok' } }] },
        },
      },
      /at most 1024/,
    ],
    [
      'eleven list rows across sections',
      {
        to: '31612345678',
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'b' },
          action: {
            button: 'Pick',
            sections: [0, 1].map((s) => ({
              title: `S${s}`,
              rows: Array.from({ length: s === 0 ? 6 : 5 }, (_, i) => ({
                id: `r${s}-${i}`,
                title: `Row ${i}`,
              })),
            })),
          },
        },
      },
      /at most 10 rows/,
    ],
    [
      'media with id and link',
      { to: '31612345678', type: 'image', image: { id: '1', link: 'https://x.test/a.jpg' } },
      /exactly one of/,
    ],
    [
      'caption on audio',
      { to: '31612345678', type: 'audio', audio: { link: 'https://x.test/a.ogg', caption: 'no' } },
      /not supported for audio/,
    ],
    [
      'missing messaging_product',
      { messaging_product: undefined, to: '31612345678', type: 'text', text: { body: 'x' } },
      /messaging_product/,
    ],
  ])('rejects %s with code 100 and a helpful details text', async (_name, payload, details) => {
    const r = await send(payload);
    expect(r.statusCode).toBe(400);
    const error = r.json().error;
    expect(error).toMatchObject({
      code: 100,
      type: 'OAuthException',
      message: '(#100) Invalid parameter',
      error_data: { messaging_product: 'whatsapp' },
    });
    expect(error.error_data.details).toMatch(details);
  });

  it('accepts a valid list, location, contacts, media by link and a reply with context', async () => {
    const to = '31612345678';
    const first = await send({ to, type: 'text', text: { body: 'first' } });
    const bodies = [
      {
        type: 'interactive',
        interactive: {
          type: 'list',
          header: { type: 'text', text: 'Shipping' },
          body: { text: 'Which?' },
          action: {
            button: 'Options',
            sections: [
              { title: 'Fast', rows: [{ id: 'express', title: 'Express', description: 'Next day' }] },
            ],
          },
        },
      },
      { type: 'location', location: { latitude: 52.37, longitude: 4.89, name: 'Dam' } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Pablo Morales' } }] },
      {
        type: 'document',
        document: { link: 'https://example.com/a.pdf', filename: 'a.pdf', caption: 'Invoice' },
      },
      { type: 'text', text: { body: 'reply' }, context: { message_id: first.json().messages[0].id } },
    ];
    for (const b of bodies) expect((await send({ to, ...b })).statusCode).toBe(200);
  });

  it('marks an incoming message read (with typing indicator) and refuses outgoing or unknown ids', async () => {
    const incoming = await openWindow('31612345678');
    const ok = await send({ status: 'read', message_id: incoming, typing_indicator: { type: 'text' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual(fixtureBody('ruby-sdk-vcr__messages__typing-indicator-200.json'));

    const outgoing = (await send({ to: '31612345678', type: 'text', text: { body: 'x' } })).json().messages[0]
      .id as string;
    const bad = await send({ status: 'read', message_id: outgoing });
    const recorded = fixtureBody('ruby-sdk-vcr__messages__mark-read-outgoing-id-400.json') as {
      error: { error_data: { details: string } };
    };
    expect(bad.statusCode).toBe(400);
    expect(shapeOf(bad.json())).toEqual(shapeOf(recorded));
    expect(bad.json().error.message).toBe('(#100) Invalid parameter');
    expect(bad.json().error.error_data.details).toBe(
      recorded.error.error_data.details.replace(/wamid\.[A-Za-z0-9=]+/, outgoing),
    );

    const unknown = await send({ status: 'read', message_id: 'wamid.unknown' });
    expect(unknown.json().error.code).toBe(100);
  });

  it('answers template problems with 132001 (404), 132000, 132012, 132015 and 132016', async () => {
    const to = '31612345678';
    const missing = await send({
      to,
      type: 'template',
      template: { name: 'nope', language: { code: 'en_US' } },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({
      code: 132001,
      message: '(#132001) Template name does not exist in the translation',
    });
    const wrongLanguage = await send({
      to,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'nl' } },
    });
    expect(wrongLanguage.json().error.code).toBe(132001);

    const created = await post(`/sandbox/graph/v23.0/${TEST_IDS.wabaId}/message_templates`, {
      name: 'order_update',
      category: 'UTILITY',
      language: 'en_US',
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} has shipped today.',
          example: { body_text: [['Pablo', '123']] },
        },
      ],
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    const pending = await send({
      to,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } },
    });
    expect(pending.json().error.code).toBe(132001);
    await rig.sandbox.drain();

    const oneParam = await send({
      to,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }] }],
      },
    });
    expect(oneParam.json().error).toMatchObject({ code: 132000 });
    expect(oneParam.json().error.error_data.details).toMatch(
      /body: number of localizable_params \(1\) does not match the expected number of params \(2\)/,
    );

    const named = await send({
      to,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'name', text: 'Pablo' },
              { type: 'text', parameter_name: 'order', text: '1' },
            ],
          },
        ],
      },
    });
    expect(named.json().error.code).toBe(132012);

    const good = await send({
      to,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'TEXT', text: 'Pablo' },
              { type: 'text', text: '1' },
            ],
          },
        ],
      },
    });
    expect(good.statusCode).toBe(200);

    await post(`/sandbox/templates/${id}/status`, { status: 'PAUSED' }, {});
    const paused = await send({
      to,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      },
    });
    expect(paused.json().error.code).toBe(132015);
    await post(`/sandbox/templates/${id}/status`, { status: 'DISABLED' }, {});
    const disabled = await send({
      to,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      },
    });
    expect(disabled.json().error.code).toBe(132016);
  });

  it('checks named parameters against a named template', async () => {
    await post(`/sandbox/graph/v23.0/${TEST_IDS.wabaId}/message_templates`, {
      name: 'booking',
      category: 'UTILITY',
      language: 'en',
      parameter_format: 'named',
      components: [
        {
          type: 'BODY',
          text: 'Table for {{guests}} on {{day}} is confirmed, see you then.',
          example: {
            body_text_named_params: [
              { param_name: 'guests', example: '4' },
              { param_name: 'day', example: 'Saturday' },
            ],
          },
        },
      ],
    });
    await rig.sandbox.drain();
    const base = { to: '31612345678', type: 'template' };
    const positional = await send({
      ...base,
      template: {
        name: 'booking',
        language: { code: 'en' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '4' },
              { type: 'text', text: 'Sat' },
            ],
          },
        ],
      },
    });
    expect(positional.json().error.code).toBe(132012);
    const ok = await send({
      ...base,
      template: {
        name: 'booking',
        language: { code: 'en' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'day', text: 'Sat' },
              { type: 'text', parameter_name: 'guests', text: '4' },
            ],
          },
        ],
      },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('limits the pair rate with a 45-message bucket refilled one per 6 s of clock time (131056)', async () => {
    await openWindow('31611112222');
    const text = { to: '31611112222', type: 'text', text: { body: 'x' } };
    for (let i = 0; i < 45; i++) expect((await send(text)).statusCode).toBe(200);
    const limited = await send(text);
    expect(limited.statusCode).toBe(400);
    expect(limited.json().error).toMatchObject({
      code: 131056,
      message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    });
    // Another recipient is unaffected.
    expect((await send({ ...text, to: '31633334444' })).statusCode).toBe(200);
    rig.clock.advance(6_000);
    expect((await send(text)).statusCode).toBe(200);
    expect((await send(text)).json().error.code).toBe(131056);
  });

  it('enforces throughput per phone number with 130429', async () => {
    const slow = await startTestRig({ throughputMps: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await slow.app.inject({
          method: 'POST',
          url: `/sandbox/graph/v23.0/${P}/messages`,
          headers: slow.auth,
          payload: {
            messaging_product: 'whatsapp',
            to: `3161111000${i + 1}`,
            type: 'template',
            template: { name: 'hello_world', language: { code: 'en_US' } },
          },
        });
        codes.push(r.statusCode === 200 ? 200 : r.json().error.code);
      }
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      expect(codes.slice(3)).toEqual([130429, 130429]);
    } finally {
      await slow.close();
    }
  });

  it('returns phone number fields, the WABA phone list and the WABA', async () => {
    const r = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${P}?fields=verified_name,display_phone_number,quality_rating,throughput,whatsapp_business_manager_messaging_limit,status`,
      headers: rig.auth,
    });
    expect(r.json()).toEqual({
      verified_name: 'Lucky Shrub',
      display_phone_number: '15550783881',
      quality_rating: 'GREEN',
      throughput: { level: 'STANDARD' },
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
      status: 'CONNECTED',
      id: P,
    });
    const list = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${TEST_IDS.wabaId}/phone_numbers`,
      headers: rig.auth,
    });
    expect(list.json().data[0]).toMatchObject({ id: P, display_phone_number: '15550783881' });
    const waba = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${TEST_IDS.wabaId}`,
      headers: rig.auth,
    });
    expect(waba.json()).toMatchObject({ id: TEST_IDS.wabaId, name: 'Lucky Shrub' });
  });

  it('uploads, describes, serves and deletes media', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const boundary = '-----------RubyMultipartPost-5425f35962ffbb7f6dfd3dd323ce2d09';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/png\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/v19.0/${P}/media`,
      headers: { ...rig.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(up.statusCode).toBe(200);
    expect(shapeOf(up.json())).toEqual(shapeOf(fixtureBody('ruby-sdk-vcr__media__upload-200.json')));
    const id = up.json().id as string;

    const get = await rig.app.inject({ method: 'GET', url: `/sandbox/graph/${id}`, headers: rig.auth });
    expect(shapeOf(get.json())).toEqual(shapeOf(fixtureBody('ruby-sdk-vcr__media__get-url-200.json')));
    expect(get.json()).toMatchObject({
      id,
      mime_type: 'image/png',
      file_size: png.length,
      messaging_product: 'whatsapp',
    });
    expect(get.body).toContain('http:\\/\\/sandbox.test\\/sandbox\\/lookaside');

    const url = new URL(get.json().url as string);
    const download = await rig.app.inject({
      method: 'GET',
      url: url.pathname + url.search,
      headers: rig.auth,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect((await rig.app.inject({ method: 'GET', url: url.pathname + url.search })).statusCode).toBe(401);

    const sendImage = await send({ to: '31612345678', type: 'image', image: { id } });
    expect(sendImage.statusCode).toBe(200);

    const del = await rig.app.inject({ method: 'DELETE', url: `/sandbox/graph/${id}`, headers: rig.auth });
    expect(del.json()).toEqual(fixtureBody('ruby-sdk-vcr__media__delete-200.json'));
    const again = await rig.app.inject({ method: 'GET', url: `/sandbox/graph/${id}`, headers: rig.auth });
    expect(again.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('rejects media of an unsupported type with code 100', async () => {
    const boundary = 'b0undary';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.html"\r\nContent-Type: text/html\r\n\r\n<html></html>\r\n--${boundary}--\r\n`;
    const r = await rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/v23.0/${P}/media`,
      headers: { ...rig.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe(100);
    expect(r.json().error.error_data.details).toMatch(/text\/html/);
  });

  it('simulates server errors and rate limits from the fault profile, and resets with {}', async () => {
    const set = await post('/sandbox/faults', { serverErrorRate: 1 }, {});
    expect(set.json()).toMatchObject({ serverErrorRate: 1, rateLimitRate: 0 });
    const r = await send({ to: '31612345678', type: 'text', text: { body: 'x' } });
    expect(r.statusCode).toBe(500);
    expect([131000, 131016]).toContain(r.json().error.code);
    await post('/sandbox/faults', { rateLimitRate: 1 }, {});
    const limited = await send({ to: '31612345678', type: 'text', text: { body: 'x' } });
    expect(limited.json().error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    expect((await post('/sandbox/faults', {}, {})).json()).toEqual({
      rateLimitRate: 0,
      serverErrorRate: 0,
      duplicateRate: 0,
      reorder: false,
    });
    expect((await send({ to: '31612345678', type: 'text', text: { body: 'x' } })).statusCode).toBe(200);
    expect((await post('/sandbox/faults', { rateLimitRate: 2 }, {})).statusCode).toBe(400);
  });

  it('moves the test clock forward only', async () => {
    const before = (await rig.app.inject({ method: 'GET', url: '/sandbox/clock' })).json();
    const after = (await post('/sandbox/clock', { advanceSeconds: 3600 }, {})).json();
    expect(after.nowMs - before.nowMs).toBe(3_600_000);
    expect(after.now).toBe(new Date(after.nowMs).toISOString());
    for (const advanceSeconds of [-1, 'ten']) {
      const bad = await post('/sandbox/clock', { advanceSeconds }, {});
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('sandbox.invalid_request');
    }
  });

  it('reports info for clients', async () => {
    const r = await rig.app.inject({ method: 'GET', url: '/sandbox/info' });
    expect(r.json()).toEqual({
      graphBaseUrl: 'http://sandbox.test/sandbox/graph',
      graphVersion: 'v23.0',
      accessToken: TEST_IDS.accessToken,
      appSecret: TEST_IDS.appSecret,
      wabaId: TEST_IDS.wabaId,
      phoneNumberId: P,
      displayPhoneNumber: TEST_IDS.displayPhoneNumber,
    });
  });
});
