/**
 * Every export object of one study (docs/exports.md), computed from rows
 * already read: the tabular families in one format (Parquet, CSV or TSV) at
 * `exports/<study>/<family>/<family>.<ext>`, plus the tool-specific files at
 * `exports/<study>/<tool>/<dataset>/…` (scikit-bio OrdinationResults,
 * MetaboAnalyst CSV, phyloseq BIOM + sample data) and a manifest. Pure: the same input gives the same bytes.
 */

import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import type { StudyAnalysis } from '../analysis/types.js';
import { EXPORTS_PREFIX } from '../pipeline/contract.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import type { FeatureTable } from '../table/feature-table.js';
import { SOFTWARE_VERSION } from '../version.js';
import { type Column, type ExportTable, exportTable } from './columns.js';
import { toCsv, toTsv } from './delimited.js';
import { betaRows, matrixRows, type ProcessedMatrix } from './matrices.js';
import { toMetaboAnalystCsv } from './metaboanalyst.js';
import { type MetadataJoin, metadataJoin, metadataRows, withMetadata } from './metadata.js';
import { toParquet } from './parquet.js';
import { toBiomJson, toSampleDataTsv } from './phyloseq.js';
import { EXPORT_FAMILIES, type ExportFamily, FAMILY_COLUMNS } from './schemas.js';
import { toSkbioOrdination } from './skbio-ordination.js';

export type ExportFormat = 'parquet' | 'csv' | 'tsv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['parquet', 'csv', 'tsv'];

type Row = Record<string, unknown>;

/** One ordination of a dataset: the stored eigenvalues and each sample's stored axes. */
export interface OrdinationExport {
  metric: string;
  method: string;
  eigenvalues: number[];
  proportionExplained: number[];
  nNegativeEigenvalues: number | null;
  mostNegativeEigenvalue: number | null;
  samples: { sampleId: string; axes: number[] }[];
}

/** What is exported of one READY 16S or metabolomics dataset. */
export interface DatasetExport {
  datasetId: string;
  kind: string;
  runId: string;
  samples: Row[];
  features: Row[];
  taxa: Row[];
  topTaxa: Row[];
  ordinations: OrdinationExport[];
  distances: { metric: string; matrix: DistanceMatrix }[];
  /** metabolomics: the processed matrix */
  processed: ProcessedMatrix | null;
  /** 16S: the counts and each feature's lineage, for the phyloseq set */
  counts: { table: FeatureTable; lineages: (string | null)[] } | null;
}

/** The study analysis families (rows as stored: flat, with runId). */
export interface AnalysisExport {
  runId: string;
  comparisons: Row[];
  tests: Row[];
  hits: Row[];
  correlations: Row[];
  correlationFamilies: Row[];
  pathways: Row[];
  models: Row[];
  lefse: Row[];
  opls: Row[];
  /** the design's group column: the MetaboAnalyst label of samples whose table gives none */
  group: string | null;
}

export interface StudyExportInput {
  study: string;
  /** when the data last changed (ISO 8601): the BIOM `date`, so exports are reproducible */
  date: string;
  metadata: { datasetId: string; metadata: SampleMetadata } | null;
  datasets: DatasetExport[];
  analysis: AnalysisExport | null;
  /** what could not be read, carried into the manifest */
  notes: string[];
}

/** One file of the export. */
export interface ExportObject {
  /** `exports/<study>/…` */
  path: string;
  body: Uint8Array;
  contentType: string;
  /** the family, or the tool ('skbio-ordination', 'metaboanalyst', 'phyloseq', 'manifest') */
  family: string;
}

const EXTENSION: Record<ExportFormat, string> = { parquet: 'parquet', csv: 'csv', tsv: 'tsv' };
const CONTENT_TYPE: Record<ExportFormat, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
};

const encode = (s: string) => new TextEncoder().encode(s);

/** The analysis families of a `StudyAnalysis` as export rows tagged with the analysis run id. */
export function analysisExportOf(a: StudyAnalysis, runId: string): AnalysisExport {
  const tag = (rows: readonly object[]): Row[] => rows.map((r) => ({ ...(r as Row), runId }));
  const opls = (a as unknown as { opls?: object[] }).opls ?? [];
  return {
    runId,
    comparisons: tag(a.comparisons),
    tests: tag(a.tests),
    hits: tag(a.hits),
    correlations: tag(a.correlations),
    correlationFamilies: tag(a.correlationFamilies),
    pathways: tag(a.pathways),
    models: tag(a.models),
    lefse: tag(a.lefse),
    opls: tag(opls),
    group: a.design.resolved.group,
  };
}

/** A file-name-safe, unique slug per dataset id ('16s/table.biom' → '16s_table.biom'). */
export function datasetSlugs(ids: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const id of ids) {
    const base = id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'dataset';
    let slug = base;
    for (let k = 2; used.has(slug); k++) slug = `${base}-${k}`;
    used.add(slug);
    out.set(id, slug);
  }
  return out;
}

