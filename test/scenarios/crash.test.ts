// Crash safety for real: the dispatching process is SIGKILLed mid-dispatch and restarted; every message reaches the
// sandbox customer exactly once, with our id in biz_opaque_callback_data, and none is lost or left in flight.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/adapters/db/index.ts';
import { OffsetClock } from '../../src/kernel/clock.ts';
import { startSandboxServer } from '../../src/sandbox/index.ts';
import { testDatabases } from '../support/databases.ts';
import {
  API_KEY,
  BUSINESS_NAME,
  eventually,
  startHarness,
  startHarnessOn,
  type Harness,
} from '../support/harness.ts';
import { freePort, pool, startRole, type RoleProcess } from '../support/processes.ts';

const MESSAGES = 2_000;
// Paced so that dispatch takes a few seconds: long enough to kill the process in the middle of it.
const THROUGHPUT_MPS = 200;
const recipient = (i: number) => `3164${String(i).padStart(6, '0')}1`;

type Counts = Record<string, number>;

async function statusCounts(db: Db): Promise<Counts> {
  const rows = await db.kysely
    .selectFrom('messages')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const count = async (db: Db, q: 'inbound' | 'withWamid') =>
  Number(
    (
      await (
        q === 'inbound'
          ? db.kysely.selectFrom('inbound_messages').select(sql<number>`count(*)`.as('n'))
          : db.kysely
              .selectFrom('messages')
              .select(sql<number>`count(*)`.as('n'))
              .where('wamid', 'is not', null)
      ).executeTakeFirstOrThrow()
    ).n,
  );

for (const database of testDatabases()) {
  describe(`[${database.name}] crash safety: lease recovery`, () => {
    it('does not requeue an expired send while a stored, unprocessed status webhook carries its id', async () => {
      // No worker loops: the test drives recovery itself.
      const h = await startHarnessOn(database, {}, { api: false, worker: false });
      try {
        const k = h.platform.db.kysely;
        const store = h.platform.services.messageStore;
        const businessId = h.platform.business.id;
        const t = h.platform.clock.now();
        const row = (id: string) => ({
          id,
          business_id: businessId,
          phone_number_id: 'pn',
          to_wa_id: '31612345678',
          kind: 'text',
          category: 'service',
          template_name: null,
          template_language: null,
          request: '{}',
          graph_request: JSON.stringify({ biz_opaque_callback_data: id }),
          status: 'sending',
          idempotency_key: null,
          request_hash: 'x',
          wamid: null,
          attempts: 1,
          next_attempt_at: t - 10_000,
          lease_until: t - 1,
          last_error: null,
          denial: null,
          pricing: null,
          created_at: t - 10_000,
          updated_at: t - 10_000,
          sent_at: null,
          delivered_at: null,
          read_at: null,
          failed_at: null,
        });
        await k
          .insertInto('messages')
          .values([row('msg_accepted'), row('msg_lost')])
          .execute();
        // Meta's `sent` for msg_accepted is stored by the receiver but not processed yet.
        const status = {
          id: 'wamid.A',
          status: 'sent',
          timestamp: '1',
          biz_opaque_callback_data: 'msg_accepted',
        };
        await k
          .insertInto('webhook_events')
          .values({
            id: 'wh_1',
            business_id: businessId,
            field: 'messages',
            dedupe_key: 'd1',
            payload: JSON.stringify({ field: 'messages', value: { statuses: [status] } }),
            status: 'pending',
            attempts: 0,
            last_error: null,
            lease_until: null,
            received_at: t,
            processed_at: null,
          })
          .execute();
        expect(await store.recoverExpiredLeases(t)).toBe(1);
        const statusOf = async (id: string) =>
          (await k.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow())
            .status;
        // Only the message no status speaks for goes back to the queue.
        expect(await statusOf('msg_lost')).toBe('queued');
        expect(await statusOf('msg_accepted')).toBe('sending');
        // Once processed, the status links the wamid: nothing to recover, and it is never sent again.
        await h.platform.services.webhooks.processBatch(10, t);
        const accepted = await k
          .selectFrom('messages')
          .select(['status', 'wamid'])
          .where('id', '=', 'msg_accepted')
          .executeTakeFirstOrThrow();
        expect(accepted).toEqual({ status: 'sent', wamid: 'wamid.A' });
        expect(await store.recoverExpiredLeases(t + 60_000)).toBe(0);
      } finally {
        await h.stop();
      }
    });
  });

  describe(`[${database.name}] crash safety`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    });

    it('a process killed with SIGKILL mid-dispatch and restarted sends nothing twice and loses nothing', async () => {
      // Meta's side: a sandbox in this process, which outlives the killed one (and keeps the customers' inboxes).
      // Set once the platform listens; the sandbox holds its webhooks until then.
      const receiver: { url?: string } = {};
      const sandbox = await startSandboxServer({
        port: 0,
        clock: new OffsetClock(),
        accessToken: `EAAG${randomBytes(24).toString('base64url')}`,
        appSecret: randomBytes(16).toString('hex'),
        wabaId: `1${Date.now()}01`,
        phoneNumberId: `1${Date.now()}02`,
        displayPhoneNumber: '15550101234',
        verifiedName: BUSINESS_NAME,
        webhookUrl: () => receiver.url,
        throughputMps: 5_000,
        // While the killed process is down Meta retries its webhooks; keep the retries quick for the test.
        webhookRetryBaseMs: 200,
      });
      cleanups.push(() => sandbox.close());
      const info = sandbox.sandbox.info();
      const created = await database.create();
      cleanups.push(() => created.cleanup());
      const env: Record<string, string> = {
        GREENLIGHT_MODE: 'cloud',
        WHATSAPP_GRAPH_BASE_URL: info.graphBaseUrl,
        WHATSAPP_GRAPH_VERSION: info.graphVersion,
        WHATSAPP_ACCESS_TOKEN: info.accessToken,
        WHATSAPP_APP_SECRET: info.appSecret,
        WHATSAPP_VERIFY_TOKEN: 'crash-test-verify-token',
        WHATSAPP_PHONE_NUMBER_ID: info.phoneNumberId,
        WHATSAPP_WABA_ID: info.wabaId,
        GREENLIGHT_API_KEY: API_KEY,
        GREENLIGHT_BUSINESS_NAME: BUSINESS_NAME,
        GREENLIGHT_LOG_LEVEL: 'warn',
        GREENLIGHT_WORKER_POLL_MS: '20',
        GREENLIGHT_QUIET_HOURS: 'off',
        // Short leases so that the rows and webhook items of the killed process are reconciled within seconds.
        GREENLIGHT_DISPATCH_LEASE_MS: '4000',
        GREENLIGHT_WEBHOOK_LEASE_MS: '3000',
      };

      // SQLite: one process does everything (`start`), so the API goes down with it. PostgreSQL: the API runs
      // here and the worker is the separate process that is killed.
      let apiUrl: string;
      let db: Db;
      let start: () => Promise<RoleProcess>;
      if (created.target.kind === 'sqlite') {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlight-crash-'));
        cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
        const port = await freePort();
        apiUrl = `http://127.0.0.1:${port}`;
        const roleEnv = {
          ...env,
          GREENLIGHT_DATA_DIR: dataDir,
          PORT: String(port),
          GREENLIGHT_HOST: '127.0.0.1',
          GREENLIGHT_PUBLIC_URL: apiUrl,
        };
        start = () => startRole('start', roleEnv);
        db = openDb({ kind: 'sqlite', file: path.join(dataDir, 'greenlight.db') });
      } else {
        // A database of its own: a process configured by DATABASE_URL alone (the worker) must not meet another
        // schema's migration tables, as it could with the per-suite schemas on a shared server.
        const name = `greenlight_crash_${randomBytes(5).toString('hex')}`;
        const admin = new pg.Client({ connectionString: created.target.url });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        cleanups.push(async () => {
          const c = new pg.Client({ connectionString: (created.target as { url: string }).url });
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          await c.end();
        });
        const url = new URL(created.target.url);
        url.pathname = `/${name}`;
        const h: Harness = await startHarness({ kind: 'postgres', url: url.toString(), poolSize: 5 }, env, {
          api: true,
          worker: false,
        });
        cleanups.push(() => h.stop());
        apiUrl = h.url;
        db = h.platform.db;
        start = () => startRole('worker', { ...env, DATABASE_URL: url.toString() });
      }
      let worker = await start();
      cleanups.push(() => worker.kill());
      if (created.target.kind === 'sqlite') cleanups.push(() => db.close());
      receiver.url = `${apiUrl}/webhooks/whatsapp`;
      await db.kysely
        .updateTable('phone_numbers')
        .set({ throughput_mps: THROUGHPUT_MPS })
        .where('phone_number_id', '=', info.phoneNumberId)
        .execute();

      // Every customer writes first: their service window opens, so free-form replies are allowed and delivered.
      const indexes = Array.from({ length: MESSAGES }, (_, i) => i);
      await pool(indexes, 32, async (i) => {
        const r = await fetch(`${sandbox.url}/sandbox/customers/${recipient(i)}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: `Is order ${i} ready?` }),
        });
        expect(r.status).toBeLessThan(300);
      });
      await eventually(async () => (await count(db, 'inbound')) >= MESSAGES, 'service windows', 30_000).catch(
        async (e: unknown) => {
          const events = await db.kysely
            .selectFrom('webhook_events')
            .select(['status', 'last_error'])
            .execute();
          throw new Error(
            `${String(e)}; inbound ${await count(db, 'inbound')}; ${JSON.stringify(await db.kysely.selectFrom('webhook_events').select(['business_id', 'field', 'payload']).limit(1).execute())} webhook items ${JSON.stringify(events.slice(0, 3))} (${events.length}); process output:\n${worker.output()}`,
          );
        },
      );

      // Enqueue through the API. Each send has an Idempotency-Key, so a request cut off by the crash is retried
      // safely after the restart.
      const unsent = new Set(indexes);
      const enqueue = () =>
        pool([...unsent], 32, async (i) => {
          try {
            const r = await fetch(`${apiUrl}/v1/messages`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${API_KEY}`,
                'idempotency-key': `crash-${i}`,
              },
              body: JSON.stringify({ to: `+${recipient(i)}`, text: `Yes, order ${i} is ready.` }),
            });
            if (r.status === 202) unsent.delete(i);
          } catch {
            // The process went away mid-request: retried below.
          }
        });
      const enqueuing = enqueue();

      // Kill the process while a batch is in flight (some rows `sending`, some already sent), enqueueing still going.
      let seen: Counts = {};
      const atKill = await eventually(
        async () => {
          const c = (seen = await statusCounts(db));
          const sent = (c.sent ?? 0) + (c.delivered ?? 0) + (c.read ?? 0);
          return (c.sending ?? 0) > 0 && sent >= MESSAGES * 0.1 && sent < MESSAGES * 0.9 ? c : undefined;
        },
        'a moment mid-dispatch',
        20_000,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)}: ${JSON.stringify(seen)}\n${worker.output()}`);
      });
      await worker.kill();
      const afterKill = await statusCounts(db);
      expect(afterKill.sending ?? 0).toBeGreaterThan(0);

      await enqueuing;
      worker = await start();
      for (let round = 0; unsent.size > 0 && round < 3; round++) await enqueue();
      expect(unsent.size).toBe(0);

      // Everything reaches a final status: the in-flight rows reconciled from status webhooks (our id in
      // biz_opaque_callback_data) or, when Meta never got them, sent again after the lease.
      const final = await eventually(
        async () => {
          const c = await statusCounts(db);
          const done = (c.sent ?? 0) + (c.delivered ?? 0) + (c.read ?? 0);
          return done === MESSAGES && !c.queued && !c.sending ? c : undefined;
        },
        'every message final',
        40_000,
      );
      expect(final.failed ?? 0).toBe(0);
      expect(final.denied ?? 0).toBe(0);
      expect(await count(db, 'withWamid')).toBe(MESSAGES);

      // Exactly once at the customer: one inbox entry per recipient, carrying our id, with the wamid we recorded.
      const rows = await db.kysely
        .selectFrom('messages')
        .select(['id', 'to_wa_id', 'wamid', 'attempts'])
        .execute();
      expect(rows).toHaveLength(MESSAGES);
      const byWaId = new Map(rows.map((r) => [r.to_wa_id, r]));
      const duplicates: string[] = [];
      const mismatched: string[] = [];
      await pool(indexes, 32, async (i) => {
        const waId = recipient(i);
        const inbox = (await (await fetch(`${sandbox.url}/sandbox/customers/${waId}/inbox`)).json()) as {
          data: { wamid: string; type: string; message: { biz_opaque_callback_data?: string } }[];
        };
        const texts = inbox.data.filter((e) => e.type === 'text');
        if (texts.length !== 1) duplicates.push(`${waId}: ${texts.length}`);
        const row = byWaId.get(waId)!;
        const e = texts[0];
        if (!e || e.message.biz_opaque_callback_data !== row.id || e.wamid !== row.wamid)
          mismatched.push(waId);
      });
      expect(duplicates).toEqual([]);
      expect(mismatched).toEqual([]);
      // Informational, in the test output: what the crash left and how it was resolved.
      const resent = rows.filter((r) => r.attempts > 1).length;
      console.log(
        `[${database.name}] at kill ${JSON.stringify(atKill)}; after kill ${JSON.stringify(afterKill)}; ` +
          `${resent} sent again after the lease (Meta never got them); final ${JSON.stringify(final)}`,
      );
    }, 120_000);
  });
}
