/** `biomeflow query <study> datasets|samples|features|runs`: read results locally or from the deployed table. */
import { listDatasetRows, listFeatureRows, listSampleRows } from '../../../lambdas/query/queries.js';
import { QueryOptionsSchema, QueryWhatSchema, parseOptions } from '../options.js';
import { renderRows } from '../output.js';
import { openStore } from '../store.js';
import type { Io } from '../main.js';

export async function queryCommand(study: string, what: string, raw: unknown, io: Io): Promise<number> {
  const kind = parseOptions(QueryWhatSchema.describe('what'), what);
  const opts = parseOptions(QueryOptionsSchema, raw);
  const { store, close } = await openStore(opts);
  try {
    let rows: Record<string, unknown>[];
    if (kind === 'datasets') {
      rows = await listDatasetRows(store, study);
      if (opts.format === 'table') rows = rows.map(({ notes: _n, sha256: _s, runId: _r, updatedAt: _u, ...r }) => r);
    } else if (kind === 'samples') rows = await listSampleRows(store, study, opts.dataset);
    else if (kind === 'features') rows = await listFeatureRows(store, study, opts.dataset);
    else rows = await store.listRuns(study);
    io.out(renderRows(rows, opts.format));
    return 0;
  } finally {
    await close();
  }
}
