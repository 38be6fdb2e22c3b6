/**
 * Non-metric multidimensional scaling as vegan computes it: `metaMDS(..., autotransform = FALSE)` with the
 * monoMDS engine (Minchin's steepest-descent Kruskal NMDS, vegan 2.6). A run starts from a configuration and
 * minimises Kruskal's stress-1 with a global monotone regression of configuration distances on the
 * dissimilarities (weak ties); `nmds` runs it from classical scaling and then from seeded random starts,
 * keeps the best, and post-processes as `postMDS` (centring, principal axes, half-change scaling).
 * Configurations are n × k row-major Float64Arrays: point i, axis a at [i·k + a].
 */
import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { fail, type Result, tryParse } from '../errors.js';
import { createRng, type Rng } from '../random/rng.js';
import { type MonotoneRegressionWork, monotoneRegression, monotoneRegressionWork } from './monotone-regression.js';
import { pcoa } from './pcoa.js';
import { procrustes } from './procrustes.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Convergence controls of one monoMDS run (vegan 2.6 `monoMDS` / `metaMDSiter` defaults). */
export interface MonoMdsOptions {
  /** most iterations @default 200 */
  maxit?: number;
  /** stop when stress < smin @default 1e-4 */
  smin?: number;
  /** stop when the gradient's scale factor ≤ sfgrmin @default 1e-7 */
  sfgrmin?: number;
  /** stop when the stress ratio and its running average both lie in [sratmax, 1] @default 0.999999 */
  sratmax?: number;
}

/** Why a run stopped (monoMDS `icause` 1–4). */
export type MonoMdsStop = 'maxit' | 'smin' | 'sratmax' | 'sfgrmin';

/** One monoMDS run. */
export interface MonoMdsRun {
  /** n × k, centred, mean squared distance to the centroid 1, rotated to principal axes */
  points: Float64Array;
  /** Kruskal stress-1 √(Σ(d − d̂)² / Σ d²) of `points` */
  stress: number;
  /** index of the last iteration (0-based, as monoMDS `iters`) */
  iterations: number;
  stopCause: MonoMdsStop;
}

/** Options of `nmds` (vegan `metaMDS` argument names in brackets). */
export interface NmdsOptions extends MonoMdsOptions {
  /** dimensions [k] @default 2 */
  k?: number;
  /** random starts always made [try] @default 20 */
  tries?: number;
  /** most random starts, used while the best solution has not been repeated [trymax]; vegan's default is 20 @default 100 */
  trymax?: number;
  /** seed of the random starts (`createRng`), an integer in [0, 2^32) */
  seed: number;
  /** theoretical maximum of the dissimilarity (vegdist `maxdist`: 1 for Bray–Curtis and Jaccard); null = unknown, no half-change scaling @default 1 */
  maxDistance?: number | null;
  /** half-change regression uses the dissimilarities below threshold × maxDistance [postMDS threshold] @default 0.8 */
  threshold?: number;
}

/** Result of `nmds`. */
export interface NmdsResult {
  /** sample ids, rows of `points` */
  ids: string[];
  k: number;
  /** n × k row-major after postMDS: centred, principal axes (each axis oriented so its largest |coordinate| is positive), half-change scaled */
  points: Float64Array;
  /** Kruskal stress-1 of the best run */
  stress: number;
  /** random starts made (vegan `tries`) */
  tries: number;
  /** the random start that gave the best solution; 0 = the classical-scaling start (vegan `bestry`) */
  bestTry: number;
  /** the best solution was found again (vegan `converged > 0`) */
  converged: boolean;
  /** how many later starts repeated the best solution (vegan `converged`) */
  timesRepeated: number;
  /** the seed of the random starts */
  seed: number;
  /** iterations and stopping reason of the best run */
  iterations: number;
  stopCause: MonoMdsStop;
  /** stress of the run started from classical scaling */
  initialStress: number;
  /** true when half-change scaling was applied; false = scaled so the largest ordination distance equals the largest dissimilarity */
  halfChange: boolean;
  /** the divisor applied to the principal-axis configuration (postMDS `internalscaling`) */
  internalScaling: number;
  /** conditions vegan warns about (near-zero stress, half-change skipped) */
  warnings: string[];
}

