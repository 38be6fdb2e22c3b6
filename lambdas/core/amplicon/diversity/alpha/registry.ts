import { ace } from './ace.js';
import { chao1 } from './chao1.js';
import { depth } from './depth.js';
import { goodsCoverage } from './goods-coverage.js';
import { observedFeatures } from './observed-features.js';
import { pielouEvenness } from './pielou-evenness.js';
import { shannonEntropy } from './shannon-entropy.js';
import { simpson } from './simpson.js';

/** An alpha metric: the non-zero values of one sample in, a number (or null = undefined / not reported) out. */
export type AlphaMetric = (values: Float64Array) => number | null;

/** The alpha metrics by their docs/metrics.md names (faith_pd needs a tree and lives elsewhere). */
export const alphaMetrics = {
  depth,
  observed_features: observedFeatures,
  shannon_entropy: shannonEntropy,
  simpson,
  pielou_evenness: pielouEvenness,
  chao1,
  ace,
  goods_coverage: goodsCoverage,
} as const satisfies Record<string, AlphaMetric>;

export type AlphaMetricName = keyof typeof alphaMetrics;

/** Metrics that need integer counts; not reported for a non-integer table (docs/metrics.md). */
export const COUNT_BASED_METRICS: readonly AlphaMetricName[] = ['chao1', 'ace', 'goods_coverage'];

/** Looks a metric up by name; throws naming the unknown metric and the known ones. */
export function getAlphaMetric(name: string): AlphaMetric {
  if (!Object.hasOwn(alphaMetrics, name)) {
    throw new Error(`unknown alpha metric '${name}'; known: ${Object.keys(alphaMetrics).join(', ')}`);
  }
  return alphaMetrics[name as AlphaMetricName];
}
