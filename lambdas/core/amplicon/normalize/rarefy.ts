/**
 * Rarefaction (docs/metrics.md#normalization): each sample's reads are subsampled
 * without replacement to exactly `depth`; samples with fewer reads are dropped
 * and listed. The algorithm picks a uniformly random set of read positions in
 * [0, N) by Floyd's algorithm (Bentley & Floyd 1987, "A sample of brilliance",
 * CACM 30(9)) with an open-addressing hash set, and maps each position to its
 * feature through a guide table over the cumulative counts. Cost: O(m + S)
 * expected per sample (S = its non-zero features), m = min(depth, N − depth),
 * because for depth > N/2 the N − depth reads to remove are drawn instead (the
 * complement of a uniform subset is uniform). This is the same distribution as scikit-bio `subsample_counts`
 * (`replace=False`) and QIIME 2 `feature-table rarefy`, not the same draws.
 */
import { createRng, deriveSeed, type Rng } from '../../random/rng.js';
import type { FeatureTable } from '../../table/feature-table.js';

/** Result of `rarefy`: kept samples subsampled to `depth`, in input order. */
export interface Rarefied {
  /** same features (including any that became all-zero), kept samples only */
  table: FeatureTable;
  /** ids of the samples with fewer than `depth` reads (empty samples included), in input order */
  dropped: string[];
  depth: number;
  seed: number;
}

/** Fibonacci hashing constant: the fractional part of x·(√5 − 1)/2 spreads integers over [0, 1). */
const GOLDEN_FRACTION = 0.6180339887498949;
const EMPTY_SLOT = -1;

/**
 * Subsamples every sample with N_j ≥ depth to exactly `depth` reads without
 * replacement. Sample j draws from its own stream `createRng(deriveSeed(seed, j))`
 * (j = index in the input table), so one sample's result depends only on the
 * seed, its position and its counts. Needs integer counts (callers check
 * `isIntegerTable`; docs/metrics.md does not rarefy non-integer tables).
 */
export function rarefy(table: FeatureTable, depth: number, seed: number): Rarefied {
  if (!Number.isInteger(depth) || depth < 1)
    throw new RangeError(`rarefaction depth must be a positive integer, got ${depth}`);
  const nS = table.sampleIds.length;
  const keptIds: string[] = [];
  const dropped: string[] = [];
  const outPtr = new Int32Array(nS + 1);
  const outIdx = new Int32Array(table.indptr[nS]!);
  const outVal = new Float64Array(table.indptr[nS]!);
  let w = 0;
  for (let j = 0; j < nS; j++) {
    const counts = table.data.subarray(table.indptr[j]!, table.indptr[j + 1]!);
    const total = integerTotal(counts, table.sampleIds[j]!);
    if (total < depth) {
      dropped.push(table.sampleIds[j]!);
      continue;
    }
    const kept = subsampleCounts(counts, total, depth, createRng(deriveSeed(seed, j)));
    const features = table.indices.subarray(table.indptr[j]!, table.indptr[j + 1]!);
    for (let k = 0; k < kept.length; k++) {
      if (kept[k] === 0) continue;
      outIdx[w] = features[k]!;
      outVal[w++] = kept[k]!;
    }
    keptIds.push(table.sampleIds[j]!);
    outPtr[keptIds.length] = w;
  }
  return {
    table: {
      featureIds: table.featureIds,
      sampleIds: keptIds,
      indptr: outPtr.slice(0, keptIds.length + 1),
      indices: outIdx.slice(0, w),
      data: outVal.slice(0, w),
      ...(table.taxonomy ? { taxonomy: table.taxonomy } : {}),
    },
    dropped,
    depth,
    seed,
  };
}

/** N = Σ counts; throws RangeError naming the sample when a count is not a non-negative integer. */
function integerTotal(counts: Float64Array, sampleId: string): number {
  let n = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (!Number.isInteger(c) || c < 0)
      throw new RangeError(`rarefaction needs integer counts; sample '${sampleId}' has ${c}`);
    n += c;
  }
  return n;
}

/**
 * Counts after keeping a uniform random `depth`-subset of the `total` reads
 * (reads of entry k occupy positions [cum_{k−1}, cum_k)). Returns a new array
 * aligned with `counts`.
 */
export function subsampleCounts(counts: Float64Array, total: number, depth: number, rng: Rng): Float64Array {
  if (depth >= total) return Float64Array.from(counts);
  const removing = depth > total - depth;
  const m = removing ? total - depth : depth;
  const cum = new Float64Array(counts.length);
  let run = 0;
  for (let k = 0; k < counts.length; k++) cum[k] = run += counts[k]!;
  const guide = guideTable(cum, total);
  const scale = guide.length / total;
  const lastBucket = guide.length - 1;
  const hits = new Float64Array(counts.length);
  for (const pos of floydSample(total, m, rng)) {
    const b = (pos * scale) | 0;
    let k = guide[Math.min(b, lastBucket)]!;
    while (k > 0 && cum[k - 1]! > pos) k--;
    while (cum[k]! <= pos) k++;
    hits[k]!++;
  }
  if (!removing) return hits;
  for (let k = 0; k < hits.length; k++) hits[k] = counts[k]! - hits[k]!;
  return hits;
}

/**
 * Guide table (Chen & Asau 1974): with G = number of entries, guide[b] is the
 * first entry k with cum_k > b·total/G, so the entry holding position pos is
 * found by a short forward scan from guide[⌊pos·G/total⌋] (O(1) expected).
 */
function guideTable(cum: Float64Array, total: number): Int32Array {
  const g = Math.max(1, cum.length);
  const guide = new Int32Array(g);
  let k = 0;
  for (let b = 0; b < g; b++) {
    const start = (b * total) / g;
    while (cum[k]! <= start) k++;
    guide[b] = k;
  }
  return guide;
}

/**
 * m distinct integers uniform over the m-subsets of [0, n) (Floyd): for
 * i = n − m … n − 1 draw t in [0, i]; take t, or i when t is already taken.
 * Returned in the order drawn.
 */
export function floydSample(n: number, m: number, rng: Rng): Float64Array {
  const set = new PositionSet(m);
  const out = new Float64Array(m);
  let w = 0;
  for (let i = n - m; i < n; i++) {
    const t = rng.nextInt(i + 1);
    if (set.add(t)) out[w++] = t;
    else {
      set.add(i);
      out[w++] = i;
    }
  }
  return out;
}

/** An insert-only set of non-negative integers below 2^53: open addressing, linear probing, load ≤ 1/2. */
class PositionSet {
  private readonly slots: Float64Array;
  private readonly mask: number;

  /** A table of the smallest power of two ≥ 2·capacity slots, all empty. */
  constructor(capacity: number) {
    let size = 2;
    while (size < 2 * capacity) size *= 2;
    this.slots = new Float64Array(size).fill(EMPTY_SLOT);
    this.mask = size - 1;
  }

  /** Inserts x; false when it was already present. */
  add(x: number): boolean {
    const f = x * GOLDEN_FRACTION;
    let h = ((f % 1) * (this.mask + 1)) & this.mask;
    for (;;) {
      const s = this.slots[h]!;
      if (s === EMPTY_SLOT) {
        this.slots[h] = x;
        return true;
      }
      if (s === x) return false;
      h = (h + 1) & this.mask;
    }
  }
}
