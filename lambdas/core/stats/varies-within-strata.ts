/** True when some stratum holds samples of two different groups (codes ≥ 0), i.e. a within-strata PERMANOVA can move labels; else its p is always 1 and docs/metrics.md permutes freely. */
export function variesWithinStrata(grouping: Int32Array, strata: Int32Array): boolean {
  if (grouping.length !== strata.length)
    throw new RangeError(`variesWithinStrata: ${grouping.length} group codes, ${strata.length} strata codes`);
  const groupOfStratum = new Map<number, number>();
  for (let i = 0; i < grouping.length; i++) {
    const g = grouping[i]!;
    if (g < 0) continue;
    const seen = groupOfStratum.get(strata[i]!);
    if (seen === undefined) groupOfStratum.set(strata[i]!, g);
    else if (seen !== g) return true;
  }
  return false;
}
