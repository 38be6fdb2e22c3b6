import type { FeatureTable } from '../../../table/feature-table.js';

/** A table whose samples all have depth > 0, and the ids of the samples left out. */
export interface NonEmptyTable {
  table: FeatureTable;
  /** ids of samples with depth 0, in table order */
  skipped: string[];
}

/** Drops samples with no stored value (depth 0): docs/metrics.md gives empty samples no beta diversity, as the references do. Shares arrays when nothing is dropped. */
export function withoutEmptySamples(table: FeatureTable): NonEmptyTable {
  const { indptr, sampleIds } = table;
  const keep: number[] = [];
  const skipped: string[] = [];
  for (let j = 0; j < sampleIds.length; j++) {
    if (indptr[j + 1]! > indptr[j]!) keep.push(j);
    else skipped.push(sampleIds[j]!);
  }
  return skipped.length === 0 ? { table, skipped } : { table: selectSamples(table, keep), skipped };
}

/** Copy of the table holding only the given samples, in the given order. */
function selectSamples(table: FeatureTable, samples: number[]): FeatureTable {
  const indptr = new Int32Array(samples.length + 1);
  samples.forEach((j, k) => (indptr[k + 1] = indptr[k]! + table.indptr[j + 1]! - table.indptr[j]!));
  const indices = new Int32Array(indptr[samples.length]!);
  const data = new Float64Array(indices.length);
  samples.forEach((j, k) => {
    const from = table.indptr[j]!,
      to = table.indptr[j + 1]!;
    indices.set(table.indices.subarray(from, to), indptr[k]!);
    data.set(table.data.subarray(from, to), indptr[k]!);
  });
  const { featureIds, taxonomy } = table;
  return {
    featureIds,
    sampleIds: samples.map((j) => table.sampleIds[j]!),
    indptr,
    indices,
    data,
    ...(taxonomy ? { taxonomy } : {}),
  };
}

/** Per-sample Σ values over the stored entries of samples `from`..n-1 (earlier samples stay 0); Neumaier-compensated. */
export function sampleSums(table: FeatureTable, values: Float64Array, from = 0): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = from; j < out.length; j++)
    out[j] = compensatedSum(values, table.indptr[j]!, table.indptr[j + 1]!, false);
  return out;
}

/** Per-sample Σ values² over the stored entries of samples `from`..n-1 (earlier samples stay 0); Neumaier-compensated. */
export function sampleSquareSums(table: FeatureTable, values: Float64Array, from = 0): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = from; j < out.length; j++) out[j] = compensatedSum(values, table.indptr[j]!, table.indptr[j + 1]!, true);
  return out;
}

/** Σ x (or Σ x²) over values[from..to) with Neumaier's compensation: error ~ε·Σ|x| instead of growing with the count. */
function compensatedSum(values: Float64Array, from: number, to: number, squared: boolean): number {
  let sum = 0,
    lost = 0;
  for (let p = from; p < to; p++) {
    const x = squared ? values[p]! * values[p]! : values[p]!;
    const t = sum + x;
    lost += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + lost;
}

/** Number of stored (non-zero) entries per sample. */
export function sampleRichness(table: FeatureTable): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = 0; j < out.length; j++) out[j] = table.indptr[j + 1]! - table.indptr[j]!;
  return out;
}

/**
 * Feature-major (CSR) copy of samples `from`..n-1: for feature f, entries
 * `start[f]..start[f+1]` give the samples holding it, in increasing order, and
 * the matching `values` (aligned with table.data; omitted for presence-only use).
 */
export interface Postings {
  start: Int32Array;
  samples: Int32Array;
  values: Float64Array;
}

/** Transposes samples `from`..n-1 by a counting sort over features: O(nnz + F). */
export function postingsFrom(table: FeatureTable, from: number, values?: Float64Array): Postings {
  const { indptr, indices } = table;
  const n = table.sampleIds.length,
    nF = table.featureIds.length;
  const first = indptr[from]!,
    last = indptr[n]!;
  const start = new Int32Array(nF + 1);
  for (let p = first; p < last; p++) start[indices[p]! + 1]!++;
  for (let f = 0; f < nF; f++) start[f + 1]! += start[f]!;
  const fill = start.slice(0, nF);
  const samples = new Int32Array(last - first);
  const vals = new Float64Array(values ? last - first : 0);
  for (let j = from; j < n; j++) {
    for (let p = indptr[j]!, end = indptr[j + 1]!; p < end; p++) {
      const q = fill[indices[p]!]!++;
      samples[q] = j;
      if (values) vals[q] = values[p]!;
    }
  }
  return { start, samples, values: vals };
}

/**
 * Row blocks for the pair loop: rows [rowStart, rowEnd) in blocks of
 * 2^19 / n rows (about 4 MiB of condensed output per block, within 32…256
 * rows). Each block rescans every feature's posting cursor once, so blocks
 * must not be too small; its output slice is written at random, so not too
 * large either (measured flat between 64 and 256 rows at n = 1000 and 5000).
 */
export function rowBlocks(rowStart: number, rowEnd: number, n: number): Array<[number, number]> {
  const rows = Math.max(32, Math.min(256, Math.floor(524288 / Math.max(1, n))));
  const blocks: Array<[number, number]> = [];
  for (let r = rowStart; r < rowEnd; r += rows) blocks.push([r, Math.min(rowEnd, r + rows)]);
  return blocks;
}
