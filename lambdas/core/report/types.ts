/**
 * Everything the study report shows, as plain JSON: the rows the results store
 * holds for a study (dataset pointers, per-sample rows, ordinations, top genera,
 * metadata) and its current analysis (every StudyAnalysis family). Built by
 * `loadReportData` (lambdas/query/report-data.ts); read by charts.ts and render.ts.
 */
import type {
  ComparisonRow,
  CorrelationFamilyRow,
  CorrelationRow,
  DesignRecord,
  HitRow,
  LefseRow,
  ModelRow,
  PathwayRow,
  TestRow,
} from '../analysis/types.js';
import type { AmpliconSampleMetrics } from '../results/model.js';

/** A JSON value as stored (dataset parameters hold arbitrary JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Where a dataset's results came from: the uploaded object and how it was processed. */
export interface ReportProvenance {
  /** S3 key of the uploaded object */
  key: string;
  versionId: string | null;
  sha256: string;
  size: number;
  /** software version that computed the dataset */
  version: string;
  /** processing parameters recorded on the dataset (taxonomy source, rarefaction, metabolomics steps, …) */
  parameters: Record<string, JsonValue>;
  /** study files the dataset was computed with (taxonomy, metadata, design) and their runs */
  inputs: { datasetId: string; runId: string }[];
}

/** One dataset of the study (the dataset pointer). */
export interface ReportDataset {
  datasetId: string;
  kind: string;
  format: string;
  status: 'READY' | 'FAILED' | 'IGNORED';
  samples: number;
  features: number;
  runId: string;
  updatedAt: string;
  notes: string[];
  error: { code: string; message: string; line: number; column: number; expected?: string } | null;
  provenance: ReportProvenance;
}

/** A 16S per-sample row: depth, alpha metrics (null = undefined), faith_pd, F/B ratio, whether the metadata names it. */
export interface AmpliconSampleRow extends AmpliconSampleMetrics {
  order: number;
  faith_pd: number | null;
  fb_ratio: number | null;
  /** absent when the study had no metadata when the dataset was computed */
  inMetadata?: boolean;
}

/** A metabolomics per-sample row: total intensity and missing fraction before processing, the matched metadata id. */
export interface MetabolomicsSampleRow {
  sampleId: string;
  order: number;
  totalIntensity: number;
  missingFraction: number;
  /** the metadata sample id this column was reconciled to (null: none) */
  metadataId: string | null;
  sampleType: string | null;
  classLabel: string | null;
  /** kept by processing (part of the processed matrix and the PCA) */
  processed: boolean;
}

/** Per-sample rows of one table dataset, by kind. */
export type ReportSampleSet =
  | { datasetId: string; kind: '16s'; rows: AmpliconSampleRow[] }
  | { datasetId: string; kind: 'metabolomics'; rows: MetabolomicsSampleRow[] };

/** One ordination of one dataset: PCoA of a distance, PCA of a processed matrix, or NMDS. */
export interface ReportOrdination {
  datasetId: string;
  /** distance ('bray_curtis', …), 'pca', or an NMDS metric */
  metric: string;
  /** 'pcoa' | 'pca' | 'nmds' */
  method: string;
  /** stored eigenvalues (first 20; empty for NMDS) */
  eigenvalues: number[];
  /** proportion explained per stored axis (empty for NMDS) */
  proportionExplained: number[];
  /** NMDS stress when stored, else null */
  stress: number | null;
  /** first axes of each sample, in dataset order */
  samples: { sampleId: string; axes: number[] }[];
}

/** Relative abundance of one of a sample's top genera (or 'Other'), as stored per sample. */
export interface ReportTopTaxon {
  datasetId: string;
  sampleId: string;
  /** the genus lineage key (`;`-joined ranks) or 'Other' */
  taxon: string;
  relativeAbundance: number;
}

/** The study's sample metadata: column names and types, and each sample's values (strings as written; null = missing). */
export interface ReportMetadata {
  datasetId: string;
  columns: { name: string; type: string }[];
  rows: { sampleId: string; values: Record<string, string | null> }[];
}

/** A hit as stored: every tested feature, with the metabolite name when the table annotates it and a VIP when an OPLS-DA ran. */
export type ReportHitRow = HitRow & { featureName?: string | null; vip?: number | null };

/** Result rows as the queries return them (without their storage id). */
export type ReportTestRow = Omit<TestRow, 'id'>;
export type ReportModelRow = Omit<ModelRow, 'id'>;
export type ReportLefseRow = Omit<LefseRow, 'id'>;
export type ReportCorrelationRow = CorrelationRow & { xName?: string | null; yName?: string | null };

/** The study's current analysis: its run, design and every result family. */
export interface ReportAnalysis {
  runId: string;
  status: 'READY' | 'FAILED' | 'IGNORED';
  error: { code: string; message: string } | null;
  analyzedAt: string | null;
  softwareVersion: string | null;
  /** dataset id -> run id of every dataset the analysis read */
  inputs: Record<string, string>;
  /** the design used, what was inferred and what was skipped (null when FAILED) */
  design: DesignRecord | null;
  notes: string[];
  comparisons: ComparisonRow[];
  tests: ReportTestRow[];
  hits: ReportHitRow[];
  correlations: ReportCorrelationRow[];
  correlationFamilies: CorrelationFamilyRow[];
  pathways: PathwayRow[];
  models: ReportModelRow[];
  lefse: ReportLefseRow[];
}

/** Everything one study report shows; plain JSON. */
export interface ReportData {
  studyId: string;
  /** when the report was generated (passed in, ISO 8601) */
  generatedAt: string;
  datasets: ReportDataset[];
  /** per-sample rows of each READY 16S and metabolomics dataset */
  samples: ReportSampleSet[];
  ordinations: ReportOrdination[];
  /** each sample's stored top genera (16S datasets with a taxonomy) */
  topGenera: ReportTopTaxon[];
  metadata: ReportMetadata | null;
  /** null: no analysis yet */
  analysis: ReportAnalysis | null;
  /** what the loader could not read (e.g. a family not stored yet) */
  notes: string[];
}
