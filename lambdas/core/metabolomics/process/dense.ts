/**
 * The working matrix of the processing steps: samples × features, sample-major
 * (`values[s * nFeatures + f]`, as MetabolomicsTable), NaN = missing, plus
 * the order statistics and moments the steps share. Conventions:
 *
 *  - median of an even count is the mean of the two middle values, (a + b) / 2
 *    (R `median`); missing values are skipped;
 *  - mean is R's: a compensated (Kahan) sum / n, refined once by the mean
 *    residual (R's long-double two-pass `mean`, to ~1 ulp);
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
export function extract(m: DenseMatrix, samples: ArrayLike<number>, features: ArrayLike<number>, zeroIsMissing: boolean): { matrix: DenseMatrix; zeros: number } {
  const q = features.length, p = m.nFeatures, v = m.values;
  const out = new Float64Array(samples.length * q);
  let zeros = 0;
  const all = q === p;
  for (let i = 0; i < samples.length; i++) {
    const src = samples[i]! * p, dst = i * q;
    for (let j = 0; j < q; j++) {
      const x = v[src + (all ? j : features[j]!)]!;
      if (zeroIsMissing && x === 0) {
        out[dst + j] = NaN;
        zeros++;
      } else out[dst + j] = x;
    }
  }
  return { matrix: { values: out, nSamples: samples.length, nFeatures: q }, zeros };
}

/** Sorts a[lo..hi] partially so that a[k] holds the k-th smallest (Hoare quickselect, median-of-three pivot). */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
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
  const p = m.nFeatures, v = m.values;
  const count = samples ? samples.length : m.nSamples;
  const out = new Float64Array(p);
  const block = new Float64Array(MEDIAN_BLOCK * count);
  const filled = new Int32Array(MEDIAN_BLOCK);
  for (let f0 = 0; f0 < p; f0 += MEDIAN_BLOCK) {
    const width = Math.min(MEDIAN_BLOCK, p - f0);
    filled.fill(0);
    for (let i = 0; i < count; i++) {
      const o = (samples ? samples[i]! : i) * p + f0;
      for (let j = 0; j < width; j++) {
        const x = v[o + j]!;
        if (x !== x || (zeroIsMissing && x === 0)) continue;
        block[j * count + filled[j]!] = x;
        filled[j]++;
      }
    }
    for (let j = 0; j < width; j++) out[f0 + j] = medianInPlace(block.subarray(j * count, (j + 1) * count), filled[j]!);
  }
  return out;
}

/** Per-feature count, mean and sd (n − 1) over `samples` (all when omitted), missing values skipped (zeros too when `zeroIsMissing`); see module doc for the accuracy. */
export function featureMoments(m: DenseMatrix, samples?: ArrayLike<number>, zeroIsMissing = false): { mean: Float64Array; sd: Float64Array; n: Int32Array } {
  const p = m.nFeatures, v = m.values;
  const count = samples ? samples.length : m.nSamples;
  const sum = new Float64Array(p), comp = new Float64Array(p), n = new Int32Array(p);
  for (let i = 0; i < count; i++) {
    const o = (samples ? samples[i]! : i) * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (x !== x || (zeroIsMissing && x === 0)) continue;
      const y = x - comp[f]!;
      const t = sum[f]! + y;
      comp[f] = t - sum[f]! - y;
      sum[f] = t;
      n[f]++;
    }
  }
  const mean = new Float64Array(p);
  for (let f = 0; f < p; f++) mean[f] = sum[f]! / n[f]!;
  const dev = sum.fill(0), sq = comp.fill(0);
  for (let i = 0; i < count; i++) {
    const o = (samples ? samples[i]! : i) * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (x !== x || (zeroIsMissing && x === 0)) continue;
      const d = x - mean[f]!;
      dev[f] = dev[f]! + d;
      sq[f] = sq[f]! + d * d;
    }
  }
  const sd = new Float64Array(p);
  for (let f = 0; f < p; f++) {
    const k = n[f]!, e = dev[f]!;
    mean[f] = mean[f]! + e / k;
    sd[f] = k > 1 ? Math.sqrt(Math.max(0, sq[f]! - (e * e) / k) / (k - 1)) : NaN;
  }
  return { mean, sd, n };
}
