import { studentTUpperTail } from './distributions/student-t-upper-tail.js';

/** Two-sided p of a rank correlation ρ of n pairs by the t approximation: t = ρ √((n−2) / ((1−ρ)(1+ρ))), p = 2·P(T_(n−2) > |t|) (R `cor.test(method = "spearman", exact = FALSE)`, scipy `spearmanr`); NaN for n < 3. */
export function spearmanPValue(rho: number, n: number): number {
  if (!(n >= 3) || Number.isNaN(rho)) return Number.NaN;
  const t = rho * Math.sqrt((n - 2) / ((1 - rho) * (1 + rho)));
  return Math.min(1, 2 * studentTUpperTail(Math.abs(t), n - 2));
}
