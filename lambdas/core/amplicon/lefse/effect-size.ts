/**
 * LEfSe's third step, `test_lda_r` (LEfSe 1.1.2): the LDA effect size of the
 * features that passed the tests, estimated over bootstrap subsamples. The
 * random draws come from our seeded generator, not Python's Mersenne
 * Twister, so single scores differ from LEfSe's by bootstrap noise only.
 */
import type { Rng } from '../../random/rng.js';
import { LEFSE_LDA_TOL, ldaFirstDiscriminant } from './lda.js';

/** Draws LEfSe tries per bootstrap before it keeps the last one anyway. */
export const MAX_SUBSAMPLE_DRAWS = 1000;

/** Parameters of the effect-size step (LEfSe names in brackets). */
export interface EffectSizeOptions {
  /** `-b`: bootstrap subsamples */
  bootstrap: number;
  /** `-f`: subsample size as a fraction of the samples (drawn with replacement) */
  fraction: number;
}

/** Per-feature log10 LDA scores and how the subsampling went. */
export interface EffectSizes {
  ok: true;
  /** log10(1 + m) per feature, m = the largest class-pair mean of (|Δ mean| + |Δ LD · w|)/2 over the bootstraps */
  scores: Float64Array;
  /** subsample size, ⌊n · fraction⌋ */
  subsampleSize: number;
  /** smallest per-class count a subsample must reach, max(1, ⌊min n_c · f² / 2⌋) */
  minPerClass: number;
  /** bootstraps whose 1000 draws all failed LEfSe's check (the last draw is used, as LEfSe does) */
  exhaustedBootstraps: number;
  /** values of features × classes that were jittered */
  jitteredClassFeatures: number;
}

/** The step could not run: MASS `lda` would stop with this error. */
export interface EffectSizeFailure {
  ok: false;
  reason: string;
}

/**
 * `values` is p × n feature-major (feature j of sample i at j·n + i),
 * `classOf[i]` the class index of sample i (0..nClasses − 1, every class
 * present). Steps: jitter (`jitterFewValued`), then `bootstrap` times draw a
 * subsample that passes `subsampleRejected` (≤ 1000 tries), fit MASS `lda`
 * on it and add, per class pair (a, b) and feature j,
 * (|m_aj − m_bj| + |w_j| · |mean_a(LD) − mean_b(LD)|)/2, where w is the
 * first discriminant scaled to unit length and LD = x·w. Score =
 * log10(1 + max over pairs of the bootstrap mean).
 */
export function lefseEffectSizes(
  values: Float64Array,
  p: number,
  classOf: Int32Array,
  nClasses: number,
  options: EffectSizeOptions,
  rng: Rng,
): EffectSizes | EffectSizeFailure {
  const n = classOf.length;
  const x = Float64Array.from(values);
  const jitteredClassFeatures = jitterFewValued(x, p, classOf, nClasses, rng);
  const size = Math.floor(n * options.fraction);
  const classSize = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) classSize[classOf[i]!]!++;
  const minPerClass = Math.max(1, Math.floor(Math.min(...classSize) * options.fraction * options.fraction * 0.5));
  const pairs: [number, number][] = [];
  for (let a = 0; a < nClasses; a++) for (let b = a + 1; b < nClasses; b++) pairs.push([a, b]);
  const sums = new Float64Array(pairs.length * p);
  const draw = new Int32Array(size);
  const sub = new Float64Array(size * p);
  const subClass = new Int32Array(size);
  let exhaustedBootstraps = 0;
  for (let boot = 0; boot < options.bootstrap; boot++) {
    if (!drawSubsample(draw, x, p, classOf, nClasses, minPerClass, rng)) exhaustedBootstraps++;
    for (let i = 0; i < size; i++) {
      subClass[i] = classOf[draw[i]!]!;
      for (let j = 0; j < p; j++) sub[i * p + j] = x[j * n + draw[i]!]!;
    }
    const fit = ldaFirstDiscriminant(sub, size, p, subClass, nClasses, LEFSE_LDA_TOL);
    if (!fit.ok) return { ok: false, reason: `bootstrap ${boot + 1}: ${fit.reason}` };
    addPairEffects(sums, pairs, nClasses, sub, size, p, subClass, fit.groups, fit.means, unit(fit.ld1));
  }
  const scores = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let m = -Infinity;
    for (let q = 0; q < pairs.length; q++) m = Math.max(m, sums[q * p + j]! / options.bootstrap);
    scores[j] = Math.sign(m) * Math.log10(1 + Math.abs(m));
  }
  return { ok: true, scores, subsampleSize: size, minPerClass, exhaustedBootstraps, jitteredClassFeatures };
}