/** The rows of every tabular family, with metadata joined on the sample-level families that describe one sample. */
export function familyRows(input: StudyExportInput): Record<ExportFamily, Row[]> {
  const join = input.metadata ? metadataJoin(input.metadata.metadata) : null;
  const rows = Object.fromEntries(EXPORT_FAMILIES.map((f) => [f, [] as Row[]])) as Record<ExportFamily, Row[]>;
  for (const d of input.datasets) {
    const joinIdOf = joinIds(d);
    const common = { datasetId: d.datasetId };
    append(
      rows.samples,
      d.samples.map((r) => ({ ...r, datasetId: d.datasetId, kind: d.kind, runId: r.runId ?? d.runId })),
    );
    append(
      rows.features,
      d.features.map((r) => ({ ...r, datasetId: d.datasetId, kind: d.kind, runId: r.runId ?? d.runId })),
    );
    append(
      rows.taxa,
      d.taxa.map((r) => ({ ...r, datasetId: d.datasetId, runId: r.runId ?? d.runId })),
    );
    append(
      rows.top_taxa,
      d.topTaxa.map((r) => ({ ...r, datasetId: d.datasetId, runId: r.runId ?? d.runId })),
    );
    for (const { metric, matrix } of d.distances)
      append(rows.beta, betaRows(matrix, { ...common, metric, runId: d.runId }));
    for (const o of d.ordinations) {
      for (const s of o.samples) {
        rows.ordination.push({
          sampleId: s.sampleId,
          ...common,
          metric: o.metric,
          method: o.method,
          ...Object.fromEntries(s.axes.map((v, k) => [`PC${k + 1}`, v])),
          runId: d.runId,
          joinId: joinIdOf(s.sampleId),
        });
      }
      o.eigenvalues.forEach((eigenvalue, k) => {
        rows.eigenvalues.push({
          ...common,
          metric: o.metric,
          method: o.method,
          axis: k + 1,
          eigenvalue,
          proportionExplained: o.proportionExplained[k] ?? null,
          samples: o.samples.length,
          nNegativeEigenvalues: o.nNegativeEigenvalues,
          mostNegativeEigenvalue: o.mostNegativeEigenvalue,
          runId: d.runId,
        });
      });
    }
    if (d.processed) append(rows.matrix, matrixRows(d.processed, joinIdOf, { ...common, runId: d.runId }));
  }
  if (input.metadata) append(rows.metadata, metadataRows(input.metadata.metadata, input.metadata.datasetId));
  if (join) {
    rows.samples = withMetadata(rows.samples, join, (r) => joinIdOfRow(r));
    rows.ordination = withMetadata(rows.ordination, join, (r) => (r.joinId as string | null) ?? null);
  }
  rows.ordination = rows.ordination.map(({ joinId: _j, ...r }) => r);
  const a = input.analysis;
  if (a) {
    rows.comparisons = a.comparisons;
    rows.tests = a.tests;
    rows.hits = a.hits;
    rows.correlations = a.correlations;
    rows.correlation_families = a.correlationFamilies;
    rows.pathways = a.pathways;
    rows.models = a.models;
    rows.lefse = a.lefse;
    rows.opls = a.opls;
  }
  return rows;
}

/** Appends `items` to `target` in place (no spread: families can hold millions of rows). */
function append<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}

/** The metadata id of a sample row: `metadataId` when the dataset records one (metabolomics), else the sample id. */
function joinIdOfRow(r: Row): string | null {
  if ('metadataId' in r) return (r.metadataId as string | null) ?? null;
  return (r.sampleId as string | undefined) ?? null;
}

/** sampleId → metadata id for one dataset's samples. */
function joinIds(d: DatasetExport): (sampleId: string) => string | null {
  const m = new Map(d.samples.map((r) => [String(r.sampleId), joinIdOfRow(r)]));
  return (id) => (m.has(id) ? m.get(id)! : id);
}

/** Columns declared for a family: its schema, plus the metadata columns on samples and ordination. */
function declaredColumns(family: ExportFamily, join: MetadataJoin | null): Column[] {
  const base = [...FAMILY_COLUMNS[family]];
  return join && (family === 'samples' || family === 'ordination') ? [...base, ...join.columns] : base;
}

/** The tabular families as typed tables (empty families included). */
export function exportTables(input: StudyExportInput): ExportTable[] {
  const rows = familyRows(input);
  const join = input.metadata ? metadataJoin(input.metadata.metadata) : null;
  return EXPORT_FAMILIES.map((f) => exportTable(f, declaredColumns(f, join), rows[f]));
}

/** A table in one of the export formats. */
export function writeTable(table: ExportTable, format: ExportFormat): Uint8Array {
  if (format === 'parquet') return toParquet(table, { createdBy: `biomeflow ${SOFTWARE_VERSION}` });
  return encode(format === 'csv' ? toCsv(table) : toTsv(table));
}

