/**
 * Least-squares monotone (isotonic, non-decreasing) regression by pooling adjacent violators
 * (Kruskal 1964b; Barlow et al. 1972), unit weights: the fit is a step function whose every block
 * holds the mean of its values, and neighbouring blocks are strictly increasing.
 */

/** Reusable scratch for `monotoneRegression` on inputs of up to `capacity` values. */
export interface MonotoneRegressionWork {
  /** block sums */
  sums: Float64Array;
  /** block sizes */
  sizes: Int32Array;
  /** block means */
  means: Float64Array;
}

/** Scratch space for inputs of up to `capacity` values. */
export function monotoneRegressionWork(capacity: number): MonotoneRegressionWork {
  return { sums: new Float64Array(capacity), sizes: new Int32Array(capacity), means: new Float64Array(capacity) };
}

/**
 * ŷ = argmin Σ (y_i − ŷ_i)² subject to ŷ_1 ≤ … ≤ ŷ_n: blocks are pooled while the mean of the block to the
 * left is ≥ the mean of the current one (so equal neighbours merge, as monoMDS's MONREG does), then each
 * block is filled with its mean. Written to `out` (may be `y` itself); O(n).
 */
export function monotoneRegression(
  y: ArrayLike<number>,
  out: Float64Array = new Float64Array(y.length),
  work?: MonotoneRegressionWork,
): Float64Array {
  const n = y.length;
  if (out.length < n) throw new RangeError(`monotoneRegression: output holds ${out.length} values, input has ${n}`);
  const { sums, sizes, means } = work && work.sums.length >= n ? work : monotoneRegressionWork(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    let sum = y[i]!;
    let size = 1;
    let mean = sum;
    while (top >= 0 && means[top]! >= mean) {
      sum += sums[top]!;
      size += sizes[top]!;
      mean = sum / size;
      top--;
    }
    top++;
    sums[top] = sum;
    sizes[top] = size;
    means[top] = mean;
  }
  let end = n;
  for (let b = top; b >= 0; b--) {
    const start = end - sizes[b]!;
    out.fill(means[b]!, start, end);
    end = start;
  }
  return out;
}
