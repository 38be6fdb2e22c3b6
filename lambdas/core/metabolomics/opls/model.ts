/** Pieces shared by the PLS-DA and OPLS-DA drivers: option defaults, result assembly, component tables. */
import { crossValidationFits, type Fit } from './cross-validation.js';
import { type GramOperator, gramOperator, transposeTimes } from './gram.js';
import type { InputProblem, PreparedData } from './preprocess.js';
import { prepareData } from './preprocess.js';
import type {
  ComponentSignificance,
  ComponentTable,
  DiscriminantOptions,
  GramMethod,
  NoModel,
  OplsScaling,
} from './types.js';

/** Options after defaults. */
export interface ResolvedOptions {
  crossValI: number;
  scaling: OplsScaling;
  permI: number;
  seed: number;
  gram: GramMethod;
  permutationBatch: number;
  classLevels: readonly [string, string] | undefined;
}

/** Defaults: 7 segments, 'center', 200 permutations, automatic Gram method, batches of 64. Throws RangeError on malformed options. */
export function resolveOptions(o: DiscriminantOptions): ResolvedOptions {
  const permI = o.permI ?? 200;
  if (!Number.isInteger(permI) || permI < 0) throw new RangeError(`permI must be a non-negative integer, got ${permI}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed >= 2 ** 32)
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${o.seed}`);
  const batch = o.permutationBatch ?? 64;
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`permutationBatch must be a positive integer, got ${batch}`);
  return {
    crossValI: o.crossValI ?? 7,
    scaling: o.scaling ?? 'center',
    permI,
    seed: o.seed,
    gram: o.gram ?? 'auto',
    permutationBatch: batch,
    classLevels: o.classLevels,
  };
}

/** Prepares data and fits; returns the input problem instead when the data cannot be modelled. */
export function prepareProblem(
  x: Float64Array,
  n: number,
  p: number,
  classes: readonly string[],
  o: ResolvedOptions,
): { data: PreparedData; fits: Fit[] } | InputProblem {
  const data = prepareData(x, n, p, classes, o.scaling, o.crossValI, o.classLevels);
  if ('reason' in data) return data;
  return { data, fits: crossValidationFits(n, o.crossValI) };
}

/** The Gram operator for `models` fitted models of `levels` levels with `productsPerLevel` products per fit per level. */
export function problemOperator(
  data: PreparedData,
  fits: Fit[],
  o: ResolvedOptions,
  levels: number,
  productsPerLevel: number,
): GramOperator {
  const models = 1 + o.permI;
  return gramOperator(data.x, data.n, data.p, o.gram, models * levels * productsPerLevel * fits.length);
}

/** A refusal. */
export function noModel(
  method: NoModel['method'],
  problem: InputProblem,
  search: ComponentTable | null = null,
): NoModel {
  return { built: false, method, reason: problem.reason, message: problem.message, search };
}

/** An all-NaN component table with these row names. */
export function emptyTable(names: string[]): ComponentTable {
  const nan = () => new Float64Array(names.length).fill(Number.NaN);
  return {
    names,
    r2x: nan(),
    r2xCum: nan(),
    r2y: nan(),
    r2yCum: nan(),
    q2: nan(),
    q2Cum: nan(),
    significance: names.map(() => null as ComponentSignificance | null),
  };
}

/** The first `rows` rows of a table. */
export function headOfTable(t: ComponentTable, rows: number): ComponentTable {
  return {
    names: t.names.slice(0, rows),
    r2x: t.r2x.slice(0, rows),
    r2xCum: t.r2xCum.slice(0, rows),
    r2y: t.r2y.slice(0, rows),
    r2yCum: t.r2yCum.slice(0, rows),
    q2: t.q2.slice(0, rows),
    q2Cum: t.q2Cum.slice(0, rows),
    significance: t.significance.slice(0, rows),
  };
}

/** Running sum that turns NaN from the first NaN on (R `cumsum` with NA). */
export function cumulativeSum(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) out[i] = s += v[i]!;
  return out;
}

/** Σ of the non-NaN entries of v[0..end) (R `sum(., na.rm = TRUE)`). */
export function sumPresent(v: Float64Array, end = v.length): number {
  let s = 0;
  for (let i = 0; i < end; i++) if (!Number.isNaN(v[i]!)) s += v[i]!;
  return s;
}

/** v / ‖v‖. */
export function unit(v: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const norm = Math.sqrt(s);
  return v.map((x) => x / norm);
}

/** Xᵀ v of the scaled kept-feature matrix. */
export function featureImage(data: PreparedData, v: Float64Array): Float64Array {
  return transposeTimes(data.x, data.n, data.p, v);
}

/** Columns (each over the kept features) as one input-feature-major matrix pInput × k, NaN rows for removed features. */
export function featureMatrix(data: PreparedData, columns: Float64Array[]): Float64Array {
  const k = columns.length;
  const out = new Float64Array(data.pInput * k).fill(Number.NaN);
  columns.forEach((col, h) => {
    for (let j = 0; j < data.p; j++) out[data.kept[j]! * k + h] = col[j]!;
  });
  return out;
}

/** Columns (each `rows` long) as one row-major rows × k matrix (sample-major scores, feature-major loadings). */
export function rowMajor(n: number, columns: Float64Array[]): Float64Array {
  const k = columns.length;
  const out = new Float64Array(n * k);
  columns.forEach((col, h) => {
    for (let i = 0; i < n; i++) out[i * k + h] = col[i]!;
  });
  return out;
}

/** Fitted 0/1 response ŷ = (Σ_h t_h c_h) · sd + mean (ropls `yPreMN`). */
export function fittedResponse(data: PreparedData, scores: Float64Array[], yWeights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let s = 0;
    scores.forEach((t, h) => (s += t[i]! * yWeights[h]!));
    out[i] = s * data.ySd + data.yMean;
  }
  return out;
}

/** RMSEE = √(mean((y − ŷ)²) · n / (n − 1 − components)) (ropls, "for SIMCA compatibility"). */
export function rmsee(y01: Float64Array, fitted: Float64Array, components: number): number {
  const n = y01.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += (y01[i]! - fitted[i]!) ** 2;
  return Math.sqrt(((s / n) * n) / (n - (1 + components)));
}
