/**
 * Read side of the study report: assembles ReportData (lambdas/core/report)
 * from the results store through the query functions, following the current
 * dataset pointers and the study's current analysis pointer.
 */

import type { ResultFamily } from '../adapters/results-keys.js';
import type { DatasetPointer, DynamoResultsStore } from '../adapters/results-store.js';
import type { ComparisonRow, CorrelationFamilyRow, DesignRecord, PathwayRow } from '../core/analysis/types.js';
import type {
  AmpliconSampleRow,
  JsonValue,
  MetabolomicsSampleRow,
  ReportAnalysis,
  ReportCorrelationRow,
  ReportData,
  ReportDataset,
  ReportHitRow,
  ReportLefseRow,
  ReportMetadata,
  ReportModelRow,
  ReportOrdination,
  ReportSampleSet,
  ReportTestRow,
  ReportTopTaxon,
} from '../core/report/types.js';
import { listSampleRows, listTopTaxaRows, ordinationOf, QueryError } from './queries.js';
import {
  currentAnalysis,
  listComparisons,
  listCorrelations,
  listHits,
  listPathways,
  listTests,
} from './study-queries.js';

export interface LoadReportOptions {
  /** the report's time stamp (default: now) */
  now?: () => Date;
}

/** Result families of an analysis run that the report reads when the analysis pointer lists them (written by newer analyze handlers). */
const OPTIONAL_FAMILIES = ['MODELS', 'LEFSE'] as const;

/** Everything the study report shows, read from the results store. */
export async function loadReportData(
  store: DynamoResultsStore,
  study: string,
  options: LoadReportOptions = {},
): Promise<ReportData> {
  const generatedAt = (options.now ?? (() => new Date()))().toISOString();
  const pointers = (await store.listDatasets(study)).sort((a, b) => a.datasetId.localeCompare(b.datasetId));
  if (!pointers.length)
    throw new QueryError(
      `no datasets in study '${study}' (upload files under studies/${study}/, or run 'biomeflow run <folder> --study ${study}')`,
    );
  const notes: string[] = [];
  const ready = pointers.filter((d) => d.status === 'READY');
  const tables = ready.filter((d) => d.kind === '16s' || d.kind === 'metabolomics');

  const samples: ReportSampleSet[] = [];
  const ordinations: ReportOrdination[] = [];
  const topGenera: ReportTopTaxon[] = [];
  for (const d of tables) {
    const rows = (await listSampleRows(store, study, d.datasetId)).map(withoutStorageFields);
    samples.push(
      d.kind === '16s'
        ? { datasetId: d.datasetId, kind: '16s', rows: rows as unknown as AmpliconSampleRow[] }
        : { datasetId: d.datasetId, kind: 'metabolomics', rows: rows as unknown as MetabolomicsSampleRow[] },
    );
    for (const metric of await ordinationMetrics(store, d))
      ordinations.push(toOrdination(await ordinationOf(store, study, d.datasetId, metric)));
    if (d.kind === '16s' && d.shards.TAXA) topGenera.push(...(await topGeneraOf(store, study, d.datasetId, notes)));
  }

  const analysis = await analysisOf(store, study, notes);
  const metadata = await metadataOf(store, study, ready, analysis);
  return {
    studyId: study,
    generatedAt,
    datasets: pointers.map(datasetOf),
    samples,
    ordinations,
    topGenera,
    metadata,
    analysis,
    notes,
  };
}

/** The pointer as a report dataset: counts, notes, error and provenance. */
function datasetOf(d: DatasetPointer): ReportDataset {
  const e = d.error;
  return {
    datasetId: d.datasetId,
    kind: d.kind,
    format: d.format,
    status: d.status,
    samples: d.samples,
    features: d.features,
    runId: d.runId,
    updatedAt: d.updatedAt,
    notes: d.notes,
    error: e
      ? {
          code: e.code,
          message: e.message,
          line: e.line,
          column: e.column,
          ...(e.expected ? { expected: e.expected } : {}),
        }
      : null,
    provenance: {
      key: d.provenance.key,
      versionId: d.provenance.versionId,
      sha256: d.provenance.sha256,
      size: d.provenance.size,
      version: d.provenance.softwareVersion,
      parameters: d.provenance.parameters as Record<string, JsonValue>,
      inputs: d.provenance.inputs,
    },
  };
}

/** Drops the fields the queries add for storage (dataset and run id) from a sample row. */
function withoutStorageFields(r: Record<string, unknown>): Record<string, unknown> {
  const { datasetId: _d, runId: _r, ...rest } = r;
  return rest;
}

/** The metrics of a dataset's stored ordinations (PCoA per distance, PCA, NMDS). */
async function ordinationMetrics(store: DynamoResultsStore, d: DatasetPointer): Promise<string[]> {
  const n = d.shards.ORDINATION ?? 0;
  if (!n) return [];
  const rows = await store.readFamily(d.runId, 'ORDINATION', n);
  const order = ['bray_curtis', 'jaccard', 'aitchison', 'pca'];
  const rank = (m: string) => (order.includes(m) ? order.indexOf(m) : order.length);
  return rows.map((r) => String(r.metric)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function toOrdination(o: Record<string, unknown>): ReportOrdination {
  const nums = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is number => typeof v === 'number') : []);
  return {
    datasetId: String(o.datasetId),
    metric: String(o.metric),
    method: String(o.method ?? 'pcoa'),
    eigenvalues: nums(o.eigenvalues),
    proportionExplained: nums(o.proportionExplained),
    stress: typeof o.stress === 'number' ? o.stress : null,
    samples: (o.samples as { sampleId: string; axes: number[] }[]).map((s) => ({
      sampleId: s.sampleId,
      axes: nums(s.axes),
    })),
  };
}

