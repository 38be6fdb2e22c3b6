import type { FeatureTable } from '../../../table/feature-table.js';
import { rowBase } from './distance-matrix.js';

/**
 * Shared driver of the row-block pair loops. Every metric here is a function
 * of per-sample totals and of one sum over the features two samples share;
 * that shared sum is accumulated by walking each feature's posting list
 * (the samples holding it), so a block costs Σ_f (pairs of samples sharing f)
 * instead of pairs × features. `out` is the whole condensed array of the table's
 * n samples; only the rows [rowStart, rowEnd) are written.
 */
export type RowKernel = (table: FeatureTable, rowStart: number, rowEnd: number, out: Float64Array) => void;

/** Throws unless [rowStart, rowEnd) is a row range of n samples and `out` holds n(n-1)/2 values. */
export function checkRows(n: number, rowStart: number, rowEnd: number, out: Float64Array): void {
  if (!(Number.isInteger(rowStart) && Number.isInteger(rowEnd) && 0 <= rowStart && rowStart <= rowEnd && rowEnd <= n))
    throw new RangeError(`rows [${rowStart}, ${rowEnd}) are not a row range of ${n} samples`);
  if (out.length !== (n * (n - 1)) / 2)
    throw new RangeError(`output holds ${out.length} values, ${n} samples need ${(n * (n - 1)) / 2}`);
}

/** Zeroes the condensed entries of rows [r0, r1): pairs (i, j), r0 ≤ i < r1, j > i. */
export function clearRows(out: Float64Array, r0: number, r1: number, n: number): void {
  if (r1 > r0 && r0 < n - 1) out.fill(0, rowBase(r0, n) + r0 + 1, rowBase(r1 - 1, n) + n);
}

/** Where each feature's posting walk resumes: the first entry (sample ≥ the current block). */
export function postingCursor(start: Int32Array): Int32Array {
  return start.slice(0, start.length - 1);
}
