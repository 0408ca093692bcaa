// Load generator: replays a fixed list of HTTP requests with bounded concurrency from a worker thread (own core).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

export type LoadRequest = {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
};

export type LoadSpec = {
  origin: string;
  requests: LoadRequest[];
  concurrency: number;
};

export type LoadResult = {
  /** performance.timeOrigin + performance.now() when the first request was started, comparable across threads. */
  startedAt: number;
  /** The same clock when the last response had been read. */
  finishedAt: number;
  requests: number;
  statuses: Record<string, number>;
  /** Transport errors (connection refused, reset), by message. */
  errors: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  /** A few non-2xx response bodies, for diagnosis. */
  samples: string[];
};

/** Wall-clock milliseconds that mean the same thing in every thread of this process. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, {
    connections: spec.concurrency,
    pipelining: 1,
    keepAliveTimeout: 30_000,
  });
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const samples: string[] = [];
  const latencies = new Float64Array(spec.requests.length);
  let next = 0;
  const startedAt = wallNow();
  const lane = async () => {
    // Bounded: each lane takes the next unsent request until the fixed list is exhausted.
    while (next < spec.requests.length) {
      const i = next++;
      const r = spec.requests[i]!;
      const t = performance.now();
      try {
        const res = await pool.request({
          method: r.method,
          path: r.path,
          headers: r.headers,
          ...(r.body !== undefined ? { body: r.body } : {}),
          headersTimeout: 60_000,
          bodyTimeout: 60_000,
        });
        const text = await res.body.text();
        const key = String(res.statusCode);
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (res.statusCode >= 300 && samples.length < 3)
          samples.push(`${res.statusCode} ${text.slice(0, 300)}`);
      } catch (e) {
        const key = (e as Error).message ?? String(e);
        errors[key] = (errors[key] ?? 0) + 1;
      }
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.requests.length) }, lane));
  const finishedAt = wallNow();
  await pool.close();
  latencies.sort();
  return {
    startedAt,
    finishedAt,
    requests: spec.requests.length,
    statuses,
    errors,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
    },
    samples,
  };
}

/** Runs the spec in a fresh worker thread and resolves with its result; the thread exits when done. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: spec });
    let result: LoadResult | undefined;
    worker.once('message', (m: LoadResult) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator exited with code ${code} and no result`));
    });
  });
}

/** A 2xx count from a result. */
export const okCount = (r: LoadResult): number =>
  Object.entries(r.statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);

if (!isMainThread && parentPort) {
  const port = parentPort;
  generate(workerData as LoadSpec).then(
    (r) => port.postMessage(r),
    (e: unknown) => {
      throw e;
    },
  );
}
