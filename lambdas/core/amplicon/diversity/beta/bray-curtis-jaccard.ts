import type { FeatureTable } from '../../../table/feature-table.js';
import type { BetaDiversity } from './beta-diversity.js';
import { BRAY_CURTIS_RECOMPUTE_BELOW, brayCurtisPair } from './bray-curtis.js';
import { condensedLength, rowBase } from './distance-matrix.js';
import { checkRows, postingCursor } from './pairs.js';
import { type Postings, postingsFrom, rowBlocks, sampleRichness, sampleSums, withoutEmptySamples } from './samples.js';

/**
 * Bray–Curtis and binary Jaccard of rows [rowStart, rowEnd) from one walk of
 * the posting lists Bray–Curtis uses: every pair (i, j) of samples sharing a
 * feature gets 2·min(x, y) (as x + y − |x − y|) and 1 added, side by side in
 * one interleaved block buffer (one cache line serves both sums). Then
 * BC = (Nx + Ny − 2Σmin) / (Nx + Ny), with `brayCurtisRows`' recompute guard,
 * and Jaccard = (|A∪B| − |A∩B|) / |A∪B| with |A∪B| = S_a + S_b − |A∩B| (as
 * `jaccardRows`). The sums are added in the same order as in the separate
 * kernels, so both outputs are bit-identical to theirs; the walk is paid once.
 */
export function brayCurtisJaccardRows(
  table: FeatureTable,
  rowStart: number,
  rowEnd: number,
  brayCurtisOut: Float64Array,
  jaccardOut: Float64Array,
): void {
  const n = table.sampleIds.length;
  checkRows(n, rowStart, rowEnd, brayCurtisOut);
  checkRows(n, rowStart, rowEnd, jaccardOut);
  const depth = sampleSums(table, table.data, rowStart);
  const richness = sampleRichness(table);
  const post = postingsFrom(table, rowStart, table.data);
  const cursor = postingCursor(post.start);
  // the buffer holds two sums per pair: blocks sized as Bray–Curtis' for 2n columns
  const blocks = rowBlocks(rowStart, rowEnd, 2 * n);
  const sums = new Float64Array(2 * n * Math.max(0, ...blocks.map(([r0, r1]) => r1 - r0)));
  for (const [r0, r1] of blocks) {
    sums.fill(0, 0, 2 * n * (r1 - r0));
    addSharedMinimaAndCounts(post, cursor, r0, r1, n, sums);
    for (let i = r0; i < r1; i++)
      finishRow(table, i, 2 * n * (i - r0), depth, richness, sums, brayCurtisOut, jaccardOut);
  }
}

/** sums[2·((i − r0)·n + j)] += Σ_{f shared} 2·min(x_f, y_f), sums[… + 1] += |shared|, for rows r0 ≤ i < r1 ahead of `cursor`. */
function addSharedMinimaAndCounts(
  post: Postings,
  cursor: Int32Array,
  r0: number,
  r1: number,
  n: number,
  sums: Float64Array,
): void {
  const { start, samples, values } = post;
  for (let f = 0; f < cursor.length; f++) {
    const end = start[f + 1]!;
    let a = cursor[f]!;
    for (; a < end; a++) {
      const i = samples[a]!;
      if (i >= r1) break;
      const x = values[a]!,
        base = 2 * (i - r0) * n;
      for (let q = a + 1; q < end; q++) {
        const y = values[q]!,
          at = base + 2 * samples[q]!;
        sums[at]! += x + y - Math.abs(x - y);
        sums[at + 1]!++;
      }
    }
    cursor[f] = a;
  }
}

/** Row i (its sums from `offset`): 2Σmin and |A∩B| into the two distances. */
function finishRow(
  table: FeatureTable,
  i: number,
  offset: number,
  depth: Float64Array,
  richness: Float64Array,
  sums: Float64Array,
  bc: Float64Array,
  jac: Float64Array,
): void {
  const n = depth.length,
    base = rowBase(i, n),
    di = depth[i]!,
    si = richness[i]!;
  for (let j = i + 1; j < n; j++) {
    const total = di + depth[j]!;
    const d = (total - sums[offset + 2 * j]!) / total;
    bc[base + j] = d < BRAY_CURTIS_RECOMPUTE_BELOW ? brayCurtisPair(table, i, j) : d;
    const shared = sums[offset + 2 * j + 1]!;
    const union = si + richness[j]! - shared;
    jac[base + j] = (union - shared) / union;
  }
}

/** Bray–Curtis and Jaccard between the non-empty samples of `table`, in one pass (equal to `brayCurtis(table)` and `jaccard(table)`). */
export function brayCurtisAndJaccard(table: FeatureTable): { brayCurtis: BetaDiversity; jaccard: BetaDiversity } {
  const { table: used, skipped } = withoutEmptySamples(table);
  const n = used.sampleIds.length;
  const bc = new Float64Array(condensedLength(n)),
    jac = new Float64Array(condensedLength(n));
  brayCurtisJaccardRows(used, 0, n, bc, jac);
  return {
    brayCurtis: { metric: 'bray_curtis', matrix: { ids: used.sampleIds, data: bc }, skipped },
    jaccard: { metric: 'jaccard', matrix: { ids: used.sampleIds, data: jac }, skipped },
  };
}
