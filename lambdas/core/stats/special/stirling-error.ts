import { logGamma } from './log-gamma.js';

const HALF_LOG_TWO_PI = 0.9189385332046728;
/** From here on the asymptotic series is below 1e-17 in its first omitted term. */
const SERIES_FROM = 15;

/** δ(n) = ln Γ(n+1) − (n + ½) ln n + n − ½ ln 2π, Stirling's error: series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) for n ≥ 15, else from ln Γ; δ(0) = 0 (Loader 2000). */
export function stirlingError(n: number): number {
  if (n === 0) return 0;
  if (n < SERIES_FROM) return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI;
  const inv2 = 1 / (n * n);
  return (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))) / n;
}
