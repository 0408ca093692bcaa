// Campaign benchmark: N recipients end to end (policy, outbox, paced dispatch, status webhooks processed) on SQLite
// and on PostgreSQL with two worker processes, the exact rate at 80 msg/s, and a naive sequential send loop.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { newId } from '../src/kernel/ids.ts';
import { BENCH_API_KEY, startBenchPlatform, until, type BenchPlatform } from './bench-platform.ts';
import { okCount, runLoad, wallNow, type LoadRequest } from './load-generator.ts';
import type { SandboxCommand, SandboxReady } from './sandbox-process.ts';

export type CampaignRun = {
  database: 'sqlite' | 'postgres';
  workers: number;
  recipients: number;
  limitMps: number;
  /** Messages accepted by the sandbox; fewer than recipients when the run hit its time budget. */
  sent: number;
  complete: boolean;
  /** From the first enqueue until every message has a wamid (accepted by the sandbox), or the time budget. */
  sentSeconds: number;
  sentPerSec: number;
  /** From the first enqueue until every message is `read`: the sandbox's status webhooks processed. */
  endToEndSeconds: number | null;
  endToEndPerSec: number | null;
  final: Record<string, number>;
};

export type PacedRun = {
  recipients: number;
  limitMps: number;
  /** (n - 1) / (last - first acceptance), from the sandbox's own receive times. */
  measuredMps: number;
  /** The most acceptances in any one-second window. */
  maxInOneSecond: number;
};

export type CampaignFigures = {
  runs: CampaignRun[];
  paced: PacedRun | null;
  naive: { sends: number; perSec: number };
  setupSeconds: number;
  enqueuePath: string;
  notes: string[];
};

const root = path.resolve(import.meta.dirname, '..');
/** Distinct valid Dutch mobile numbers, a block per run so that runs never share a customer. */
const recipient = (block: number, i: number) => `316${block}${String(i).padStart(6, '0')}1`;

