import { normalUpperTail } from './normal-upper-tail.js';

/** The normal approximation of a rank test. */
export interface NormalApproximation {
  /** (d − sign(d)·½) / σ */
  z: number;
  /** 2·min(Φ(z), 1 − Φ(z)) */
  p: number;
}

/** Two-sided p of a statistic's deviation d from its null mean with null sd σ, continuity-corrected toward 0: z = (d − sign(d)/2)/σ, p = 2·P(Z > |z|) (R `wilcox.test(correct = TRUE)`); NaN when σ = 0 and d = 0. */
export function continuityCorrectedNormalP(deviation: number, sigma: number): NormalApproximation {
  const z = (deviation - Math.sign(deviation) * 0.5) / sigma;
  return { z, p: 2 * normalUpperTail(Math.abs(z)) };
}
