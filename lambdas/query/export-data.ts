/**
 * `exportStudy`: a study's results read through the query functions (every
 * answer follows the current dataset and analysis pointers) and, with an
 * object reader, the files they name (distance matrices, processed matrices,
 * the uploaded tables and metadata), turned into the export objects of
 * docs/exports.md by the pure `exportObjects`. Without a reader, or when an
 * object cannot be read, the parts that need it are left out and the
 * manifest says so.
 */
import path from 'node:path';
import { gunzipSync } from 'fflate';
import type { ResultsReader } from '../adapters/ports.js';
import type { ResultFamily } from '../adapters/results-keys.js';
import { TOP_TAXA_RANKS } from '../core/amplicon/dataset.js';
import { RANK_NAMES } from '../core/amplicon/taxonomy/lineage.js';
import {
  type AnalysisExport,
  type DatasetExport,
  type ExportFormat,
  type ExportObject,
  exportObjects,
  type OrdinationExport,
  parseProcessedTsv,
  parseQiimeDistanceTsv,
  type StudyExportInput,
} from '../core/export/index.js';
import { parseInput } from '../core/pipeline/index.js';
import type { DatasetPointer } from '../core/results/records.js';
import type { SampleMetadata } from '../core/study/qiime2-metadata.js';
import { listFeatureRows, listSampleRows, listTaxaRows, listTopTaxaRows, ordinationOf, QueryError } from './queries.js';
import {
  currentAnalysis,
  listComparisons,
  listCorrelations,
  listHits,
  listPathways,
  listTests,
} from './study-queries.js';

/** Reads one object of the bucket (a result file or an upload, at `versionId` when given). */
export type ObjectReader = (key: string, versionId?: string | null) => Promise<Uint8Array>;

type Row = Record<string, unknown>;

/** Every export object of `study` in `format` (tabular families), plus the tool files and the manifest. */
export async function exportStudy(
  store: ResultsReader,
  objectReader: ObjectReader | undefined,
  study: string,
  format: ExportFormat,
): Promise<ExportObject[]> {
  return exportObjects(await studyExportInput(store, objectReader, study), format);
}

/** Gathers what `exportObjects` needs from the results store (and the bucket, through `objectReader`). */
export async function studyExportInput(
  store: ResultsReader,
  objectReader: ObjectReader | undefined,
  study: string,
): Promise<StudyExportInput> {
  const pointers = (await store.listDatasets(study)).sort((a, b) => a.datasetId.localeCompare(b.datasetId));
  if (!pointers.length) throw new QueryError(`study '${study}' has no datasets`);
  const notes: string[] = [];
  if (!objectReader)
    notes.push(
      'no object reader: distance matrices, processed matrices, metadata and the phyloseq set are not exported',
    );
  const read = objectReader ? readerWithNotes(objectReader, notes) : async () => null;

  const pointer = await analysisPointer(store, study, notes);
  const metadata = await readMetadata(pointers, pointer, read, notes);
  const datasets: DatasetExport[] = [];
  for (const d of pointers.filter((p) => p.status === 'READY' && (p.kind === '16s' || p.kind === 'metabolomics'))) {
    datasets.push(await datasetExport(store, study, d, read, metadata?.metadata ?? null, notes));
  }
  const analysis = pointer ? await analysisExport(store, study, pointer) : null;
  const newest =
    pointers
      .map((d) => d.updatedAt)
      .sort()
      .at(-1) ?? '';
  return {
    study,
    date: (pointer?.analyzedAt as string | undefined) ?? newest,
    metadata,
    datasets,
    analysis,
    notes,
  };
}

type Read = (key: string, versionId?: string | null) => Promise<Uint8Array | null>;

/** The reader, gunzipping gzip bodies, with a failed read noted and returned as null. */
function readerWithNotes(reader: ObjectReader, notes: string[]): Read {
  return async (key, versionId) => {
    try {
      const bytes = await reader(key, versionId);
      return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    } catch (e) {
      notes.push(`could not read ${key}: ${(e as Error).message}`);
      return null;
    }
  };
}

