import { observedFeatures } from '../../../../../../lambdas/core/amplicon/diversity/alpha/observed-features.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('observedFeatures (S, QIIME 2 observed_features)', () => {
  it('counts the non-zero values', () => {
    expect(observedFeatures(v(1, 1, 2))).toBe(3);
    expect(observedFeatures(v(0, 3, 0, 0.5))).toBe(2);
    expect(observedFeatures(v(8))).toBe(1);
  });

  it('is null for an empty sample (no metrics, docs/metrics.md)', () => {
    expect(observedFeatures(v())).toBeNull();
    expect(observedFeatures(v(0, 0))).toBeNull();
  });
});