/** metaMDSiter: a start counts as no worse than the best when its stress exceeds it by less than this (0.05/100 for monoMDS). */
const STRESS_SLACK = 0.0005;
/** metaMDSiter: two solutions are the same when the symmetric Procrustes rmse is below this … */
const SAME_RMSE = 0.005;
/** … and no point's residual exceeds this. */
const SAME_RESIDUAL = 0.01;
/** postMDS: fewer dissimilarities than this below the threshold skip half-change scaling. */
const HALF_CHANGE_MIN_PAIRS = 10;
/** monoMDS MONREG: sorted dissimilarities closer than √ε form one tied block. */
const TIE_TOLERANCE = Math.sqrt(2 ** -52);
/** monoMDS constants, single-precision literals in the Fortran source, kept at their float32 values. */
const STRESS_INCREASE = Math.fround(1.1);
const REVERSAL_COSINE = Math.fround(-0.95);
const INITIAL_RATIO_AVERAGE = Math.fround(0.8);
const STEP_GAIN = Math.fround(1.6);

/** Dissimilarities sorted ascending with their pairs (monoMDS's pre-sorted DISS, IIDX, JIDX) and the runs of tied values. */
interface SortedDissimilarities {
  n: number;
  first: Int32Array;
  second: Int32Array;
  diss: Float64Array;
  /** [start, end) of each run of ≥ 2 tied dissimilarities, flattened */
  ties: Int32Array;
}

/** Dissimilarities of `dm` in ascending order with their pairs; ties = runs whose consecutive gaps are ≤ √ε (monoMDS MONREG). */
function sortDissimilarities(dm: DistanceMatrix): SortedDissimilarities {
  const n = dm.ids.length;
  const m = dm.data.length;
  const pairFirst = new Int32Array(m),
    pairSecond = new Int32Array(m);
  for (let i = 0, p = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      pairFirst[p] = i;
      pairSecond[p] = j;
    }
  const order = Int32Array.from({ length: m }, (_, p) => p).sort((a, b) => dm.data[a]! - dm.data[b]! || a - b);
  const first = Int32Array.from(order, (p) => pairFirst[p]!);
  const second = Int32Array.from(order, (p) => pairSecond[p]!);
  const diss = Float64Array.from(order, (p) => dm.data[p]!);
  const ties: number[] = [];
  let start = 0;
  for (let p = 1; p <= m; p++) {
    if (p === m || diss[p]! - diss[p - 1]! > TIE_TOLERANCE) {
      if (p - start > 1) ties.push(start, p);
      start = p;
    }
  }
  return { n, first, second, diss, ties: Int32Array.from(ties) };
}

/** Resolved monoMDS controls. */
type MonoMdsControls = Required<MonoMdsOptions>;

/** vegan 2.6 defaults merged with `o`. */
function monoMdsControls(o: MonoMdsOptions): MonoMdsControls {
  return { maxit: o.maxit ?? 200, smin: o.smin ?? 1e-4, sfgrmin: o.sfgrmin ?? 1e-7, sratmax: o.sratmax ?? 0.999999 };
}

/**
 * One monoMDS run (vegan `monoMDS(dist, y = init, k, model = "global")`: stress formula 1, weak ties,
 * configuration normalised every iteration, principal axes at the end) from the n × k start `init`.
 */
export function monoMds(dm: DistanceMatrix, init: Float64Array, k: number, options: MonoMdsOptions = {}): MonoMdsRun {
  const n = dm.ids.length;
  if (init.length !== n * k) throw new RangeError(`monoMds: start must be ${n}×${k}, got ${init.length} values`);
  return runMonoMds(sortDissimilarities(dm), init, k, monoMdsControls(options));
}

