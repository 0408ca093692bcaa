// Audience memory benchmark: a CSV campaign audience of N recipients streamed in over HTTP and expanded into the
// outbox by the campaign worker, in a process of its own whose peak RSS (VmHWM and sampled rss) is reported.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { BENCH_API_KEY, startBenchPlatform, until } from './bench-platform.ts';
import { wallNow } from './load-generator.ts';

export type AudienceFigures = {
  recipients: number;
  uploadSeconds: number;
  expansionSeconds: number;
  peakRssMb: number;
  vmHwmMb: number | null;
  baselineRssMb: number;
  final: { expanded: number; audienceTotal: number; counts: Record<string, number> };
};

type ChildReport = { type: 'done'; figures: AudienceFigures } | { type: 'error'; message: string };

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Distinct valid Dutch mobile numbers. */
const phone = (i: number) => `+316${10_000_000 + i}`;

/** The CSV, generated as it is sent: the benchmark never holds the file either. */
function csvStream(n: number): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === 0) controller.enqueue(enc.encode('phone,name\n'));
      const end = Math.min(n, i + 5000);
      let chunk = '';
      for (; i < end; i++) chunk += `${phone(i)},Customer ${i}\n`;
      if (chunk) controller.enqueue(enc.encode(chunk));
      if (i >= n) controller.close();
    },
  });
}

async function runInChild(recipients: number): Promise<AudienceFigures> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const bp = await startBenchPlatform({ GREENLIGHT_WORKER_POLL_MS: '20', GREENLIGHT_QUIET_HOURS: 'off' });
  const baselineRss = process.memoryUsage.rss();
  const api = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(bp.url + p, {
      method,
      headers: {
        authorization: `Bearer ${BENCH_API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    await api('POST', '/v1/templates', {
      name: 'spring_offer',
      language: 'en',
      category: 'MARKETING',
      consentCategory: 'offers',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, our spring blend is 20% off.', example: { body_text: [['Ann']] } },
      ],
    });
    const approved = await until(async () => {
      const list = (await api('GET', '/v1/templates')) as { data: { name: string; status: string }[] };
      return list.data.some((t) => t.name === 'spring_offer' && t.status === 'APPROVED');
    }, 30_000);
    if (!approved) throw new Error('template not approved');
    const c = (await api('POST', '/v1/campaigns', {
      name: 'A million',
      template: { name: 'spring_offer', language: 'en', parameters: [{ field: 'name' }] },
      audience: { kind: 'csv' },
    })) as { id: string };
    const u0 = wallNow();
    const up = await fetch(`${bp.url}/v1/campaigns/${c.id}/audience.csv`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'text/csv' },
      body: csvStream(recipients),
      duplex: 'half',
    } as RequestInit);
    const upBody = await up.text();
    if (up.status >= 300) throw new Error(`upload: ${up.status} ${upBody}`);
    const uploadSeconds = (wallNow() - u0) / 1000;
    if (process.env.BENCH_DEBUG) process.stderr.write(`${upBody.slice(0, 500)}\n`);
    const e0 = wallNow();
    await api('POST', `/v1/campaigns/${c.id}/start`);
    let view: {
      expanded: number;
      audienceTotal: number;
      expansionDone: boolean;
      counts?: Record<string, number>;
    } = { expanded: 0, audienceTotal: 0, expansionDone: false };
    const done = await until(
      async () => {
        view = (await api('GET', `/v1/campaigns/${c.id}`)) as typeof view;
        if (process.env.BENCH_DEBUG) process.stderr.write(`${JSON.stringify(view)}\n`);
        return view.expansionDone && view.expanded >= recipients;
      },
      30 * 60_000,
      500,
    );
    if (!done) throw new Error(`expansion did not finish: ${JSON.stringify(view)}`);
    const expansionSeconds = (wallNow() - e0) / 1000;
    clearInterval(sampler);
    return {
      recipients,
      uploadSeconds,
      expansionSeconds,
      peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())),
      vmHwmMb: vmHwmMb(),
      baselineRssMb: mb(baselineRss),
      final: { expanded: view.expanded, audienceTotal: view.audienceTotal, counts: view.counts ?? {} },
    };
  } finally {
    clearInterval(sampler);
    await bp.stop();
  }
}

/** Runs the benchmark in a fresh process so that its peak RSS is the audience's alone. */
export function benchAudienceMemory(recipients: number): Promise<AudienceFigures> {
  const child = fork(new URL(import.meta.url), ['--child', String(recipients)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildReport) => {
      if (m.type === 'done') resolve(m.figures);
      else reject(new Error(m.message));
      child.disconnect();
    });
    child.once('exit', (code) => reject(new Error(`audience benchmark process exited (${code})`)));
  });
}

if (process.argv[2] === '--child' && process.send) {
  runInChild(Number(process.argv[3]))
    .then((figures) => process.send!({ type: 'done', figures } satisfies ChildReport))
    .catch((e: unknown) =>
      process.send!({ type: 'error', message: String((e as Error)?.stack ?? e) } satisfies ChildReport),
    )
    .finally(() => setTimeout(() => process.exit(0), 100));
}
