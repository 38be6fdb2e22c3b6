import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';

/**
 * Gower centring B = −½ J D⁽²⁾ J, J = I − 11ᵀ/n: with a_ij = −½ d_ij²,
 * b_ij = a_ij − ā_i − ā_j + ā (row means ā_i, grand mean ā). Gower (1966);
 * scikit-bio `center_distance_matrix`. Returns B as a full n×n row-major
 * Float64Array.
 */
export function gowerCentred(dm: DistanceMatrix): Float64Array {
  const n = dm.ids.length;
  const b = halfSquaredDistances(dm);
  const rowMean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += b[i * n + j]!;
    rowMean[i] = s / n;
  }
  let grand = 0;
  for (let i = 0; i < n; i++) grand += rowMean[i]!;
  grand /= n;
  for (let i = 0; i < n; i++) {
    const row = i * n,
      ri = rowMean[i]!;
    for (let j = 0; j < n; j++) b[row + j] = b[row + j]! - ri - rowMean[j]! + grand;
  }
  return b;
}

/** A = −½ D⁽²⁾ as a full symmetric n×n row-major matrix (zero diagonal). */
function halfSquaredDistances(dm: DistanceMatrix): Float64Array {
  const n = dm.ids.length;
  const a = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = dm.data[k++]!;
      a[i * n + j] = a[j * n + i] = -0.5 * d * d;
    }
  }
  return a;
}
