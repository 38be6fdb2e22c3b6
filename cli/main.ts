/** The `biomeflow` CLI: a thin shell over the importable local-mode and query APIs. */
import { Command, CommanderError } from 'commander';
import { SOFTWARE_VERSION } from '../lambdas/core/version.js';
import { QueryError } from '../lambdas/query/queries.js';
import { registerExportCommand } from './commands/export.js';
import { queryCommand } from './commands/query.js';
import { registerReportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { simulateCommand } from './commands/simulate.js';
import { upCommand } from './commands/up.js';
import type { Io } from './io.js';
import { CliError } from './options.js';

export type { Io } from './io.js';

const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Resolves on the first SIGINT/SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((r) => {
    process.once('SIGINT', () => r());
    process.once('SIGTERM', () => r());
  });
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('biomeflow')
    .description('16S and metabolomics tables in, query-ready results out: locally on embedded S3/DynamoDB, or in AWS.')
    .version(SOFTWARE_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('run')
    .description(
      'upload a study folder to the embedded S3 server, process it with the Lambda handlers, print a summary',
    )
    .argument('<folder>', 'study folder: metadata.tsv, optional study.json, tables in any sub-folder')
    .option('--study <id>', 'study id (default: the folder name)')
    .option('--state <dir>', 'where the embedded servers keep their data', '.biomeflow')
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '1800')
    .action(async (folder: string, opts: unknown) => {
      code = await runCommand(folder, opts, io);
    });

  program
    .command('up')
    .description('keep the embedded S3 and DynamoDB servers running and process uploads until Ctrl-C')
    .option('--state <dir>', 'where the embedded servers keep their data', '.biomeflow')
    .action(async (opts: unknown) => {
      code = await upCommand(opts, io, untilSignal());
    });

  program
    .command('query')
    .description(
      'print results: datasets | samples | features | taxa | ordination | beta | matrix | comparisons | tests | hits | correlations | pathways | runs',
    )
    .argument('<study>', 'study id')
    .argument(
      '<what>',
      'datasets | samples | features | taxa | ordination | beta | matrix | comparisons | tests | hits | correlations | pathways | models | lefse | opls | design | runs',
    )
    .option('--dataset <id>', 'dataset id (its path under the study)')
    .option('--format <format>', 'table | tsv | json', 'table')
    .option('--state <dir>', 'local state folder', '.biomeflow')
    .option('--table <name>', 'query the deployed DynamoDB table instead of the local state')
    .option('--region <region>', 'AWS region of --table')
    .option('--bucket <name>', 'the deployed bucket (result files such as distance matrices), with --table')
    .option(
      '--metric <name>',
      'bray_curtis | jaccard | aitchison | unweighted_unifrac | weighted_unifrac | weighted_normalized_unifrac | nmds (ordination, beta); pca (ordination of metabolomics)',
      'bray_curtis',
    )
    .option('--rank <rank>', 'taxonomic rank for taxa: kingdom … species', 'genus')
    .option(
      '--per-sample',
      'taxa: relative abundance of the top taxa in each sample (phylum, genus), the rest as Other',
    )
    .option(
      '--all',
      'taxa --per-sample: the full collapsed table (every taxon of every sample) instead of top-K + Other',
    )
    .option('--comparison <name>', 'tests, hits, pathways: one comparison')
    .option('--q <threshold>', 'hits, correlations, pathways, tests: keep rows with q (or p) at most this')
    .option(
      '--feature <id>',
      'hits, correlations, models, lefse: one feature (a genus key, a metabolite id, a clade; models: a response or term)',
    )
    .option(
      '--term <name>',
      "models: one term, e.g. 'arm:month' (type-III) or 'armhigh_calcium:month12' (fixed effect)",
    )
    .option('--scores', 'opls: the per-sample score rows instead of the model rows')
    .option(
      '--observed-only',
      'hits: leave out features flagged lowObserved (fewer than minObserved observed values in a group)',
    )
    .option('--top <n>', 'hits, correlations, pathways: the first n rows by q')
    .action(async (study: string, what: string, opts: unknown) => {
      code = await queryCommand(study, what, opts, io);
    });

  program
    .command('simulate')
    .description('write a trial-like study (two arms x 0/6/12 months) with planted effects into <folder>')
    .argument('<folder>', 'output folder (created)')
    .option('--seed <n>', 'random seed', '42')
    .option('--subjects <n>', 'subjects per arm')
    .action(async (folder: string, opts: unknown) => {
      code = await simulateCommand(folder, opts, io);
    });

  registerExportCommand(program, io, (c) => (code = c));
  registerReportCommand(program, io, (c) => (code = c));

  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError || e instanceof QueryError) {
      io.err(`biomeflow: ${e.message}\n`);
      return 2;
    }
    io.err(`biomeflow: internal error: ${(e as Error).message}\n`);
    if (process.env.BIOMEFLOW_DEBUG) io.err(`${String((e as Error).stack)}\n`);
    return 1;
  }
}
