/** `biomeflow query <study> <what>`: read results locally or from the deployed table. */
import { artifactKey, listDatasetRows, listFeatureRows, listSampleRows, listTaxaRows, listTopTaxaRows, ordinationOf } from '../../lambdas/query/queries.js';
import { CliError, QueryOptionsSchema, QueryWhatSchema, parseOptions } from '../options.js';
import { renderRows } from '../output.js';
import { listComparisons, listCorrelations, listHits, listPathways, listTests } from '../../lambdas/query/study-queries.js';
import { openResults } from '../store.js';
import type { Io } from '../io.js';

export async function queryCommand(study: string, what: string, raw: unknown, io: Io): Promise<number> {
  const parsedWhat = QueryWhatSchema.safeParse(what);
  if (!parsedWhat.success) throw new CliError(`unknown query '${what}'; expected one of: ${QueryWhatSchema.options.join(', ')}`);
  const kind = parsedWhat.data;
  const opts = parseOptions(QueryOptionsSchema, raw);
  const results = await openResults(opts);
  const { store } = results;
  const needDataset = () => {
    if (!opts.dataset) throw new CliError(`'query ${kind}' needs --dataset <id>`);
    return opts.dataset;
  };
  try {
    switch (kind) {
      case 'datasets': {
        let rows = await listDatasetRows(store, study);
        if (opts.format === 'table') rows = rows.map(({ notes: _n, sha256: _s, runId: _r, updatedAt: _u, ...r }) => r);
        io.out(renderRows(rows, opts.format));
        break;
      }
      case 'samples':
        io.out(renderRows(await listSampleRows(store, study, opts.dataset), opts.format));
        break;
      case 'features':
        io.out(renderRows(await listFeatureRows(store, study, opts.dataset), opts.format));
        break;
      case 'taxa': {
        const rows = opts.perSample ? await listTopTaxaRows(store, study, needDataset(), opts.rank) : await listTaxaRows(store, study, needDataset(), opts.rank);
        io.out(renderRows(rows, opts.format));
        break;
      }
      case 'matrix': {
        const key = await artifactKey(store, study, needDataset(), 'processed');
        io.out(new TextDecoder().decode(await results.readResult(key)));
        break;
      }
      case 'comparisons':
        io.out(renderRows(await listComparisons(store, study), opts.format));
        break;
      case 'tests':
        io.out(renderRows(await listTests(store, study, opts), opts.format));
        break;
      case 'hits':
        io.out(renderRows(await listHits(store, study, opts), opts.format));
        break;
      case 'correlations':
        io.out(renderRows(await listCorrelations(store, study, opts), opts.format));
        break;
      case 'pathways':
        io.out(renderRows(await listPathways(store, study, opts), opts.format));
        break;
      case 'runs':
        io.out(renderRows(await store.listRuns(study), opts.format));
        break;
      case 'ordination': {
        const o = await ordinationOf(store, study, needDataset(), opts.metric);
        if (opts.format === 'json') io.out(JSON.stringify(o, null, 2) + '\n');
        else {
          const rows = (o['samples'] as { sampleId: string; axes: number[] }[]).map((s) => ({ sampleId: s.sampleId, ...Object.fromEntries(s.axes.map((v, k) => [`axis${k + 1}`, v])) }));
          const pe = (o['proportionExplained'] as number[]).slice(0, 5).map((p, k) => `axis${k + 1} ${(100 * p).toFixed(1)}%`).join(', ');
          if (opts.format === 'table') io.out(`PCoA of ${opts.metric}: ${pe}\n`);
          io.out(renderRows(rows, opts.format));
        }
        break;
      }
      case 'beta': {
        const key = await artifactKey(store, study, needDataset(), opts.metric);
        io.out(new TextDecoder().decode(await results.readResult(key)));
        break;
      }
    }
    return 0;
  } finally {
    await results.close();
  }
}