async function topGeneraOf(
  store: DynamoResultsStore,
  study: string,
  datasetId: string,
  notes: string[],
): Promise<ReportTopTaxon[]> {
  try {
    return (await listTopTaxaRows(store, study, datasetId, 'genus')).map((r) => ({
      datasetId,
      sampleId: String(r.sampleId),
      taxon: String(r.taxon),
      relativeAbundance: Number(r.relativeAbundance),
    }));
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    notes.push(`${datasetId}: ${e.message}`);
    return [];
  }
}

/** The metadata the analysis read (its inputs name it), else the newest READY metadata dataset. */
async function metadataOf(
  store: DynamoResultsStore,
  study: string,
  ready: DatasetPointer[],
  analysis: ReportAnalysis | null,
): Promise<ReportMetadata | null> {
  const candidates = ready.filter((d) => d.kind === 'metadata');
  const used = analysis ? candidates.find((d) => analysis.inputs[d.datasetId] === d.runId) : undefined;
  const d = used ?? [...candidates].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!d) return null;
  const declared = (d.provenance.parameters.columns as { name: string; type: string }[] | undefined) ?? [];
  const rows = await listSampleRows(store, study, d.datasetId);
  const names = declared.length
    ? declared.map((c) => c.name)
    : [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
        (k) => !['datasetId', 'sampleId', 'order', 'runId'].includes(k),
      );
  return {
    datasetId: d.datasetId,
    columns: declared.length
      ? declared.map((c) => ({ name: c.name, type: c.type }))
      : names.map((name) => ({ name, type: 'categorical' })),
    rows: rows.map((r) => ({
      sampleId: String(r.sampleId),
      values: Object.fromEntries(names.map((n) => [n, r[n] === null || r[n] === undefined ? null : String(r[n])])),
    })),
  };
}

/** The current analysis with every family, or null when the study has none; a FAILED analysis keeps its error. */
async function analysisOf(store: DynamoResultsStore, study: string, notes: string[]): Promise<ReportAnalysis | null> {
  const pointer = (await store.getStudy(study))?.analysis as Record<string, unknown> | undefined;
  if (!pointer?.runId) return null;
  const base = {
    runId: String(pointer.runId),
    analyzedAt: typeof pointer.analyzedAt === 'string' ? pointer.analyzedAt : null,
    softwareVersion: typeof pointer.softwareVersion === 'string' ? pointer.softwareVersion : null,
    inputs: (pointer.inputs as Record<string, string> | undefined) ?? {},
  };
  if (pointer.status === 'FAILED') {
    const e = pointer.error as { code?: string; message?: string } | undefined;
    return {
      ...base,
      status: 'FAILED',
      error: { code: e?.code ?? '', message: e?.message ?? '' },
      design: null,
      notes: [],
      ...emptyFamilies(),
    };
  }
  const a = await currentAnalysis(store, study);
  const stripped = <T>(rows: Record<string, unknown>[]) => rows.map(({ runId: _r, ...r }) => r) as unknown as T[];
  const comparisons = stripped<ComparisonRow>(await listComparisons(store, study));
  const order = new Map(
    ((a.design as DesignRecord | undefined)?.resolved.comparisons ?? []).map((c, i) => [c.name, i]),
  );
  comparisons.sort((x, y) => (order.get(x.name) ?? 1e9) - (order.get(y.name) ?? 1e9) || x.name.localeCompare(y.name));
  const [models, lefse] = await Promise.all(OPTIONAL_FAMILIES.map((f) => optionalFamily(store, a, f, notes)));
  return {
    ...base,
    status: 'READY',
    error: null,
    design: (a.design as DesignRecord | undefined) ?? null,
    notes: (a.notes as string[] | undefined) ?? [],
    comparisons,
    tests: stripped<ReportTestRow>(await listTests(store, study, {})),
    hits: stripped<ReportHitRow>(await listHits(store, study, {})),
    correlations: stripped<ReportCorrelationRow>(await listCorrelations(store, study, {})),
    correlationFamilies: (a.correlationFamilies as CorrelationFamilyRow[] | undefined) ?? [],
    pathways: stripped<PathwayRow>(await listPathways(store, study, {})),
    models: stripped<ReportModelRow>(models!),
    lefse: stripped<ReportLefseRow>(lefse!),
  };
}

function emptyFamilies() {
  return {
    comparisons: [],
    tests: [],
    hits: [],
    correlations: [],
    correlationFamilies: [],
    pathways: [],
    models: [],
    lefse: [],
  };
}

/**
 * A family the analyze handler may not write yet (mixed models, LEfSe): read when the analysis pointer lists its
 * shards, else empty with a note. Their rows carry a storage `id`, dropped here as the other queries do.
 */
async function optionalFamily(
  store: DynamoResultsStore,
  a: { runId: string; shards: Record<string, number> },
  family: (typeof OPTIONAL_FAMILIES)[number],
  notes: string[],
): Promise<Record<string, unknown>[]> {
  const n = a.shards[family] ?? 0;
  if (!n) {
    notes.push(
      `the analysis run stores no ${family === 'MODELS' ? 'mixed-model' : 'LEfSe'} rows: that section is empty`,
    );
    return [];
  }
  const rows = await store.readFamily(a.runId, family as string as ResultFamily, n);
  return rows.map(({ id: _id, expiresAt: _e, ...r }) => r);
}
