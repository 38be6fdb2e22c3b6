/**
 * LEfSe's second step, `test_rep_wilcoxon_r` (LEfSe 1.1.2, default
 * non-"curv" mode): for every pair of classes, every subclass of one is
 * compared with every subclass of the other. A comparison where either
 * subclass has fewer than `minClassSize` samples only compares medians;
 * otherwise it runs coin's `wilcox_test` (asymptotic) and needs p < 2α. All
 * comparisons of a pair must agree in direction (median of the first class
 * below that of the second, or above) for the pair to differ.
 */
import { normalUpperTail } from '../../stats/distributions/normal-upper-tail.js';
import { rank } from '../../stats/rank.js';

/** LEfSe `-y`: 0 = a class must differ from every other class (one-against-all), 1 = every pair must differ. */
export type MulticlassStrategy = 'one-against-all' | 'one-against-one';
/** LEfSe `-s`: 0 none, 1 Šidák-style 1 − (1 − α)^m over the m subclass pairs, 2 Bonferroni-style α·m. */
export type SubclassCorrection = 'none' | 'independent' | 'dependent';

/** One subclass: its name (as LEfSe renames it) and its sample positions. */
export interface LefseSubclass {
  name: string;
  samples: Int32Array;
}

/** Classes in code-point order, each with its subclasses in code-point order. */
export interface LefseHierarchy {
  classes: string[];
  subclasses: LefseSubclass[][];
}

/** Parameters of the subclass step (LEfSe names in brackets). */
export interface WilcoxonStepOptions {
  /** `-w` */
  alpha: number;
  /** `--min_c`: below this many samples a subclass only compares medians */
  minClassSize: number;
  /** `-y` */
  multiclassStrategy: MulticlassStrategy;
  /** `-s` */
  correction: SubclassCorrection;
  /** `-e 1`: compare only subclasses with the same name after the class prefix */
  onlySameSubclass: boolean;
}

/**
 * Two-sided p of coin `pvalue(wilcox_test(x ~ y))` (asymptotic): z =
 * (W − n₁(N+1)/2)/√V with W the mid-rank sum of `a` and the permutation
 * variance V = n₁n₂/(N(N−1)) Σ(r − r̄)², p = 2·P(Z > |z|); NaN when V = 0.
 */
export function coinWilcoxonP(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length,
    n2 = b.length,
    n = n1 + n2;
  const pooled = new Float64Array(n);
  for (let i = 0; i < n1; i++) pooled[i] = a[i]!;
  for (let i = 0; i < n2; i++) pooled[n1 + i] = b[i]!;
  const { ranks } = rank(pooled);
  let w = 0;
  for (let i = 0; i < n1; i++) w += ranks[i]!;
  const mean = (n + 1) / 2;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (ranks[i]! - mean) ** 2;
  const v = ((n1 * n2) / (n * (n - 1))) * ss;
  if (!(v > 0)) return Number.NaN;
  return 2 * normalUpperTail(Math.abs(w - n1 * mean) / Math.sqrt(v));
}

/** numpy `median`: the middle value, or the mean of the two middle values. */
export function median(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** True when the feature passes LEfSe's subclass step for this hierarchy. */
export function passesWilcoxonStep(
  values: Float64Array,
  hierarchy: LefseHierarchy,
  options: WilcoxonStepOptions,
): boolean {
  const { classes } = hierarchy;
  const differing: [number, number][] = [];
  for (let x = 0; x < classes.length; x++) {
    for (let y = x + 1; y < classes.length; y++) {
      const diff = classPairDiffers(values, hierarchy, x, y, options);
      if (!diff && options.multiclassStrategy === 'one-against-one') return false;
      if (diff) differing.push([x, y]);
    }
  }
  if (options.multiclassStrategy === 'one-against-one') return true;
  for (let k = 0; k < classes.length; k++) {
    const nk = differing.filter(([x, y]) => x === k || y === k).length;
    if (nk === classes.length - 1) return true;
  }
  return false;
}

/** α for one subclass comparison of a pair with m = l₁·l₂ comparisons (`-s`). */
function comparisonAlpha(alpha: number, m: number, correction: SubclassCorrection): number {
  if (correction === 'dependent') return alpha * m;
  if (correction === 'independent') return 1 - (1 - alpha) ** m;
  return alpha;
}

/**
 * LEfSe's loop over the subclass pairs of classes x < y: the first
 * comparison fixes the direction (it passes when it only compares medians or
 * its test is significant); every later one must keep the direction with
 * distinct medians (and be significant when tested). Two constant subclasses
 * of equal value end the loop as a failure.
 */
function classPairDiffers(
  values: Float64Array,
  hierarchy: LefseHierarchy,
  x: number,
  y: number,
  options: WilcoxonStepOptions,
): boolean {
  const subX = hierarchy.subclasses[x]!,
    subY = hierarchy.subclasses[y]!;
  const nameX = hierarchy.classes[x]!,
    nameY = hierarchy.classes[y]!;
  const alpha = comparisonAlpha(options.alpha, subX.length * subY.length, options.correction);
  let ok = 0;
  let first = true;
  let direction: boolean | null = null;
  let significant = false;
  for (const k1 of subX) {
    let stop = false;
    for (const k2 of subY) {
      if (options.onlySameSubclass && k1.name.slice(nameX.length) !== k2.name.slice(nameY.length)) {
        ok++;
        continue;
      }
      const cl1 = pick(values, k1.samples),
        cl2 = pick(values, k2.samples);
      const medianOnly = cl1.length < options.minClassSize || cl2.length < options.minClassSize;
      const sx = median(cl1),
        sy = median(cl2);
      if (cl1[0] === cl2[0] && isConstant(cl1) && isConstant(cl2)) {
        significant = false;
        first = false;
      } else if (!medianOnly) significant = coinWilcoxonP(cl1, cl2) < alpha * 2;
      if (first) {
        first = false;
        if (medianOnly || significant) direction = sx < sy;
        else stop = true;
      } else if (medianOnly) {
        if (direction === null || sx < sy !== direction || sx === sy) stop = true;
      } else if (!significant || direction === null || sx < sy !== direction || sx === sy) stop = true;
      if (stop) break;
      ok++;
    }
    if (stop) break;
  }
  return ok === subX.length * subY.length;
}

/** values at the given positions. */
function pick(values: Float64Array, at: Int32Array): Float64Array {
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) out[i] = values[at[i]!]!;
  return out;
}

/** All values equal (Python `len(set(x)) == 1`). */
function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return x.length > 0;
}
