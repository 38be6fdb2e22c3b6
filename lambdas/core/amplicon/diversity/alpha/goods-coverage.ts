import { type CountProfile, countProfile } from './kernels.js';

/** Good's coverage 1 - F1/N; anchor scikit-bio `goods_coverage`. Null for empty or non-integer input. */
export function goodsCoverage(values: Float64Array): number | null {
  return goodsCoverageFromProfile(countProfile(values));
}

/** 1 - F1/N from frequency counts. */
export function goodsCoverageFromProfile(p: CountProfile | null): number | null {
  return p === null ? null : 1 - p.singletons / p.total;
}
