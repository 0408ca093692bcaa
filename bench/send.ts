// Send path benchmark: POST /v1/messages accepted, then dispatched to a sandbox in its own process, vs bare undici.
import { fork, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { BENCH_API_KEY, startBenchPlatform, until } from './bench-platform.ts';
import { okCount, runLoad, wallNow, type LoadRequest, type LoadResult } from './load-generator.ts';
import type { SandboxCommand, SandboxReady } from './sandbox-process.ts';

export type SendOptions = {
  messages: number;
  concurrency: number;
  /** The platform number's throughput_mps: our dispatcher paces to it. */
  throughputMps: number;
  /** The sandbox's own throughput cap (130429 above it). */
  sandboxMps: number;
  timeoutMs: number;
};

export type SendFigures = {
  messages: number;
  concurrency: number;
  throughputMps: number;
  sandboxMps: number;
  setup: { windowsOpened: number; seconds: number };
  greenlight: {
    /** POST /v1/messages answered 202 per second (policy checked, durable outbox row). */
    acceptPerSec: number;
    acceptSeconds: number;
    /** From the first POST until every message has a wamid (status sent or later). */
    sentPerSec: number;
    sentSeconds: number;
    /** From the first POST until the sandbox's status webhooks have made every message read (informational). */
    readSeconds: number | null;
    complete: boolean;
    load: LoadResult;
    final: Record<string, number>;
  };
  baseline: { sendPerSec: number; seconds: number; load: LoadResult };
  ratios: { accept: number; sent: number };
};

/** Distinct valid Dutch mobile numbers; none ends in 0000 (the sandbox's undeliverable numbers). */
const recipient = (i: number) => `3162${String(i).padStart(6, '0')}1`;

function startSandboxProcess(throughputMps: number): Promise<{ child: ChildProcess; ready: SandboxReady }> {
  const child = fork(new URL('./sandbox-process.ts', import.meta.url), [], {
    env: { ...process.env, BENCH_SANDBOX_MPS: String(throughputMps) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox process did not start in 30 s')), 30_000);
    child.once('message', (m: SandboxReady) => {
      clearTimeout(timer);
      resolve({ child, ready: m });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited early (${code})`)));
  });
}

function stopSandboxProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies SandboxCommand);
  });
}

export async function benchSend(opts: SendOptions): Promise<SendFigures> {
  const { child, ready } = await startSandboxProcess(opts.sandboxMps);
  const tell = (c: SandboxCommand) => child.send(c);
  try {
    const info = ready.info;
    const bp = await startBenchPlatform(
      {
        GREENLIGHT_MODE: 'cloud',
        WHATSAPP_GRAPH_BASE_URL: info.graphBaseUrl,
        WHATSAPP_GRAPH_VERSION: info.graphVersion,
        WHATSAPP_ACCESS_TOKEN: info.accessToken,
        WHATSAPP_APP_SECRET: info.appSecret,
        WHATSAPP_VERIFY_TOKEN: 'greenlight-bench-verify-token',
        WHATSAPP_PHONE_NUMBER_ID: info.phoneNumberId,
        WHATSAPP_WABA_ID: info.wabaId,
      },
      // Meta's highest level is 1,000 mps; the benchmark raises the number's level so pacing is not the limit.
      async (p) => {
        await p.db.kysely
          .updateTable('phone_numbers')
          .set({ throughput_mps: opts.throughputMps })
          .where('phone_number_id', '=', info.phoneNumberId)
          .execute();
      },
    );
    let graphBodies: string[] = [];
    let greenlight: SendFigures['greenlight'];
    let setup: SendFigures['setup'];
    try {
      tell({ type: 'webhookUrl', url: `${bp.url}/webhooks/whatsapp` });
      const k = bp.platform.db.kysely;
      const count = async (table: 'inbound_messages' | 'messages', where?: 'sent' | 'read') => {
        let q = k.selectFrom(table).select(sql<number>`count(*)`.as('n'));
        if (table === 'messages' && where === 'sent') q = q.where('wamid', 'is not', null);
        if (table === 'messages' && where === 'read') q = q.where('status', '=', 'read');
        return Number((await q.executeTakeFirstOrThrow()).n);
      };

      // Setup (not measured as the send path): every customer writes first, which opens their service window,
      // so that free-form replies are allowed by our policy and delivered by the sandbox.
      const setupStart = wallNow();
      const inbound: LoadRequest[] = Array.from({ length: opts.messages }, (_, i) => ({
        method: 'POST',
        path: `/sandbox/customers/${recipient(i)}/messages`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `Hi, is order ${i + 1} ready?` }),
      }));
      const inboundLoad = await runLoad({
        origin: ready.url,
        requests: inbound,
        concurrency: opts.concurrency,
      });
      if (okCount(inboundLoad) !== opts.messages)
        throw new Error(`opening windows failed: ${JSON.stringify(inboundLoad.statuses)}`);
      const opened = await until(async () => (await count('inbound_messages')) >= opts.messages, 60_000, 50);
      if (!opened) throw new Error('service windows did not open within 60 s');
      setup = { windowsOpened: opts.messages, seconds: (wallNow() - setupStart) / 1000 };

      // (a) accept rate from the load generator thread, (b) accepted -> sent until every message has a wamid.
      const sends: LoadRequest[] = Array.from({ length: opts.messages }, (_, i) => ({
        method: 'POST',
        path: '/v1/messages',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
        body: JSON.stringify({ to: `+${recipient(i)}`, text: `Yes, order ${i + 1} is ready for pickup.` }),
      }));
      const loadPromise = runLoad({ origin: bp.url, requests: sends, concurrency: opts.concurrency });
      let failed: unknown;
      loadPromise.catch((e: unknown) => (failed = e));
      const sent = await until(
        async () => failed !== undefined || (await count('messages', 'sent')) >= opts.messages,
        opts.timeoutMs,
        25,
      );
      const sentAt = wallNow();
      const load = await loadPromise;
      const allRead = await until(async () => (await count('messages', 'read')) >= opts.messages, 30_000, 25);
      const readAt = wallNow();
      const final = Object.fromEntries(
        (
          await k
            .selectFrom('messages')
            .select(['status', sql<number>`count(*)`.as('n')])
            .groupBy('status')
            .execute()
        ).map((r) => [r.status, Number(r.n)]),
      );
      const acceptSeconds = (load.finishedAt - load.startedAt) / 1000;
      const sentSeconds = (sentAt - load.startedAt) / 1000;
      greenlight = {
        acceptPerSec: okCount(load) / acceptSeconds,
        acceptSeconds,
        sentPerSec: opts.messages / sentSeconds,
        sentSeconds,
        readSeconds: allRead ? (readAt - load.startedAt) / 1000 : null,
        complete: sent && failed === undefined && okCount(load) === opts.messages,
        load,
        final,
      };
      // The baseline replays the very Graph requests our dispatcher sent.
      graphBodies = (await k.selectFrom('messages').select('graph_request').orderBy('id').execute()).map(
        (r) => r.graph_request,
      );
    } finally {
      // Hold the baseline's status webhooks in the sandbox: nobody is listening once the platform stops.
      tell({ type: 'webhookUrl', url: null });
      await bp.stop();
    }

    const graph: LoadRequest[] = graphBodies.map((body) => ({
      method: 'POST',
      path: `${new URL(info.graphBaseUrl).pathname}/${info.graphVersion}/${info.phoneNumberId}/messages`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${info.accessToken}` },
      body,
    }));
    const baseLoad = await runLoad({ origin: ready.url, requests: graph, concurrency: opts.concurrency });
    const baseSeconds = (baseLoad.finishedAt - baseLoad.startedAt) / 1000;
    const baseline = { sendPerSec: okCount(baseLoad) / baseSeconds, seconds: baseSeconds, load: baseLoad };
    return {
      messages: opts.messages,
      concurrency: opts.concurrency,
      throughputMps: opts.throughputMps,
      sandboxMps: opts.sandboxMps,
      setup,
      greenlight,
      baseline,
      ratios: {
        accept: greenlight.acceptPerSec / baseline.sendPerSec,
        sent: greenlight.sentPerSec / baseline.sendPerSec,
      },
    };
  } finally {
    await stopSandboxProcess(child);
  }
}
