/** `biomeflow report <study>`: one self-contained HTML report of the study, from the local state or the deployed table. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { renderStudyReport } from '../../lambdas/core/report/render.js';
import { loadReportData } from '../../lambdas/query/report-data.js';
import type { Io } from '../io.js';
import { parseOptions, ReportOptionsSchema } from '../options.js';
import { openResults } from '../store.js';

/** Adds `report` to the CLI; `done` receives the exit code. */
export function registerReportCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('report')
    .description('write one self-contained HTML report of a study (charts, tests, design, provenance)')
    .argument('<study>', 'study id')
    .option('--out <file>', 'where to write the HTML (default: <study>-report.html)')
    .option('--open', 'open the report in the default browser')
    .option('--state <dir>', 'local state folder', '.biomeflow')
    .option('--table <name>', 'read the deployed DynamoDB table instead of the local state')
    .option('--region <region>', 'AWS region of --table')
    .action(async (study: string, opts: unknown) => {
      done(await reportCommand(study, opts, io));
    });
}

export async function reportCommand(study: string, raw: unknown, io: Io): Promise<number> {
  const opts = parseOptions(ReportOptionsSchema, raw);
  const out = opts.out ?? `${study}-report.html`;
  const results = await openResults(opts);
  let html: string;
  try {
    const t0 = Date.now();
    const data = await loadReportData(results.store, study);
    const warnings: string[] = [];
    html = await renderStudyReport(data, { onWarning: (w) => warnings.push(w) });
    if (process.env.BIOMEFLOW_DEBUG) for (const w of warnings) io.err(`biomeflow: chart warning: ${w}\n`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, html);
    io.err(
      `biomeflow: wrote ${out} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB, ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  } finally {
    await results.close();
  }
  io.out(`${path.resolve(out)}\n`);
  if (opts.open) openInBrowser(path.resolve(out), io);
  return 0;
}

/** Opens a file with the platform's default handler; failing to do so is only reported. */
function openInBrowser(file: string, io: Io): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [file]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', file]]
        : ['xdg-open', [file]];
  const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', (e) => io.err(`biomeflow: could not open the report (${e.message}); open ${file} in a browser\n`));
  child.unref();
}
