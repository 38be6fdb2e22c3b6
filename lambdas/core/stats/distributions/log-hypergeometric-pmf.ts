import { logBinomialPmf } from '../special/log-binomial-pmf.js';

/** ln P(X = x) for X ~ Hypergeometric(N population, K successes, n draws) = ln[Bin(x; K, p) Bin(n−x; N−K, p) / Bin(n; N, p)] with p = n/N, which cancels exactly (R `dhyper(x, K, N − K, n, log = TRUE)`). */
export function logHypergeometricPmf(x: number, population: number, successes: number, draws: number): number {
  const N = population,
    K = successes,
    n = draws;
  if (x < 0 || x > K || n - x < 0 || n - x > N - K) return Number.NEGATIVE_INFINITY;
  if (n === 0 || n === N) return 0;
  const p = n / N;
  const q = (N - n) / N;
  return logBinomialPmf(x, K, p, q) + logBinomialPmf(n - x, N - K, p, q) - logBinomialPmf(n, N, p, q);
}
