// `greenlight consent import FILE`: imports opt-ins from a CSV file with a progress bar and a summary of rejections.
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../config/index.ts';
import { ImportFileError, MAX_IMPORT_BYTES } from '../modules/consent/channels/index.ts';
import { createPlatform } from '../platform.ts';

/** Adds `import` to the `consent` command group, making the group when it is not there yet. */
export function registerConsentImportCommand(program: Command, config: () => Config): void {
  const consent =
    program.commands.find((c) => c.name() === 'consent') ??
    program.command('consent').description('The consent ledger');
  consent
    .command('import')
    .description(
      'Import opt-ins from CSV (phone, categories, channel, wording, language, occurred_at, evidence_*)',
    )
    .argument('<file>', 'the CSV file')
    .option('--report <file>', 'write every rejected row, with its reason, to this JSON file')
    .action(async (file: string, o: { report?: string }) => {
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
      if (size === undefined) {
        process.stderr.write(`No file ${file}.\n`);
        process.exit(2);
      }
      if (size > MAX_IMPORT_BYTES) {
        process.stderr.write(`${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.\n`);
        process.exit(2);
      }
      const text = fs.readFileSync(file, 'utf8');
      // No HTTP and no workers: the import writes to the ledger directly, like the API would.
      const platform = await createPlatform({ config: config(), roles: { api: false, worker: false } });
      const bar = new cliProgress.SingleBar(
        { format: 'Importing [{bar}] {percentage}% | {value}/{total} rows', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      try {
        const summary = await platform.services.channels.importCsv(
          platform.business.id,
          text,
          platform.clock.now(),
          (done, total) => {
            if (!started) {
              bar.start(total, done);
              started = true;
            } else bar.update(done);
          },
        );
        bar.stop();
        const lines = [
          `Import ${summary.importId} for "${platform.business.name}": ${summary.total} row(s), ${summary.imported} imported, ${summary.rejected.length} rejected.`,
          ...summary.rejected
            .slice(0, 20)
            .map((r) => `  line ${r.line} (${r.phone || 'no phone'}): ${r.code}: ${r.message}`),
        ];
        if (summary.rejected.length > 20)
          lines.push(
            `  ... and ${summary.rejected.length - 20} more${o.report ? '' : ' (use --report FILE to list all)'}`,
          );
        if (o.report) {
          fs.writeFileSync(o.report, JSON.stringify(summary, null, 2));
          lines.push(`Every rejected row is in ${o.report}.`);
        }
        process.stdout.write(lines.join('\n') + '\n');
        await platform.stop();
        // Rejected rows are findings for the operator: exit 1 so that scripts notice.
        process.exit(summary.rejected.length > 0 ? 1 : 0);
      } catch (e) {
        bar.stop();
        await platform.stop();
        if (e instanceof ImportFileError) {
          process.stderr.write(`${e.code}: ${e.message}\nNothing was imported.\n`);
          process.exit(2);
        }
        throw e;
      }
    });
}