/** Mutable state of a steepest-descent run, named as in Kruskal's KYST / monoMDS. */
interface Descent {
  n: number;
  k: number;
  x: Float64Array;
  grad: Float64Array;
  gradLast: Float64Array;
  first: Int32Array;
  second: Int32Array;
  ties: Int32Array;
  dist: Float64Array;
  dhat: Float64Array;
  work: MonotoneRegressionWork;
  /** buffers for sorting the longest run of ties */
  scratch: { index: Int32Array; first: Int32Array; second: Int32Array; dist: Float64Array };
}

/** Scratch buffers as long as the longest run of ties that needs the index sort. */
function tieScratch(ties: Int32Array): Descent['scratch'] {
  let longest = 0;
  for (let t = 0; t < ties.length; t += 2) longest = Math.max(longest, ties[t + 1]! - ties[t]!);
  const len = longest > INSERTION_SORT_MAX ? longest : 0;
  return {
    index: new Int32Array(len),
    first: new Int32Array(len),
    second: new Int32Array(len),
    dist: new Float64Array(len),
  };
}

/** The monoMDS iteration: evaluate, back up along the last gradient on a stress jump or reversal (≤ 3 times), update the step (KYST rule), test the stopping rules, move. */
function runMonoMds(sorted: SortedDissimilarities, init: Float64Array, k: number, c: MonoMdsControls): MonoMdsRun {
  const n = sorted.n;
  const m = sorted.diss.length;
  const s: Descent = {
    n,
    k,
    x: Float64Array.from(init),
    grad: new Float64Array(n * k).fill(Math.sqrt(1 / k)),
    gradLast: new Float64Array(n * k),
    first: sorted.first.slice(),
    second: sorted.second.slice(),
    ties: sorted.ties,
    dist: new Float64Array(m),
    dhat: new Float64Array(m),
    work: monotoneRegressionWork(m),
    scratch: tieScratch(sorted.ties),
  };
  const ratioCentre = 0.5 * (1 + c.sratmax);
  const ratioBand = 1 - ratioCentre;
  let stress = 1;
  let scaleFactor = Math.fround(Math.sqrt(Math.fround(m)));
  let step = 0,
    cosAverage = 0,
    absCosAverage = 0,
    ratioAverage = INITIAL_RATIO_AVERAGE;
  let ratio = 0,
    cosine = 0,
    backupScale = 1;
  let iterations = 0;
  let stopCause: MonoMdsStop = 'maxit';
  for (let it = 0; it <= c.maxit; it++) {
    let backups = 0;
    for (;;) {
      const lastStress = stress;
      const normalising = normaliseConfiguration(s.x, n, k);
      for (let q = 0; q < s.grad.length; q++) s.gradLast[q] = s.grad[q]! * normalising;
      const lastScaleFactor = scaleFactor * normalising;
      stress = evaluate(s);
      ratio = it === 0 ? 0.8 : stress / lastStress;
      scaleFactor = gradientScaleFactor(s.grad, n);
      cosine = gradientCosine(s.grad, s.gradLast, n, scaleFactor, lastScaleFactor);
      if ((ratio > STRESS_INCREASE || cosine < REVERSAL_COSINE) && backups < 3) {
        backups++;
        backupScale = backups === 1 ? 1 : backupScale * normalising;
        const newStep = step * 0.1;
        const back = (backupScale * (step - newStep)) / lastScaleFactor;
        for (let q = 0; q < s.x.length; q++) {
          s.x[q]! -= back * s.gradLast[q]!;
          s.grad[q] = s.gradLast[q]!;
        }
        step = newStep;
        scaleFactor = lastScaleFactor;
        stress = lastStress;
        continue;
      }
      break;
    }
    ratioAverage = ratio ** 0.33334 * ratioAverage ** 0.66666;
    cosAverage = cosine * 0.66666 + cosAverage * 0.33334;
    absCosAverage = Math.abs(cosine) * 0.66666 + absCosAverage * 0.33334;
    step = it === 0 ? 25 * stress * scaleFactor : nextStep(step, cosAverage, absCosAverage, ratio, ratioAverage);
    iterations = it;
    if (stress < c.smin) {
      stopCause = 'smin';
      break;
    }
    if (Math.abs(ratioAverage - ratioCentre) <= ratioBand && Math.abs(ratio - ratioCentre) <= ratioBand) {
      stopCause = 'sratmax';
      break;
    }
    if (scaleFactor <= c.sfgrmin) {
      stopCause = 'sfgrmin';
      break;
    }
    if (it === c.maxit) {
      stopCause = 'maxit';
      break;
    }
    const move = step / scaleFactor;
    for (let q = 0; q < s.x.length; q++) s.x[q]! += move * s.grad[q]!;
  }
  return { points: principalAxes(s.x, n, k), stress, iterations, stopCause };
}

