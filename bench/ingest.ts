// Webhook ingest benchmark: Meta-shaped signed status batches, verified + stored + processed, vs a bare HMAC server.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { metaJsonStringify, signatureHeader, verifySignature } from '../src/wire/meta-json.ts';
import type { StatusUpdate } from '../src/wire/webhook.ts';
import { startBenchPlatform, until } from './bench-platform.ts';
import { okCount, runLoad, wallNow, type LoadRequest, type LoadResult } from './load-generator.ts';

export type IngestOptions = { events: number; perPost: number; concurrency: number; timeoutMs: number };

export type IngestFigures = {
  events: number;
  posts: number;
  perPost: number;
  concurrency: number;
  greenlight: {
    eventsPerSec: number;
    seconds: number;
    /** Events per second acknowledged over HTTP (stored, not yet necessarily processed). */
    ackEventsPerSec: number;
    complete: boolean;
    load: LoadResult;
    final: { webhookEvents: Record<string, number>; messages: Record<string, number> };
  };
  baseline: { eventsPerSec: number; seconds: number; load: LoadResult };
  ratio: number;
};

type SandboxInfo = { appSecret: string; wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

const wamidFor = () => `wamid.HBgL${randomBytes(30).toString('base64')}`;

/** Signed Meta deliveries: every message gets `delivered`, then `read`, `perPost` statuses to a POST. */
function signedBodies(
  info: SandboxInfo,
  msgs: { id: string; wamid: string; waId: string }[],
  perPost: number,
  sentAtS: number,
): LoadRequest[] {
  const statuses: StatusUpdate[] = [];
  const pricing = {
    billable: false,
    pricing_model: 'PMP',
    category: 'service',
    type: 'free_customer_service',
  };
  for (const m of msgs) {
    statuses.push({
      id: m.wamid,
      status: 'delivered',
      timestamp: String(sentAtS + 1),
      recipient_id: m.waId,
      biz_opaque_callback_data: m.id,
      pricing,
    });
  }
  for (const m of msgs) {
    statuses.push({
      id: m.wamid,
      status: 'read',
      timestamp: String(sentAtS + 2),
      recipient_id: m.waId,
      biz_opaque_callback_data: m.id,
    });
  }
  const requests: LoadRequest[] = [];
  for (let i = 0; i < statuses.length; i += perPost) {
    const body = metaJsonStringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: info.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: info.displayPhoneNumber,
                  phone_number_id: info.phoneNumberId,
                },
                statuses: statuses.slice(i, i + perPost),
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
    requests.push({
      method: 'POST',
      path: '/webhooks/whatsapp',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(body, info.appSecret),
        'user-agent': 'facebookexternalua',
      },
      body,
    });
  }
  return requests;
}

