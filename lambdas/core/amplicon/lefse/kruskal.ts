/**
 * LEfSe's first step, `test_kw_r`: R `kruskal.test(y ~ class)` on one
 * feature. R ranks the values exactly but counts ties with `table(y)`, i.e.
 * on the values printed to 15 significant digits; values that differ only
 * beyond that digit (float noise such as 999999.9999999999 vs 1e6) get
 * distinct ranks yet count as one tie group. This is reproduced here so the
 * p-values agree with LEfSe also on such features.
 */
import { chiSquaredUpperTail } from '../../stats/distributions/chi-squared-upper-tail.js';
import { rank } from '../../stats/rank.js';

/** Significant digits of R's `as.character` on doubles, which `table()` uses as tie keys. */
const R_CHARACTER_DIGITS = 15;
/** Relative gap beyond which two doubles never print alike at 15 digits (the 15-digit grid spacing is ≤ 1e-14 relative). */
const NEAR_TIE = 2e-14;

/** Kruskal–Wallis statistic and p of one feature (R `kruskal.test`). */
export interface LefseKruskal {
  /** tie-corrected H; NaN when all values print alike (R's 0/0) */
  statistic: number;
  df: number;
  /** P(χ²_df > H); NaN when H is NaN (LEfSe then counts the feature as not significant) */
  p: number;
}

/**
 * H = [12/(n(n+1)) Σ_g R_g²/n_g − 3(n+1)] / [1 − Σ(t³ − t)/(n³ − n)] with exact
 * average ranks and t the sizes of the groups of equal 15-digit strings
 * (R `rank(y)` and `table(y)`); p = P(χ²_(k−1) > H), k = classes present.
 * `classOf[i]` is the class index (0..nClasses−1) of value i.
 */
export function lefseKruskalWallis(values: ArrayLike<number>, classOf: Int32Array, nClasses: number): LefseKruskal {
  const n = values.length;
  const { ranks } = rank(values);
  const rankSum = new Float64Array(nClasses);
  const count = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) {
    rankSum[classOf[i]!]! += ranks[i]!;
    count[classOf[i]!]!++;
  }
  let weighted = 0;
  let k = 0;
  for (let g = 0; g < nClasses; g++) {
    if (count[g] === 0) continue;
    weighted += (rankSum[g]! * rankSum[g]!) / count[g]!;
    k++;
  }
  const df = k - 1;
  const denominator = 1 - tieCubeSumAsR(values) / (n * n * n - n);
  if (k < 2 || !(denominator > 0)) return { statistic: Number.NaN, df, p: Number.NaN };
  const statistic = ((12 * weighted) / (n * (n + 1)) - 3 * (n + 1)) / denominator;
  return { statistic, df, p: chiSquaredUpperTail(statistic, df) };
}

/**
 * Σ(t³ − t) over the groups of values whose `%.15g` texts agree (R
 * `sum(table(y)^3 - table(y))`). Rounding to 15 digits is monotone, so such
 * groups are runs of the sorted values; neighbours more than 2e-14 apart
 * (relative) can never share a 15-digit text, so only closer ones are printed.
 */
export function tieCubeSumAsR(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  let s = 0;
  let t = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sameRCharacter(sorted[i - 1]!, sorted[i]!)) {
      t++;
      continue;
    }
    s += t * t * t - t;
    t = 1;
  }
  return s;
}

/** True when R prints a and b alike at 15 significant digits. */
function sameRCharacter(a: number, b: number): boolean {
  if (a === b) return true;
  if (Math.abs(a - b) > NEAR_TIE * Math.max(Math.abs(a), Math.abs(b))) return false;
  return a.toPrecision(R_CHARACTER_DIGITS) === b.toPrecision(R_CHARACTER_DIGITS);
}
