// `greenlight pricing import FILE --effective-from DATE`: imports one of Meta's rate-card CSVs as a dated card.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config/index.ts';
import { isAppError } from '../kernel/errors.ts';
import { createPlatform } from '../platform.ts';

const day = (s: string | undefined) =>
  s === undefined ? undefined : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);

export function registerPricingImportCommand(program: Command, config: () => Config): void {
  const pricing =
    program.commands.find((c) => c.name() === 'pricing') ??
    program.command('pricing').description('Rate cards and costs');
  pricing
    .command('import')
    .description(
      "Import Meta's rate card (Market, Currency, Marketing, Utility, ... or Category, Tier, Rate)",
    )
    .argument('<file>', 'the CSV file')
    .requiredOption('--effective-from <date>', 'first day the card applies, e.g. 2026-04-01')
    .option('--effective-to <date>', 'first day it no longer applies')
    .option('--name <name>', 'a name for the card')
    .action(async (file: string, o: { effectiveFrom: string; effectiveTo?: string; name?: string }) => {
      if (!fs.existsSync(file)) {
        process.stderr.write(`No file ${file}.\n`);
        process.exit(2);
      }
      const text = fs.readFileSync(file, 'utf8');
      // No HTTP and no workers: the card is written directly, like the API would.
      const platform = await createPlatform({ config: config(), roles: { api: false, worker: false } });
      try {
        const s = await platform.services.pricing.importRateCard(
          platform.business.id,
          text,
          {
            effectiveFrom: day(o.effectiveFrom) ?? NaN,
            effectiveTo: day(o.effectiveTo) ?? null,
            ...(o.name ? { name: o.name } : {}),
          },
          platform.clock.now(),
        );
        const lines = [
          `Rate card ${s.rateCard.id} "${s.rateCard.name}" (${s.rateCard.currency}, from ${s.rateCard.effectiveFrom}): ` +
            `${s.imported} row(s) imported, ${s.rejected.length} rejected.`,
          ...s.rejected.map((r) => `  line ${r.line}: ${r.code}: ${r.message}`),
        ];
        process.stdout.write(lines.join('\n') + '\n');
        process.exitCode = s.rejected.length > 0 ? 1 : 0;
      } catch (e) {
        if (!isAppError(e)) throw e;
        process.stderr.write(`${e.code}: ${e.message}\n`);
        process.exitCode = 2;
      } finally {
        await platform.stop();
      }
    });
}
