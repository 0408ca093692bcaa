// The `greenlight` command: start (all roles), api, worker, migrate, sandbox. Config errors end with advice, not a trace.
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/index.ts';
import { migrate, openDb } from '../adapters/db/index.ts';
import { createConsentService, createConsentStore } from '../modules/consent/index.ts';
import { createPlatform, type Roles } from '../platform.ts';
import { registerConsentImportCommand } from './consent-import.ts';
import { registerPricingImportCommand } from './pricing-import.ts';
import { registerUserCommands } from './user-add.ts';
import { registerCampaignWatchCommand } from './campaign-watch.ts';
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

const consentCommand = program.command('consent').description('The consent ledger');
consentCommand
  .command('verify')
  .description("Walk each business's consent hash chain and report OK or the first broken event")
  .option('--business <id>', 'only this business')
  .action(async (o: { business?: string }) => {
    const c = config();
    const db = openDb(
      c.databaseUrl
        ? { kind: 'postgres', url: c.databaseUrl }
        : { kind: 'sqlite', file: path.join(c.dataDir, 'greenlight.db') },
    );
    await migrate(db);
    const store = createConsentStore(db);
    const consent = createConsentService({ store });
    const ids = o.business ? [o.business] : await store.businessIds();
    let broken = 0;
    if (ids.length === 0) process.stdout.write('No businesses yet: nothing to verify.\n');
    for (const id of ids) {
      const r = await consent.verify(id);
      if (r.ok) process.stdout.write(`${id}: OK, ${r.events} event(s), head ${r.headHash}\n`);
      else {
        broken++;
        process.stdout.write(
          `${id}: BROKEN at event #${r.broken.seq} ${r.broken.eventId} (${r.broken.reason}): ${r.broken.message}\n`,
        );
      }
    }
    await db.close();
    // A broken chain is a finding, not a crash: exit 1 so that scripts and cron jobs notice.
    process.exit(broken > 0 ? 1 : 0);
  });

registerConsentImportCommand(program, config);
registerPricingImportCommand(program, config);
registerUserCommands(program, config);
registerCampaignWatchCommand(program, config);

await program.parseAsync(process.argv);