/** Kruskal's step-size rule (KYST, as monoMDS CLCSTP): step · 4^cos̄ · 1.6/((1 + min(1, r̄)^5)(1 + |cos|‾ − |cos̄|)) · √min(1, r). */
function nextStep(
  step: number,
  cosAverage: number,
  absCosAverage: number,
  ratio: number,
  ratioAverage: number,
): number {
  const angle = 4 ** cosAverage;
  const damping = STEP_GAIN / ((1 + Math.min(1, ratioAverage) ** 5) * (1 + absCosAverage - Math.abs(cosAverage)));
  return step * angle * damping * Math.sqrt(Math.min(1, ratio));
}

/** Centres every axis and scales so the mean squared distance to the centroid is 1; returns the factor √(n / Σ x²) (monoMDS NRMCON). */
function normaliseConfiguration(x: Float64Array, n: number, k: number): number {
  let ss = 0;
  for (let a = 0; a < k; a++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * k + a]!;
    mean /= n;
    for (let i = 0; i < n; i++) {
      const v = x[i * k + a]! - mean;
      x[i * k + a] = v;
      ss += v * v;
    }
  }
  const f = Math.sqrt(n / ss);
  for (let q = 0; q < x.length; q++) x[q]! *= f;
  return f;
}

/** Distances, weak-tie ordering, monotone regression, stress-1 and the negative gradient (written to `grad`); returns the stress. */
function evaluate(s: Descent): number {
  configurationDistances(s);
  orderWithinTies(s);
  monotoneRegression(s.dist, s.dhat, s.work);
  let residual = 0,
    total = 0;
  for (let p = 0; p < s.dist.length; p++) {
    const d = s.dist[p]!;
    residual += (d - s.dhat[p]!) ** 2;
    total += d * d;
  }
  s.grad.fill(0);
  const stress = Math.sqrt(residual / total);
  if (stress > 0) accumulateGradient(s, residual, total);
  return stress;
}

/** d_p = ‖x_i − x_j‖ for every pair p = (i, j) in the current order. */
function configurationDistances(s: Descent): void {
  const { x, k, first, second, dist } = s;
  for (let p = 0; p < dist.length; p++) {
    const i = first[p]! * k,
      j = second[p]! * k;
    let sum = 0;
    for (let a = 0; a < k; a++) {
      const t = x[i + a]! - x[j + a]!;
      sum += t * t;
    }
    dist[p] = Math.sqrt(sum);
  }
}

/** Runs of tied dissimilarities up to this length are put in order by insertion sort; longer ones by an index sort in scratch space. */
const INSERTION_SORT_MAX = 32;

/** Primary (weak) ties: inside each run of tied dissimilarities the pairs are put in increasing order of their current distance, so the fit need not tie them. */
function orderWithinTies(s: Descent): void {
  const { ties } = s;
  for (let t = 0; t < ties.length; t += 2) {
    const start = ties[t]!,
      end = ties[t + 1]!;
    if (end - start <= INSERTION_SORT_MAX) insertionSortRun(s, start, end);
    else indexSortRun(s, start, end);
  }
}