/** The current analysis pointer, or null (noted) when the study has none or it FAILED. */
async function analysisPointer(
  store: ResultsReader,
  study: string,
  notes: string[],
): Promise<Awaited<ReturnType<typeof currentAnalysis>> | null> {
  try {
    return await currentAnalysis(store, study);
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    notes.push(`no study analysis exported: ${e.message}`);
    return null;
  }
}

/** The metadata the analysis used (else metadata.tsv, else the newest READY metadata file), parsed. */
async function readMetadata(
  pointers: DatasetPointer[],
  analysis: Row | null,
  read: Read,
  notes: string[],
): Promise<StudyExportInput['metadata']> {
  const ready = pointers.filter((p) => p.status === 'READY' && p.kind === 'metadata');
  const used = (analysis?.inputs ?? {}) as Record<string, string>;
  const d =
    ready.find((p) => used[p.datasetId] === p.runId) ??
    ready.find((p) => p.datasetId === 'metadata.tsv') ??
    [...ready].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!d) {
    notes.push('no READY sample metadata: nothing joined on sample rows');
    return null;
  }
  const bytes = await read(d.provenance.key, d.provenance.versionId);
  if (!bytes) return null;
  const parsed = await parseInput(bytes, path.posix.basename(d.datasetId));
  if (!parsed.ok || parsed.value.kind !== 'metadata') {
    notes.push(`${d.datasetId}: could not be re-read as metadata`);
    return null;
  }
  return { datasetId: d.datasetId, metadata: parsed.value.metadata };
}

/** Rows, ordinations and matrices of one READY table dataset. */
async function datasetExport(
  store: ResultsReader,
  study: string,
  d: DatasetPointer,
  read: Read,
  metadata: SampleMetadata | null,
  notes: string[],
): Promise<DatasetExport> {
  const samples = await listSampleRows(store, study, d.datasetId);
  const features = await listFeatureRows(store, study, d.datasetId);
  const ranks = Array.isArray(d.provenance.parameters.taxaRanks)
    ? (d.provenance.parameters.taxaRanks as string[])
    : d.shards.TAXA
      ? [...RANK_NAMES]
      : [];
  const taxa: Row[] = [];
  for (const rank of ranks)
    for (const r of await orEmpty(() => listTaxaRows(store, study, d.datasetId, rank))) taxa.push(r);
  const topTaxa: Row[] = [];
  if (d.kind === '16s' && d.shards.TAXA)
    for (const rank of TOP_TAXA_RANKS)
      for (const r of await orEmpty(() => listTopTaxaRows(store, study, d.datasetId, rank))) topTaxa.push(r);

  const out: DatasetExport = {
    datasetId: d.datasetId,
    kind: d.kind,
    runId: d.runId,
    samples,
    features,
    taxa,
    topTaxa,
    ordinations: await ordinations(store, study, d),
    distances: [],
    processed: null,
    counts: null,
  };
  for (const [name, key] of Object.entries(d.artifacts).sort(([a], [b]) => a.localeCompare(b))) {
    // the full collapsed tables per rank are exported as the taxa family already
    if (name.startsWith('taxa_')) continue;
    const bytes = await read(key);
    if (!bytes) continue;
    const text = new TextDecoder().decode(bytes);
    if (name === 'processed') {
      const m = parseProcessedTsv(text);
      if (m.ok) out.processed = m.value;
      else notes.push(`${d.datasetId}: processed matrix not exported: ${m.reason}`);
    } else {
      const m = parseQiimeDistanceTsv(text);
      if (m.ok) out.distances.push({ metric: name, matrix: m.value });
      else notes.push(`${d.datasetId}: ${name} not exported: ${m.reason}`);
    }
  }
  if (d.kind === '16s') out.counts = await counts(d, features, read, metadata, notes);
  return out;
}

