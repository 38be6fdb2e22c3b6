/**
 * LEfSe (Segata et al. 2011, Genome Biology 12:R60; anchor LEfSe 1.1.2
 * `lefse_run.py`): Kruskal–Wallis across classes, the pairwise subclass
 * (Wilcoxon) step, then the bootstrap LDA effect size of the features that
 * passed both. Options carry LEfSe's defaults; the random parts use
 * `createRng(seed)` and the seed is recorded in the result.
 */
import { createRng } from '../../random/rng.js';
import type { LefseClades } from './clades.js';
import { lefseEffectSizes } from './effect-size.js';
import { lefseKruskalWallis } from './kruskal.js';
import {
  type LefseHierarchy,
  type MulticlassStrategy,
  passesWilcoxonStep,
  type SubclassCorrection,
} from './wilcoxon.js';

/** LEfSe's Python seed (`lefse.init()`), our default seed too. */
export const LEFSE_DEFAULT_SEED = 1982;

/** LEfSe options, named after `lefse_run.py`'s; every one defaults to LEfSe's default. */
export interface LefseOptions {
  /** `-a`: Kruskal–Wallis α (0.05); a feature passes when p < α */
  kwAlpha?: number;
  /** `-w`: subclass Wilcoxon α (0.05) */
  wilcoxonAlpha?: number;
  /** `-l`: |log10 LDA| must exceed this (2); negative skips the LDA (scores 0, every passing feature kept) */
  ldaThreshold?: number;
  /** `-b`: bootstrap subsamples of the LDA step (30) */
  bootstrap?: number;
  /** `-f`: subsample fraction (0.67) */
  fraction?: number;
  /** `--min_c`: subclasses smaller than this only compare medians (10) */
  minClassSize?: number;
  /** seed of `createRng` for the jitter and the subsamples (1982, LEfSe's Python seed; the streams differ) */
  seed?: number;
  /** `-y` (one-against-all) */
  multiclassStrategy?: MulticlassStrategy;
  /** `-s` (none) */
  subclassCorrection?: SubclassCorrection;
  /** `-e` (false) */
  onlySameSubclass?: boolean;
  /** `--wilc` (true): false skips the subclass step */
  wilcoxon?: boolean;
}

/** Every option with its value in force. */
export type ResolvedLefseOptions = Required<LefseOptions>;

/** Per-sample labels, aligned with the input's sampleIds. */
export interface LefseDesign {
  /** class of each sample (LEfSe `-c`) */
  classes: readonly string[];
  /** subclass of each sample (LEfSe `-s`); default one subclass per class */
  subclasses?: readonly string[];
  /** subject of each sample (LEfSe `-u`); only orders the samples */
  subjects?: readonly string[];
}

/** One clade's LEfSe result. */
export interface LefseFeature {
  clade: string;
  /** number of ranks */
  level: number;
  /** mean of the normalised values per class, in `LefseResult.classes` order */
  classMeans: number[];
  /** log10(max(largest class mean, 1)), LEfSe's output column 2 */
  log10MaxClassMean: number;
  /** class with the largest mean (first in class order on ties); LEfSe prints it only for discriminative features */
  enrichedClass: string;
  /** R `kruskal.test` p; null when all values are equal (R gives NaN) */
  kwP: number | null;
  kwPass: boolean;
  /** passed KW and the subclass step (equals kwPass when the step is off) */
  wilcoxonPass: boolean;
  /** log10 LDA score; null unless the feature passed both tests */
  lda: number | null;
  /** passed both tests and |lda| > ldaThreshold */
  discriminative: boolean;
}

/** How the LDA step went. */
export type LefseEffectSizeStatus =
  | {
      status: 'ok';
      features: number;
      subsampleSize: number;
      minPerClass: number;
      exhaustedBootstraps: number;
      jitteredClassFeatures: number;
    }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/** LEfSe's findings for every input clade (input order). */
export interface LefseResult {
  ok: true;
  /** class labels in code-point order (LEfSe's order) */
  classes: string[];
  classSizes: number[];
  /** sample ids as LEfSe orders them: by class, subclass, subject (then id) */
  sampleOrder: string[];
  seed: number;
  options: ResolvedLefseOptions;
  features: LefseFeature[];
  nKwPass: number;
  nWilcoxonPass: number;
  nDiscriminative: number;
  effectSize: LefseEffectSizeStatus;
}

/** LEfSe cannot run on this design. */
export interface LefseFailure {
  ok: false;
  reason: string;
}

