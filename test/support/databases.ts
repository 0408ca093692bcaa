// The databases every storage and scenario suite runs against: a fresh SQLite file, and a fresh PostgreSQL schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DbTarget } from '../../src/adapters/db/index.ts';

export type TestDatabase = {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ target: DbTarget; cleanup(): Promise<void> }>;
};

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlight-test-'));
    return {
      target: { kind: 'sqlite', file: path.join(dir, 'test.db') },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

function postgres(url: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      return {
        target: { kind: 'postgres', url, schema, poolSize: 5 },
        async cleanup() {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`);
          await c.end();
        },
      };
    },
  };
}

/**
 * SQLite always; PostgreSQL when the global setup found a server (CI requires one, see .ci/run). Suite names carry
 * the database in brackets, e.g. "[postgres]", which .ci/run counts to prove the PostgreSQL suites ran.
 */
export function testDatabases(): TestDatabase[] {
  const url = inject('postgresUrl');
  return url ? [sqlite, postgres(url)] : [sqlite];
}
