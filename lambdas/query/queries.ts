/**
 * Read side: every answer follows a dataset's current-run pointer, so a
 * half-written or superseded run is never visible. Rows are flat objects.
 */

import type { ResultsReader } from '../adapters/ports.js';
import { TABLE_KINDS } from '../core/results/model.js';
import { type DatasetPointer, SampleAxesSchema, TopTaxaSchema } from '../core/results/records.js';

/** One row per dataset of the study. */
export async function listDatasetRows(store: ResultsReader, study: string): Promise<Record<string, unknown>[]> {
  const ds = await store.listDatasets(study);
  return ds.map(datasetRow);
}

/** The flat row of a dataset pointer: datasetId, kind, format, status, samples, features, error, run. */
export function datasetRow(d: DatasetPointer): Record<string, unknown> {
  return {
    datasetId: d.datasetId,
    kind: d.kind,
    format: d.format,
    status: d.status,
    samples: d.samples,
    features: d.features,
    ...(d.error
      ? {
          error: {
            code: d.error.code,
            message: d.error.message,
            line: d.error.line,
            column: d.error.column,
            ...(d.error.expected ? { expected: d.error.expected } : {}),
          },
        }
      : {}),
    runId: d.runId,
    updatedAt: d.updatedAt,
    sha256: d.provenance.sha256,
    notes: d.notes,
  };
}

/** Datasets addressed by --dataset, or every READY dataset of the given kinds. */
async function targetDatasets(
  store: ResultsReader,
  study: string,
  datasetId: string | undefined,
  kinds: readonly string[],
): Promise<DatasetPointer[]> {
  if (datasetId) {
    const d = await store.getDataset(study, datasetId);
    if (!d) throw new QueryError(`no dataset '${datasetId}' in study '${study}'`);
    return [d];
  }
  return (await store.listDatasets(study)).filter((d) => d.status === 'READY' && kinds.includes(d.kind));
}

/** Per-sample rows (datasetId, sampleId, metrics) of one dataset or of every table dataset. */
export async function listSampleRows(
  store: ResultsReader,
  study: string,
  datasetId?: string,
): Promise<Record<string, unknown>[]> {
  return familyRows(store, study, datasetId, 'SAMPLES', 'sampleId');
}

/** Per-feature rows (datasetId, featureId, summaries) of one dataset or of every table dataset. */
export async function listFeatureRows(
  store: ResultsReader,
  study: string,
  datasetId?: string,
): Promise<Record<string, unknown>[]> {
  return familyRows(store, study, datasetId, 'FEATURES', 'featureId');
}

async function familyRows(
  store: ResultsReader,
  study: string,
  datasetId: string | undefined,
  family: 'SAMPLES' | 'FEATURES',
  idField: string,
) {
  const datasets = await targetDatasets(store, study, datasetId, TABLE_KINDS);
  const out: Record<string, unknown>[] = [];
  for (const d of datasets) {
    const shards = d.shards[family] ?? 0;
    if (d.status !== 'READY' || shards === 0) continue;
    const rows = await store.readFamily(d.runId, family, shards);
    sortRows(rows, idField);
    for (const r of rows) {
      const { runId, axes: _axes, topTaxa: _top, expiresAt: _e, ...rest } = r;
      out.push({ datasetId: d.datasetId, [idField]: r[idField], ...rest, runId });
    }
  }
  return out;
}

/** `{eigenvalues, proportionExplained, samples: [{sampleId, axes}]}` of one dataset's PCoA on one distance. */
export async function ordinationOf(
  store: ResultsReader,
  study: string,
  datasetId: string,
  metric: string,
): Promise<Record<string, unknown>> {
  const d = await readyDataset(store, study, datasetId);
  const ords = d.shards.ORDINATION ? await store.readFamily(d.runId, 'ORDINATION', d.shards.ORDINATION) : [];
  const o = ords.find((r) => r.metric === metric);
  if (!o)
    throw new QueryError(
      `dataset '${datasetId}' has no ordination for '${metric}' (available: ${ords.map((r) => r.metric).join(', ') || 'none'}; see the dataset notes)`,
    );
  const samples = await store.readFamily(d.runId, 'SAMPLES', d.shards.SAMPLES ?? 0);
  const byId = new Map(samples.map((s) => [s.sampleId, s]));
  const order = sortRows([...byId.values()], 'sampleId').map((s) => s.sampleId);
  const axesOf = (sampleId: string) => {
    const axes = SampleAxesSchema.safeParse(byId.get(sampleId)?.axes ?? {});
    return axes.success ? axes.data[metric] : undefined;
  };
  return {
    datasetId,
    metric,
    method: o.method,
    eigenvalues: o.eigenvalues,
    proportionExplained: o.proportionExplained,
    nNegativeEigenvalues: o.nNegativeEigenvalues,
    mostNegativeEigenvalue: o.mostNegativeEigenvalue,
    runId: d.runId,
    samples: order.map((sampleId) => ({ sampleId, axes: axesOf(sampleId) })).filter((s) => s.axes !== undefined),
  };
}