/** LEfSe's defaults with `options` laid over them. */
export function resolveLefseOptions(options: LefseOptions = {}): ResolvedLefseOptions {
  return {
    kwAlpha: options.kwAlpha ?? 0.05,
    wilcoxonAlpha: options.wilcoxonAlpha ?? 0.05,
    ldaThreshold: options.ldaThreshold ?? 2,
    bootstrap: options.bootstrap ?? 30,
    fraction: options.fraction ?? 0.67,
    minClassSize: options.minClassSize ?? 10,
    seed: options.seed ?? LEFSE_DEFAULT_SEED,
    multiclassStrategy: options.multiclassStrategy ?? 'one-against-all',
    subclassCorrection: options.subclassCorrection ?? 'none',
    onlySameSubclass: options.onlySameSubclass ?? false,
    wilcoxon: options.wilcoxon ?? true,
  };
}

/**
 * Runs LEfSe on clade abundances (normally `buildLefseClades` output): per
 * clade the KW test across classes, the subclass step for those with p <
 * kwAlpha, and the LDA effect size of those passing both.
 */
export function runLefse(
  input: LefseClades,
  design: LefseDesign,
  options: LefseOptions = {},
): LefseResult | LefseFailure {
  const opts = resolveLefseOptions(options);
  const nS = input.sampleIds.length;
  const nC = input.clades.length;
  checkShapes(input, design);
  const order = lefseSampleOrder(input.sampleIds, design);
  const classes = [...new Set(design.classes)].sort(byCodePoint);
  if (classes.length < 2) return { ok: false, reason: `LEfSe needs at least 2 classes, found ${classes.length}` };
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const classOf = Int32Array.from(order, (i) => classIndex.get(design.classes[i]!)!);
  const classSizes = classes.map((_, k) => classOf.filter((c) => c === k).length);
  const hierarchy = lefseHierarchy(order, design, classes);
  const features: LefseFeature[] = [];
  const passing: number[] = [];
  const row = new Float64Array(nS);
  for (let c = 0; c < nC; c++) {
    for (let k = 0; k < nS; k++) row[k] = input.values[c * nS + order[k]!]!;
    const feature = testFeature(input, c, row, classOf, classes, hierarchy, opts);
    if (feature.wilcoxonPass) passing.push(c);
    features.push(feature);
  }
  const effectSize = scorePassing(input, passing, order, classOf, classes.length, features, opts);
  return {
    ok: true,
    classes,
    classSizes,
    sampleOrder: Array.from(order, (i) => input.sampleIds[i]!),
    seed: opts.seed,
    options: opts,
    features,
    nKwPass: features.filter((f) => f.kwPass).length,
    nWilcoxonPass: passing.length,
    nDiscriminative: features.filter((f) => f.discriminative).length,
    effectSize,
  };
}

/** Throws unless the values and the labels match the samples. */
function checkShapes(input: LefseClades, design: LefseDesign): void {
  const nS = input.sampleIds.length;
  if (input.values.length !== input.clades.length * nS)
    throw new RangeError(
      `values has ${input.values.length} entries, expected ${input.clades.length} clades × ${nS} samples`,
    );
  if (input.levels.length !== input.clades.length)
    throw new RangeError(`levels has ${input.levels.length} entries for ${input.clades.length} clades`);
  for (const [name, labels] of [
    ['classes', design.classes],
    ['subclasses', design.subclasses],
    ['subjects', design.subjects],
  ] as const)
    if (labels !== undefined && labels.length !== nS)
      throw new RangeError(`${name} has ${labels.length} labels for ${nS} samples`);
}

/** Sample positions sorted as `lefse_format_input.py` sorts them: class, then subclass, then subject (code point), then sample id. */
export function lefseSampleOrder(sampleIds: readonly string[], design: LefseDesign): Int32Array {
  const order = Int32Array.from(sampleIds, (_, i) => i);
  const keys = [design.classes, design.subclasses, design.subjects].filter(
    (k): k is readonly string[] => k !== undefined,
  );
  return order.sort((a, b) => {
    for (const k of keys) {
      const d = byCodePoint(k[a]!, k[b]!);
      if (d !== 0) return d;
    }
    return byCodePoint(sampleIds[a]!, sampleIds[b]!) || a - b;
  });
}

/**
 * Classes with their subclasses and sample positions (in `order`). Without
 * subclasses each class has one, `<class>_subcl`; a subclass name used by
 * several classes becomes `<class>_<name>` (LEfSe `rename_same_subcl`).
 */
