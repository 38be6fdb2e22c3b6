/**
 * Shared one-pass kernels of the alpha metrics. Each metric file states its
 * formula; these only gather the sums and frequency counts those formulas use.
 */

/** Rare-feature threshold of ACE: counts 1..10 are rare (scikit-bio `ace(rare_threshold=10)`, vegan `estimateR`). */
export const ACE_RARE_THRESHOLD = 10;

/** Neumaier-compensated sum of `values` (error independent of length for non-negative input). */
export function compensatedSum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Proportion sums of one sample, p_i = n_i / N over its non-zero values. */
export interface ProportionStats {
  /** S = number of n_i > 0 */
  observed: number;
  /** -Σ p_i ln p_i (nats), compensated */
  entropyNats: number;
  /** Σ p_i², compensated */
  sumSquares: number;
}

/** S, -Σ p ln p and Σ p² in one compensated pass, p_i = n_i / total (the order scikit-bio uses: divide, then sum). */
export function proportionStats(values: Float64Array, total: number): ProportionStats {
  let observed = 0;
  let h = 0;
  let hc = 0;
  let q = 0;
  let qc = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > 0)) continue;
    observed++;
    const p = v / total;
    const e = -(p * Math.log(p));
    const th = h + e;
    hc += h >= e ? h - th + e : e - th + h;
    h = th;
    const sq = p * p;
    const tq = q + sq;
    qc += q >= sq ? q - tq + sq : sq - tq + q;
    q = tq;
  }
  return { observed, entropyNats: h + hc, sumSquares: q + qc };
}

/** Abundance frequency counts of one integer-valued sample (the F_k of Chao 1984 and Chao & Lee 1992). */
export interface CountProfile {
  /** N = Σ n_i (exact: integers below 2^53) */
  total: number;
  /** S = number of n_i > 0 */
  observed: number;
  /** F1 = number of n_i = 1 */
  singletons: number;
  /** F2 = number of n_i = 2 */
  doubletons: number;
  /** S_rare = number of 0 < n_i <= ACE_RARE_THRESHOLD */
  rareObserved: number;
  /** N_rare = Σ n_i over rare features */
  rareTotal: number;
  /** Σ n_i (n_i - 1) over rare features = Σ_k k(k-1) F_k */
  rarePairs: number;
}

/** Frequency counts in one pass; null when the sample is empty or holds a non-integer value (count estimators undefined). */
export function countProfile(values: Float64Array): CountProfile | null {
  let total = 0;
  let observed = 0;
  let singletons = 0;
  let doubletons = 0;
  let rareObserved = 0;
  let rareTotal = 0;
  let rarePairs = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    if (!Number.isInteger(v) || v < 0) return null;
    total += v;
    observed++;
    if (v <= ACE_RARE_THRESHOLD) {
      rareObserved++;
      rareTotal += v;
      rarePairs += v * (v - 1);
      if (v === 1) singletons++;
      else if (v === 2) doubletons++;
    }
  }
  if (observed === 0) return null;
  return { total, observed, singletons, doubletons, rareObserved, rareTotal, rarePairs };
}