/** Rows of a query that may answer "none here" (a QueryError) as an empty list. */
async function orEmpty(q: () => Promise<Row[]>): Promise<Row[]> {
  try {
    return await q();
  } catch (e) {
    if (e instanceof QueryError) return [];
    throw e;
  }
}

/** Every ordination of the dataset (the metrics its ORDINATION rows name), through `ordinationOf`. */
async function ordinations(store: ResultsReader, study: string, d: DatasetPointer): Promise<OrdinationExport[]> {
  const n = d.shards.ORDINATION ?? 0;
  const metrics = n ? (await store.readFamily(d.runId, 'ORDINATION', n)).map((r) => String(r.metric)).sort() : [];
  const out: OrdinationExport[] = [];
  for (const metric of metrics) {
    const o = await ordinationOf(store, study, d.datasetId, metric);
    out.push({
      metric,
      method: String(o.method ?? metric),
      eigenvalues: (o.eigenvalues as number[] | undefined) ?? [],
      proportionExplained: (o.proportionExplained as number[] | undefined) ?? [],
      nNegativeEigenvalues: (o.nNegativeEigenvalues as number | undefined) ?? null,
      mostNegativeEigenvalue: (o.mostNegativeEigenvalue as number | undefined) ?? null,
      samples: o.samples as { sampleId: string; axes: number[] }[],
    });
  }
  return out;
}

/** The uploaded 16S table re-read at its version, with each feature's stored lineage (for the phyloseq set). */
async function counts(
  d: DatasetPointer,
  features: Row[],
  read: Read,
  metadata: SampleMetadata | null,
  notes: string[],
): Promise<DatasetExport['counts']> {
  const bytes = await read(d.provenance.key, d.provenance.versionId);
  if (!bytes) return null;
  const parsed = await parseInput(bytes, path.posix.basename(d.datasetId), {
    path: d.provenance.key,
    kind: '16s',
    ...(metadata ? { studySampleIds: metadata.sampleIds } : {}),
  });
  if (!parsed.ok || parsed.value.kind !== '16s') {
    notes.push(`${d.datasetId}: could not be re-read; no phyloseq set`);
    return null;
  }
  const lineage = new Map(
    features.map((f) => [String(f.featureId), (f.taxonomy as string | null | undefined) ?? null]),
  );
  const table = parsed.value.table;
  return { table, lineages: table.featureIds.map((id) => lineage.get(id) ?? null) };
}

/** The analysis families through the study queries; models, LEfSe and OPLS (no query function) from their run partitions when stored. */
async function analysisExport(
  store: ResultsReader,
  study: string,
  a: Awaited<ReturnType<typeof currentAnalysis>>,
): Promise<AnalysisExport> {
  const raw = async (family: string): Promise<Row[]> => {
    const n = a.shards[family] ?? 0;
    if (!n) return [];
    const rows = await store.readFamily(a.runId, family as ResultFamily, n);
    return rows
      .map(({ runId: _r, expiresAt: _e, ...r }): Row => ({ ...r, runId: a.runId }))
      .sort((x, y) => String(x.id).localeCompare(String(y.id)));
  };
  const design = a.design as { resolved?: { group?: string | null } } | undefined;
  return {
    runId: a.runId,
    comparisons: await listComparisons(store, study),
    tests: await listTests(store, study, {}),
    hits: await listHits(store, study, {}),
    correlations: await listCorrelations(store, study, {}),
    correlationFamilies: ((a.correlationFamilies as Row[] | undefined) ?? []).map((r) => ({ ...r, runId: a.runId })),
    pathways: await listPathways(store, study, {}),
    models: await raw('MODELS'),
    lefse: await raw('LEFSE'),
    opls: await raw('OPLS'),
    group: design?.resolved?.group ?? null,
  };
}
