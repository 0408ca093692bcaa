// Runs the whole platform in one process (API, workers, sandbox) on a given database, and talks to it over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import type { DbTarget } from '../../src/adapters/db/index.ts';
import type { TestDatabase } from './databases.ts';
import { createPlatform, type Platform, type Roles } from '../../src/platform.ts';

export const API_KEY = 'glk_test_key_0123456789abcdef';
export const BUSINESS_NAME = 'Acme Coffee';

export type Reply = { status: number; body: any; headers: Headers };

export type Harness = {
  platform: Platform;
  url: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  raw(
    method: string,
    path: string,
    body: string | Buffer | undefined,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  stop(): Promise<void>;
};

export async function startHarness(
  target: DbTarget,
  env: Record<string, string> = {},
  roles: Roles = { api: true, worker: true },
): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlight-harness-'));
  const config = loadConfig(
    {
      PORT: '0',
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_BUSINESS_NAME: BUSINESS_NAME,
      GREENLIGHT_WORKER_POLL_MS: '20',
      GREENLIGHT_LOG_LEVEL: 'silent',
      GREENLIGHT_SANDBOX_THROUGHPUT_MPS: '1000',
      // Scenarios start without the example chatbot (so that only what they send is sent); inbox-bot turns it on.
      GREENLIGHT_SANDBOX_EXAMPLE_FLOW: 'off',
      // Scenarios must not depend on the hour they run at; the quiet-hours scenarios set their own.
      GREENLIGHT_QUIET_HOURS: 'off',
      ...env,
    },
    dataDir,
  );
  const platform = await createPlatform({
    config,
    roles,
    db: target,
    logger: pino({ level: process.env.GREENLIGHT_TEST_LOG ?? 'silent' }),
  });
  const url = (await platform.start()) ?? config.publicUrl ?? '';

  async function raw(
    method: string,
    p: string,
    body: string | Buffer | undefined,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await fetch(url + p, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  return {
    platform,
    url,
    raw: (m, p, b, h) => raw(m, p, b, h),
    api: (method, p, body, headers = {}) =>
      raw(method, p, body === undefined ? undefined : JSON.stringify(body), {
        authorization: `Bearer ${API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      }),
    async stop() {
      await platform.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A harness on a fresh database of the given kind; stopping it also drops that database. */
export async function startHarnessOn(
  database: TestDatabase,
  env: Record<string, string> = {},
  roles?: Roles,
): Promise<Harness> {
  const created = await database.create();
  const h = await startHarness(created.target, env, roles);
  return {
    ...h,
    async stop() {
      await h.stop();
      await created.cleanup();
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails with the last value seen. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}
