// Boots the real platform for a benchmark: a temp SQLite data dir, a silent logger, PORT 0, every role in-process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/index.ts';
import { createPlatform, type Platform } from '../src/platform.ts';

export const BENCH_API_KEY = 'glk_bench_key_0123456789abcdef';

export type BenchPlatform = { platform: Platform; url: string; dataDir: string; stop(): Promise<void> };

/** `env` is applied on top of the benchmark defaults; `beforeStart` runs after migrations, before listening. */
export async function startBenchPlatform(
  env: Record<string, string>,
  beforeStart?: (p: Platform) => Promise<void>,
): Promise<BenchPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlight-bench-'));
  const config = loadConfig(
    {
      PORT: '0',
      GREENLIGHT_API_KEY: BENCH_API_KEY,
      GREENLIGHT_BUSINESS_NAME: 'Greenlight Bench',
      GREENLIGHT_LOG_LEVEL: 'silent',
      GREENLIGHT_DATA_DIR: dataDir,
      ...env,
    },
    dataDir,
  );
  const platform = await createPlatform({
    config,
    roles: { api: true, worker: true },
    logger: pino({ level: 'silent' }),
  });
  await beforeStart?.(platform);
  const url = await platform.start();
  if (!url) throw new Error('the platform did not listen');
  return {
    platform,
    url,
    dataDir,
    async stop() {
      await platform.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every `everyMs` until it is true; false when `timeoutMs` passes first. */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