/** Taxa of one rank: taxon, rank, prevalence, meanRelativeAbundance, nFeatures; most abundant first. */
export async function listTaxaRows(
  store: ResultsReader,
  study: string,
  datasetId: string,
  rank: string,
): Promise<Record<string, unknown>[]> {
  const d = await readyDataset(store, study, datasetId);
  if (!d.shards.TAXA)
    throw new QueryError(`dataset '${datasetId}' has no taxa (no taxonomy in the table or the study; see its notes)`);
  const rows = (await store.readFamily(d.runId, 'TAXA', d.shards.TAXA)).filter((r) => r.rank === rank);
  if (!rows.length) throw new QueryError(`no taxa at rank '${rank}' in dataset '${datasetId}'`);
  rows.sort((a, b) => b.meanRelativeAbundance - a.meanRelativeAbundance || a.taxon.localeCompare(b.taxon));
  return rows.map(({ id: _id, expiresAt: _e, runId, ...r }) => ({ datasetId, ...r, runId }));
}

/** Per-sample relative abundance of the top taxa (and 'Other') at a rank stored per sample (phylum, genus). */
export async function listTopTaxaRows(
  store: ResultsReader,
  study: string,
  datasetId: string,
  rank: string,
): Promise<Record<string, unknown>[]> {
  const d = await readyDataset(store, study, datasetId);
  const samples = sortRows(await store.readFamily(d.runId, 'SAMPLES', d.shards.SAMPLES ?? 0), 'sampleId');
  const out: Record<string, unknown>[] = [];
  for (const s of samples) {
    const parsed = TopTaxaSchema.safeParse(s.topTaxa);
    const top = parsed.success ? parsed.data[rank] : undefined;
    if (!top) continue;
    for (const [taxon, relativeAbundance] of Object.entries(top))
      out.push({ datasetId, sampleId: s.sampleId, rank, taxon, relativeAbundance });
  }
  if (!out.length)
    throw new QueryError(
      `dataset '${datasetId}' stores top taxa per sample only at phylum and genus, and only with a taxonomy`,
    );
  return out;
}

/** Every taxon of every sample at `rank` (relative abundance > 0), from the dataset's full collapsed table. */
export function taxaTableRows(datasetId: string, rank: string, tsv: string): Record<string, unknown>[] {
  const [header, ...lines] = tsv.trimEnd().split('\n');
  const samples = header!.split('\t').slice(1);
  const out: Record<string, unknown>[] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    cells
      .slice(1)
      .forEach(
        (v, j) =>
          Number(v) > 0 &&
          out.push({ datasetId, sampleId: samples[j], rank, taxon: cells[0], relativeAbundance: Number(v) }),
      );
  }
  return out.sort(
    (a, b) =>
      String(a.sampleId).localeCompare(String(b.sampleId)) || Number(b.relativeAbundance) - Number(a.relativeAbundance),
  );
}

/** The S3 key of a dataset's result file (e.g. a distance matrix), or a QueryError naming what exists. */
export async function artifactKey(
  store: ResultsReader,
  study: string,
  datasetId: string,
  name: string,
): Promise<string> {
  const d = await readyDataset(store, study, datasetId);
  const key = d.artifacts[name];
  if (!key)
    throw new QueryError(
      `dataset '${datasetId}' has no '${name}' result (available: ${Object.keys(d.artifacts).join(', ') || 'none'})`,
    );
  return key;
}

async function readyDataset(store: ResultsReader, study: string, datasetId: string): Promise<DatasetPointer> {
  const d = await store.getDataset(study, datasetId);
  if (!d) throw new QueryError(`no dataset '${datasetId}' in study '${study}'`);
  if (d.status !== 'READY')
    throw new QueryError(
      `dataset '${datasetId}' is ${d.status}${d.error ? `: ${d.error.code} ${d.error.message}` : ''}`,
    );
  return d;
}

/** In table order (`order`, the position in the uploaded file) when rows carry it, else by id. */
function sortRows<R extends Record<string, unknown>>(rows: R[], idField: string): R[] {
  return rows.sort((a, b) => {
    const oa = a.order;
    const ob = b.order;
    return typeof oa === 'number' && typeof ob === 'number'
      ? oa - ob
      : String(a[idField]).localeCompare(String(b[idField]));
  });
}

/** A query the user can fix (unknown dataset, …); printed without a stack trace. */
export class QueryError extends Error {
  override name = 'QueryError';
}
