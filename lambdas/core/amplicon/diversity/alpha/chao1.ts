import { type CountProfile, countProfile } from './kernels.js';

/** Bias-corrected Chao1 S + F1(F1-1) / (2(F2+1)); anchor scikit-bio `chao1(c, bias_corrected=True)`, vegan `estimateR` S.chao1. Null for empty or non-integer input. */
export function chao1(values: Float64Array): number | null {
  return chao1FromProfile(countProfile(values));
}

/** Chao1 from frequency counts: S + F1(F1-1) / (2(F2+1)). */
export function chao1FromProfile(p: CountProfile | null): number | null {
  if (p === null) return null;
  return p.observed + (p.singletons * (p.singletons - 1)) / (2 * (p.doubletons + 1));
}