function startSandbox(mps: number): Promise<{ child: ChildProcess; ready: SandboxReady }> {
  const child = fork(new URL('./sandbox-process.ts', import.meta.url), [], {
    env: { ...process.env, BENCH_SANDBOX_MPS: String(mps) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: SandboxReady) => resolve({ child, ready: m }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited early (${code})`)));
  });
}

/** Receives and drops webhooks: where the sandbox's inbound-message webhooks go while windows are opened in bulk. */
function startSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

/**
 * A database of its own on the benchmark's server (not a schema: a process configured by DATABASE_URL alone would
 * find another schema's migration tables), dropped afterwards.
 */
async function postgresTarget(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.GREENLIGHT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `greenlight_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  } catch {
    return null;
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

type Ctx = { ready: SandboxReady; tell: (c: SandboxCommand) => void };

function cloudEnv(ready: SandboxReady): Record<string, string> {
  const info = ready.info;
  return {
    GREENLIGHT_MODE: 'cloud',
    WHATSAPP_GRAPH_BASE_URL: info.graphBaseUrl,
    WHATSAPP_GRAPH_VERSION: info.graphVersion,
    WHATSAPP_ACCESS_TOKEN: info.accessToken,
    WHATSAPP_APP_SECRET: info.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'greenlight-bench-verify-token',
    WHATSAPP_PHONE_NUMBER_ID: info.phoneNumberId,
    WHATSAPP_WABA_ID: info.wabaId,
    GREENLIGHT_QUIET_HOURS: 'off',
    GREENLIGHT_WORKER_POLL_MS: '20',
  };
}

/**
 * The customers write first so that free-form messages are allowed: in the sandbox (HTTP, its inbound webhooks
 * dropped by a sink) and, equivalently to processing those webhooks, as service windows in our database in bulk.
 */
async function openWindows(ctx: Ctx, bp: BenchPlatform, waIds: string[]): Promise<void> {
  const sink = await startSink();
  ctx.tell({ type: 'webhookUrl', url: sink.url });
  try {
    const load = await runLoad({
      origin: ctx.ready.url,
      requests: waIds.map((w): LoadRequest => ({
        method: 'POST',
        path: `/sandbox/customers/${w}/messages`,
        headers: { 'content-type': 'application/json' },
        body: '{"text":"Hi!"}',
      })),
      concurrency: 32,
    });
    if (okCount(load) !== waIds.length) throw new Error(`opening windows: ${JSON.stringify(load.statuses)}`);
    const now = bp.platform.clock.now();
    const businessId = bp.platform.business.id;
    const phoneNumberId = ctx.ready.info.phoneNumberId;
    for (let i = 0; i < waIds.length; i += 1000)
      await bp.platform.db.kysely
        .insertInto('conversations')
        .values(
          waIds.slice(i, i + 1000).map((w) => ({
            id: newId('cv', now),
            business_id: businessId,
            phone_number_id: phoneNumberId,
            wa_id: w,
            last_inbound_at: now,
            window_expires_at: now + 24 * 3_600_000,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    // Let the sandbox drain its inbound webhooks to the sink before status webhooks go to the platform.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    ctx.tell({ type: 'webhookUrl', url: `${bp.url}/webhooks/whatsapp` });
    await sink.close();
  }
}

async function counts(bp: BenchPlatform): Promise<Record<string, number>> {
  const rows = await bp.platform.db.kysely
    .selectFrom('messages')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Enqueues the way a campaign's expansion does: chunks of 1,000 through messages.enqueueMany (one policy
 * evaluation per chunk, one bulk insert), while the dispatcher sends; then waits for sent and for read.
 */
async function runCampaign(
  ctx: Ctx,
  bp: BenchPlatform,
  waIds: string[],
  limitMps: number,
  timeoutMs: number,
): Promise<RunResult> {
  await bp.platform.db.kysely
    .updateTable('phone_numbers')
    .set({ throughput_mps: limitMps })
    .where('phone_number_id', '=', ctx.ready.info.phoneNumberId)
    .execute();
  const messages = bp.platform.services.messages;
  const businessId = bp.platform.business.id;
  const runId = randomBytes(3).toString('hex');
  // Earlier runs' messages share the table: count this run's on top of them.
  const before = await counts(bp);
  const doneBefore = (before.sent ?? 0) + (before.delivered ?? 0) + (before.read ?? 0);
  const readBefore = before.read ?? 0;
  const t0 = wallNow();
  for (let i = 0; i < waIds.length; i += 1000) {
    const r = await messages.enqueueMany(
      businessId,
      ctx.ready.info.phoneNumberId,
      waIds.slice(i, i + 1000).map((w, j) => ({
        input: { to: `+${w}`, text: `Your order ${i + j} is ready for pickup.` },
        idempotencyKey: `bench-${runId}-${i + j}`,
      })),
      { campaignId: null },
      bp.platform.clock.now(),
    );
    if (r.denied > 0 || r.invalid > 0) throw new Error(`enqueue denied ${r.denied}, invalid ${r.invalid}`);
  }
  const total = waIds.length;
  const doneNow = async () => {
    const c = await counts(bp);
    return (c.sent ?? 0) + (c.delivered ?? 0) + (c.read ?? 0) - doneBefore;
  };
  const all = await until(async () => (await doneNow()) >= total, timeoutMs, 100);
  const sentSeconds = (wallNow() - t0) / 1000;
  if (!all) {
    // Out of time: the rate sustained so far is the figure; the rest of the campaign is abandoned with the run.
    const sent = await doneNow();
    return { sent, complete: false, sentSeconds, endToEndSeconds: null, final: await counts(bp) };
  }
  const read = await until(async () => ((await counts(bp)).read ?? 0) - readBefore >= total, 120_000, 100);
  return {
    sent: total,
    complete: true,
    sentSeconds,
    endToEndSeconds: read ? (wallNow() - t0) / 1000 : null,
    final: await counts(bp),
  };
}

type RunResult = {
  sent: number;
  complete: boolean;
  sentSeconds: number;
  endToEndSeconds: number | null;
  final: Record<string, number>;
};

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'src/cli/main.ts'), 'worker'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', GREENLIGHT_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Greenlight (')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${out}`)));
  });
}

/** The rate the sandbox saw: acceptance times from the customers' inboxes. */
async function measuredRate(ctx: Ctx, waIds: string[]): Promise<{ mps: number; maxInOneSecond: number }> {
  const times: number[] = [];
  for (let i = 0; i < waIds.length; i += 50)
    await Promise.all(
      waIds.slice(i, i + 50).map(async (w) => {
        const r = (await (await fetch(`${ctx.ready.url}/sandbox/customers/${w}/inbox`)).json()) as {
          data: { type: string; receivedAt: string }[];
        };
        for (const e of r.data) if (e.type === 'text') times.push(Date.parse(e.receivedAt));
      }),
    );
  times.sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return { mps: (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000), maxInOneSecond: max };
}

/** Like peers' campaign loops: one send at a time, awaiting each response. */
async function naiveLoop(ctx: Ctx, waIds: string[]): Promise<{ sends: number; perSec: number }> {
  const info = ctx.ready.info;
  const url = `${info.graphBaseUrl}/${info.graphVersion}/${info.phoneNumberId}/messages`;
  ctx.tell({ type: 'webhookUrl', url: null });
  const t0 = wallNow();
  let ok = 0;
  for (const w of waIds) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${info.accessToken}` },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: w, type: 'text', text: { body: 'Ready!' } }),
    });
    await r.arrayBuffer();
    if (r.ok) ok++;
  }
  return { sends: ok, perSec: ok / ((wallNow() - t0) / 1000) };
}

/**
 * A sandbox process per phase: bench/sandbox-process.ts stops itself after 10 minutes, and a fresh one also starts
 * each phase with empty inboxes and webhook queues.
 */
