/**
 * Exact null distributions and the hypergeometric tail against brute-force enumeration and exact BigInt arithmetic.
 */
import { hypergeometricUpperTail } from '../../../../lambdas/core/stats/distributions/hypergeometric-upper-tail.js';
import { logHypergeometricPmf } from '../../../../lambdas/core/stats/distributions/log-hypergeometric-pmf.js';
import { rankSumCdf } from '../../../../lambdas/core/stats/distributions/rank-sum-distribution.js';
import { signedRankCdf } from '../../../../lambdas/core/stats/distributions/signed-rank-distribution.js';
import { twoSidedExactP } from '../../../../lambdas/core/stats/distributions/two-sided-exact-p.js';
import { logBinomialPmf } from '../../../../lambdas/core/stats/special/log-binomial-pmf.js';

function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < Math.min(k, n - k); i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** num/den as a double, correct to ~1e-17 relative. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  let shift = 0n;
  while (num * 10n ** shift < den * 10n ** 20n) shift++;
  return Number((num * 10n ** shift) / den) / 10 ** Number(shift);
}

function expectRel(actual: number, expected: number, rel: number): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= rel * scale)) throw new Error(`got ${actual}, expected ${expected}`);
}

describe('rankSumCdf', () => {
  it('equals the enumeration of all C(m+n, m) placements of the first sample (m = 4, n = 5)', () => {
    const m = 4,
      n = 5;
    const counts = new Array<number>(m * n + 1).fill(0);
    for (let mask = 0; mask < 1 << (m + n); mask++) {
      let bits = 0,
        u = 0,
        ysSeen = 0;
      for (let pos = 0; pos < m + n; pos++) {
        if (mask & (1 << pos)) {
          bits++;
          u += ysSeen;
        } else ysSeen++;
      }
      if (bits === m) counts[u]!++;
    }
    const cdf = rankSumCdf(m, n);
    let running = 0;
    counts.forEach((c, u) => {
      running += c;
      expectRel(cdf[u]!, running / 126, 1e-15);
    });
    expect(rankSumCdf(n, m)).toBe(cdf);
  });

  it('is 1/20, 2/20, 4/20, 7/20 … for 3 vs 3, so complete separation has two-sided p = 0.1 and W = 3 has p = 0.7', () => {
    const cdf = rankSumCdf(3, 3);
    expect(Array.from(cdf, (p) => Math.round(p * 20))).toEqual([1, 2, 4, 7, 10, 13, 16, 18, 19, 20]);
    expect(twoSidedExactP(0, cdf)).toBeCloseTo(0.1, 15);
    expect(twoSidedExactP(9, cdf)).toBeCloseTo(0.1, 15);
    expect(twoSidedExactP(3, cdf)).toBeCloseTo(0.7, 15);
    expect(twoSidedExactP(4, cdf)).toBe(1);
  });

  it('counts integer partitions in the lower tail and is symmetric, for the largest exact sizes (49 vs 49)', () => {
    const cdf = rankSumCdf(49, 49);
    const max = 49 * 49;
    expect(cdf[max]).toBeCloseTo(1, 14);
    // for u ≤ min(m, n) the placements with U = u are the partitions of u: 1, 1, 2, 3, 5, 7, 11, 15, 22, 30, 42 (sum 139)
    expectRel(cdf[10]!, 139 / Number(choose(98, 49)), 1e-13);
    for (const u of [700, 1000, 1200]) expectRel(cdf[u]!, 1 - cdf[max - u - 1]!, 1e-10);
  });
});

describe('signedRankCdf', () => {
  it('equals the enumeration of the 2^n sign patterns (n = 8)', () => {
    const n = 8;
    const max = (n * (n + 1)) / 2;
    const counts = new Array<number>(max + 1).fill(0);
    for (let mask = 0; mask < 1 << n; mask++) {
      let v = 0;
      for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) v += r;
      counts[v]!++;
    }
    const cdf = signedRankCdf(n);
    let running = 0;
    counts.forEach((c, v) => {
      running += c;
      expectRel(cdf[v]!, running / 256, 1e-15);
    });
  });

  it('gives p = 2/2^n for n positive differences', () => {
    expect(twoSidedExactP(15, signedRankCdf(5))).toBe(0.0625);
    expect(twoSidedExactP(0, signedRankCdf(5))).toBe(0.0625);
  });
});

describe('logBinomialPmf (Loader)', () => {
  it('matches ln C(n, x) − n ln 2 from exact BigInt binomials up to n = 1000', () => {
    for (const [x, n] of [
      [0, 10],
      [3, 10],
      [10, 10],
      [17, 60],
      [500, 1000],
      [420, 1000],
      [1, 1000],
    ] as const) {
      const exact = Math.log(Number(choose(n, x))) - n * Math.LN2;
      expect(Math.abs(logBinomialPmf(x, n, 0.5, 0.5) - exact)).toBeLessThan(1e-12 * Math.max(1, Math.abs(exact)));
    }
  });
});

describe('hypergeometricUpperTail', () => {
  /** P(X ≥ k) exactly: Σ_x C(K, x) C(N−K, n−x) / C(N, n). */
  function exactTail(k: number, N: number, K: number, n: number): number {
    let num = 0n;
    for (let x = Math.max(k, 0); x <= Math.min(K, n); x++) num += choose(K, x) * choose(N - K, n - x);
    return ratio(num, choose(N, n));
  }

  it('matches exact rational tails on both sides of the mode, down to 1e-44', () => {
    const designs: [number, number, number][] = [
      [100, 10, 20],
      [1000, 40, 100],
      [5000, 100, 300],
    ];
    for (const [N, K, n] of designs)
      for (const k of [1, 2, 3, 5, 8, 12, 20, 30, 40]) {
        if (k > Math.min(K, n)) continue;
        expectRel(hypergeometricUpperTail(k, N, K, n), exactTail(k, N, K, n), 1e-12);
      }
  });

  it('is 1 at or below the support, 0 above it, C(3,2)/C(10,2) = 1/15 for all three set members drawn in two draws out of 10', () => {
    expect(hypergeometricUpperTail(0, 10, 3, 2)).toBe(1);
    expect(hypergeometricUpperTail(3, 10, 3, 2)).toBe(0);
    expectRel(hypergeometricUpperTail(2, 10, 3, 2), 1 / 15, 1e-14);
    expect(hypergeometricUpperTail(5, 10, 8, 7)).toBe(1); // 7 draws from 10 with 8 successes hold at least 5
  });

  it('has pmf summing to 1', () => {
    let s = 0;
    for (let x = 0; x <= 30; x++) s += Math.exp(logHypergeometricPmf(x, 500, 30, 60));
    expect(s).toBeCloseTo(1, 13);
  });
});
