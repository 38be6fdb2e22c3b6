/**
 * Generalized log (MetaboAnalyst `LogNorm`): glog_b(x) = log_b((x + sqrt(x² + m²)) / 2),
 * which equals log_b(x) for x ≫ m and stays finite at 0 and below. docs/metrics.md and
 * the shared references take m = (smallest positive value of the matrix being
 * transformed, i.e. the normalized matrix) / 10. (MetaboAnalyst takes the
 * smallest |x| ≠ 0, the same for non-negative data.) Missing values stay NaN.
 */
import type { DenseMatrix } from './dense.js';

/** Smallest positive value of the matrix / 10 (NaN when nothing is positive). */
export function glogOffset(m: DenseMatrix): number {
  let min = Infinity;
  const v = m.values;
  for (let i = 0; i < v.length; i++) if (v[i]! > 0 && v[i]! < min) min = v[i]!;
  return min === Infinity ? NaN : min / 10;
}

/** In place: x ← log_base((x + sqrt(x² + m²)) / 2), base 10 or 2, as ln(·) · log_base(e) (within 2 ulp of log10/log2, twice as fast). */
export function glog(m: DenseMatrix, offset: number, base: 10 | 2): void {
  const v = m.values,
    mm = offset * offset;
  const k = base === 10 ? Math.LOG10E : Math.LOG2E;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    v[i] = Math.log((x + Math.sqrt(x * x + mm)) / 2) * k;
  }
}
