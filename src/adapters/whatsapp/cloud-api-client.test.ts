// Client behaviour beyond the recordings: paging, error translation, transport failures, connection reuse.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../kernel/result.ts';
import type { GraphSendMessageRequest } from '../../wire/graph.ts';
import {
  createCloudApiClient,
  PER_USER_MARKETING_RETRY_AFTER_MS,
  type CloudApiClient,
  type GraphConfig,
  type GraphFailure,
} from './index.ts';
import { graphError, respond, startServer, type Handler, type TestServer } from './graph-test-server.ts';

const TOKEN = 'EAAG-secret-test-token';
const PHONE = '106540352242922';
const WABA = '102290129340398';
const text: GraphSendMessageRequest = {
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: '16505551234',
  type: 'text',
  text: { body: 'hello' },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  handler: Handler,
  config: Partial<GraphConfig> = {},
): Promise<{ api: CloudApiClient; server: TestServer }> {
  const server = await startServer(handler);
  cleanups.push(() => server.close());
  const api = createCloudApiClient({
    baseUrl: server.baseUrl,
    version: 'v24.0',
    accessToken: TOKEN,
    ...config,
  });
  cleanups.push(() => api.close());
  return { api, server };
}

async function failureOf<T>(p: Promise<Result<T, GraphFailure>>): Promise<GraphFailure> {
  const r = await p;
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('requests', () => {
  it('joins base URL (with a path prefix), version and path, and sends the bearer token and JSON', async () => {
    const { api, server } = await setup(
      respond(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: '16505551234', wa_id: '16505551234' }],
        messages: [{ id: 'wamid.A' }],
      }),
    );
    const prefixed = createCloudApiClient({
      baseUrl: `${server.baseUrl}/graph/`,
      version: 'v24.0',
      accessToken: TOKEN,
    });
    cleanups.push(() => prefixed.close());
    await prefixed.sendMessage(PHONE, text);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(`/graph/v24.0/${PHONE}/messages`);
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual(text);
    expect(await api.listTemplates(WABA)).toMatchObject({ ok: false }); // the unprefixed client reaches the same server
    expect(server.requests[1]!.url).toBe(`/v24.0/${WABA}/message_templates`);
  });

  it('marks read without a typing indicator unless asked', async () => {
    const { api, server } = await setup(respond(200, { success: true }));
    expect(await api.markRead(PHONE, 'wamid.IN')).toEqual({ ok: true, value: true });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN',
    });
  });

  it('reads a phone number with the requested fields', async () => {
    const phone = {
      id: PHONE,
      display_phone_number: '15550783881',
      verified_name: 'Lucky Shrub',
      quality_rating: 'GREEN',
      throughput: { level: 'STANDARD' },
    };
    const { api, server } = await setup(respond(200, phone));
    const r = await api.getPhoneNumber(PHONE, ['quality_rating', 'throughput']);
    expect(r).toEqual({ ok: true, value: phone });
    expect(server.requests[0]!.method).toBe('GET');
    expect(server.requests[0]!.url).toBe(`/v24.0/${PHONE}?fields=quality_rating,throughput`);
    expect(server.requests[0]!.body).toBe('');
  });

  it('reuses keep-alive connections across many sends', async () => {
    let n = 0;
    const { api, server } = await setup((_req, res) => {
      n++;
      respond(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: 'x', wa_id: '1' }],
        messages: [{ id: `wamid.${n}` }],
      })(_req, res);
    });
    for (let i = 0; i < 20; i++) expect((await api.sendMessage(PHONE, text)).ok).toBe(true);
    expect(server.requests).toHaveLength(20);
    // Keep-alive: the pool may spread sequential requests over a couple of sockets, but never one per request.
    expect(server.connections()).toBeLessThanOrEqual(10);
  });
});

