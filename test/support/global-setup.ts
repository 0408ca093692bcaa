// Decides once per test run whether the PostgreSQL suites run, and hands the URL to them via `inject`.
// CI sets GREENLIGHT_REQUIRE_POSTGRES=1 so that an unreachable server fails the run instead of skipping.
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function setup(project: TestProject): Promise<void> {
  const url = process.env.GREENLIGHT_TEST_POSTGRES_URL ?? DEFAULT_URL;
  const problem = await reachable(url);
  if (problem) {
    if (process.env.GREENLIGHT_REQUIRE_POSTGRES === '1') {
      throw new Error(
        `PostgreSQL is required (GREENLIGHT_REQUIRE_POSTGRES=1) but ${url} is unreachable: ${problem}`,
      );
    }
    console.warn(`\n[greenlight] PostgreSQL suites are not run: ${url} is unreachable (${problem}).\n`);
    project.provide('postgresUrl', null);
    return;
  }
  project.provide('postgresUrl', url);
}
