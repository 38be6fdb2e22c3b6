/**
 * The pure results model: what core computes for one dataset, before any
 * storage concern (keys, runs, shards) is applied by the results store.
 */
import type { DataError } from '../errors.js';

/** What an uploaded file is for. */
export type DatasetKind = '16s' | 'metabolomics' | 'taxonomy' | 'metadata' | 'feature-metadata' | 'tree' | 'design' | 'pathways';

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
    };
