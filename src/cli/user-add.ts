// `greenlight user add`: the first admin (and anyone after) without the API, straight into the database.
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/index.ts';
import { migrate, openDb } from '../adapters/db/index.ts';
import { isAppError } from '../kernel/errors.ts';
import { createTenantStore } from '../modules/tenants/index.ts';
import { createAccessService, createUserStore, roles, type Role } from '../modules/users/index.ts';

export function registerUserCommands(program: Command, config: () => Config): void {
  const user = program.command('user').description('People who sign in to the dashboard');
  user
    .command('add')
    .description('Add a person to a business (the first business unless --business is given)')
    .requiredOption('--email <email>', 'their email, unique in the business')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--business <id>', 'the business id (default: the first business)')
    .action(async (o: { email: string; name: string; role: string; password: string; business?: string }) => {
      if (!(roles as readonly string[]).includes(o.role)) {
        process.stderr.write(`--role must be one of ${roles.join(', ')}.\n`);
        process.exit(2);
      }
      const c = config();
      const db = openDb(
        c.databaseUrl
          ? { kind: 'postgres', url: c.databaseUrl }
          : { kind: 'sqlite', file: path.join(c.dataDir, 'greenlight.db') },
      );
      try {
        await migrate(db);
        const tenants = createTenantStore(db);
        // Before the first start there is no business yet: make the one `start` would make.
        const business = o.business
          ? await tenants.getBusiness(o.business)
          : ((await tenants.firstBusiness()) ?? (await tenants.createBusiness(c.businessName, Date.now())));
        if (!business) {
          process.stderr.write(`No business ${o.business}.\n`);
          process.exitCode = 1;
          return;
        }
        const access = createAccessService({ store: createUserStore(db), sessionTtlMs: c.sessionTtlMs });
        const added = await access.addUser(
          business.id,
          { email: o.email, name: o.name, role: o.role as Role, password: o.password },
          Date.now(),
        );
        process.stdout.write(
          `Added ${added.role} ${added.email} (${added.id}) to "${business.name}" (${business.id}).\n`,
        );
      } catch (e) {
        if (!isAppError(e)) throw e;
        process.stderr.write(`${e.code}: ${e.message}\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
