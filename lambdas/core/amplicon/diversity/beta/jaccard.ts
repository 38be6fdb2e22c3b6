import type { FeatureTable } from '../../../table/feature-table.js';
import { rowBase } from './distance-matrix.js';
import { checkRows, clearRows, postingCursor } from './pairs.js';
import { postingsFrom, rowBlocks, sampleRichness, type Postings } from './samples.js';

/**
 * Binary Jaccard for rows [rowStart, rowEnd): out[condensedIndex(i, j, n)] =
 * 1 − |A∩B| / |A∪B| = (|A∪B| − |A∩B|) / |A∪B| with |A∪B| = |A| + |B| − |A∩B|,
 * A, B the features present in each sample. scikit-bio `jaccard` (counts
 * turned into presence), vegan `vegdist("jaccard", binary = TRUE)`. Every
 * sample must be non-empty. Integer arithmetic until the one division.
 */
export function jaccardRows(table: FeatureTable, rowStart: number, rowEnd: number, out: Float64Array): void {
  const n = table.sampleIds.length;
  checkRows(n, rowStart, rowEnd, out);
  const richness = sampleRichness(table);
  const post = postingsFrom(table, rowStart);
  const cursor = postingCursor(post.start);
  for (const [r0, r1] of rowBlocks(rowStart, rowEnd, n)) {
    clearRows(out, r0, r1, n);
    addSharedCounts(post, cursor, r1, n, out);
    for (let i = r0; i < r1; i++) finishJaccardRow(i, richness, out);
  }
}

/** out(i, j) += |A_i ∩ A_j| for rows i < r1 still ahead of `cursor`. */
function addSharedCounts(post: Postings, cursor: Int32Array, r1: number, n: number, out: Float64Array): void {
  const { start, samples } = post;
  for (let f = 0; f < cursor.length; f++) {
    const end = start[f + 1]!;
    let a = cursor[f]!;
    for (; a < end; a++) {
      const i = samples[a]!;
      if (i >= r1) break;
      const base = rowBase(i, n);
      for (let q = a + 1; q < end; q++) out[base + samples[q]!]!++;
    }
    cursor[f] = a;
  }
}

/** Turns row i's shared counts into (|A∪B| − |A∩B|) / |A∪B|. */
function finishJaccardRow(i: number, richness: Float64Array, out: Float64Array): void {
  const n = richness.length, base = rowBase(i, n), si = richness[i]!;
  for (let j = i + 1; j < n; j++) {
    const shared = out[base + j]!;
    const union = si + richness[j]! - shared;
    out[base + j] = (union - shared) / union;
  }
}
