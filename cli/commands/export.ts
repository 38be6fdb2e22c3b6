/** `biomeflow export <study>`: write the study's exports (docs/exports.md) under `<out>/exports/<study>/`, from the local state or the deployed table. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { exportStudy, type ObjectReader } from '../../lambdas/query/export-data.js';
import type { Io } from '../io.js';
import { parseOptions, StateOption } from '../options.js';
import { openResults } from '../store.js';

export const ExportOptionsSchema = z.object({
  format: z.enum(['parquet', 'csv', 'tsv']).default('parquet'),
  out: z.string().min(1).default('.'),
  state: StateOption,
  table: z.string().optional(),
  region: z.string().optional(),
  bucket: z.string().optional(),
});

/** Writes every export object below `--out` and prints one line per file; notes (what could not be exported) go to stderr. */
export async function exportCommand(study: string, raw: unknown, io: Io): Promise<number> {
  const opts = parseOptions(ExportOptionsSchema, raw);
  const results = await openResults(opts);
  try {
    const reader: ObjectReader | undefined = opts.table && !opts.bucket ? undefined : (key) => results.readResult(key);
    const objects = await exportStudy(results.store, reader, study, opts.format);
    let bytes = 0;
    for (const o of objects) {
      const target = path.join(opts.out, ...o.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, o.body);
      bytes += o.body.length;
      io.out(`${target}\t${o.body.length}\n`);
    }
    const manifest = objects.find((o) => o.family === 'manifest');
    const notes = manifest
      ? ((JSON.parse(new TextDecoder().decode(manifest.body)) as { notes: string[] }).notes ?? [])
      : [];
    for (const n of notes) io.err(`note: ${n}\n`);
    io.err(
      `wrote ${objects.length} files (${(bytes / 1024).toFixed(1)} KiB, ${opts.format}) to ${path.join(opts.out, 'exports', study)}\n`,
    );
    return 0;
  } finally {
    await results.close();
  }
}

/** Registers `export` on the program (one line in cli/main.ts); `setCode` receives the exit code. */
export function registerExportCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('export')
    .description(
      'write the study results as files analysts open: Parquet/CSV/TSV per family, scikit-bio ordinations, MetaboAnalyst matrices, phyloseq sets',
    )
    .argument('<study>', 'study id')
    .option('--format <format>', 'parquet | csv | tsv (tabular families)', 'parquet')
    .option('--out <dir>', 'folder receiving exports/<study>/…', '.')
    .option('--state <dir>', 'local state folder', '.biomeflow')
    .option('--table <name>', 'export from the deployed DynamoDB table instead of the local state')
    .option('--region <region>', 'AWS region of --table')
    .option('--bucket <name>', 'the deployed bucket (distance matrices, processed matrices, uploads), with --table')
    .action(async (study: string, opts: unknown) => {
      setCode(await exportCommand(study, opts, io));
    });
}
