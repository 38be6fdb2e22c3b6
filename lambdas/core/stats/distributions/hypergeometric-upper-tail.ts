import { logHypergeometricPmf } from './log-hypergeometric-pmf.js';

/** P(X ≥ k), X ~ Hypergeometric(N, K, n): ln pmf of the first term, then pmf ratios; at or below the mode 1 − P(X ≤ k−1), so summed terms never exceed the first (R `phyper(k−1, K, N−K, n, lower.tail = FALSE)`). */
export function hypergeometricUpperTail(k: number, population: number, successes: number, draws: number): number {
  const N = population,
    K = successes,
    n = draws;
  if (![k, N, K, n].every(Number.isInteger) || N < 0 || K < 0 || n < 0 || K > N || n > N) return Number.NaN;
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(K, n);
  if (k <= lo) return 1;
  if (k > hi) return 0;
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (k > mode) {
    let term = 1;
    let sum = 1;
    for (let x = k; x < hi && term > sum * 1e-17; x++) {
      term *= ((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
      sum += term;
    }
    return Math.min(1, Math.exp(logHypergeometricPmf(k, N, K, n) + Math.log(sum)));
  }
  let term = 1;
  let sum = 1;
  for (let x = k - 1; x > lo && term > sum * 1e-17; x--) {
    term *= (x * (N - K - n + x)) / ((K - x + 1) * (n - x + 1));
    sum += term;
  }
  return Math.max(0, 1 - Math.exp(logHypergeometricPmf(k - 1, N, K, n) + Math.log(sum)));
}
