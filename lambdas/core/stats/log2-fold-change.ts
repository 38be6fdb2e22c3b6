/** log2(meanA / meanB), A the comparison's first group (MetaboAnalyst `FC.Anal`, docs/metrics.md log2_fold_change); NaN unless both means are finite and > 0. */
export function log2FoldChange(meanA: number, meanB: number): number {
  if (!(meanA > 0 && meanB > 0 && Number.isFinite(meanA) && Number.isFinite(meanB))) return Number.NaN;
  return Math.log2(meanA / meanB);
}
