// Business events end to end: signed outbound webhooks to a real local receiver (retries on the test clock, the
// delivery log, redelivery), the live SSE stream with resume, and the polling list.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { API_KEY, eventually, startHarness, startHarnessOn, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };

type Received = { headers: http.IncomingHttpHeaders; body: string; json: any };

/** A receiver of the business's own: records every request, answers with the queued codes, then 200. */
async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) });
      const code = answers.shift() ?? 200;
      res.writeHead(code, { 'content-type': 'text/plain' }).end(code === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What docs/api.md tells receivers to do, written independently of the platform's code. */
function signatureValid(header: string | undefined, body: string, secret: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return (
    typeof parts.v1 === 'string' &&
    parts.v1.length === expected.length &&
    timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected))
  );
}

type Frame = { id: string; event: string; data: any };

/** Opens the SSE stream with fetch and collects its frames as they arrive. */
async function openStream(h: Harness, query = '', headers: Record<string, string> = {}) {
  const ctrl = new AbortController();
  const res = await fetch(`${h.url}/v1/events/stream${query}`, {
    headers: { authorization: `Bearer ${API_KEY}`, ...headers },
    signal: ctrl.signal,
  });
  const frames: Frame[] = [];
  const comments: string[] = [];
  const state = { ended: false };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const f: Partial<Frame> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) f.id = line.slice(4);
            else if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6));
          }
          if (f.data) frames.push(f as Frame);
        }
      }
      state.ended = true;
    } catch {
      /* aborted */
    }
  })();
  return { res, frames, comments, state, close: () => ctrl.abort() };
}

