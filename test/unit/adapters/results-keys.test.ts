import { MAX_SHARDS, normalizeSequencer, shardCount, shardOf } from '../../../lambdas/adapters/results-keys.js';

describe('result key layout', () => {
  it('spreads a family over ceil(n/2500) shards, at least 1 and at most 32', () => {
    expect(shardCount(0)).toBe(1);
    expect(shardCount(2500)).toBe(1);
    expect(shardCount(2501)).toBe(2);
    expect(shardCount(20000)).toBe(8);
    expect(shardCount(10_000_000)).toBe(MAX_SHARDS);
  });

  it('assigns a row to the same shard every time and uses every shard for many ids', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = shardOf(`feature-${i}`, 8);
      expect(shardOf(`feature-${i}`, 8)).toBe(s);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(8);
      seen.add(s);
    }
    expect(seen.size).toBe(8);
  });

  it('orders S3 sequencers of different lengths by value once padded', () => {
    // AWS: compare sequencers as hex after padding the shorter with leading zeros
    expect(normalizeSequencer('0055AED6DCD90281E5') < normalizeSequencer('0055AED6DCD90281E6')).toBe(true);
    expect(normalizeSequencer('FF') < normalizeSequencer('100')).toBe(true);
    expect(normalizeSequencer('ff')).toBe(normalizeSequencer('FF'));
  });
});