/** Stable insertion sort of pairs [start, end) by distance, moving both members with the distance. */
function insertionSortRun(s: Descent, start: number, end: number): void {
  const { first, second, dist } = s;
  for (let q = start + 1; q < end; q++) {
    const d = dist[q]!;
    if (!(dist[q - 1]! > d)) continue;
    const f = first[q]!,
      g = second[q]!;
    let r = q - 1;
    while (r >= start && dist[r]! > d) {
      dist[r + 1] = dist[r]!;
      first[r + 1] = first[r]!;
      second[r + 1] = second[r]!;
      r--;
    }
    dist[r + 1] = d;
    first[r + 1] = f;
    second[r + 1] = g;
  }
}

/** Sort of a long run [start, end) by distance through an index permutation held in the run's scratch buffers. */
function indexSortRun(s: Descent, start: number, end: number): void {
  const { first, second, dist, scratch } = s;
  const len = end - start;
  const index = scratch.index.subarray(0, len);
  for (let q = 0; q < len; q++) index[q] = start + q;
  index.sort((a, b) => dist[a]! - dist[b]! || a - b);
  for (let q = 0; q < len; q++) {
    const p = index[q]!;
    scratch.first[q] = first[p]!;
    scratch.second[q] = second[p]!;
    scratch.dist[q] = dist[p]!;
  }
  first.set(scratch.first.subarray(0, len), start);
  second.set(scratch.second.subarray(0, len), start);
  dist.set(scratch.dist.subarray(0, len), start);
}

/** Negative gradient of S = S⁎ / T⁎ (S⁎ = Σ(d − d̂)², T⁎ = Σ d², d̂ held fixed): pair term (S⁎/T⁎² − (d − d̂)/(T⁎ d)) (x_i − x_j), added to i, subtracted from j. */
function accumulateGradient(s: Descent, residual: number, total: number): void {
  const { x, k, first, second, dist, dhat, grad } = s;
  const ratioTerm = residual / (total * total);
  const inverseTotal = 1 / total;
  for (let p = 0; p < dist.length; p++) {
    const d = dist[p]!;
    if (!(d > 0)) continue;
    const coefficient = ratioTerm - (inverseTotal * (d - dhat[p]!)) / d;
    const i = first[p]! * k,
      j = second[p]! * k;
    for (let a = 0; a < k; a++) {
      const delta = coefficient * (x[i + a]! - x[j + a]!);
      grad[i + a]! += delta;
      grad[j + a]! -= delta;
    }
  }
}

/** Scale factor of the gradient, √(Σ g² / n) (monoMDS CLCSFA). */
function gradientScaleFactor(grad: Float64Array, n: number): number {
  let s = 0;
  for (let q = 0; q < grad.length; q++) s += grad[q]! * grad[q]!;
  return Math.sqrt(s / n);
}

/** Direction cosine of the new and last gradients, Σ g·g_last / (n · sf · sf_last) (monoMDS CLCSFA; the raw sum when the scale is 0). */
function gradientCosine(
  grad: Float64Array,
  gradLast: Float64Array,
  n: number,
  scaleFactor: number,
  lastScaleFactor: number,
): number {
  let dot = 0;
  for (let q = 0; q < grad.length; q++) dot += grad[q]! * gradLast[q]!;
  const scale = scaleFactor * lastScaleFactor * n;
  return scale !== 0 ? dot / scale : dot;
}

/** The configuration centred and rotated to its principal axes (R `prcomp(x)$x`), axes by decreasing variance, each oriented so its largest |coordinate| is positive. */
export function principalAxes(x: Float64Array, n: number, k: number): Float64Array {
  const centred = Float64Array.from(x);
  for (let a = 0; a < k; a++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * k + a]!;
    mean /= n;
    for (let i = 0; i < n; i++) centred[i * k + a]! -= mean;
  }
  const cross = new Float64Array(k * k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b <= a; b++) cross[a * k + b]! += centred[i * k + a]! * centred[i * k + b]!;
  const { values, vectors } = symmetricEigen(cross, k);
  const order = Array.from({ length: k }, (_, q) => q).sort((a, b) => values[b]! - values[a]!);
  const out = new Float64Array(n * k);
  order.forEach((e, axis) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += centred[i * k + a]! * vectors[e * k + a]!;
      out[i * k + axis] = sum;
    }
    orientAxis(out, n, k, axis);
  });
  return out;
}