/**
 * Per feature and class with at most max(n_c/2, 4) distinct values: every
 * value of that class becomes |x + N(0, max(0.05·x, 0.01))| (in place), so
 * `lda` meets no constant column. Returns how many (feature, class) were jittered.
 */
export function jitterFewValued(x: Float64Array, p: number, classOf: Int32Array, nClasses: number, rng: Rng): number {
  const n = classOf.length;
  const members: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < n; i++) members[classOf[i]!]!.push(i);
  let jittered = 0;
  for (let j = 0; j < p; j++) {
    const row = j * n;
    for (let c = 0; c < nClasses; c++) {
      const rows = members[c]!;
      const distinct = new Set<number>();
      for (const i of rows) distinct.add(x[row + i]!);
      if (distinct.size > Math.max(rows.length * 0.5, 4)) continue;
      jittered++;
      for (const i of rows) {
        const v = x[row + i]!;
        x[row + i] = Math.abs(v + rng.normal(0, Math.max(v * 0.05, 0.01)));
      }
    }
  }
  return jittered;
}

/** Up to 1000 draws of `draw.length` indices with replacement until one passes; false when none did (the last stays). */
function drawSubsample(
  draw: Int32Array,
  x: Float64Array,
  p: number,
  classOf: Int32Array,
  nClasses: number,
  minPerClass: number,
  rng: Rng,
): boolean {
  const n = classOf.length;
  for (let attempt = 0; attempt < MAX_SUBSAMPLE_DRAWS; attempt++) {
    for (let i = 0; i < draw.length; i++) draw[i] = rng.nextInt(n);
    if (!subsampleRejected(draw, x, p, classOf, nClasses, minPerClass)) return true;
  }
  return false;
}

/**
 * LEfSe's `contast_within_classes_or_few_per_class`: a subsample is
 * rejected when a class is missing, has fewer than `minPerClass` draws, or
 * when some feature takes at most `minPerClass` distinct values within a class.
 */
export function subsampleRejected(
  draw: Int32Array,
  x: Float64Array,
  p: number,
  classOf: Int32Array,
  nClasses: number,
  minPerClass: number,
): boolean {
  const n = classOf.length;
  const members: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < draw.length; i++) members[classOf[draw[i]!]!]!.push(draw[i]!);
  for (const rows of members) if (rows.length === 0 || rows.length < minPerClass) return true;
  const seen = new Float64Array(minPerClass + 1);
  for (const rows of members) {
    for (let j = 0; j < p; j++) {
      const row = j * n;
      let distinct = 0;
      for (let k = 0; k < rows.length && distinct <= minPerClass; k++) {
        const v = x[row + rows[k]!]!;
        let known = false;
        for (let d = 0; d < distinct; d++) if (seen[d] === v) known = true;
        if (!known) seen[distinct++] = v;
      }
      if (distinct <= minPerClass) return true;
    }
  }
  return false;
}

/** w / ‖w‖ (R `w / sqrt(sum(w^2))`). */
function unit(w: Float64Array): Float64Array {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j]! * w[j]!;
  const norm = Math.sqrt(s);
  return w.map((v) => v / norm);
}

/**
 * For each class pair (a, b): effect = |mean LD over a − mean LD over b|
 * (NaN, counted as 0, when a class is absent), coefficient_j = |w_j·effect|,
 * and sums[pair, j] += (|m_aj − m_bj| + coefficient_j)/2 with m = the
 * subsample's class means (0 for an absent class).
 */
function addPairEffects(
  sums: Float64Array,
  pairs: [number, number][],
  nClasses: number,
  sub: Float64Array,
  size: number,
  p: number,
  subClass: Int32Array,
  groups: Int32Array,
  means: Float64Array,
  w: Float64Array,
): void {
  const ldSum = new Float64Array(nClasses);
  const ldCount = new Int32Array(nClasses);
  for (let i = 0; i < size; i++) {
    let ld = 0;
    for (let j = 0; j < p; j++) ld += sub[i * p + j]! * w[j]!;
    ldSum[subClass[i]!]! += ld;
    ldCount[subClass[i]!]!++;
  }
  const slot = new Int32Array(nClasses).fill(-1);
  groups.forEach((c, s) => (slot[c] = s));
  pairs.forEach(([a, b], q) => {
    const effect = Math.abs(ldSum[a]! / ldCount[a]! - ldSum[b]! / ldCount[b]!);
    for (let j = 0; j < p; j++) {
      const ma = slot[a]! >= 0 ? means[slot[a]! * p + j]! : 0;
      const mb = slot[b]! >= 0 ? means[slot[b]! * p + j]! : 0;
      const c = Math.abs(w[j]! * effect);
      sums[q * p + j]! += (Math.abs(ma - mb) + (Number.isNaN(c) ? 0 : c)) * 0.5;
    }
  });
}
