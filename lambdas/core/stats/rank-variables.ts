/**
 * Variables ranked once for many Spearman correlations: each row's average
 * ranks r become the centred doubled ranks c = 2r − (n + 1), which are
 * integers (a tie group spanning ranks a..b shares a + b), so Σ c_x c_y and
 * Σ c² are exact in double arithmetic while n(n − 1)² < 2^53 (n up to about
 * 200,000). ρ = Σ c_x c_y / (√Σc_x² √Σc_y²) is then Pearson's r of the average
 * ranks with only the final rounding.
 */
import { rank } from './rank.js';

/** Largest n for which every centred-rank cross product sum is an exact integer in double arithmetic. */
export const MAX_EXACT_RANK_SAMPLES = 200_000;

/** Rows of centred doubled ranks of the non-constant variables. */
export interface RankedVariables {
  /** ids of the kept (non-constant) variables */
  ids: string[];
  /** row of each kept variable in the input */
  index: Int32Array;
  /** kept × n, row-major */
  centered: Float64Array;
  /** √Σ c² per kept variable */
  scale: Float64Array;
  n: number;
  /** ids of the variables left out because they are constant over the n samples */
  constant: string[];
}

/** Ranks each row of `values` (rows × n, row-major, no NaN) and keeps the non-constant ones. */
export function rankVariables(ids: string[], values: Float64Array, n: number): RankedVariables {
  if (values.length !== ids.length * n)
    throw new RangeError(`rankVariables: ${values.length} values for ${ids.length} variables × ${n} samples`);
  if (n > MAX_EXACT_RANK_SAMPLES) throw new RangeError(`rankVariables: ${n} samples exceed ${MAX_EXACT_RANK_SAMPLES}`);
  const keptIds: string[] = [];
  const index: number[] = [];
  const constant: string[] = [];
  const centered = new Float64Array(ids.length * n);
  const scale: number[] = [];
  for (let v = 0; v < ids.length; v++) {
    const { ranks } = rank(values.subarray(v * n, (v + 1) * n));
    const out = centered.subarray(keptIds.length * n, (keptIds.length + 1) * n);
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const c = 2 * ranks[k]! - (n + 1);
      out[k] = c;
      ss += c * c;
    }
    if (ss === 0) {
      constant.push(ids[v]!);
      continue;
    }
    keptIds.push(ids[v]!);
    index.push(v);
    scale.push(Math.sqrt(ss));
  }
  return {
    ids: keptIds,
    index: Int32Array.from(index),
    centered: centered.slice(0, keptIds.length * n),
    scale: Float64Array.from(scale),
    n,
    constant,
  };
}

/** ρ from an exact centred-rank cross product, clamped to [−1, 1]. */
export function rhoOf(cross: number, scaleX: number, scaleY: number): number {
  const r = cross / (scaleX * scaleY);
  return r > 1 ? 1 : Math.max(r, -1);
}
