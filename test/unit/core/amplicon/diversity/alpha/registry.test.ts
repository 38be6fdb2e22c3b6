import {
  alphaMetrics,
  COUNT_BASED_METRICS,
  getAlphaMetric,
} from '../../../../../../lambdas/core/amplicon/diversity/alpha/registry.js';

describe('alphaMetrics registry', () => {
  it('holds the docs/metrics.md alpha names (faith_pd needs a tree and is not here)', () => {
    expect(Object.keys(alphaMetrics).sort()).toEqual(
      [
        'ace',
        'chao1',
        'depth',
        'goods_coverage',
        'observed_features',
        'pielou_evenness',
        'shannon_entropy',
        'simpson',
      ].sort(),
    );
    expect([...COUNT_BASED_METRICS].sort()).toEqual(['ace', 'chao1', 'goods_coverage']);
  });

  it('looks metrics up by name and names an unknown one', () => {
    expect(getAlphaMetric('shannon_entropy')(Float64Array.of(1, 1, 2))).toBe(1.5);
    expect(() => getAlphaMetric('shannon')).toThrow(/unknown alpha metric 'shannon'/);
    expect(() => getAlphaMetric('toString')).toThrow(/unknown alpha metric/);
  });
});
