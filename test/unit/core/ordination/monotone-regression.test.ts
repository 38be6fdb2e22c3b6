/**
 * Isotonic regression by pooling adjacent violators: hand examples, and the properties that characterise the least-squares
 * projection onto the non-decreasing sequences (monotone output, block means, the projection inequality).
 */
import { monotoneRegression, monotoneRegressionWork } from '../../../../lambdas/core/ordination/monotone-regression.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';

describe('monotoneRegression', () => {
  it('pools violators into block means (hand examples)', () => {
    expect(Array.from(monotoneRegression([1, 3, 2, 4]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(monotoneRegression([3, 2, 1]))).toEqual([2, 2, 2]);
    expect(Array.from(monotoneRegression([1, 2, 2, 3]))).toEqual([1, 2, 2, 3]);
    expect(Array.from(monotoneRegression([4, 1, 2, 0, 5]))).toEqual([1.75, 1.75, 1.75, 1.75, 5]);
    expect(Array.from(monotoneRegression([]))).toEqual([]);
  });

  it('gives the least-squares non-decreasing fit: monotone, sum kept, and Σ(y − ŷ)(z − ŷ) ≤ 0 for every non-decreasing z', () => {
    const rng = createRng(17);
    const work = monotoneRegressionWork(200);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.nextInt(200);
      const y = Float64Array.from({ length: n }, (_, i) => i / n + rng.normal(0, 0.3));
      const fit = monotoneRegression(y, new Float64Array(n), work);
      let sumY = 0,
        sumFit = 0;
      for (let i = 0; i < n; i++) {
        if (i > 0) expect(fit[i]!).toBeGreaterThanOrEqual(fit[i - 1]!);
        sumY += y[i]!;
        sumFit += fit[i]!;
      }
      expect(Math.abs(sumY - sumFit)).toBeLessThan(1e-9);
      for (let probe = 0; probe < 5; probe++) {
        const z = Float64Array.from({ length: n }, () => rng.normal()).sort();
        let inner = 0;
        for (let i = 0; i < n; i++) inner += (y[i]! - fit[i]!) * (z[i]! - fit[i]!);
        expect(inner).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('may write in place and rejects a short output', () => {
    const y = Float64Array.from([2, 1, 3]);
    expect(monotoneRegression(y, y)).toBe(y);
    expect(Array.from(y)).toEqual([1.5, 1.5, 3]);
    expect(() => monotoneRegression([1, 2, 3], new Float64Array(2))).toThrow(RangeError);
  });
});
