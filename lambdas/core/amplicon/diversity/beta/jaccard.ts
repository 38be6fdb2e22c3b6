import type { FeatureTable } from '../../../table/feature-table.js';
import { rowBase } from './distance-matrix.js';
import { checkRows, clearRows, postingCursor } from './pairs.js';
import { type Postings, postingsFrom, rowBlocks, sampleRichness } from './samples.js';

/**
 * Binary Jaccard for rows [rowStart, rowEnd): out[condensedIndex(i, j, n)] =
 * 1 − |A∩B| / |A∪B| = (|A∪B| − |A∩B|) / |A∪B| with |A∪B| = |A| + |B| − |A∩B|,
 * A, B the features present in each sample. scikit-bio `jaccard` (counts
 * turned into presence), vegan `vegdist("jaccard", binary = TRUE)`. Every
 * sample must be non-empty. Integer arithmetic until the one division.
 *
 * |A∩B| comes from the same posting lists as Bray–Curtis, except that a
 * feature held by more than half of the samples is walked by its absences:
 * with P such features and a_i of them absent from sample i, their share of
 * |A∩B| is P − a_i − a_j + (those absent from both), so the walk costs
 * C(n − n_f, 2) pairs instead of C(n_f, 2). Prevalent features dominate the
 * pair work of real tables, and presence (unlike Bray–Curtis' min(x, y))
 * splits this way.
 */
export function jaccardRows(table: FeatureTable, rowStart: number, rowEnd: number, out: Float64Array): void {
  const n = table.sampleIds.length;
  checkRows(n, rowStart, rowEnd, out);
  const richness = sampleRichness(table);
  const { sparse, absent, prevalent, absences } = presenceOrAbsenceLists(postingsFrom(table, rowStart), rowStart, n);
  const sparseCursor = postingCursor(sparse.start),
    absentCursor = postingCursor(absent.start);
  for (const [r0, r1] of rowBlocks(rowStart, rowEnd, n)) {
    clearRows(out, r0, r1, n);
    addSharedCounts(sparse, sparseCursor, r1, n, out);
    addSharedCounts(absent, absentCursor, r1, n, out);
    for (let i = r0; i < r1; i++) finishJaccardRow(i, richness, prevalent, absences, out);
  }
}

/**
 * Splits the presence lists of samples `from`…n−1: features held by at most
 * half of them keep their presence list (`sparse`); the others (`prevalent`
 * of them) get the list of samples lacking them (`absent`), and
 * `absences[i]` counts those missing from sample i. O(nnz + n · prevalent).
 */
function presenceOrAbsenceLists(
  post: Postings,
  from: number,
  n: number,
): { sparse: Postings; absent: Postings; prevalent: number; absences: Float64Array } {
  const { start, samples } = post;
  const nF = start.length - 1,
    m = n - from;
  const sparseStart = new Int32Array(nF + 1),
    absentStart = new Int32Array(nF + 1);
  let prevalent = 0;
  for (let f = 0; f < nF; f++) {
    const held = start[f + 1]! - start[f]!;
    const isPrevalent = 2 * held > m;
    if (isPrevalent) prevalent++;
    sparseStart[f + 1] = sparseStart[f]! + (isPrevalent ? 0 : held);
    absentStart[f + 1] = absentStart[f]! + (isPrevalent ? m - held : 0);
  }
  const sparseSamples = new Int32Array(sparseStart[nF]!),
    absentSamples = new Int32Array(absentStart[nF]!);
  const absences = new Float64Array(n);
  for (let f = 0; f < nF; f++) {
    const a = start[f]!,
      b = start[f + 1]!;
    if (absentStart[f + 1] === absentStart[f] && sparseStart[f + 1]! - sparseStart[f]! === b - a) {
      sparseSamples.set(samples.subarray(a, b), sparseStart[f]!);
      continue;
    }
    // prevalent: the samples from…n−1 missing from the sorted presence list
    let q = absentStart[f]!,
      p = a;
    for (let s = from; s < n; s++) {
      if (p < b && samples[p] === s) p++;
      else {
        absentSamples[q++] = s;
        absences[s] = absences[s]! + 1;
      }
    }
  }
  return {
    sparse: { start: sparseStart, samples: sparseSamples, values: new Float64Array(0) },
    absent: { start: absentStart, samples: absentSamples, values: new Float64Array(0) },
    prevalent,
    absences,
  };
}

/** out(i, j) += 1 for each list holding both i and j (rows i < r1 still ahead of `cursor`). */
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

/** Turns row i's counts into |A∩B| = counted + P − a_i − a_j, then into (|A∪B| − |A∩B|) / |A∪B|. */
function finishJaccardRow(
  i: number,
  richness: Float64Array,
  prevalent: number,
  absences: Float64Array,
  out: Float64Array,
): void {
  const n = richness.length,
    base = rowBase(i, n),
    si = richness[i]!,
    pi = prevalent - absences[i]!;
  for (let j = i + 1; j < n; j++) {
    const shared = out[base + j]! + pi - absences[j]!;
    const union = si + richness[j]! - shared;
    out[base + j] = (union - shared) / union;
  }
}