async function withSandbox<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const { child, ready } = await startSandbox(20_000);
  try {
    return await fn({ ready, tell: (c) => child.send(c) });
  } finally {
    child.send({ type: 'stop' } satisfies SandboxCommand);
  }
}

export async function benchCampaign(opts: {
  recipients: number;
  pacedRecipients: number;
  naiveSends: number;
  /** Time budget per full-size run: past it, the rate sustained so far is reported and the run ends. */
  maxSeconds: number;
  log: (s: string) => void;
}): Promise<CampaignFigures> {
  const runs: CampaignRun[] = [];
  const notes: string[] = [];
  let setupSeconds = 0;
  const measured: { paced: PacedRun | null } = { paced: null };
  // (1) SQLite, one process (its one in-process worker), pacing at Meta's highest level, then 80 msg/s.
  await withSandbox(async (ctx) => {
    const bp = await startBenchPlatform(cloudEnv(ctx.ready));
    try {
      const waIds = Array.from({ length: opts.recipients }, (_, i) => recipient(1, i));
      const pacedIds = Array.from({ length: opts.pacedRecipients }, (_, i) => recipient(2, i));
      const s0 = wallNow();
      opts.log(`sqlite: opening ${waIds.length + pacedIds.length} service windows ... `);
      await openWindows(ctx, bp, [...waIds, ...pacedIds]);
      setupSeconds += (wallNow() - s0) / 1000;
      opts.log(`campaign at 1,000 msg/s ... `);
      const r = await runCampaign(ctx, bp, waIds, 1000, opts.maxSeconds * 1000);
      runs.push(row('sqlite', 1, waIds.length, 1000, r));
      // The full-size run may have stopped at its budget: hold its leftovers so the paced run is alone.
      await bp.platform.db.kysely
        .updateTable('messages')
        .set({ status: 'denied', denial: '{"reasons":[{"code":"bench.abandoned"}]}' })
        .where('status', '=', 'queued')
        .execute();
      opts.log(`80 msg/s ... `);
      await runCampaign(ctx, bp, pacedIds, 80, 10 * 60_000);
      const m = await measuredRate(ctx, pacedIds);
      measured.paced = {
        recipients: pacedIds.length,
        limitMps: 80,
        measuredMps: m.mps,
        maxInOneSecond: m.maxInOneSecond,
      };
    } finally {
      await bp.stop();
    }
  });
  // (2) PostgreSQL with two worker processes: this one (API + worker) and a separate `greenlight worker`.
  const target = await postgresTarget();
  if (!target) notes.push('PostgreSQL was not reachable: its run was skipped.');
  else
    await withSandbox(async (ctx) => {
      let worker: ChildProcess | undefined;
      const env = { ...cloudEnv(ctx.ready), DATABASE_URL: target.url };
      const bp = await startBenchPlatform(env);
      try {
        worker = await startWorkerProcess({ ...env, GREENLIGHT_API_KEY: BENCH_API_KEY });
        const waIds = Array.from({ length: opts.recipients }, (_, i) => recipient(3, i));
        const s0 = wallNow();
        opts.log(`postgres: opening ${waIds.length} service windows ... `);
        await openWindows(ctx, bp, waIds);
        setupSeconds += (wallNow() - s0) / 1000;
        opts.log(`campaign at 1,000 msg/s, 2 workers ... `);
        const r = await runCampaign(ctx, bp, waIds, 1000, opts.maxSeconds * 1000);
        runs.push(row('postgres', 2, waIds.length, 1000, r));
      } finally {
        // The worker must be gone before its database is dropped (a dropped connection is an unhandled error).
        if (worker && worker.exitCode === null) {
          const exited = new Promise((r) => worker!.once('exit', r));
          worker.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
          if (worker.exitCode === null) worker.kill('SIGKILL');
        }
        await bp.stop();
        await target.drop();
      }
    });
  opts.log(`naive loop ... `);
  const naive = await withSandbox((ctx) =>
    naiveLoop(
      ctx,
      Array.from({ length: opts.naiveSends }, (_, i) => recipient(4, i)),
    ),
  );
  return {
    runs,
    paced: measured.paced,
    naive,
    setupSeconds,
    enqueuePath:
      'messages.enqueueMany in chunks of 1,000, the call a campaign expansion makes (free-form texts inside ' +
      'service windows: a campaign template would need 100k recorded opt-ins, one hash-chained ledger append ' +
      'each, which would dominate the setup)',
    notes,
  };
}

function row(
  database: 'sqlite' | 'postgres',
  workers: number,
  recipients: number,
  limitMps: number,
  r: RunResult,
): CampaignRun {
  return {
    database,
    workers,
    recipients,
    limitMps,
    sent: r.sent,
    complete: r.complete,
    sentSeconds: r.sentSeconds,
    sentPerSec: r.sent / r.sentSeconds,
    endToEndSeconds: r.endToEndSeconds,
    endToEndPerSec: r.endToEndSeconds === null ? null : recipients / r.endToEndSeconds,
    final: r.final,
  };
}