/** Flips axis `axis` so that its largest |coordinate| is positive (sign of principal axes is otherwise arbitrary). */
function orientAxis(x: Float64Array, n: number, k: number, axis: number): void {
  let big = 0;
  for (let i = 0; i < n; i++) if (Math.abs(x[i * k + axis]!) > Math.abs(big)) big = x[i * k + axis]!;
  if (big < 0) for (let i = 0; i < n; i++) x[i * k + axis] = -x[i * k + axis]!;
}

/** Classical scaling start (R `cmdscale(d, k)`): the first k principal coordinates; axes beyond the positive eigenvalues are 0. */
function classicalScaling(dm: DistanceMatrix, k: number): Float64Array {
  const p = pcoa(dm);
  const n = dm.ids.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < Math.min(k, p.nAxes); a++) out[i * k + a] = p.coordinates[i * p.nAxes + a]!;
  return out;
}

/** A random start as vegan `initMDS`: every coordinate uniform on [0, 1). */
function randomStart(rng: Rng, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let q = 0; q < out.length; q++) out[q] = rng.nextFloat();
  return out;
}

/**
 * NMDS as vegan `metaMDS(d, k, try = tries, trymax, autotransform = FALSE)` with monoMDS: run 0 starts from
 * classical scaling; then random starts (uniform [0,1)^(n×k), seeded) until `tries` were made and, up to
 * `trymax`, until the best solution is repeated (symmetric Procrustes rmse < 0.005 and every residual < 0.01
 * for a run whose stress is within 5e−4 of the best); a lower stress replaces the best and resets the count.
 * The best configuration then gets `postMDS`: centring, principal axes and half-change scaling.
 * Data conditions (too few samples, all distances zero, missing values) come back as an error value.
 */
