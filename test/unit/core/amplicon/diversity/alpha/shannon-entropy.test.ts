import { shannonEntropy } from '../../../../../../lambdas/core/amplicon/diversity/alpha/shannon-entropy.js';
import { closeTo } from '../../../../../helpers/numeric.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('shannonEntropy (base 2, scikit-bio 0.5 shannon(base=2))', () => {
  it('is 1.5 bits for counts [1, 1, 2]', () => {
    // p = 1/4, 1/4, 1/2: 1/4*2 + 1/4*2 + 1/2*1 = 1.5, every term exact in binary
    expect(shannonEntropy(v(1, 1, 2))).toBe(1.5);
  });

  it('is log2(S) for an even community', () => {
    // 8 equal counts: p = 1/8, -8 * 1/8 * log2(1/8) = 3
    expect(shannonEntropy(v(5, 5, 5, 5, 5, 5, 5, 5))).toBe(3);
    // 4 equal counts: 2 bits
    expect(shannonEntropy(v(7, 7, 7, 7))).toBe(2);
  });

  it('is +0 for a single feature', () => {
    expect(Object.is(shannonEntropy(v(42)), 0)).toBe(true);
  });

  it('depends only on proportions (non-integer input allowed)', () => {
    expect(shannonEntropy(v(0.25, 0.25, 0.5))).toBe(1.5);
    expect(shannonEntropy(v(10, 10, 20))).toBe(1.5);
  });

  it('ignores zeros and the order of values', () => {
    expect(shannonEntropy(v(0, 2, 0, 1, 1, 0))).toBe(1.5);
    const a = v(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5);
    const b = v(5, 5, 9, 6, 5, 4, 3, 3, 2, 1, 1);
    expect(closeTo(shannonEntropy(a)!, shannonEntropy(b)!, 1e-15, 0)).toBe(true);
  });

  it('is null for an empty sample', () => {
    expect(shannonEntropy(v())).toBeNull();
    expect(shannonEntropy(v(0, 0))).toBeNull();
  });
});
