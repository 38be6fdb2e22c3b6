import type { FeatureTable } from '../../../table/feature-table.js';
import { aitchisonRows } from './aitchison.js';
import { brayCurtisRows } from './bray-curtis.js';
import { condensedLength, type DistanceMatrix } from './distance-matrix.js';
import { jaccardRows } from './jaccard.js';
import type { RowKernel } from './pairs.js';
import { withoutEmptySamples } from './samples.js';

/** Row kernels by docs/metrics.md name. */
export const BETA_METRICS = {
  bray_curtis: brayCurtisRows,
  jaccard: jaccardRows,
  aitchison: aitchisonRows,
} as const satisfies Record<string, RowKernel>;

export type BetaMetric = keyof typeof BETA_METRICS;

/** A distance matrix over the non-empty samples, with the metric's name and the empty samples left out. */
export interface BetaDiversity {
  metric: BetaMetric;
  /** ids = the samples used (depth > 0), in table order */
  matrix: DistanceMatrix;
  /** ids of samples with depth 0 (docs/metrics.md: listed, no metrics) */
  skipped: string[];
}

/** True when `name` is one of `BETA_METRICS`. */
export function isBetaMetric(name: string): name is BetaMetric {
  return Object.hasOwn(BETA_METRICS, name);
}

/** Beta diversity `metric` between every pair of non-empty samples of `table` (single thread). */
export function betaDiversity(metric: string, table: FeatureTable): BetaDiversity {
  if (!isBetaMetric(metric))
    throw new RangeError(`unknown beta diversity metric '${metric}' (known: ${Object.keys(BETA_METRICS).join(', ')})`);
  const { table: used, skipped } = withoutEmptySamples(table);
  const n = used.sampleIds.length;
  const data = new Float64Array(condensedLength(n));
  BETA_METRICS[metric](used, 0, n, data);
  return { metric, matrix: { ids: used.sampleIds, data }, skipped };
}

/** Bray–Curtis between non-empty samples (scikit-bio `braycurtis`). */
export function brayCurtis(table: FeatureTable): BetaDiversity {
  return betaDiversity('bray_curtis', table);
}

/** Binary Jaccard between non-empty samples (scikit-bio `jaccard`). */
export function jaccard(table: FeatureTable): BetaDiversity {
  return betaDiversity('jaccard', table);
}

/** Aitchison (Euclidean on clr(x + 1) over all features) between non-empty samples (QIIME 2 `aitchison`). */
export function aitchison(table: FeatureTable): BetaDiversity {
  return betaDiversity('aitchison', table);
}
