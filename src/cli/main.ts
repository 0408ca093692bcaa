// The `greenlight` command: start (all roles), api, worker, migrate, sandbox. Config errors end with advice, not a trace.
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/index.ts';
import { migrate, openDb } from '../adapters/db/index.ts';
import { createPlatform, type Roles } from '../platform.ts';
import { registerConsentImportCommand } from './consent-import.ts';
import path from 'node:path';

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee docs/configuration.md for every setting.\n`);
      process.exit(2);
    }
    throw e;
  }
}

async function run(roles: Roles): Promise<void> {
  const platform = await createPlatform({ config: config(), roles });
  const url = await platform.start();
  const c = platform.config;
  const lines = [
    `Greenlight ${roles.api && roles.worker ? '(api + worker)' : roles.api ? '(api)' : '(worker)'} — business "${platform.business.name}"`,
    `  storage: ${c.databaseUrl ? 'PostgreSQL' : `SQLite in ${c.dataDir}`}   mode: ${c.mode}`,
  ];
  if (url) lines.push(`  listening on ${url}  (health: ${url}/health, API docs: ${url}/openapi.json)`);
  if (url && platform.sandbox) lines.push(`  sandbox: ${url}/sandbox/info`);
  if (platform.generatedApiKey) {
    lines.push(
      '',
      `  Your API key (shown once, stored hashed): ${platform.generatedApiKey}`,
      '  Set GREENLIGHT_API_KEY to choose your own.',
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  const shutdown = async (signal: string) => {
    platform.logger.info({ signal }, 'shutting down');
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

const program = new Command('greenlight').description('WhatsApp Business messaging that follows the rules.');
program
  .command('start')
  .description('API, webhook receiver, workers and (in sandbox mode) the sandbox, in one process')
  .action(() => run({ api: true, worker: true }));
program
  .command('api')
  .description('Only the HTTP API and webhook receiver (and the sandbox in sandbox mode)')
  .action(() => run({ api: true, worker: false }));
program
  .command('worker')
  .description('Only the workers: webhook processing and dispatch (PostgreSQL for several)')
  .action(() => run({ api: false, worker: true }));
program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const c = config();
    const db = openDb(
      c.databaseUrl
        ? { kind: 'postgres', url: c.databaseUrl }
        : { kind: 'sqlite', file: path.join(c.dataDir, 'greenlight.db') },
    );
    const applied = await migrate(db);
    await db.close();
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
  });

registerConsentImportCommand(program, config);

await program.parseAsync(process.argv);
