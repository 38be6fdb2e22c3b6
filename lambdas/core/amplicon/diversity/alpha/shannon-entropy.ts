import { depth } from './depth.js';
import { proportionStats } from './kernels.js';

/** H = -Σ p_i log2 p_i (base 2); anchor QIIME 2 `shannon_entropy`, scikit-bio 0.5 `shannon(c, base=2)`. Null for an empty sample. */
export function shannonEntropy(values: Float64Array): number | null {
  const n = depth(values);
  return n > 0 ? shannonFromNats(proportionStats(values, n).entropyNats) : null;
}

/** Base change nats → bits: H_2 = H_e / ln 2 (scikit-bio divides by `np.log(base)`). */
export function shannonFromNats(entropyNats: number): number {
  return entropyNats / Math.LN2;
}