export function nmds(dm: DistanceMatrix, options: NmdsOptions): Result<NmdsResult> {
  const k = options.k ?? 2;
  const trymax = options.trymax ?? 100;
  const tries = Math.min(options.tries ?? 20, trymax);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`nmds: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(trymax) || trymax < 0)
    throw new RangeError(`nmds: trymax must be a non-negative integer, got ${trymax}`);
  if (!Number.isInteger(tries) || tries < 0)
    throw new RangeError(`nmds: tries must be a non-negative integer, got ${options.tries}`);
  createRng(options.seed); // validates the seed before any work
  return tryParse(() => nmdsOrFail(dm, k, tries, trymax, options));
}

/** The body of `nmds`; signals data conditions with `fail`. */
function nmdsOrFail(dm: DistanceMatrix, k: number, minTries: number, trymax: number, options: NmdsOptions): NmdsResult {
  const n = dm.ids.length;
  if (n < k + 1) fail('INVALID_STUDY_DESIGN', `NMDS in ${k} dimensions needs at least ${k + 1} samples, got ${n}`);
  if (dm.data.some((d) => Number.isNaN(d)))
    fail('NON_NUMERIC_VALUE', 'NMDS: the distance matrix has missing (NaN) distances');
  if (!dm.data.some((d) => d > 0)) fail('INVALID_STUDY_DESIGN', 'NMDS: all distances are zero (all samples identical)');
  const controls = monoMdsControls(options);
  const sorted = sortDissimilarities(dm);
  let best = runMonoMds(sorted, classicalScaling(dm, k), k, controls);
  const initialStress = best.stress;
  let bestTry = 0,
    repeated = 0,
    tries = 0;
  const rng = createRng(options.seed);
  while (tries < minTries || (tries < trymax && repeated === 0)) {
    const run = runMonoMds(sorted, randomStart(rng, n, k), k, controls);
    tries++;
    if (best.stress - run.stress > -STRESS_SLACK) {
      const fit = procrustes(best.points, run.points, n, k, { symmetric: true });
      if (run.stress < best.stress) {
        best = run;
        repeated = 0;
        bestTry = tries;
      }
      if (fit.rmse < SAME_RMSE && Math.max(...fit.residuals) < SAME_RESIDUAL) repeated++;
    }
  }
  const warnings: string[] = [];
  if (best.stress < 1e-3) warnings.push('stress is (nearly) zero: you may have insufficient data');
  const post = postMds(
    best.points,
    dm,
    n,
    k,
    options.maxDistance === undefined ? 1 : options.maxDistance,
    options.threshold ?? 0.8,
    warnings,
  );
  return {
    ids: dm.ids,
    k,
    points: post.points,
    stress: best.stress,
    tries,
    bestTry,
    converged: repeated > 0,
    timesRepeated: repeated,
    seed: options.seed,
    iterations: best.iterations,
    stopCause: best.stopCause,
    initialStress,
    halfChange: post.halfChange,
    internalScaling: post.internalScaling,
    warnings,
  };
}

/** postMDS output. */
interface PostMds {
  points: Float64Array;
  halfChange: boolean;
  internalScaling: number;
}

/**
 * vegan `postMDS(pc = TRUE, center = TRUE)`: principal axes, then half-change scaling — regress the
 * dissimilarities below threshold·maxDistance on the ordination distances (d = a + b·o) and divide by
 * hc = (1 − a)/(2b), the ordination distance at which the expected dissimilarity is halfway from a to 1.
 * Without a ceiling, or with fewer than 10 such pairs, divide by max(o)/max(d) instead.
 */
function postMds(
  points: Float64Array,
  dm: DistanceMatrix,
  n: number,
  k: number,
  maxDistance: number | null,
  threshold: number,
  warnings: string[],
): PostMds {
  const x = principalAxes(points, n, k);
  const ordination = euclideanDistances(x, n, k);
  let divisor = Number.NaN;
  let halfChange = false;
  if (maxDistance !== null) {
    const fit = halfChangeFit(dm.data, ordination, threshold * maxDistance);
    if (fit === null) warnings.push('skipping half-change scaling: too few points below threshold');
    else {
      divisor = (1 - fit.intercept) / 2 / fit.slope;
      halfChange = true;
    }
  }
  if (!halfChange) {
    let maxO = 0,
      maxD = 0;
    for (let p = 0; p < ordination.length; p++) {
      maxO = Math.max(maxO, ordination[p]!);
      maxD = Math.max(maxD, dm.data[p]!);
    }
    divisor = maxO / maxD;
  }
  for (let q = 0; q < x.length; q++) x[q]! /= divisor;
  return { points: x, halfChange, internalScaling: divisor };
}

/** Least-squares line d = a + b·o over the pairs with d < limit; null when fewer than 10 pairs qualify. */
function halfChangeFit(
  diss: Float64Array,
  ordination: Float64Array,
  limit: number,
): { intercept: number; slope: number } | null {
  let count = 0,
    sumO = 0,
    sumD = 0;
  for (let p = 0; p < diss.length; p++) {
    if (!(diss[p]! < limit)) continue;
    count++;
    sumO += ordination[p]!;
    sumD += diss[p]!;
  }
  if (count < HALF_CHANGE_MIN_PAIRS) return null;
  const meanO = sumO / count,
    meanD = sumD / count;
  let sxy = 0,
    sxx = 0;
  for (let p = 0; p < diss.length; p++) {
    if (!(diss[p]! < limit)) continue;
    const o = ordination[p]! - meanO;
    sxy += o * (diss[p]! - meanD);
    sxx += o * o;
  }
  const slope = sxy / sxx;
  return { intercept: meanD - slope * meanO, slope };
}

/** Condensed Euclidean distances between the rows of an n × k configuration (DistanceMatrix order). */
function euclideanDistances(x: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0, p = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += (x[i * k + a]! - x[j * k + a]!) ** 2;
      out[p] = Math.sqrt(s);
    }
  return out;
}
