/** Σ (t³ − t) over tie-group sizes t, the tie term of rank-test variances (R `sum(NTIES^3 - NTIES)`). */
export function tieCubeSum(tieSizes: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < tieSizes.length; k++) {
    const t = tieSizes[k]!;
    s += t * t * t - t;
  }
  return s;
}
