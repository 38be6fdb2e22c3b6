import { binomialDeviance } from './binomial-deviance.js';
import { stirlingError } from './stirling-error.js';

const LOG_TWO_PI = 1.8378770664093453;

/** ln Bin(x; n, p) = δ(n) − δ(x) − δ(n−x) − D(x, np) − D(n−x, nq) + ½ ln(n/(2π x(n−x))), Loader's saddle-point form, ~1e-14 absolute for any n (R `dbinom(log = TRUE)`). */
export function logBinomialPmf(x: number, n: number, p: number, q: number): number {
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  if (x === 0) return n === 0 ? 0 : -binomialDeviance(n, n * q) - n * p;
  if (x === n) return -binomialDeviance(n, n * p) - n * q;
  const lc =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    binomialDeviance(x, n * p) -
    binomialDeviance(n - x, n * q);
  return lc + 0.5 * (Math.log(n / (x * (n - x))) - LOG_TWO_PI);
}
