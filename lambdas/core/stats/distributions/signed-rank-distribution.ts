/** Cached lower CDFs, keyed by n. */
const cache = new Map<number, Float64Array>();

/** P(V ≤ v), v = 0..n(n+1)/2, for the Wilcoxon signed-rank V of n untied non-zero differences: subset sums of {1..n} counted by c_k(v) = c_(k−1)(v) + c_(k−1)(v−k), divided by 2^n (R `psignrank`). Cached per n. */
export function signedRankCdf(n: number): Float64Array {
  const hit = cache.get(n);
  if (hit) return hit;
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let v = (k * (k + 1)) / 2; v >= k; v--) counts[v] = counts[v]! + counts[v - k]!;
  }
  const total = 2 ** n;
  const cdf = new Float64Array(max + 1);
  let running = 0;
  for (let v = 0; v <= max; v++) {
    running += counts[v]!;
    cdf[v] = running / total;
  }
  cache.set(n, cdf);
  return cdf;
}
