import { condensedIndex, type DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { fail, type Result, tryParse } from '../errors.js';
import { createRng } from '../random/rng.js';
import { rank } from './rank.js';
import { keptInStratumOrder, permutationBlocks, shuffleWithinBlocks } from './stratified-permutation.js';

/** Options of `anosim`. */
export interface AnosimOptions {
  /** number of label permutations; 0 skips the test (p = NaN) @default 999 */
  permutations?: number;
  /** seed of the permutation stream (`createRng`), an integer in [0, 2^32) */
  seed: number;
  /** stratum code per sample (matrix order); labels are permuted only within a stratum (vegan `anosim(strata =)`) */
  strata?: Int32Array;
}

/** Result of an analysis of similarities. */
export interface AnosimResult {
  method: 'ANOSIM';
  testStatisticName: 'R';
  /** R = (r̄_B − r̄_W)/(M/2), M = n(n − 1)/2, ranks of the distances with ties at mid-rank */
  statistic: number;
  /** (#{R* ≥ R − √ε} + 1)/(permutations + 1) (vegan's tolerance, ε = 2^−52); NaN when permutations = 0 */
  p: number;
  permutations: number;
  /** the seed of the permutation stream */
  seed: number;
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
  /** mean rank of the between-group distances, r̄_B */
  meanRankBetween: number;
  /** mean rank of the within-group distances, r̄_W */
  meanRankWithin: number;
  /** number of within-group pairs, Σ_g n_g(n_g − 1)/2 (fixed under permutation) */
  withinPairs: number;
  /** number of between-group pairs, M − withinPairs */
  betweenPairs: number;
}

/** vegan's slack when counting permuted R values as at least as extreme: R* ≥ R − √(double ε). */
const EXTREME_TOLERANCE = Math.sqrt(2 ** -52);

/**
 * ANOSIM (Clarke 1993; vegan `anosim`): R = (r̄_B − r̄_W)/(M/2) on the mid-ranks of the n(n−1)/2 distances,
 * p = (#{R* ≥ R − √ε} + 1)/(permutations + 1) over label shuffles, within strata if given.
 * Data conditions come back as an error value: fewer than 2 groups, or no group with two samples (no within pair).
 * A group of one sample is allowed (it has no within pairs); all distances tied give R = 0 and p = 1, as in vegan.
 */
export function anosim(dm: DistanceMatrix, grouping: Int32Array, options: AnosimOptions): Result<AnosimResult> {
  const total = dm.ids.length;
  const permutations = options.permutations ?? 999;
  if (grouping.length !== total) throw new RangeError(`anosim: ${grouping.length} group codes for ${total} samples`);
  if (options.strata && options.strata.length !== total)
    throw new RangeError(`anosim: ${options.strata.length} strata codes for ${total} samples`);
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new RangeError(`anosim: permutations must be a non-negative integer, got ${permutations}`);
  return tryParse(() => anosimOrFail(dm, grouping, permutations, options));
}

/** The body of `anosim`; signals data conditions with `fail`. */
function anosimOrFail(
  dm: DistanceMatrix,
  grouping: Int32Array,
  permutations: number,
  options: AnosimOptions,
): AnosimResult {
  const kept = keptInStratumOrder(dm.ids, grouping, options.strata, 'ANOSIM');
  const n = kept.length;
  const groupCodes = [...new Set(kept.map((i) => grouping[i]!))].sort((a, b) => a - b);
  const g = groupCodes.length;
  if (g < 2) fail('INVALID_STUDY_DESIGN', `ANOSIM needs at least 2 groups; the samples with a group have ${g}`);
  const codeIndex = new Map(groupCodes.map((c, k) => [c, k]));
  const labels = Int32Array.from(kept, (i) => codeIndex.get(grouping[i]!)!);
  const groupSizes = new Array<number>(g).fill(0);
  for (const l of labels) groupSizes[l]!++;
  const withinPairs = groupSizes.reduce((s, m) => s + (m * (m - 1)) / 2, 0);
  if (withinPairs === 0)
    fail(
      'INVALID_STUDY_DESIGN',
      `ANOSIM needs replicates: each of the ${g} groups has a single sample, so there is no within-group distance`,
    );

  const ranks = rank(keptDistances(dm, kept)).ranks;
  const pairs = ranks.length;
  const betweenPairs = pairs - withinPairs;
  const rankTotal = (pairs * (pairs + 1)) / 2;
  const statisticOf = (withinSum: number) =>
    ((rankTotal - withinSum) / betweenPairs - withinSum / withinPairs) / (pairs / 2);

  const withinSum = withinRankSum(ranks, labels);
  const statistic = statisticOf(withinSum);

  let atLeastAsExtreme = 0;
  if (permutations > 0) {
    const rng = createRng(options.seed);
    const blocks = permutationBlocks(kept, options.strata);
    const permuted = labels.slice();
    const threshold = statistic - EXTREME_TOLERANCE;
    for (let r = 0; r < permutations; r++) {
      shuffleWithinBlocks(rng, permuted, blocks);
      if (statisticOf(withinRankSum(ranks, permuted)) >= threshold) atLeastAsExtreme++;
    }
  }

  return {
    method: 'ANOSIM',
    testStatisticName: 'R',
    statistic,
    p: permutations > 0 ? (atLeastAsExtreme + 1) / (permutations + 1) : Number.NaN,
    permutations,
    seed: options.seed,
    n,
    groups: g,
    groupCodes,
    groupSizes,
    nMissing: dm.ids.length - n,
    strata: options.strata !== undefined,
    meanRankBetween: (rankTotal - withinSum) / betweenPairs,
    meanRankWithin: withinSum / withinPairs,
    withinPairs,
    betweenPairs,
  };
}

/** Condensed distances among the kept samples, in their order. */
function keptDistances(dm: DistanceMatrix, kept: number[]): Float64Array {
  const n = kept.length;
  const total = dm.ids.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) out[k++] = dm.data[condensedIndex(kept[a]!, kept[b]!, total)]!;
  return out;
}

/** Σ of the ranks of the pairs (a < b, condensed order) whose two samples share a label. */
function withinRankSum(ranks: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  let sum = 0;
  let k = 0;
  for (let a = 0; a < n - 1; a++) {
    const la = labels[a]!;
    for (let b = a + 1; b < n; b++, k++) if (labels[b] === la) sum += ranks[k]!;
  }
  return sum;
}