/** Every export object of the study: non-empty tabular families, tool files, then `manifest.json`. */
export function exportObjects(input: StudyExportInput, format: ExportFormat): ExportObject[] {
  const root = `${EXPORTS_PREFIX}${input.study}`;
  const out: ExportObject[] = [];
  const tables = exportTables(input);
  const manifestFamilies: Record<string, { rows: number; columns: { name: string; type: string }[] }> = {};
  for (const t of tables) {
    manifestFamilies[t.family] = {
      rows: t.rows.length,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
    };
    if (!t.rows.length) continue;
    out.push({
      path: `${root}/${t.family}/${t.family}.${EXTENSION[format]}`,
      body: writeTable(t, format),
      contentType: CONTENT_TYPE[format],
      family: t.family,
    });
  }
  out.push(...toolObjects(input, root));
  const manifest = {
    study: input.study,
    format,
    softwareVersion: SOFTWARE_VERSION,
    analysisRunId: input.analysis?.runId ?? null,
    date: input.date,
    datasets: input.datasets.map((d) => ({ datasetId: d.datasetId, kind: d.kind, runId: d.runId })),
    metadata: input.metadata?.datasetId ?? null,
    files: out.map((o) => ({ path: o.path, family: o.family, bytes: o.body.length })),
    families: manifestFamilies,
    notes: input.notes,
  };
  out.push({
    path: `${root}/manifest.json`,
    body: encode(`${JSON.stringify(manifest, null, 2)}\n`),
    contentType: 'application/json',
    family: 'manifest',
  });
  return out;
}

/** scikit-bio OrdinationResults per ordination, MetaboAnalyst CSV per processed matrix, phyloseq set per 16S table. */
function toolObjects(input: StudyExportInput, root: string): ExportObject[] {
  const slugs = datasetSlugs(input.datasets.map((d) => d.datasetId));
  const md = input.metadata?.metadata ?? null;
  const groupColumn =
    md && input.analysis?.group ? md.columns.find((c) => c.name === input.analysis!.group) : undefined;
  const mdRow = md ? new Map(md.sampleIds.map((id, r) => [id, r])) : null;
  const out: ExportObject[] = [];
  for (const d of input.datasets) {
    const slug = slugs.get(d.datasetId)!;
    for (const o of d.ordinations) {
      const text = ordinationResultsText(o);
      if (text)
        out.push({
          path: `${root}/skbio-ordination/${slug}/${o.metric}.ordination.txt`,
          body: encode(text),
          contentType: 'text/plain',
          family: 'skbio-ordination',
        });
    }
    if (d.processed) {
      const bySample = new Map(d.samples.map((r) => [String(r.sampleId), r]));
      const csv = toMetaboAnalystCsv(d.processed, (id) => {
        const r = bySample.get(id);
        const name = (r ? joinIdOfRow(r) : null) ?? id;
        const own = (r?.classLabel as string | null | undefined) ?? null;
        const fromGroup = groupColumn && mdRow?.has(name) ? (groupColumn.values[mdRow.get(name)!] ?? null) : null;
        return { name, label: own ?? fromGroup };
      });
      out.push({
        path: `${root}/metaboanalyst/${slug}/processed.csv`,
        body: encode(csv),
        contentType: 'text/csv',
        family: 'metaboanalyst',
      });
    }
    if (d.counts) {
      const biom = toBiomJson(d.counts.table, d.counts.lineages, {
        id: d.datasetId,
        generatedBy: `biomeflow ${SOFTWARE_VERSION}`,
        date: input.date,
      });
      out.push({
        path: `${root}/phyloseq/${slug}/otu_table.biom`,
        body: encode(biom),
        contentType: 'application/json',
        family: 'phyloseq',
      });
      if (md)
        out.push({
          path: `${root}/phyloseq/${slug}/sample_data.tsv`,
          body: encode(toSampleDataTsv(md, d.counts.table.sampleIds)),
          contentType: 'text/tab-separated-values',
          family: 'phyloseq',
        });
    }
  }
  return out;
}

/** The OrdinationResults text of one ordination: as many axes as every sample has stored (and eigenvalues exist), or null when none. */
export function ordinationResultsText(o: OrdinationExport): string | null {
  const k = Math.min(o.eigenvalues.length, ...o.samples.map((s) => s.axes.length));
  if (!(k > 0) || !o.samples.length) return null;
  const site = new Float64Array(o.samples.length * k);
  o.samples.forEach((s, r) => {
    site.set(s.axes.slice(0, k), r * k);
  });
  return toSkbioOrdination({
    eigvals: o.eigenvalues.slice(0, k),
    proportionExplained: o.proportionExplained.length >= k ? o.proportionExplained.slice(0, k) : null,
    site: { ids: o.samples.map((s) => s.sampleId), values: site, cols: k },
  });
}
