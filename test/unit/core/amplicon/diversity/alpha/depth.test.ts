import { depth } from '../../../../../../lambdas/core/amplicon/diversity/alpha/depth.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('depth (N = sum of counts)', () => {
  it('sums the values; 0 for an empty sample', () => {
    expect(depth(v(1, 1, 2))).toBe(4);
    expect(depth(v())).toBe(0);
    expect(depth(v(0.25, 0.5))).toBe(0.75);
  });

  it('is compensated: ten 1e-16 added to 1 are not lost', () => {
    // naive left-to-right summation returns exactly 1 (each 1e-16 is below half an ulp of 1)
    const xs = v(1, ...new Array<number>(10).fill(1e-16));
    expect(depth(xs)).toBe(1 + 1e-15);
  });
});
