import { depth } from './depth.js';
import { proportionStats } from './kernels.js';

/** Pielou J = (-Σ p_i ln p_i) / ln S; anchor scikit-bio `pielou_e`. Null when S <= 1 (0/0) or the sample is empty. */
export function pielouEvenness(values: Float64Array): number | null {
  const n = depth(values);
  if (!(n > 0)) return null;
  const s = proportionStats(values, n);
  return pielouFromEntropy(s.entropyNats, s.observed);
}

/** J = H_e / ln S, null for S <= 1. */
export function pielouFromEntropy(entropyNats: number, observed: number): number | null {
  return observed > 1 ? entropyNats / Math.log(observed) : null;
}
