import { condensedIndex, type DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { fail } from '../errors.js';
import { createRng } from '../random/rng.js';
import { keptInStratumOrder, stratumBlocks } from './stratified-permutation.js';

/** Options of `permanova`. */
export interface PermanovaOptions {
  /** number of label permutations; 0 skips the test (p = NaN) @default 999 */
  permutations?: number;
  /** seed of the permutation stream (`createRng`), an integer in [0, 2^32) */
  seed: number;
  /** stratum code per sample (matrix order); labels are permuted only within a stratum (vegan `how(blocks = strata)`) */
  strata?: Int32Array;
}

/** Result of a one-factor PERMANOVA. */
export interface PermanovaResult {
  method: 'PERMANOVA';
  testStatisticName: 'pseudo-F';
  /** pseudo-F = ((SS_T − SS_W)/(g − 1)) / (SS_W/(n − g)) */
  statistic: number;
  /** R² = 1 − SS_W/SS_T */
  r2: number;
  /** (#{F* ≥ F} + 1)/(permutations + 1); NaN when permutations = 0 */
  p: number;
  permutations: number;
  /** samples with a group */
  n: number;
  /** groups, g */
  groups: number;
  /** the distinct group codes, ascending, and their sizes */
  groupCodes: number[];
  groupSizes: number[];
  /** samples left out because their group code is −1 */
  nMissing: number;
  /** true when permutations were restricted within strata */
  strata: boolean;
  ssTotal: number;
  ssWithin: number;
}

/** A permutation counts as at least as extreme when SS_W* ≤ SS_W + this · SS_T, so relabellings of the observed partition always count despite rounding. */
const TIE_TOLERANCE = 1e-12;

/** pseudo-F = ((SS_T − SS_W)/(g−1)) / (SS_W/(n−g)), p = (#{F* ≥ F} + 1)/(perms + 1) over label shuffles, within strata if given (skbio `permanova`, vegan `adonis2`). */
export function permanova(dm: DistanceMatrix, grouping: Int32Array, options: PermanovaOptions): PermanovaResult {
  const total = dm.ids.length;
  const permutations = options.permutations ?? 999;
  if (grouping.length !== total) throw new RangeError(`permanova: ${grouping.length} group codes for ${total} samples`);
  if (options.strata && options.strata.length !== total)
    throw new RangeError(`permanova: ${options.strata.length} strata codes for ${total} samples`);
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new RangeError(`permanova: permutations must be a non-negative integer, got ${permutations}`);

  const kept = keptInStratumOrder(dm.ids, grouping, options.strata, 'PERMANOVA');
  const n = kept.length;
  const nMissing = total - n;
  const groupCodes = [...new Set(kept.map((i) => grouping[i]!))].sort((a, b) => a - b);
  const g = groupCodes.length;
  if (g < 2) fail('INVALID_STUDY_DESIGN', `PERMANOVA needs at least 2 groups; the samples with a group have ${g}`);
  if (n <= g)
    fail(
      'INVALID_STUDY_DESIGN',
      `PERMANOVA needs more samples than groups; ${n} samples in ${g} groups leave no residual degrees of freedom`,
    );

  const codeIndex = new Map(groupCodes.map((c, k) => [c, k]));
  const labels = Int32Array.from(kept, (i) => codeIndex.get(grouping[i]!)!);
  const groupSizes = new Array<number>(g).fill(0);
  for (const l of labels) groupSizes[l]!++;
  const inverseSizes = Float64Array.from(groupSizes, (s) => 1 / s);

  const squared = squaredDistances(dm, kept);
  let sum = 0;
  for (let k = 0; k < squared.length; k++) sum += squared[k]!;
  const ssTotal = sum / n;
  const ssWithin = withinSumOfSquares(squared, labels, inverseSizes);
  const pseudoF = (ss: number) => (ssTotal - ss) / (g - 1) / (ss / (n - g));

  let atLeastAsExtreme = 0;
  if (permutations > 0) {
    const rng = createRng(options.seed);
    const blocks = options.strata ? stratumBlocks(kept, options.strata) : [[0, n] as const];
    const permuted = labels.slice();
    const threshold = ssWithin + TIE_TOLERANCE * ssTotal;
    for (let r = 0; r < permutations; r++) {
      for (const [start, end] of blocks) rng.shuffleInPlace(permuted.subarray(start, end));
      if (withinSumOfSquares(squared, permuted, inverseSizes) <= threshold) atLeastAsExtreme++;
    }
  }

  return {
    method: 'PERMANOVA',
    testStatisticName: 'pseudo-F',
    statistic: pseudoF(ssWithin),
    r2: 1 - ssWithin / ssTotal,
    p: permutations > 0 ? (atLeastAsExtreme + 1) / (permutations + 1) : Number.NaN,
    permutations,
    n,
    groups: g,
    groupCodes,
    groupSizes,
    nMissing,
    strata: options.strata !== undefined,
    ssTotal,
    ssWithin,
  };
}

/** Condensed squared distances among the kept samples, in their order. */
function squaredDistances(dm: DistanceMatrix, kept: number[]): Float64Array {
  const n = kept.length;
  const total = dm.ids.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = dm.data[condensedIndex(kept[a]!, kept[b]!, total)]!;
      out[k++] = d * d;
    }
  }
  return out;
}

/** SS_W = Σ_g (1/n_g) Σ_(i<j, both in g) d²_ij for condensed squared distances and labels 0..g−1. */
function withinSumOfSquares(squared: Float64Array, labels: Int32Array, inverseSizes: Float64Array): number {
  const n = labels.length;
  const sums = new Float64Array(inverseSizes.length);
  let k = 0;
  for (let a = 0; a < n - 1; a++) {
    const la = labels[a]!;
    let s = 0;
    for (let b = a + 1; b < n; b++, k++) if (labels[b] === la) s += squared[k]!;
    sums[la]! += s;
  }
  let ss = 0;
  for (let l = 0; l < sums.length; l++) ss += sums[l]! * inverseSizes[l]!;
  return ss;
}
