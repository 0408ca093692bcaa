// Database adapter: connects SQLite (embedded default) or PostgreSQL, applies migrations, and isolates dialect quirks.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type SelectQueryBuilder, type SqliteDatabase } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { Database } from './schema.ts';
import * as m0001 from '../../../migrations/0001-initial.ts';
import * as m0002 from '../../../migrations/0002-template-history.ts';
import * as m0003 from '../../../migrations/0003-consent-ledger.ts';
import * as m0004 from '../../../migrations/0004-consent-channels.ts';
import * as m0005 from '../../../migrations/0005-business-profile.ts';
import * as m0006 from '../../../migrations/0006-business-events.ts';
import * as m0007 from '../../../migrations/0007-users-access.ts';
import * as m0008 from '../../../migrations/0008-inbox-bots.ts';
import * as m0009 from '../../../migrations/0009-outbound-webhooks.ts';
import * as m0010 from '../../../migrations/0010-limits.ts';
import * as m0011 from '../../../migrations/0011-campaigns-quality.ts';
import * as m0012 from '../../../migrations/0012-pricing-costs.ts';

export type { Database } from './schema.ts';
export type DialectName = 'sqlite' | 'postgres';

export type Db = {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** The PostgreSQL schema of this connection, when it is not the server's default. */
  readonly schema?: string;
  close(): Promise<void>;
};

export type DbTarget =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

// PostgreSQL returns int8 as strings to protect precision; our bigints are epoch milliseconds, which fit a double.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDb(target: DbTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const database = new SQLite(target.file);
    // WAL lets readers proceed during the worker's writes; NORMAL sync is durable across process crashes in WAL mode.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachedStatements(database) }),
    });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    // A per-connection search_path lets tests (and tenants of a shared server) use their own schema.
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    ...(target.schema ? { schema: target.schema } : {}),
    close: () => kysely.destroy(),
  };
}

// Kysely's SQLite driver prepares every query anew; measured with `npm run bench`, preparing took about a quarter
// of the webhook processor's CPU time. A statement is reusable once it has run (better-sqlite3 runs each call to
// completion, and Kysely's single connection never interleaves a stream with another query), so identical SQL
// shares one prepared statement. The cache is bounded because `in (?, ?, ...)` lists make many distinct strings.
const STATEMENT_CACHE_SIZE = 500;

function cachedStatements(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        // Most recently used last, so that eviction below drops the least recently used.
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** The ordered, forward-only migrations in ../../../migrations. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-template-history': m0002,
  '0003-consent-ledger': m0003,
  '0004-consent-channels': m0004,
  '0005-business-profile': m0005,
  '0006-business-events': m0006,
  '0007-users-access': m0007,
  '0008-inbox-bots': m0008,
  '0009-outbound-webhooks': m0009,
  '0010-limits': m0010,
  '0011-campaigns-quality': m0011,
  '0012-pricing-costs': m0012,
};

export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its migration tables in every schema unless told which: with a second schema on the same
    // server (tenants, parallel test runs) it found the other's lock table, skipped creating its own and failed.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    // Migrations are written on parallel branches; one that lands later with a lower number must still apply.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Row locking for work claiming. On PostgreSQL several workers claim disjoint batches with FOR UPDATE SKIP LOCKED;
 * SQLite has one writer at a time and one in-process worker, so a plain select inside the transaction suffices.
 */
export function skipLocked<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return db.dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** True when the error is a unique-constraint violation, on either dialect (by code, never by message text). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
