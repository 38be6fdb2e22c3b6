/**
 * The working matrix of the processing steps: samples × features, sample-major
 * (`values[s * nFeatures + f]`, as MetabolomicsTable), NaN = missing, plus
 * the order statistics and moments the steps share. Conventions:
 *
 *  - median of an even count is the mean of the two middle values, (a + b) / 2
 *    (R `median`); missing values are skipped;
 *  - mean is R's two-pass mean: sum / n, refined once by the mean residual
 *    Σ(x − mean) / n (R does the same in long double; agreement ~1 ulp);
 *  - sd uses n − 1 (R `sd`): the corrected two-pass sum Σd² − (Σd)²/n of the
 *    residuals d about the first mean (Chan, Golub & LeVeque 1983).
 */

/** Samples × features, sample-major. */
export interface DenseMatrix {
  values: Float64Array;
  nSamples: number;
  nFeatures: number;
}

/** The cells of `samples` × `features` copied into a new matrix, zeros written as NaN when `zeroIsMissing`; also returns how many zeros it turned missing. */
export function extract(
  m: DenseMatrix,
  samples: ArrayLike<number>,
  features: ArrayLike<number>,
  zeroIsMissing: boolean,
): { matrix: DenseMatrix; zeros: number } {
  const q = features.length,
    p = m.nFeatures,
    v = m.values;
  const out = new Float64Array(samples.length * q);
  for (let i = 0; i < samples.length; i++) {
    const src = samples[i]! * p,
      dst = i * q;
    if (q === p) out.set(v.subarray(src, src + p), dst);
    else for (let j = 0; j < q; j++) out[dst + j] = v[src + features[j]!]!;
  }
  let zeros = 0;
  if (zeroIsMissing) {
    for (let i = 0; i < out.length; i++) {
      if (out[i] === 0) {
        out[i] = NaN;
        zeros++;
      }
    }
  }
  return { matrix: { values: out, nSamples: samples.length, nFeatures: q }, zeros };
}

/** Ranges longer than this are first narrowed by sampling (Floyd & Rivest 1975, algorithm SELECT). */
const SAMPLE_SELECT_MIN = 600;

/**
 * Rearranges a[lo..hi] so that a[k] is the k-th smallest, everything before it
 * ≤ a[k] and everything after it ≥ a[k]: Floyd–Rivest selection (CACM 18:165,
 * 1975) — on long ranges, recursively select from a sample to bracket k
 * tightly, then partition around a[k].
 */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    if (hi - lo > SAMPLE_SELECT_MIN) {
      const n = hi - lo + 1;
      const i = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(i - n / 2);
      const newLo = Math.max(lo, Math.floor(k - (i * s) / n + sd));
      const newHi = Math.min(hi, Math.floor(k + ((n - i) * s) / n + sd));
      selectKth(a, newLo, newHi, k);
    }
    const t = a[k]!;
    let i = lo,
      j = hi;
    swap(a, lo, k);
    if (a[hi]! > t) swap(a, lo, hi);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[lo] === t) swap(a, lo, j);
    else {
      j++;
      swap(a, j, hi);
    }
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
}

/** Swaps a[i] and a[j]. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Median of a[0..n) (reorders it); (a + b) / 2 for even n; NaN when n = 0. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const half = n >>> 1;
  selectKth(a, 0, n - 1, half);
  const upper = a[half]!;
  if (n % 2 === 1) return upper;
  let lower = a[0]!;
  for (let i = 1; i < half; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Features gathered per block when taking per-feature medians (keeps the strided reads cache-friendly). */
const MEDIAN_BLOCK = 64;

/** Per-feature median over `samples` (all samples when omitted), missing values skipped; zeros too when `zeroIsMissing`. */
export function featureMedians(m: DenseMatrix, samples?: ArrayLike<number>, zeroIsMissing = false): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const count = samples ? samples.length : m.nSamples;
  const out = new Float64Array(p);
  const block = new Float64Array(MEDIAN_BLOCK * count);
  const column = new Float64Array(count);
  for (let f0 = 0; f0 < p; f0 += MEDIAN_BLOCK) {
    const width = Math.min(MEDIAN_BLOCK, p - f0);
    for (let i = 0; i < count; i++) {
      const o = (samples ? samples[i]! : i) * p + f0;
      block.set(v.subarray(o, o + width), i * MEDIAN_BLOCK);
    }
    for (let j = 0; j < width; j++) {
      let n = 0;
      for (let i = 0; i < count; i++) {
        const x = block[i * MEDIAN_BLOCK + j]!;
        if (Number.isNaN(x) || (zeroIsMissing && x === 0)) continue;
        column[n++] = x;
      }
      out[f0 + j] = medianInPlace(column, n);
    }
  }
  return out;
}

/** Per-feature count, mean and sd (n − 1) over `samples` (all when omitted), missing values skipped (zeros too when `zeroIsMissing`); see module doc for the accuracy. */
export function featureMoments(
  m: DenseMatrix,
  samples?: ArrayLike<number>,
  zeroIsMissing = false,
): { mean: Float64Array; sd: Float64Array; n: Int32Array } {
  const p = m.nFeatures,
    v = m.values;
  const count = samples ? samples.length : m.nSamples;
  const sum = new Float64Array(p),
    n = new Int32Array(p);
  for (let i = 0; i < count; i++) {
    const o = (samples ? samples[i]! : i) * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (Number.isNaN(x) || (zeroIsMissing && x === 0)) continue;
      sum[f] = sum[f]! + x;
      n[f]++;
    }
  }
  const mean = new Float64Array(p);
  for (let f = 0; f < p; f++) mean[f] = sum[f]! / n[f]!;
  const dev = sum.fill(0),
    sq = new Float64Array(p);
  for (let i = 0; i < count; i++) {
    const o = (samples ? samples[i]! : i) * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (Number.isNaN(x) || (zeroIsMissing && x === 0)) continue;
      const d = x - mean[f]!;
      dev[f] = dev[f]! + d;
      sq[f] = sq[f]! + d * d;
    }
  }
  const sd = new Float64Array(p);
  for (let f = 0; f < p; f++) {
    const k = n[f]!,
      e = dev[f]!;
    mean[f] = mean[f]! + e / k;
    sd[f] = k > 1 ? Math.sqrt(Math.max(0, sq[f]! - (e * e) / k) / (k - 1)) : NaN;
  }
  return { mean, sd, n };
}
