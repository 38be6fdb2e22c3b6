/** Cached lower CDFs, keyed "m,n" with m ≤ n (the distribution is symmetric in the two sizes). */
const cache = new Map<string, Float64Array>();

/** P(U ≤ u), u = 0..mn, for Mann–Whitney U without ties: N(a, b, u) = N(a−1, b, u−b) + N(a, b−1, u) over a x's and b y's, / C(m+n, m); cached (R `pwilcox`). */
export function rankSumCdf(m: number, n: number): Float64Array {
  if (m > n) return rankSumCdf(n, m);
  const key = `${m},${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let previous: Float64Array[] = [];
  for (let b = 0; b <= n; b++) {
    const current: Float64Array[] = [];
    for (let a = 0; a <= m; a++) {
      const counts = new Float64Array(a * b + 1);
      if (a === 0 || b === 0) counts[0] = 1;
      else {
        const withXLast = current[a - 1]!;
        for (let u = 0; u < withXLast.length; u++) counts[u + b] = withXLast[u]!;
        const withYLast = previous[a]!;
        for (let u = 0; u < withYLast.length; u++) counts[u] = counts[u]! + withYLast[u]!;
      }
      current.push(counts);
    }
    previous = current;
  }
  const counts = previous[m]!;
  let total = 0;
  for (let u = 0; u < counts.length; u++) total += counts[u]!;
  const cdf = new Float64Array(counts.length);
  let running = 0;
  for (let u = 0; u < counts.length; u++) {
    running += counts[u]!;
    cdf[u] = running / total;
  }
  cache.set(key, cdf);
  return cdf;
}
