/** `biomeflow run <folder>`: the main job on the embedded default. */
import fs from 'node:fs';
import path from 'node:path';
import { datasetRow } from '../../lambdas/query/queries.js';
import type { Io } from '../io.js';
import { runLockFile, runningEndpoints, runningRun } from '../local/environment.js';
import { type RunProgress, runStudy } from '../local/run-study.js';
import { CliError, parseOptions, RunOptionsSchema } from '../options.js';
import { renderRows } from '../output.js';
import { openResults } from '../store.js';
import { studySummaryLines } from '../study-summary.js';

export async function runCommand(folder: string, raw: unknown, io: Io): Promise<number> {
  const opts = parseOptions(RunOptionsSchema, raw);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new CliError(`not a folder: ${folder}`);
  const study = opts.study ?? path.basename(path.resolve(folder));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(study))
    throw new CliError(`the folder name '${study}' is not a valid study id; pass --study <id>`);
  const live = runningEndpoints(opts.state);
  if (live)
    throw new CliError(
      `the state folder ${opts.state} is in use by 'biomeflow up' (pid ${live.pid}); upload to its S3 endpoint ${live.s3Endpoint} instead, or pass another --state`,
    );

  const other = runningRun(opts.state);
  if (other)
    throw new CliError(
      `the state folder ${opts.state} is in use by another 'biomeflow run' (pid ${other}); wait for it or pass another --state`,
    );

  io.err(`biomeflow: study '${study}' from ${folder} (state: ${opts.state})\n`);
  const onProgress = progressPrinter(io);
  fs.mkdirSync(opts.state, { recursive: true });
  fs.writeFileSync(runLockFile(opts.state), String(process.pid));
  let result: Awaited<ReturnType<typeof runStudy>>;
  try {
    result = await runStudy(folder, { study, stateDir: opts.state, onProgress, timeoutMs: opts.timeout * 1000 });
  } finally {
    fs.rmSync(runLockFile(opts.state), { force: true });
  }
  onProgress.end();

  const rows = result.datasets.map((d) => {
    const r = datasetRow(d);
    const e = d.error;
    return {
      datasetId: r.datasetId,
      kind: r.kind,
      format: r.format,
      status: r.status,
      samples: r.samples,
      features: r.features,
      error: e
        ? `${e.code} at ${e.line}:${e.column}: ${e.message}`
        : r.status === 'IGNORED'
          ? String((r.notes as string[] | undefined)?.[0] ?? '')
          : '',
    };
  });
  io.out(renderRows(rows, 'table'));
  const failed = rows.filter((r) => r.status === 'FAILED').length;
  const ignored = rows.filter((r) => r.status === 'IGNORED').length;
  io.out(
    `\n${rows.length - failed - ignored} READY, ${failed} FAILED${ignored ? `, ${ignored} IGNORED (not data)` : ''}${result.deadLetters ? `, ${result.deadLetters} messages dead-lettered` : ''}. Query: biomeflow query ${study} samples --state ${opts.state}\n\n`,
  );
  const results = await openResults({ state: opts.state });
  try {
    io.out(`${(await studySummaryLines(results.store, study)).join('\n')}\n`);
  } finally {
    await results.close();
  }
  return result.ok ? 0 : 1;
}

/** A single updating line on a terminal; plain lines when output is not a terminal. */
function progressPrinter(io: Io) {
  let last = '';
  const print = (p: RunProgress) => {
    const line = `uploaded ${p.filesUploaded}/${p.filesTotal} files · datasets done ${p.datasetsDone}/${p.filesTotal} · ${(p.elapsedMs / 1000).toFixed(1)} s`;
    if (io.isTTY) io.err(`\r${line}\x1b[K`);
    else {
      const key = line.replace(/ · [\d.]+ s$/, '');
      if (key !== last) io.err(`${line}\n`);
      last = key;
    }
  };
  print.end = () => {
    if (io.isTTY) io.err('\n');
  };
  return print;
}
