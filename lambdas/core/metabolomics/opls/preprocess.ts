/**
 * Input preparation as ropls's `opls(x = matrix)` does it before `.coreF`:
 * the two-level character response coded 0/1 (second sorted level = 1),
 * columns of variance < double epsilon removed, X scaled by `scaleC`, and the
 * 0/1 response always centred and divided by its sd (ropls scales a
 * character response to unit variance whatever `scaleC` is).
 */
import type { NoModelReason, OplsScaling } from './types.js';

/** ropls's near-zero-variance cut (R `.Machine$double.eps`). */
export const ZERO_VARIANCE = 2.220446049250313e-16;

/** The scaled problem every fit works on. */
export interface PreparedData {
  n: number;
  /** input features */
  pInput: number;
  /** kept features */
  p: number;
  /** input column of each kept feature */
  kept: Int32Array;
  zeroVariance: Int32Array;
  /** scaled X, n × p sample-major (kept features only) */
  x: Float64Array;
  /** Σ x² of the scaled X (ropls ssxTot) */
  ssx: number;
  /** per input feature; NaN for removed ones */
  xMean: Float64Array;
  xSd: Float64Array;
  levels: [string, string];
  y01: Float64Array;
  /** (y01 − mean) / sd */
  y: Float64Array;
  yMean: number;
  ySd: number;
  /** Σ y² of the scaled response (ropls ssyTot) = n − 1 */
  ssy: number;
}

/** A data condition that stops the fit. */
export interface InputProblem {
  reason: NoModelReason;
  message: string;
}

/** Validates and prepares x (n × p sample-major) and the class labels; see module doc. */
export function prepareData(
  x: Float64Array,
  n: number,
  p: number,
  classes: readonly string[],
  scaling: OplsScaling,
  crossValI: number,
  classLevels?: readonly [string, string],
): PreparedData | InputProblem {
  if (x.length !== n * p) throw new RangeError(`matrix has ${x.length} values, expected ${n}×${p}`);
  if (classes.length !== n) throw new RangeError(`${classes.length} class labels for ${n} samples`);
  if (!Number.isInteger(crossValI) || crossValI < 2)
    throw new RangeError(`crossValI must be an integer >= 2, got ${crossValI}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!))
      return {
        reason: 'missing-values',
        message: `x has a missing or infinite value (sample ${Math.floor(i / p) + 1}, feature ${(i % p) + 1}); impute first`,
      };
  }
  const levels = classLevelsOf(classes, classLevels);
  if ('reason' in levels) return levels;
  if (crossValI > n)
    return { reason: 'too-few-samples', message: `crossValI (${crossValI}) exceeds the number of samples (${n})` };
  const y01 = Float64Array.from(classes, (c) => (c === levels[1] ? 1 : 0));
  const moments = columnMoments(x, n, p);
  const { kept, zeroVariance } = variableColumns(moments.variance);
  if (kept.length === 0) return { reason: 'no-variable-features', message: 'every feature has (near) zero variance' };
  const { scaled, mean, sd } = scaleColumns(x, n, p, kept, scaling, moments);
  const yMoments = columnMoments(y01, n, 1);
  const yMean = yMoments.mean[0]!;
  const ySd = Math.sqrt(yMoments.variance[0]!);
  const y = Float64Array.from(y01, (v) => (v - yMean) / ySd);
  return {
    n,
    pInput: p,
    p: kept.length,
    kept,
    zeroVariance,
    x: scaled,
    ssx: sumOfSquares(scaled),
    xMean: mean,
    xSd: sd,
    levels,
    y01,
    y,
    yMean,
    ySd,
    ssy: sumOfSquares(y),
  };
}

/** The two levels as [coded 0, coded 1]: the given order, else sorted (en collation, ties by code point) like R `sort(unique(y))`. */
export function classLevelsOf(
  classes: readonly string[],
  given?: readonly [string, string],
): [string, string] | InputProblem {
  const distinct = [...new Set(classes)];
  if (given) {
    const unknown = distinct.filter((c) => c !== given[0] && c !== given[1]);
    if (given[0] === given[1] || unknown.length > 0 || distinct.length !== 2)
      return {
        reason: 'not-two-classes',
        message: `classLevels [${given.join(', ')}] do not match the labels present (${distinct.join(', ')})`,
      };
    return [given[0], given[1]];
  }
  if (distinct.length !== 2)
    return {
      reason: 'not-two-classes',
      message: `PLS-DA / OPLS-DA here need exactly two classes; found ${distinct.length} (${distinct.slice(0, 5).join(', ')})`,
    };
  const collator = new Intl.Collator('en');
  distinct.sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return [distinct[0]!, distinct[1]!];
}

/** Column means and sample variances (n − 1) of a row-major n × p matrix, accumulated row by row (two passes). */
function columnMoments(x: Float64Array, n: number, p: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0, r = i * p; j < p; j++) mean[j] = mean[j]! + x[r + j]!;
  for (let j = 0; j < p; j++) mean[j] = mean[j]! / n;
  const variance = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0, r = i * p; j < p; j++) {
      const d = x[r + j]! - mean[j]!;
      variance[j] = variance[j]! + d * d;
    }
  }
  for (let j = 0; j < p; j++) variance[j] = n > 1 ? variance[j]! / (n - 1) : 0;
  return { mean, variance };
}

/** Columns whose sample variance is at least `ZERO_VARIANCE`, and the others (ropls `xZeroVarVi`). */
function variableColumns(variance: Float64Array): { kept: Int32Array; zeroVariance: Int32Array } {
  const kept: number[] = [];
  const zero: number[] = [];
  variance.forEach((v, j) => (v >= ZERO_VARIANCE ? kept : zero).push(j));
  return { kept: Int32Array.from(kept), zeroVariance: Int32Array.from(zero) };
}

/** (x − centre) / scale per kept column (R `scale`), with ropls's centre and scale per `scaleC`. */
function scaleColumns(
  x: Float64Array,
  n: number,
  p: number,
  kept: Int32Array,
  scaling: OplsScaling,
  moments: { mean: Float64Array; variance: Float64Array },
): { scaled: Float64Array; mean: Float64Array; sd: Float64Array } {
  const q = kept.length;
  const mean = new Float64Array(p).fill(Number.NaN);
  const sd = new Float64Array(p).fill(Number.NaN);
  for (const j of kept) {
    const s = Math.sqrt(moments.variance[j]!);
    mean[j] = scaling === 'none' ? 0 : moments.mean[j]!;
    sd[j] = scaling === 'pareto' ? Math.sqrt(s) : scaling === 'standard' ? s : 1;
  }
  const scaled = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < q; k++) {
      const j = kept[k]!;
      scaled[i * q + k] = (x[i * p + j]! - mean[j]!) / sd[j]!;
    }
  }
  return { scaled, mean, sd };
}

/** Σ v². */
export function sumOfSquares(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}
