/** Two-sided p of an integer statistic s with a distribution symmetric on 0..max, given its lower CDF: 2·P(S ≥ s) above the centre, 2·P(S ≤ s) at or below, capped at 1 (R `wilcox.test` exact branch). */
export function twoSidedExactP(statistic: number, cdf: Float64Array): number {
  const max = cdf.length - 1;
  const tail = statistic > max / 2 ? cdf[max - statistic]! : cdf[statistic]!;
  return Math.min(1, 2 * tail);
}