for (const database of testDatabases()) {
  describe(`[${database.name}] business events and outbound webhooks`, () => {
    let h: Harness;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let subscription: { id: string; secret: string };

    const write = async (waId: string, text: string) => {
      const r = await h.raw('POST', `/sandbox/customers/${waId}/messages`, JSON.stringify({ text }), json);
      expect(r.status).toBeLessThan(300);
    };
    const deliveries = async () =>
      (await h.api('GET', `/v1/webhook-subscriptions/${subscription.id}/deliveries`)).body.data as any[];
    const receivedText = (text: string) =>
      receiver.received.filter((r) => r.json.type === 'message.received' && r.json.data.text === text);

    beforeAll(async () => {
      h = await startHarnessOn(database);
      receiver = await startReceiver();
    });
    let stopped = false;
    afterAll(async () => {
      if (!stopped) await h?.stop();
      await receiver?.close();
    });

    it('refuses a URL that is not http(s) and unknown event types', async () => {
      const ftp = await h.api('POST', '/v1/webhook-subscriptions', { url: 'ftp://x.test/', types: ['*'] });
      expect(ftp.status).toBe(422);
      expect(ftp.body.error.code).toBe('webhook_subscription.url_invalid');
      const types = await h.api('POST', '/v1/webhook-subscriptions', { url: receiver.url, types: ['nope'] });
      expect(types.status).toBe(422);
      expect(types.body.error.code).toBe('webhook_subscription.types_invalid');
      const missing = await h.api('GET', '/v1/webhook-subscriptions/whs_missing/deliveries');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('webhook_subscription.not_found');
    });

    it('delivers a customer message and an opt-out, signed, to the subscribed URL', async () => {
      const created = await h.api('POST', '/v1/webhook-subscriptions', {
        url: receiver.url,
        types: ['message.received', 'consent.opted_out'],
        description: 'CRM',
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      subscription = created.body;
      const listed = (await h.api('GET', '/v1/webhook-subscriptions')).body.data;
      expect(listed).toEqual([
        expect.objectContaining({ id: subscription.id, active: true, description: 'CRM' }),
      ]);
      expect(listed[0].secret).toBeUndefined();

      await write('31655500001', 'Is my order ready?');
      const [hit] = await eventually(async () => {
        const r = receivedText('Is my order ready?');
        return r.length > 0 && r;
      }, 'the message.received delivery');
      expect(
        signatureValid(hit!.headers['x-greenlight-signature'] as string, hit!.body, subscription.secret),
      ).toBe(true);
      expect(signatureValid(hit!.headers['x-greenlight-signature'] as string, hit!.body, 'whsec_wrong')).toBe(
        false,
      );
      expect(hit!.headers['x-greenlight-event-type']).toBe('message.received');
      expect(hit!.headers['x-greenlight-event-id']).toBe(hit!.json.id);
      expect(hit!.json).toMatchObject({
        type: 'message.received',
        businessId: h.platform.business.id,
        data: { waId: '31655500001', type: 'text', text: 'Is my order ready?' },
      });
      expect(hit!.json.data.wamid).toMatch(/^wamid\./);
      expect(Number.isNaN(Date.parse(hit!.json.occurredAt))).toBe(false);

      await write('31655500001', 'STOP');
      const optOut = await eventually(
        async () => receiver.received.find((r) => r.json.type === 'consent.opted_out'),
        'the consent.opted_out delivery',
      );
      expect(
        signatureValid(optOut.headers['x-greenlight-signature'] as string, optOut.body, subscription.secret),
      ).toBe(true);
      expect(optOut.json.data).toMatchObject({
        phone: '+31655500001',
        channel: 'whatsapp',
        categories: ['*'],
      });

      const log = await eventually(async () => {
        const d = await deliveries();
        return d.length >= 3 && d.every((x) => x.status === 'succeeded') && d;
      }, 'three succeeded deliveries');
      expect(log.map((d) => d.eventType).sort()).toEqual([
        'consent.opted_out',
        'message.received',
        'message.received',
      ]);
      expect(log[0]).toMatchObject({
        attempts: 1,
        lastStatusCode: 200,
        lastResponse: 'ok',
        nextAttemptAt: null,
      });
    });

    it('retries after a 500 with backoff on the test clock, logs it, and redelivers on request', async () => {
      receiver.answers.push(500);
      await write('31655500002', 'Hello?');
      const failed = await eventually(async () => {
        const d = (await deliveries()).find((x) => x.status === 'pending' && x.attempts === 1);
        return d;
      }, 'a delivery waiting for its retry');
      expect(failed).toMatchObject({
        lastStatusCode: 500,
        lastResponse: 'receiver is down',
        eventType: 'message.received',
      });
      expect(Date.parse(failed.nextAttemptAt) - Date.parse(failed.lastAttemptAt)).toBe(30_000);
      expect(receivedText('Hello?')).toHaveLength(1);

      // Nothing happens before the retry is due; then the test clock moves past it.
      const clock = await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 31 }), json);
      expect(clock.status).toBe(200);
      const done = await eventually(async () => {
        const d = (await deliveries()).find((x) => x.id === failed.id);
        return d?.status === 'succeeded' && d;
      }, 'the retried delivery');
      expect(done).toMatchObject({ attempts: 2, lastStatusCode: 200, nextAttemptAt: null });
      const both = receivedText('Hello?');
      expect(both).toHaveLength(2);
      expect(both[0]!.json.id).toBe(both[1]!.json.id);
      expect(
        signatureValid(
          both[1]!.headers['x-greenlight-signature'] as string,
          both[1]!.body,
          subscription.secret,
        ),
      ).toBe(true);

      const again = await h.api('POST', `/v1/webhook-deliveries/${failed.id}/redeliver`);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({
        redeliveryOf: failed.id,
        status: 'pending',
        eventId: failed.eventId,
      });
      await eventually(async () => receivedText('Hello?').length === 3, 'the redelivery');
      const missing = await h.api('POST', '/v1/webhook-deliveries/whd_missing/redeliver');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('webhook_delivery.not_found');
    });

    it('signs with a rotated secret, and a paused subscription gets nothing new', async () => {
      const rotated = await h.api('POST', `/v1/webhook-subscriptions/${subscription.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(subscription.secret);
      await write('31655500003', 'After rotation');
      const [hit] = await eventually(async () => {
        const r = receivedText('After rotation');
        return r.length > 0 && r;
      }, 'a delivery after rotation');
      const sig = hit!.headers['x-greenlight-signature'] as string;
      expect(signatureValid(sig, hit!.body, rotated.body.secret)).toBe(true);
      expect(signatureValid(sig, hit!.body, subscription.secret)).toBe(false);
      subscription = rotated.body;

      const paused = await h.api('PATCH', `/v1/webhook-subscriptions/${subscription.id}`, { active: false });
      expect(paused.body.active).toBe(false);
      await write('31655500003', 'While paused');
      // The event is in the log, but no delivery was made for the paused subscription.
      await eventually(
        async () =>
          (await h.api('GET', '/v1/events?types=message.received&limit=500')).body.data.some(
            (e: any) => e.data.text === 'While paused',
          ),
        'the event in the log',
      );
      expect((await deliveries()).filter((d) => d.status !== 'succeeded')).toEqual([]);
      expect(receivedText('While paused')).toHaveLength(0);
      await h.api('PATCH', `/v1/webhook-subscriptions/${subscription.id}`, { active: true });
    });

    it('streams events over SSE and resumes after Last-Event-ID', async () => {
      const stream = await openStream(h, '?types=message.received');
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await eventually(async () => stream.comments.includes('connected'), 'the stream to open');
      await write('31655500004', 'Live one');
      const first = await eventually(
        async () => stream.frames.find((f) => f.data.data.text === 'Live one'),
        'the live message.received frame',
      );
      expect(first.event).toBe('message.received');
      expect(first.id).toBe(first.data.id);
      expect(first.data.data.waId).toBe('31655500004');
      // The STOP's opt-out is filtered out by types; only message.received frames arrive.
      expect(stream.frames.every((f) => f.event === 'message.received')).toBe(true);
      stream.close();

      await write('31655500004', 'While away');
      const resumed = await openStream(h, '?types=message.received', { 'last-event-id': first.id });
      const missed = await eventually(
        async () => resumed.frames.find((f) => f.data.data.text === 'While away'),
        'the missed event after resuming',
      );
      expect(missed.id > first.id).toBe(true);
      expect(resumed.frames.some((f) => f.id === first.id)).toBe(false);
      await write('31655500004', 'Live two');
      await eventually(
        async () => resumed.frames.filter((f) => f.data.data.text === 'Live two').length === 1,
        'a live event after resuming',
      );
      const ids = resumed.frames.map((f) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      resumed.close();

      const bad = await h.api('GET', '/v1/events/stream', undefined, { 'last-event-id': 'nope' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('events.cursor_invalid');
      const unauthenticated = await h.raw('GET', '/v1/events/stream', undefined);
      expect(unauthenticated.status).toBe(401);
    });

    it('lists events for polling, and announces status changes of our messages', async () => {
      const sent = await h.api('POST', '/v1/messages', { to: '+31655500004', text: 'Your order is ready.' });
      expect(sent.status).toBe(202);
      const statuses = await eventually(async () => {
        const list = (await h.api('GET', '/v1/events?types=message.status')).body.data as any[];
        const mine = list.filter((e) => e.data.messageId === sent.body.id);
        return mine.some((e) => e.data.status === 'delivered') && mine;
      }, 'message.status events');
      expect(statuses[0]).toMatchObject({ type: 'message.status', subject: sent.body.id });
      expect(statuses[0].data.wamid).toMatch(/^wamid\./);

      const page1 = (await h.api('GET', '/v1/events?limit=2')).body;
      expect(page1.data).toHaveLength(2);
      const page2 = (await h.api('GET', `/v1/events?limit=2&after=${page1.next}`)).body;
      expect(page2.data[0].id > page1.data[1].id).toBe(true);
      const bad = await h.api('GET', '/v1/events?types=message.deleted');
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('events.types_invalid');
    });

    it('ends open streams when the server stops', async () => {
      const stream = await openStream(h);
      await eventually(async () => stream.comments.includes('connected'), 'the stream to open');
      stopped = true;
      await h.stop();
      await eventually(async () => stream.state.ended, 'the stream to end');
    });
  });
}

for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`[${database.name}] events across separate api and worker processes`, () => {
    let api: Harness;
    let workers: Harness[] = [];
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      receiver = await startReceiver();
      api = await startHarness(created.target, {}, { api: true, worker: false });
      workers = await Promise.all(
        [1, 2].map(() =>
          startHarness(created.target, { GREENLIGHT_PUBLIC_URL: api.url }, { api: false, worker: true }),
        ),
      );
    });
    afterAll(async () => {
      for (const w of workers) await w.stop();
      await api?.stop();
      await receiver?.close();
      await cleanup?.();
    });

    it('streams events published by a worker process and delivers each once across two workers', async () => {
      const sub = await api.api('POST', '/v1/webhook-subscriptions', { url: receiver.url, types: ['*'] });
      expect(sub.status).toBe(201);
      const stream = await openStream(api, '?types=message.received');
      await eventually(async () => stream.comments.includes('connected'), 'the stream to open');
      const customers = Array.from({ length: 12 }, (_, i) => `316555100${String(i + 1).padStart(2, '0')}`);
      for (const c of customers)
        await api.raw(
          'POST',
          `/sandbox/customers/${c}/messages`,
          JSON.stringify({ text: `from ${c}` }),
          json,
        );
      // The worker processes publish; the API process's stream reads them from the log.
      await eventually(
        async () => customers.every((c) => stream.frames.some((f) => f.data.data.text === `from ${c}`)),
        'every message on the stream',
      );
      const streamed = stream.frames.map((f) => f.id);
      expect(new Set(streamed).size).toBe(streamed.length);
      stream.close();
      await eventually(
        async () =>
          customers.every((c) =>
            receiver.received.some(
              (r) => r.json.type === 'message.received' && r.json.data.text === `from ${c}`,
            ),
          ),
        'every message delivered',
      );
      const ids = receiver.received.filter((r) => r.json.type === 'message.received').map((r) => r.json.id);
      expect(ids).toHaveLength(customers.length);
      expect(new Set(ids).size).toBe(customers.length);
      const log = (
        await api.api('GET', `/v1/webhook-subscriptions/${sub.body.id}/deliveries?status=succeeded`)
      ).body.data as any[];
      expect(log.filter((d) => d.eventType === 'message.received').every((d) => d.attempts === 1)).toBe(true);
    });
  });
}