/** The baseline: node:http, read the body, check the HMAC, answer 200. Nothing else. */
async function bareVerifyServer(appSecret: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['x-hub-signature-256'];
      const ok = verifySignature(
        Buffer.concat(chunks),
        typeof header === 'string' ? header : undefined,
        appSecret,
      );
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? '{"ok":true}' : '{"ok":false}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function benchIngest(opts: IngestOptions): Promise<IngestFigures> {
  const messageCount = Math.floor(opts.events / 2);
  const bp = await startBenchPlatform({ GREENLIGHT_MODE: 'sandbox' });
  try {
    const info = (await (await fetch(`${bp.url}/sandbox/info`)).json()) as SandboxInfo;
    const k = bp.platform.db.kysely;
    const businessId = bp.platform.business.id;
    const now = Date.now();
    const sentAtS = Math.floor(now / 1000);

    // The outbox already holds the sent messages these statuses are about.
    const msgs = Array.from({ length: messageCount }, (_, i) => ({
      id: `msg_bench_${String(i).padStart(7, '0')}`,
      wamid: wamidFor(),
      waId: `3162${String(i).padStart(6, '0')}1`,
    }));
    await k.transaction().execute(async (trx) => {
      for (let i = 0; i < msgs.length; i += 500) {
        await trx
          .insertInto('messages')
          .values(
            msgs.slice(i, i + 500).map((m) => {
              const graph = {
                messaging_product: 'whatsapp',
                recipient_type: 'individual',
                to: m.waId,
                type: 'text',
                text: { body: 'Your order is ready for pickup.' },
                biz_opaque_callback_data: m.id,
              };
              return {
                id: m.id,
                business_id: businessId,
                phone_number_id: info.phoneNumberId,
                to_wa_id: m.waId,
                kind: 'text',
                category: 'service',
                template_name: null,
                template_language: null,
                request: JSON.stringify({ to: `+${m.waId}`, text: graph.text.body }),
                graph_request: JSON.stringify(graph),
                status: 'sent',
                idempotency_key: null,
                request_hash: m.id,
                wamid: m.wamid,
                attempts: 1,
                next_attempt_at: now,
                lease_until: null,
                last_error: null,
                denial: null,
                pricing: null,
                created_at: now,
                updated_at: now,
                sent_at: now,
                delivered_at: null,
                read_at: null,
                failed_at: null,
              };
            }),
          )
          .execute();
      }
    });
    const requests = signedBodies(info, msgs, opts.perPost, sentAtS);
    const events = messageCount * 2;

    // Baseline first, while the platform sits idle: same bodies, same generator, same concurrency.
    const bare = await bareVerifyServer(info.appSecret);
    let baseLoad: LoadResult;
    try {
      baseLoad = await runLoad({ origin: bare.origin, requests, concurrency: opts.concurrency });
    } finally {
      await bare.close();
    }
    const baseSeconds = (baseLoad.finishedAt - baseLoad.startedAt) / 1000;
    if (okCount(baseLoad) !== requests.length)
      throw new Error(`baseline ingest: not every POST was accepted: ${JSON.stringify(baseLoad.statuses)}`);

    // Ours: from the first POST until every event is processed and every message shows read.
    const processed = async () =>
      Number(
        (
          await k
            .selectFrom('webhook_events')
            .select(sql<number>`count(*)`.as('n'))
            .where('status', '=', 'processed')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const read = async () =>
      Number(
        (
          await k
            .selectFrom('messages')
            .select(sql<number>`count(*)`.as('n'))
            .where('status', '=', 'read')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const loadPromise = runLoad({ origin: bp.url, requests, concurrency: opts.concurrency });
    let failed: unknown;
    loadPromise.catch((e: unknown) => (failed = e));
    const complete = await until(
      async () => failed !== undefined || ((await processed()) >= events && (await read()) >= messageCount),
      opts.timeoutMs,
      25,
    );
    const doneAt = wallNow();
    const load = await loadPromise;
    const seconds = (doneAt - load.startedAt) / 1000;
    const group = async (table: 'webhook_events' | 'messages') =>
      Object.fromEntries(
        (
          await k
            .selectFrom(table)
            .select(['status', sql<number>`count(*)`.as('n')])
            .groupBy('status')
            .execute()
        ).map((r) => [r.status, Number(r.n)]),
      );
    const final = { webhookEvents: await group('webhook_events'), messages: await group('messages') };
    const eventsPerSec = events / seconds;
    const baseEventsPerSec = events / baseSeconds;
    return {
      events,
      posts: requests.length,
      perPost: opts.perPost,
      concurrency: opts.concurrency,
      greenlight: {
        eventsPerSec,
        seconds,
        ackEventsPerSec: events / ((load.finishedAt - load.startedAt) / 1000),
        complete: complete && failed === undefined,
        load,
        final,
      },
      baseline: { eventsPerSec: baseEventsPerSec, seconds: baseSeconds, load: baseLoad },
      ratio: eventsPerSec / baseEventsPerSec,
    };
  } finally {
    await bp.stop();
  }
}