describe('listAllTemplates', () => {
  const template = (i: number) => ({
    id: `t${i}`,
    name: `tpl_${i}`,
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [],
  });

  it('follows paging cursors across three pages and stops when there is no next link', async () => {
    const pages: Record<string, unknown> = {
      '': {
        data: [template(1), template(2)],
        paging: {
          cursors: { before: 'b0', after: 'c1' },
          next: 'https://graph.facebook.com/v24.0/x/message_templates?limit=2&after=c1',
        },
      },
      c1: {
        data: [template(3), template(4)],
        paging: {
          cursors: { before: 'c1', after: 'c2' },
          next: 'https://graph.facebook.com/v24.0/x/message_templates?limit=2&after=c2',
        },
      },
      // The last page still carries cursors, as Graph does; only the missing `next` ends the walk.
      c2: { data: [template(5)], paging: { cursors: { before: 'c2', after: 'c3' } } },
    };
    const { api, server } = await setup((req, res) => {
      const after = new URL(req.url, 'http://x').searchParams.get('after') ?? '';
      respond(200, pages[after])(req, res);
    });
    const names: string[] = [];
    for await (const r of api.listAllTemplates(WABA, 2)) {
      if (!r.ok) throw new Error(r.error.message);
      names.push(r.value.name);
    }
    expect(names).toEqual(['tpl_1', 'tpl_2', 'tpl_3', 'tpl_4', 'tpl_5']);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/v24.0/${WABA}/message_templates?limit=2`,
      `/v24.0/${WABA}/message_templates?limit=2&after=c1`,
      `/v24.0/${WABA}/message_templates?limit=2&after=c2`,
    ]);
  });

  it('takes the cursor from the next link when cursors are missing, and survives an empty page', async () => {
    const pages: Record<string, unknown> = {
      '': { data: [], paging: { next: 'https://graph.facebook.com/v24.0/x/message_templates?after=n1' } },
      n1: { data: [template(1)] },
    };
    const { api, server } = await setup((req, res) => {
      respond(200, pages[new URL(req.url, 'http://x').searchParams.get('after') ?? ''])(req, res);
    });
    const got = [];
    for await (const r of api.listAllTemplates(WABA)) got.push(r);
    expect(got).toEqual([{ ok: true, value: template(1) }]);
    expect(server.requests[1]!.url).toBe(`/v24.0/${WABA}/message_templates?limit=100&after=n1`);
  });

  it('yields the failure and stops when a page fails', async () => {
    const { api, server } = await setup((req, res) => {
      const after = new URL(req.url, 'http://x').searchParams.get('after');
      if (after === null)
        respond(200, { data: [template(1)], paging: { cursors: { before: 'a', after: 'c1' }, next: 'n' } })(
          req,
          res,
        );
      else respond(400, graphError(80007, 'Rate limit issues'))(req, res);
    });
    const got = [];
    for await (const r of api.listAllTemplates(WABA)) got.push(r);
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual({ ok: true, value: template(1) });
    expect(got[1]).toMatchObject({
      ok: false,
      error: { code: 'meta.api_rate_limited', retryable: true, metaCode: 80007 },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('does not loop forever on a repeated cursor', async () => {
    const { api, server } = await setup(
      respond(200, { data: [template(1)], paging: { cursors: { before: 'a', after: 'same' }, next: 'n' } }),
    );
    const got = [];
    for await (const r of api.listAllTemplates(WABA)) got.push(r);
    expect(got).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });
});

describe('Meta errors', () => {
  it('translates 190 to auth_failed and never echoes the token', async () => {
    const { api } = await setup(
      respond(401, graphError(190, 'Error validating access token: Session has expired'), {
        'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"',
      }),
    );
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({ code: 'meta.auth_failed', retryable: false, metaCode: 190, httpStatus: 401 });
    expect(f.message).toContain('Session has expired');
    expect(JSON.stringify(f)).not.toContain(TOKEN);
  });

  it('treats a 5xx with a Graph body as retryable', async () => {
    const { api } = await setup(respond(500, graphError(131000, 'Something went wrong')));
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({
      code: 'meta.server_error',
      retryable: true,
      metaCode: 131000,
      httpStatus: 500,
    });
    expect(f.ambiguous).toBeUndefined();
  });

  it('treats a 5xx without a Graph body (a proxy page) as a retryable server error', async () => {
    const { api } = await setup((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({ code: 'meta.server_error', retryable: true, httpStatus: 502 });
    expect(f.metaCode).toBeUndefined();
    expect(f.message).toContain('Bad Gateway');
  });

  it('keeps Meta details and reads Retry-After in seconds on a throughput limit', async () => {
    const { api } = await setup(
      respond(400, graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'), {
        'retry-after': '7',
      }),
    );
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({
      code: 'meta.rate_limited',
      retryable: true,
      metaCode: 130429,
      retryAfterMs: 7000,
    });
    expect(f.message).toContain('Cloud API message throughput has been reached.');
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const { api } = await setup(respond(503, 'unavailable', { 'retry-after': at }));
    const f = await failureOf(api.listTemplates(WABA));
    expect(f).toMatchObject({ code: 'meta.server_error', retryable: true, httpStatus: 503 });
    // An HTTP date has one-second resolution, so the delay is somewhere in the two minutes before `at`.
    expect(f.retryAfterMs).toBeGreaterThan(0);
    expect(f.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('adds the documented 24 h wait to 131049', async () => {
    const { api } = await setup(
      respond(
        400,
        graphError(131049, 'This message was not delivered to maintain healthy ecosystem engagement.'),
      ),
    );
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({
      code: 'meta.per_user_marketing_limit',
      retryable: true,
      retryAfterMs: PER_USER_MARKETING_RETRY_AFTER_MS,
    });
  });

  it('maps the window-closed and template errors', async () => {
    const cases: [number, number, string][] = [
      [131047, 400, 'meta.window_closed'],
      [132001, 404, 'meta.template_not_found'],
      [132000, 400, 'meta.template_params_mismatch'],
      [132015, 400, 'meta.template_paused'],
      [131056, 400, 'meta.pair_rate_limited'],
    ];
    for (const [code, status, ours] of cases) {
      const { api } = await setup(respond(status, graphError(code, 'x')));
      const f = await failureOf(api.sendMessage(PHONE, text));
      expect(f.code).toBe(ours);
      expect(f.metaCode).toBe(code);
      expect(f.httpStatus).toBe(status);
    }
  });

  it('reports a 200 without a wamid as ambiguous', async () => {
    const { api } = await setup(respond(200, { messaging_product: 'whatsapp', contacts: [], messages: [] }));
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({
      code: 'meta.unexpected_response',
      retryable: false,
      ambiguous: true,
      httpStatus: 200,
    });
  });
});

describe('transport failures', () => {
  async function unusedPort(): Promise<number> {
    const s: Server = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return port;
  }

  it('reports connection refused as a retryable network error that is not ambiguous', async () => {
    const api = createCloudApiClient({
      baseUrl: `http://127.0.0.1:${await unusedPort()}`,
      version: 'v24.0',
      accessToken: TOKEN,
    });
    cleanups.push(() => api.close());
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({ code: 'meta.network_error', retryable: true });
    expect(f.ambiguous).toBeUndefined();
    expect(f.message).toContain('ECONNREFUSED');
    expect(f.message).not.toContain(TOKEN);
  });

  // A server that reads the whole request and never answers: Meta may or may not have accepted the send.
  // With `onRequest`, it does that to the connection instead (e.g. drops it).
  async function silentServer(
    onRequest?: (socket: Socket) => void,
  ): Promise<{ baseUrl: string; received: () => number }> {
    let received = 0;
    const sockets = new Set<Socket>();
    const s = createServer((req) => {
      const socket = req.socket;
      req.resume();
      req.on('end', () => {
        received++;
        onRequest?.(socket);
      });
    });
    s.on('connection', (sock: Socket) => sockets.add(sock));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const sock of sockets) sock.destroy();
          s.close(() => resolve());
        }),
    );
    return { baseUrl: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, received: () => received };
  }

  it('reports a send that times out after the request was written as ambiguous and not retryable', async () => {
    const { baseUrl, received } = await silentServer();
    const api = createCloudApiClient({ baseUrl, version: 'v24.0', accessToken: TOKEN, timeoutMs: 150 });
    cleanups.push(() => api.close());
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({ code: 'meta.timeout', retryable: false, ambiguous: true });
    expect(received()).toBe(1);
  });

  it('reports a read that times out as retryable, since reading twice is harmless', async () => {
    const { baseUrl } = await silentServer();
    const api = createCloudApiClient({ baseUrl, version: 'v24.0', accessToken: TOKEN, timeoutMs: 150 });
    cleanups.push(() => api.close());
    const f = await failureOf(api.getPhoneNumber(PHONE));
    expect(f).toMatchObject({ code: 'meta.timeout', retryable: true });
    expect(f.ambiguous).toBeUndefined();
  });

  it('reports a connection dropped mid-request on a send as ambiguous', async () => {
    const { baseUrl, received } = await silentServer((sock) => sock.destroy());
    const api = createCloudApiClient({ baseUrl, version: 'v24.0', accessToken: TOKEN });
    cleanups.push(() => api.close());
    const f = await failureOf(api.sendMessage(PHONE, text));
    expect(f).toMatchObject({ code: 'meta.network_error', retryable: false, ambiguous: true });
    expect(received()).toBe(1);
  });
});
