/**
 * Restricted permutations shared by the permutation tests (PERMANOVA, ANOSIM): samples are laid out
 * stratum by stratum so that every stratum is one contiguous block, and labels are shuffled only inside
 * a block (vegan `how(blocks = strata)`, permute `shuffleSet` with blocks).
 */
import { fail } from '../errors.js';
import type { Rng } from '../random/rng.js';

/** [start, end) of one stratum's run in the stratum-ordered sample list. */
export type Block = readonly [number, number];

/** Indices of the samples with a group (code ≥ 0), ordered by stratum (then matrix order) so each stratum is one contiguous block; `method` names the test in the error for a sample with a group but no stratum. */
export function keptInStratumOrder(
  ids: string[],
  grouping: Int32Array,
  strata: Int32Array | undefined,
  method: string,
): number[] {
  const kept: number[] = [];
  for (let i = 0; i < grouping.length; i++) {
    if (grouping[i]! < 0) continue;
    if (strata && strata[i]! < 0)
      fail('INVALID_STUDY_DESIGN', `${method}: sample '${ids[i]}' has a group but no stratum`);
    kept.push(i);
  }
  if (strata) kept.sort((a, b) => strata[a]! - strata[b]! || a - b);
  return kept;
}

/** [start, end) of each stratum's run in the stratum-ordered sample list. */
export function stratumBlocks(kept: number[], strata: Int32Array): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (let k = 1; k <= kept.length; k++) {
    if (k === kept.length || strata[kept[k]!] !== strata[kept[start]!]) {
      blocks.push([start, k]);
      start = k;
    }
  }
  return blocks;
}

/** The blocks of a design: one per stratum when `strata` is given, else the single block [0, n). */
export function permutationBlocks(kept: number[], strata: Int32Array | undefined): Block[] {
  return strata ? stratumBlocks(kept, strata) : [[0, kept.length] as const];
}

/** One restricted permutation: Fisher–Yates shuffle of `labels` inside every block, in block order. */
export function shuffleWithinBlocks(rng: Rng, labels: Int32Array, blocks: Block[]): void {
  for (const [start, end] of blocks) rng.shuffleInPlace(labels.subarray(start, end));
}
