/** x̄ = Σx/n refined by one pass of Σ(x − x̄)/n, as R `mean` does; NaN for n = 0. */
export function sampleMean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const m = s / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i]! - m;
  return m + r / n;
}
