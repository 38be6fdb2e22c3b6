/**
 * The response-permutation test of ropls (Szymańska et al. 2012): the class
 * labels are shuffled permI times, a model with the observed model's number
 * of components is refitted on each (same X, same segments, no automatic
 * rule), and
 *
 *   pR²Y = (1 + #{R²Y* ≥ R²Y}) / permI,   pQ² = (1 + #{Q²* ≥ Q²}) / permI,
 *
 * where ropls compares the totals **after rounding both to 3 significant
 * digits** (its summary table is rounded with `signif(., 3)` before the
 * permutation loop reads it), so a permuted value equal to the observed one
 * at 3 digits counts as "at least as good". The denominator is permI, not
 * permI + 1 (ropls), so p can exceed 1 when every permutation wins.
 *
 * The shuffles come from `createRng(seed)` (Fisher–Yates on the sample
 * indices, a fresh uniform permutation each time), not from R's `sample`,
 * so the permuted models and the p-values differ from ropls's run by run.
 */
import { createRng } from '../../random/rng.js';
import { signif } from './rules.js';
import type { PermutationTest } from './types.js';

/** The totals the test compares. */
export interface ModelTotals {
  r2y: number;
  q2: number;
}

/** The counting rule, as recorded in results. */
export const PERMUTATION_RULE = 'p = (1 + #{signif(permuted, 3) >= signif(observed, 3)}) / permI (ropls)';

/** True when a permuted total counts against the model: signif(permuted, 3) ≥ signif(observed, 3). */
export function atLeastAsGood(permuted: number, observed: number): boolean {
  return signif(permuted, 3) >= signif(observed, 3);
}

/** Runs the test; `fitTotals` refits the fixed-size model on a batch of scaled responses. */
export function permutationTest(
  y: Float64Array,
  y01: Float64Array,
  observed: ModelTotals,
  permI: number,
  seed: number,
  batchSize: number,
  fitTotals: (ys: Float64Array[]) => ModelTotals[],
): PermutationTest {
  const n = y.length;
  const rng = createRng(seed);
  const r2yPermuted = new Float64Array(permI);
  const q2Permuted = new Float64Array(permI);
  const similarity = new Float64Array(permI);
  const order = new Int32Array(n);
  for (let start = 0; start < permI; start += batchSize) {
    const ys: Float64Array[] = [];
    for (let k = start; k < Math.min(permI, start + batchSize); k++) {
      for (let i = 0; i < n; i++) order[i] = i;
      rng.shuffleInPlace(order);
      let same = 0;
      for (let i = 0; i < n; i++) if (y01[order[i]!] === y01[i]) same++;
      similarity[k] = same / n;
      ys.push(Float64Array.from(order, (i) => y[i]!));
    }
    fitTotals(ys).forEach((t, b) => {
      r2yPermuted[start + b] = t.r2y;
      q2Permuted[start + b] = t.q2;
    });
  }
  let r2yCount = 0,
    q2Count = 0;
  for (let k = 0; k < permI; k++) {
    if (atLeastAsGood(r2yPermuted[k]!, observed.r2y)) r2yCount++;
    if (atLeastAsGood(q2Permuted[k]!, observed.q2)) q2Count++;
  }
  return {
    permI,
    seed,
    pR2Y: (1 + r2yCount) / permI,
    pQ2: (1 + q2Count) / permI,
    r2yPermuted,
    q2Permuted,
    similarity,
    rule: PERMUTATION_RULE,
  };
}