export function lefseHierarchy(order: Int32Array, design: LefseDesign, classes: string[]): LefseHierarchy {
  const raw = design.subclasses ?? design.classes.map((c) => `${c}_subcl`);
  const classesOfName = new Map<string, Set<string>>();
  raw.forEach((s, i) => classesOfName.set(s, (classesOfName.get(s) ?? new Set()).add(design.classes[i]!)));
  const subclasses = classes.map((cls) => {
    const byName = new Map<string, number[]>();
    order.forEach((i, pos) => {
      if (design.classes[i] !== cls) return;
      const list = byName.get(raw[i]!) ?? [];
      list.push(pos);
      byName.set(raw[i]!, list);
    });
    return [...byName.keys()].sort(byCodePoint).map((s) => ({
      name: classesOfName.get(s)!.size > 1 ? `${cls}_${s}` : s,
      samples: Int32Array.from(byName.get(s)!),
    }));
  });
  return { classes, subclasses };
}

/** KW, class means and the subclass step of clade c (`row` = its values in LEfSe's sample order). */
function testFeature(
  input: LefseClades,
  c: number,
  row: Float64Array,
  classOf: Int32Array,
  classes: string[],
  hierarchy: LefseHierarchy,
  opts: ResolvedLefseOptions,
): LefseFeature {
  const classMeans = meansByClass(row, classOf, classes.length);
  const kw = lefseKruskalWallis(row, classOf, classes.length);
  const kwPass = kw.p < opts.kwAlpha;
  const wilcoxonPass =
    kwPass &&
    (!opts.wilcoxon ||
      passesWilcoxonStep(row, hierarchy, {
        alpha: opts.wilcoxonAlpha,
        minClassSize: opts.minClassSize,
        multiclassStrategy: opts.multiclassStrategy,
        correction: opts.subclassCorrection,
        onlySameSubclass: opts.onlySameSubclass,
      }));
  const top = Math.max(...classMeans);
  return {
    clade: input.clades[c]!,
    level: input.levels[c]!,
    classMeans,
    log10MaxClassMean: Math.log10(Math.max(top, 1)),
    enrichedClass: classes[classMeans.indexOf(top)]!,
    kwP: Number.isNaN(kw.p) ? null : kw.p,
    kwPass,
    wilcoxonPass,
    lda: null,
    discriminative: false,
  };
}

/** Mean of the values of each class (numpy `mean` over the class slice). */
function meansByClass(row: Float64Array, classOf: Int32Array, nClasses: number): number[] {
  const sum = new Array<number>(nClasses).fill(0);
  const count = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < row.length; i++) {
    sum[classOf[i]!] += row[i]!;
    count[classOf[i]!]++;
  }
  return sum.map((s, k) => s / count[k]!);
}

/** Fills `lda` and `discriminative` of the passing features (LEfSe `test_lda_r`, or score 0 for all when ldaThreshold < 0). */
function scorePassing(
  input: LefseClades,
  passing: number[],
  order: Int32Array,
  classOf: Int32Array,
  nClasses: number,
  features: LefseFeature[],
  opts: ResolvedLefseOptions,
): LefseEffectSizeStatus {
  if (passing.length === 0) return { status: 'skipped', reason: 'no feature passed the tests' };
  if (opts.ldaThreshold < 0) {
    for (const c of passing) Object.assign(features[c]!, { lda: 0, discriminative: true });
    return { status: 'skipped', reason: 'ldaThreshold < 0: LDA not run, every passing feature kept with score 0' };
  }
  const nS = order.length;
  const values = new Float64Array(passing.length * nS);
  passing.forEach((c, j) => {
    for (let k = 0; k < nS; k++) values[j * nS + k] = input.values[c * nS + order[k]!]!;
  });
  const fit = lefseEffectSizes(
    values,
    passing.length,
    classOf,
    nClasses,
    { bootstrap: opts.bootstrap, fraction: opts.fraction },
    createRng(opts.seed),
  );
  if (!fit.ok) return { status: 'failed', reason: fit.reason };
  passing.forEach((c, j) => {
    const lda = fit.scores[j]!;
    Object.assign(features[c]!, { lda, discriminative: Math.abs(lda) > opts.ldaThreshold });
  });
  const { subsampleSize, minPerClass, exhaustedBootstraps, jitteredClassFeatures } = fit;
  return {
    status: 'ok',
    features: passing.length,
    subsampleSize,
    minPerClass,
    exhaustedBootstraps,
    jitteredClassFeatures,
  };
}

/** Code-point order (Python's str comparison). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
