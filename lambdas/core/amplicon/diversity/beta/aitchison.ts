import type { FeatureTable } from '../../../table/feature-table.js';
import { rowBase } from './distance-matrix.js';
import { checkRows, clearRows, postingCursor } from './pairs.js';
import { type Postings, postingsFrom, rowBlocks, sampleSquareSums, sampleSums } from './samples.js';

/**
 * Below this ratio d² / (Q_a + Q_b) the expanded form loses too many digits to
 * cancellation and the pair is recomputed over the union of its features.
 * The expansion's rounding error is a few ε·(Q_a + Q_b), so the fast path keeps
 * d to ~1e-13 relative.
 */
export const AITCHISON_RECOMPUTE_BELOW = 1e-3;

/**
 * Aitchison distance for rows [rowStart, rowEnd): the Euclidean distance
 * between clr(x + 1) vectors over all F features of the table (features zero
 * in every sample included). QIIME 2 `aitchison`, vegan
 * `vegdist("aitchison", pseudocount = 1)`. With u = ln(x + 1) (zero where x is),
 * U = Σu, Q = Σu² per sample and X = Σ_{shared} u_a·u_b:
 *   d² = Σ_f (u_a,f − u_b,f − (U_a − U_b)/F)² = Q_a + Q_b − 2X − (U_a − U_b)²/F.
 * Every sample must be non-empty.
 */
export function aitchisonRows(table: FeatureTable, rowStart: number, rowEnd: number, out: Float64Array): void {
  const n = table.sampleIds.length;
  checkRows(n, rowStart, rowEnd, out);
  const logs = logOnePlus(table.data);
  const sums = sampleSums(table, logs, rowStart);
  const squares = sampleSquareSums(table, logs, rowStart);
  const post = postingsFrom(table, rowStart, logs);
  const cursor = postingCursor(post.start);
  for (const [r0, r1] of rowBlocks(rowStart, rowEnd, n)) {
    clearRows(out, r0, r1, n);
    addSharedProducts(post, cursor, r1, n, out);
    for (let i = r0; i < r1; i++) finishAitchisonRow(table, logs, i, sums, squares, out);
  }
}

/** ln(1 + x) of every stored value. */
function logOnePlus(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let p = 0; p < values.length; p++) out[p] = Math.log1p(values[p]!);
  return out;
}

/** out(i, j) += Σ_{f shared} u_i,f · u_j,f for rows i < r1 still ahead of `cursor`. */
function addSharedProducts(post: Postings, cursor: Int32Array, r1: number, n: number, out: Float64Array): void {
  const { start, samples, values } = post;
  for (let f = 0; f < cursor.length; f++) {
    const end = start[f + 1]!;
    let a = cursor[f]!;
    for (; a < end; a++) {
      const i = samples[a]!;
      if (i >= r1) break;
      const x = values[a]!,
        base = rowBase(i, n);
      for (let q = a + 1; q < end; q++) out[base + samples[q]!]! += x * values[q]!;
    }
    cursor[f] = a;
  }
}

/** Turns row i's cross products into d = sqrt(Q_i + Q_j − 2X − (U_i − U_j)²/F), recomputing near-cancelling pairs. */
function finishAitchisonRow(
  table: FeatureTable,
  logs: Float64Array,
  i: number,
  sums: Float64Array,
  squares: Float64Array,
  out: Float64Array,
): void {
  const n = sums.length,
    nF = table.featureIds.length,
    base = rowBase(i, n);
  for (let j = i + 1; j < n; j++) {
    const scale = squares[i]! + squares[j]!;
    const dU = sums[i]! - sums[j]!;
    const d2 = scale - 2 * out[base + j]! - (dU * dU) / nF;
    out[base + j] = d2 > AITCHISON_RECOMPUTE_BELOW * scale ? Math.sqrt(d2) : aitchisonPair(table, logs, i, j);
  }
}

/**
 * Aitchison distance of samples i and j by a merge over the union of their
 * features: with δ = (U_i − U_j)/F, d² = Σ_{f∈A∪B} (u_i,f − u_j,f − δ)² +
 * (F − |A∪B|)·δ² (features zero in both contribute δ² each). Every term is a
 * square, so nothing cancels. `logs` = ln(1 + table.data).
 */
export function aitchisonPair(table: FeatureTable, logs: Float64Array, i: number, j: number): number {
  const { indptr, indices } = table;
  const nF = table.featureIds.length;
  let p = indptr[i]!,
    q = indptr[j]!;
  const pEnd = indptr[i + 1]!,
    qEnd = indptr[j + 1]!;
  let sumI = 0,
    sumJ = 0;
  for (let k = p; k < pEnd; k++) sumI += logs[k]!;
  for (let k = q; k < qEnd; k++) sumJ += logs[k]!;
  const delta = (sumI - sumJ) / nF;
  let d2 = 0,
    union = 0;
  while (p < pEnd || q < qEnd) {
    const fp = p < pEnd ? indices[p]! : Infinity,
      fq = q < qEnd ? indices[q]! : Infinity;
    const u = fp <= fq ? logs[p++]! : 0;
    const v = fq <= fp ? logs[q++]! : 0;
    const t = u - v - delta;
    d2 += t * t;
    union++;
  }
  return Math.sqrt(d2 + (nF - union) * delta * delta);
}
