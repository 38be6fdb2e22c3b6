/**
 * The Gower-centred matrix B = −½ J D⁽²⁾ J of a condensed distance matrix
 * (J = I − 11ᵀ/n), used without forming it or J: as an operator on blocks of
 * vectors (for the partial eigensolver), through its trace, and as a packed
 * lower triangle (for the eigenvalues-only spectrum).
 */
import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import type { SymmetricOperator } from './lanczos.js';

/**
 * x ↦ B x for a block of b vectors, sample-major (x[i·b + c] is entry i of
 * vector c): centre each vector (J x = x − mean), multiply by A = −½D² from
 * the condensed distances (one pass over the n(n−1)/2 values per group of up
 * to 4 vectors), centre the result. O(n² b) time, O(n b) extra memory.
 */
export function gowerOperator(dm: DistanceMatrix): SymmetricOperator {
  const n = dm.ids.length;
  return {
    n,
    apply(x: Float64Array, b: number, y: Float64Array): void {
      const xc = x.slice(0, n * b);
      centreColumns(xc, n, b);
      y.fill(0, 0, n * b);
      for (let c = 0; c < b; ) {
        const width = b - c >= 4 ? 4 : b - c >= 2 ? 2 : 1;
        if (width === 4) halfSquaredTimes4(dm.data, n, xc, y, b, c);
        else if (width === 2) halfSquaredTimes2(dm.data, n, xc, y, b, c);
        else halfSquaredTimes1(dm.data, n, xc, y, b, c);
        c += width;
      }
      centreColumns(y, n, b);
    },
  };
}

/** trace(B) = Σ_i b_ii = (1/n) Σ_{i<j} d_ij² (Gower 1966), Neumaier-compensated: the sum of all n eigenvalues of B. */
export function gowerTrace(dm: DistanceMatrix): number {
  const n = dm.ids.length,
    d = dm.data;
  let sum = 0,
    lost = 0;
  for (let k = 0; k < d.length; k++) {
    const x = d[k]! * d[k]!,
      t = sum + x;
    lost += Math.abs(sum) >= x ? sum - t + x : x - t + sum;
    sum = t;
  }
  return n > 0 ? (sum + lost) / n : 0;
}

/** Position of (i, j), j ≤ i, in a packed lower triangle stored row by row: i(i+1)/2 + j. */
export function packedIndex(i: number, j: number): number {
  return ((i * (i + 1)) >>> 1) + j;
}

/**
 * B = −½ J D² J as a packed lower triangle (row i holds b_i0 … b_ii at
 * `packedIndex(i, 0)`), b_ij = a_ij − ā_i − ā_j + ā with a_ij = −½ d_ij²
 * (the same centring as `gowerCentred`). n(n+1)/2 doubles (100 MB at n = 5000).
 */
export function gowerCentredPacked(dm: DistanceMatrix): Float64Array {
  const n = dm.ids.length,
    d = dm.data;
  const out = new Float64Array((n * (n + 1)) / 2);
  const rowMean = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = -0.5 * d[k]! * d[k]!;
      k++;
      out[packedIndex(j, i)] = a;
      rowMean[i] = rowMean[i]! + a;
      rowMean[j] = rowMean[j]! + a;
    }
  }
  let grand = 0;
  for (let i = 0; i < n; i++) {
    rowMean[i] = rowMean[i]! / n;
    grand += rowMean[i]!;
  }
  grand /= n;
  for (let i = 0; i < n; i++) {
    const row = packedIndex(i, 0),
      ri = rowMean[i]!;
    for (let j = 0; j <= i; j++) out[row + j] = out[row + j]! - ri - rowMean[j]! + grand;
  }
  return out;
}

/** Subtracts each vector's mean (x ← J x) in a sample-major n × b block. */
function centreColumns(x: Float64Array, n: number, b: number): void {
  if (n === 0) return;
  for (let c = 0; c < b; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * b + c]!;
    const mean = s / n;
    for (let i = 0; i < n; i++) x[i * b + c] = x[i * b + c]! - mean;
  }
}

/** y[·, c…c+3] += A x[·, c…c+3], A = −½D² (zero diagonal), one pass over the condensed distances. */
function halfSquaredTimes4(d: Float64Array, n: number, x: Float64Array, y: Float64Array, b: number, c: number): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * b + c;
    const x0 = x[oi]!,
      x1 = x[oi + 1]!,
      x2 = x[oi + 2]!,
      x3 = x[oi + 3]!;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let j = i + 1; j < n; j++) {
      const dij = d[k++]!,
        a = -0.5 * dij * dij,
        o = j * b + c;
      s0 += a * x[o]!;
      s1 += a * x[o + 1]!;
      s2 += a * x[o + 2]!;
      s3 += a * x[o + 3]!;
      y[o] = y[o]! + a * x0;
      y[o + 1] = y[o + 1]! + a * x1;
      y[o + 2] = y[o + 2]! + a * x2;
      y[o + 3] = y[o + 3]! + a * x3;
    }
    y[oi] = y[oi]! + s0;
    y[oi + 1] = y[oi + 1]! + s1;
    y[oi + 2] = y[oi + 2]! + s2;
    y[oi + 3] = y[oi + 3]! + s3;
  }
}

/** y[·, c…c+1] += A x[·, c…c+1]. */
function halfSquaredTimes2(d: Float64Array, n: number, x: Float64Array, y: Float64Array, b: number, c: number): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * b + c,
      x0 = x[oi]!,
      x1 = x[oi + 1]!;
    let s0 = 0,
      s1 = 0;
    for (let j = i + 1; j < n; j++) {
      const dij = d[k++]!,
        a = -0.5 * dij * dij,
        o = j * b + c;
      s0 += a * x[o]!;
      s1 += a * x[o + 1]!;
      y[o] = y[o]! + a * x0;
      y[o + 1] = y[o + 1]! + a * x1;
    }
    y[oi] = y[oi]! + s0;
    y[oi + 1] = y[oi + 1]! + s1;
  }
}

/** y[·, c] += A x[·, c]. */
function halfSquaredTimes1(d: Float64Array, n: number, x: Float64Array, y: Float64Array, b: number, c: number): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * b + c,
      x0 = x[oi]!;
    let s0 = 0;
    for (let j = i + 1; j < n; j++) {
      const dij = d[k++]!,
        a = -0.5 * dij * dij,
        o = j * b + c;
      s0 += a * x[o]!;
      y[o] = y[o]! + a * x0;
    }
    y[oi] = y[oi]! + s0;
  }
}
