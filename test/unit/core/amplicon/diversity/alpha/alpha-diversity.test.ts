import { alphaDiversity } from '../../../../../../lambdas/core/amplicon/diversity/alpha/alpha-diversity.js';
import {
  type AlphaMetricName,
  alphaMetrics,
} from '../../../../../../lambdas/core/amplicon/diversity/alpha/registry.js';
import { FeatureTableBuilder, sampleValues } from '../../../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../../../helpers/numeric.js';

const NAMES = Object.keys(alphaMetrics) as AlphaMetricName[];

/** 5 features x 3 samples (non-square); s1 is empty. */
function smallTable(values: number[][]) {
  const b = new FeatureTableBuilder(['f0', 'f1', 'f2', 'f3', 'f4'], ['s0', 's1', 's2']);
  values.forEach((col, j) => col.forEach((x, i) => b.add(i, j, x)));
  return b.build();
}

describe('alphaDiversity', () => {
  const counts = smallTable([
    [1, 1, 2, 0, 0],
    [0, 0, 0, 0, 0],
    [1, 1, 2, 10, 12],
  ]);

  it('gives every metric per sample in table order, equal to the registry functions', () => {
    const rows = alphaDiversity(counts, { integerCounts: true });
    expect(rows.map((r) => r.sampleId)).toEqual(['s0', 's1', 's2']);
    for (const j of [0, 2]) {
      for (const m of NAMES) expect(rows[j]![m]).toBe(alphaMetrics[m](sampleValues(counts, j)));
    }
    // s0 = [1,1,2]: values checked by hand in the per-metric tests
    expect(rows[0]).toEqual({
      sampleId: 's0',
      depth: 4,
      observed_features: 3,
      shannon_entropy: 1.5,
      simpson: 0.625,
      pielou_evenness: rows[0]!.pielou_evenness,
      chao1: 3.5,
      // [1,1,2]: S_rare=3, N_rare=4, F1=2, C=1/2, gamma^2 = 3*2/(1/2*4*3) - 1 = 0: ACE = 3/(1/2) = 6
      ace: 6,
      goods_coverage: 0.5,
    });
    expect(closeTo(rows[2]!.ace!, 1034 / 117, 1e-15, 0)).toBe(true);
  });

  it('lists an empty sample with depth 0 and null metrics', () => {
    expect(alphaDiversity(counts, { integerCounts: true })[1]).toEqual({
      sampleId: 's1',
      depth: 0,
      observed_features: null,
      shannon_entropy: null,
      simpson: null,
      pielou_evenness: null,
      chao1: null,
      ace: null,
      goods_coverage: null,
    });
  });

  it('leaves chao1, ace and goods_coverage null when the table is not integer-valued', () => {
    const rows = alphaDiversity(counts, { integerCounts: false });
    expect(rows[0]!.shannon_entropy).toBe(1.5);
    for (const r of rows) {
      expect(r.chao1).toBeNull();
      expect(r.ace).toBeNull();
      expect(r.goods_coverage).toBeNull();
    }
    const rel = smallTable([
      [0.25, 0.25, 0.5, 0, 0],
      [0, 0, 0, 0, 0],
      [0.1, 0.2, 0.7, 0, 0],
    ]);
    expect(alphaDiversity(rel, { integerCounts: true })[0]!.chao1).toBeNull();
    expect(alphaDiversity(rel, { integerCounts: false })[0]!.simpson).toBe(0.625);
  });

  it('does not depend on feature order or on stored zeros (invariants)', () => {
    // deterministic pseudo-random counts, 0..40, about a third zeros
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 41;
    const col = Array.from({ length: 200 }, () => Math.max(0, next() - 13));
    const nF = col.length;
    const ids = Array.from({ length: nF }, (_, i) => `f${i}`);
    const a = new FeatureTableBuilder(ids, ['s']);
    const b = new FeatureTableBuilder(ids, ['s']);
    col.forEach((x, i) => a.add(i, 0, x));
    col.forEach((x, i) => b.add(nF - 1 - i, 0, x));
    const ra = alphaDiversity(a.build(), { integerCounts: true })[0]!;
    const rb = alphaDiversity(b.build(), { integerCounts: true })[0]!;
    const dense = Float64Array.from(col);
    for (const m of NAMES) {
      expect(closeTo(ra[m]!, rb[m]!, 1e-15, 0)).toBe(true);
      expect(closeTo(ra[m]!, alphaMetrics[m](dense)!, 1e-15, 0)).toBe(true);
    }
  });
});
