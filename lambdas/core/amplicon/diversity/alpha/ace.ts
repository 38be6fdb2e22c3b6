import { type CountProfile, countProfile } from './kernels.js';

/** ACE S_abund + S_rare/C + (F1/C)·γ², C = 1 - F1/N_rare, rare = counts 1..10; anchor scikit-bio `ace(c, rare_threshold=10)`, vegan `estimateR` S.ACE. Null for empty or non-integer input and where scikit-bio raises (every rare feature a singleton). */
export function ace(values: Float64Array): number | null {
  return aceFromProfile(countProfile(values));
}

/** ACE from frequency counts; S when no feature is rare, null when all rare features are singletons; γ² = max(S_rare Σk(k-1)F_k / (C N_rare (N_rare-1)) - 1, 0). */
export function aceFromProfile(p: CountProfile | null): number | null {
  if (p === null) return null;
  const f1 = p.singletons;
  const sRare = p.rareObserved;
  if (f1 > 0 && f1 === sRare) return null;
  const sAbund = p.observed - sRare;
  if (sRare === 0) return sAbund;
  const nRare = p.rareTotal;
  const c = 1 - f1 / nRare;
  const gamma = Math.max((sRare * p.rarePairs) / (c * nRare * (nRare - 1)) - 1, 0);
  return sAbund + sRare / c + (f1 / c) * gamma;
}
