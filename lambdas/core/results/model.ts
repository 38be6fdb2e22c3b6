/**
 * The pure results model: what core computes for one dataset, before any
 * storage concern (keys, runs, shards) is applied by the results store.
 */
import { z } from 'zod';
import type { DataError } from '../errors.js';

/** What an uploaded file is for: the one list of dataset kinds (sniffing, study.json, handlers, queries and the stored pointer use it). */
export const DatasetKindSchema = z.enum([
  '16s',
  'metabolomics',
  'taxonomy',
  'metadata',
  'feature-metadata',
  'tree',
  'design',
  'pathways',
]);
export type DatasetKind = z.output<typeof DatasetKindSchema>;

/** Kinds that are tables of samples × features: computed with the study files, recomputed when one changes, read by the analysis. */
export const TableKindSchema = DatasetKindSchema.extract(['16s', 'metabolomics']);
export type TableKind = z.output<typeof TableKindSchema>;
export const TABLE_KINDS: readonly TableKind[] = TableKindSchema.options;

/** Kinds of study files that attach to a study's tables (docs/architecture.md, "How study files attach to tables"). */
export const StudyFileKindSchema = DatasetKindSchema.extract([
  'taxonomy',
  'metadata',
  'feature-metadata',
  'tree',
  'design',
]);
export type StudyFileKind = z.output<typeof StudyFileKindSchema>;
export const STUDY_FILE_KINDS: readonly StudyFileKind[] = StudyFileKindSchema.options;

/** Kinds the study statistics read. */
export const AnalyzedKindSchema = DatasetKindSchema.extract([
  'design',
  'metadata',
  '16s',
  'metabolomics',
  'pathways',
  'tree',
]);
export type AnalyzedKind = z.output<typeof AnalyzedKindSchema>;
export const ANALYZED_KINDS: readonly AnalyzedKind[] = AnalyzedKindSchema.options;

/** The kind of a stored dataset: a DatasetKind, or 'unknown' for a FAILED upload nothing identified. */
export const StoredKindSchema = z.union([DatasetKindSchema, z.literal('unknown')]);
export type StoredKind = z.output<typeof StoredKindSchema>;

/** True for a table kind (16S or metabolomics). */
export function isTableKind(kind: string): kind is TableKind {
  return (TABLE_KINDS as readonly string[]).includes(kind);
}

/** True for a kind of study file that attaches to tables. */
export function isStudyFileKind(kind: string): kind is StudyFileKind {
  return (STUDY_FILE_KINDS as readonly string[]).includes(kind);
}

/** The ordinations a dataset stores, by metric: PCoA of each beta distance (16S) and PCA (metabolomics). */
export const OrdinationMetricSchema = z.enum([
  'bray_curtis',
  'jaccard',
  'aitchison',
  'unweighted_unifrac',
  'weighted_unifrac',
  'weighted_normalized_unifrac',
  'nmds',
  'pca',
]);
export type OrdinationMetric = z.output<typeof OrdinationMetricSchema>;

/** Row families of the results table: a dataset run writes SAMPLES…ORDINATION, an analysis run COMPARISONS…OPLS. */
export const ResultFamilySchema = z.enum([
  'SAMPLES',
  'FEATURES',
  'TAXA',
  'ORDINATION',
  'HITS',
  'TESTS',
  'CORRELATIONS',
  'COMPARISONS',
  'PATHWAYS',
  'MODELS',
  'LEFSE',
  'OPLS',
]);
export type ResultFamily = z.output<typeof ResultFamilySchema>;

/** Per-sample alpha metrics of a 16S dataset; `null` = undefined or not reported (see docs/metrics.md). */
export interface AmpliconSampleMetrics {
  sampleId: string;
  depth: number;
  observed_features: number | null;
  shannon_entropy: number | null;
  simpson: number | null;
  pielou_evenness: number | null;
  chao1: number | null;
  ace: number | null;
  goods_coverage: number | null;
}

/** Per-feature summary of a 16S dataset. */
export interface AmpliconFeatureSummary {
  featureId: string;
  /** fraction of non-empty samples in which the feature is > 0 */
  prevalence: number;
  /** mean over non-empty samples of n_ij / N_j */
  meanRelativeAbundance: number;
  taxonomy: string | null;
}

/** A result file: `name` is how the dataset item refers to it (e.g. 'bray_curtis'). */
export interface ResultArtifact {
  name: string;
  fileName: string;
  contentType: string;
  contentEncoding?: string;
  body: Uint8Array;
}

/** The outcome of processing one dataset: either results or a data error. */
export type DatasetOutcome =
  | {
      status: 'READY';
      kind: DatasetKind;
      format: string;
      samples: number;
      features: number;
      sampleRows: Record<string, unknown>[];
      featureRows: Record<string, unknown>[];
      /** human-readable notes, e.g. why chao1 is not reported */
      notes: string[];
      parameters: Record<string, unknown>;
      /** further row families (taxa per rank, ordination summaries, …), each row carrying its own `id` */
      families?: Partial<Record<'TAXA' | 'ORDINATION', Record<string, unknown>[]>>;
      /** files written beside the results (distance matrices, processed matrices), referenced from the dataset */
      artifacts?: ResultArtifact[];
    }
  | {
      status: 'FAILED';
      kind: DatasetKind | 'unknown';
      format: string;
      error: DataError;
    }
  | {
      /** a file that is not data (a document, an image, a workbook): recorded with its reason, never a failure */
      status: 'IGNORED';
      kind: 'unknown';
      format: string;
      reason: string;
    };
