/**
 * Welch t, Spearman, Benjamini–Hochberg, log2 fold change and hypergeometric ORA on hand-checkable inputs (derivations in the comments;
 * the non-closed-form p-values are scipy 1.17 `ttest_ind(equal_var=False)` / `spearmanr`, which agree with R `t.test` / `cor.test`).
 */

import { createRng } from '../../../../lambdas/core/random/rng.js';
import { benjaminiHochberg } from '../../../../lambdas/core/stats/benjamini-hochberg.js';
import { hypergeometricOra } from '../../../../lambdas/core/stats/hypergeometric-ora.js';
import { log2FoldChange } from '../../../../lambdas/core/stats/log2-fold-change.js';
import { pearsonCorrelation } from '../../../../lambdas/core/stats/pearson-correlation.js';
import { sampleMean } from '../../../../lambdas/core/stats/sample-mean.js';
import { sampleVariance } from '../../../../lambdas/core/stats/sample-variance.js';
import { spearman } from '../../../../lambdas/core/stats/spearman.js';
import { welchT } from '../../../../lambdas/core/stats/welch-t.js';

function expectRel(actual: number, expected: number, rel = 1e-14): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= rel * scale)) throw new Error(`got ${actual}, expected ${expected}`);
}

describe('sampleMean and sampleVariance', () => {
  it('are the mean and the n − 1 variance, exact on small integers and stable under a large offset', () => {
    expect(sampleMean([1, 2, 3, 4])).toBe(2.5);
    expectRel(sampleVariance([1, 2, 3, 4]), 5 / 3);
    expect(sampleVariance([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4])).toBeCloseTo(5 / 3, 12);
    expect(sampleVariance([7])).toBeNaN();
  });
});

describe('welchT (R t.test, var.equal = FALSE)', () => {
  it('has df = 2 for two pairs of equal spread, so p = 1 − √(t²/(2 + t²)) = 1 − √(9/13)', () => {
    // means 1 and 4, variances 2 and 2: se² = 2/2 + 2/2 = 2, t = −3/√2, df = 2²/((1² + 1²)/1) = 2
    const r = welchT([0, 2], [3, 5])!;
    expect(r).toMatchObject({ method: 'welch_t', nA: 2, nB: 2, meanA: 1, meanB: 4 });
    expectRel(r.statistic, -3 / Math.SQRT2);
    expectRel(r.df, 2);
    expectRel(r.p, 1 - Math.sqrt(9 / 13), 1e-13);
  });

  it('uses the Welch–Satterthwaite df for unequal groups', () => {
    // x̄ = 2.5, s² = 5/3; ȳ = 6, s² = 10: se² = 5/12 + 2, t = −3.5/√(29/12), df = (29/12)² / ((5/12)²/3 + 2²/4)
    const r = welchT([1, 2, 3, 4], [2, 4, 6, 8, 10])!;
    expectRel(r.statistic, -3.5 / Math.sqrt(29 / 12));
    expectRel(r.df, (29 / 12) ** 2 / ((5 / 12) ** 2 / 3 + 1));
    expectRel(r.p, 0.06913359319239237, 1e-12);
  });

  it('is null where R stops (fewer than 2 values, or essentially constant data) and drops NaN', () => {
    expect(welchT([1], [2, 3])).toBeNull();
    expect(welchT([5, 5, 5], [5, 5])).toBeNull();
    expect(welchT([0, 2, Number.NaN], [3, 5])!.nA).toBe(2);
  });
});

