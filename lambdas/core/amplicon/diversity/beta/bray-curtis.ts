import type { FeatureTable } from '../../../table/feature-table.js';
import { rowBase } from './distance-matrix.js';
import { checkRows, clearRows, postingCursor } from './pairs.js';
import { type Postings, postingsFrom, rowBlocks, sampleSums } from './samples.js';

/** Below this Bray–Curtis value the fast form 1 − 2Σmin/(Nx+Ny) is recomputed as Σ|x−y| / Σ(x+y), so cancellation costs at most ~1e-13 relative on non-integer tables. */
export const BRAY_CURTIS_RECOMPUTE_BELOW = 1e-3;

/**
 * Bray–Curtis for rows [rowStart, rowEnd): out[condensedIndex(i, j, n)] =
 * Σ|x−y| / Σ(x+y) = (Nx + Ny − 2 Σ_{shared} min(x, y)) / (Nx + Ny), j > i.
 * scikit-bio `braycurtis`, vegan `vegdist("bray")`. Every sample must be
 * non-empty. For counts every sum is an exact integer, so the result is the
 * correctly rounded quotient, the same double scipy gives.
 */
export function brayCurtisRows(table: FeatureTable, rowStart: number, rowEnd: number, out: Float64Array): void {
  const n = table.sampleIds.length;
  checkRows(n, rowStart, rowEnd, out);
  const depth = sampleSums(table, table.data, rowStart);
  const post = postingsFrom(table, rowStart, table.data);
  const cursor = postingCursor(post.start);
  for (const [r0, r1] of rowBlocks(rowStart, rowEnd, n)) {
    clearRows(out, r0, r1, n);
    addTwiceSharedMinima(post, cursor, r1, n, out);
    for (let i = r0; i < r1; i++) finishBrayCurtisRow(table, i, depth, out);
  }
}

/** out(i, j) += Σ_{f shared} 2·min(x_f, y_f) for rows i < r1 still ahead of `cursor`, using 2·min(x, y) = x + y − |x − y| (branch-free, exact on integers). */
function addTwiceSharedMinima(post: Postings, cursor: Int32Array, r1: number, n: number, out: Float64Array): void {
  const { start, samples, values } = post;
  for (let f = 0; f < cursor.length; f++) {
    const end = start[f + 1]!;
    let a = cursor[f]!;
    for (; a < end; a++) {
      const i = samples[a]!;
      if (i >= r1) break;
      const x = values[a]!,
        base = rowBase(i, n);
      for (let q = a + 1; q < end; q++) {
        const y = values[q]!;
        out[base + samples[q]!]! += x + y - Math.abs(x - y);
      }
    }
    cursor[f] = a;
  }
}

/** Turns row i's accumulated 2Σmin into (Nx + Ny − 2Σmin) / (Nx + Ny). */
function finishBrayCurtisRow(table: FeatureTable, i: number, depth: Float64Array, out: Float64Array): void {
  const n = depth.length,
    base = rowBase(i, n),
    di = depth[i]!;
  for (let j = i + 1; j < n; j++) {
    const total = di + depth[j]!;
    const d = (total - out[base + j]!) / total;
    out[base + j] = d < BRAY_CURTIS_RECOMPUTE_BELOW ? brayCurtisPair(table, i, j) : d;
  }
}

/** Σ|x−y| / Σ(x+y) for samples i and j by a merge of their sorted feature lists: O(nnz_i + nnz_j). */
export function brayCurtisPair(table: FeatureTable, i: number, j: number): number {
  const { indptr, indices, data } = table;
  let p = indptr[i]!,
    q = indptr[j]!;
  const pEnd = indptr[i + 1]!,
    qEnd = indptr[j + 1]!;
  let diff = 0,
    total = 0;
  while (p < pEnd || q < qEnd) {
    const fp = p < pEnd ? indices[p]! : Infinity,
      fq = q < qEnd ? indices[q]! : Infinity;
    const x = fp <= fq ? data[p++]! : 0;
    const y = fq <= fp ? data[q++]! : 0;
    diff += Math.abs(x - y);
    total += x + y;
  }
  return diff / total;
}