describe('spearman (R cor.test(method = "spearman", exact = FALSE), scipy spearmanr)', () => {
  it('has ρ = 1/2 for (1,2,3) vs (1,3,2), t = 1/√3 on 1 df and so p = 2·(1/2 − atan(1/√3)/π) = 2/3', () => {
    const r = spearman([1, 2, 3], [1, 3, 2])!;
    expect(r).toMatchObject({ method: 'spearman', n: 3, df: 1 });
    expectRel(r.statistic, 0.5);
    expectRel(r.p, 2 / 3, 1e-13);
  });

  it('has ρ = 1 − 6·2/60 = 0.8 for one swapped pair of 4, t² = 32/9 on 2 df and so p = 1 − √(32/50) = 0.2', () => {
    const r = spearman([10, 20, 30, 40], [1, 2, 4, 3])!;
    expectRel(r.statistic, 0.8);
    expectRel(r.p, 0.2, 1e-13);
  });

  it('uses average ranks for ties (Pearson on ranks, not the 1 − 6Σd² shortcut)', () => {
    const x = [1, 2, 2, 3, 5];
    const y = [2, 1, 3, 3, 4];
    const r = spearman(x, y)!;
    expectRel(r.statistic, pearsonCorrelation([1, 2.5, 2.5, 4, 5], [2, 1, 3.5, 3.5, 5]));
  });

  it('gives p = 0 for a perfect monotone relation and is null for n < 3 or constant input; NaN pairs dropped', () => {
    const r = spearman([1, 2, 3, 4], [1, 10, 100, 1000])!;
    expect(r.statistic).toBe(1);
    expect(r.p).toBe(0);
    expect(spearman([1, 2], [2, 1])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(spearman([1, 2, 3, Number.NaN], [1, 3, 2, 4])!.n).toBe(3);
  });
});

describe('benjaminiHochberg (R p.adjust(p, "BH"))', () => {
  it('takes the running minimum of m/i · p_(i) from the largest p down', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 → 4/1·0.005, 4/2·0.01, 4/3·0.03, 4/4·0.04 = 0.02, 0.02, 0.04, 0.04
    const q = benjaminiHochberg(Float64Array.from([0.01, 0.04, 0.03, 0.005]));
    expect(Array.from(q).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.02, 0.04, 0.04, 0.02]);
  });

  it('keeps NaN as NaN and leaves it out of m', () => {
    const q = benjaminiHochberg(Float64Array.from([Number.NaN, 0.01, 0.04, 0.03, 0.005]));
    expect(q[0]).toBeNaN();
    expectRel(q[1]!, 0.02, 1e-15);
    expectRel(q[2]!, 0.04, 1e-15);
  });

  it('caps at 1, is ≥ p, and is monotone in p; ties get the same q', () => {
    const rng = createRng(5);
    const p = Float64Array.from({ length: 200 }, () => rng.nextFloat());
    p[7] = p[8]!;
    const q = benjaminiHochberg(p);
    const order = Array.from(p.keys()).sort((i, j) => p[i]! - p[j]!);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      expect(q[i]!).toBeGreaterThanOrEqual(p[i]!);
      expect(q[i]!).toBeLessThanOrEqual(1);
      if (k > 0) expect(q[i]!).toBeGreaterThanOrEqual(q[order[k - 1]!]!);
    }
    expect(q[7]).toBe(q[8]);
    expect(Array.from(benjaminiHochberg(Float64Array.from([0.9, 0.95])))).toEqual([0.95, 0.95]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => benjaminiHochberg([0.5, 1.5])).toThrow(RangeError);
  });
});

describe('log2FoldChange', () => {
  it('is log2(meanA / meanB), NaN unless both means are positive and finite', () => {
    expect(log2FoldChange(8, 2)).toBe(2);
    expect(log2FoldChange(1, 4)).toBe(-2);
    expect(log2FoldChange(0, 1)).toBeNaN();
    expect(log2FoldChange(1, 0)).toBeNaN();
    expect(log2FoldChange(-1, 2)).toBeNaN();
  });
});

describe('hypergeometricOra (MetaboAnalyst CalculateOraScore)', () => {
  it('is P(X ≥ hits): both draws from the 3-member set among 10 features, C(3,2)/C(10,2) = 1/15', () => {
    const r = hypergeometricOra(2, 3, 2, 10);
    expect(r).toMatchObject({ method: 'hypergeometric_ora', hits: 2, setSize: 3, drawn: 2, universe: 10 });
    expectRel(r.expected, 0.6);
    expectRel(r.p, 1 / 15);
  });

  it('is P(X ≥ 1) = 1 − C(7,2)/C(10,2) = 24/45 for one hit, and 1 for none', () => {
    expectRel(hypergeometricOra(1, 3, 2, 10).p, 24 / 45);
    expect(hypergeometricOra(0, 3, 2, 10).p).toBe(1);
  });

  it('rejects impossible counts', () => {
    expect(() => hypergeometricOra(4, 3, 5, 10)).toThrow(RangeError);
    expect(() => hypergeometricOra(1, 11, 5, 10)).toThrow(RangeError);
    expect(() => hypergeometricOra(1.5, 3, 5, 10)).toThrow(RangeError);
  });
});
