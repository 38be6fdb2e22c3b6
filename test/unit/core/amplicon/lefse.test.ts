/**
 * LEfSe core: clade sums and LEfSe's normalisation, the R-faithful KW, coin's
 * Wilcoxon p and the subclass rules, MASS lda's first discriminant against
 * closed forms, the SVD, and whole runs on generated data (a planted genus,
 * a null data set, seeds, sample order).
 */
import {
  buildLefseClades,
  coinWilcoxonP,
  type LefseClades,
  type LefseResult,
  ldaFirstDiscriminant,
  lefseHierarchy,
  lefseKruskalWallis,
  lefseSampleOrder,
  lineagePrefixes,
  median,
  normalizeClades,
  passesWilcoxonStep,
  rightSingularVectors,
  roundHalfEven,
  runLefse,
  tieCubeSumAsR,
  type WilcoxonStepOptions,
} from '../../../../lambdas/core/amplicon/lefse/index.js';
import { symmetricEigen } from '../../../../lambdas/core/ordination/symmetric-eigen.js';
import { createRng, type Rng } from '../../../../lambdas/core/random/rng.js';
import { kruskalWallis } from '../../../../lambdas/core/stats/kruskal-wallis.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../helpers/numeric.js';

/** features × samples dense counts to a FeatureTable. */
function tableOf(counts: number[][], sampleIds: string[]): FeatureTable {
  const b = new FeatureTableBuilder(
    counts.map((_, i) => `F${i}`),
    sampleIds,
  );
  counts.forEach((row, i) => row.forEach((v, j) => b.add(i, j, v)));
  return b.build();
}

/** Row c of a clade table. */
function cladeRow(t: LefseClades, key: string): number[] {
  const c = t.clades.indexOf(key);
  expect(c).toBeGreaterThanOrEqual(0);
  const n = t.sampleIds.length;
  return Array.from(t.values.subarray(c * n, (c + 1) * n));
}

describe('buildLefseClades', () => {
  const table = tableOf(
    [
      [1, 0, 0],
      [2, 3, 0],
      [0, 5, 0],
    ],
    ['s1', 's2', 's3'],
  );
  const lineages = ['k__A; p__B; c__C', 'k__A; p__B; c__D; o__X', null];

  it('sums every feature into all prefixes of its padded lineage key', () => {
    const t = buildLefseClades(table, lineages, { rankIndex: 2, normalization: null });
    expect(t.clades).toEqual(['__', '__;__', '__;__;__', 'k__A', 'k__A;p__B', 'k__A;p__B;c__C', 'k__A;p__B;c__D']);
    expect(Array.from(t.levels)).toEqual([1, 2, 3, 1, 2, 3, 3]);
    expect(cladeRow(t, 'k__A')).toEqual([3, 3, 0]);
    expect(cladeRow(t, 'k__A;p__B;c__D')).toEqual([2, 3, 0]);
    expect(cladeRow(t, '__;__;__')).toEqual([0, 5, 0]);
    expect(t.normalization).toBeNull();
  });

  it('scales each sample by 1e6 / (sum of the level-1 clades) as lefse_format_input.py -o 1000000, leaving empty samples at 0', () => {
    const t = buildLefseClades(table, lineages, { rankIndex: 2 });
    expect(cladeRow(t, 'k__A;p__B;c__C')).toEqual([1 * (1e6 / 3), 0, 0]);
    expect(cladeRow(t, 'k__A;p__B;c__D')).toEqual([2 * (1e6 / 3), 3 * (1e6 / 8), 0]);
    expect(cladeRow(t, '__')).toEqual([0, 5 * (1e6 / 8), 0]);
    const top = t.clades.map((_, c) => c).filter((c) => t.levels[c] === 1);
    for (let j = 0; j < 2; j++)
      expect(
        closeTo(
          top.reduce((s, c) => s + t.values[c * 3 + j]!, 0),
          1e6,
          1e-15,
        ),
      ).toBe(true);
  });

  it('uses only the requested samples, in the requested order', () => {
    const t = buildLefseClades(table, lineages, { rankIndex: 2, normalization: null, sampleIds: ['s2', 's1'] });
    expect(t.sampleIds).toEqual(['s2', 's1']);
    expect(cladeRow(t, 'k__A')).toEqual([3, 3]);
    expect(cladeRow(t, '__')).toEqual([5, 0]);
    expect(t.clades).toHaveLength(7);
    expect(() => buildLefseClades(table, lineages, { sampleIds: ['nope'] })).toThrow(RangeError);
  });

  it('rounds a near-constant clade (sd/mean < 1e-10) to 6 decimals, as LEfSe does', () => {
    const raw: LefseClades = {
      clades: ['k__A'],
      levels: Int32Array.of(1),
      sampleIds: ['a', 'b', 'c'],
      values: Float64Array.of(3, 7, 49),
      normalization: null,
    };
    expect(7 * (1e6 / 7)).not.toBe(1e6);
    expect(Array.from(normalizeClades(raw, 1e6).values)).toEqual([1e6, 1e6, 1e6]);
  });

  it('gives the lineage prefixes and rounds halves to even like Python', () => {
    expect(lineagePrefixes(['k__A', 'p__B'], 3)).toEqual(['k__A', 'k__A;p__B', 'k__A;p__B;__', 'k__A;p__B;__;__']);
    expect([0.5, 1.5, 2.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -2, 2, 3]);
  });
});

describe('lefseKruskalWallis', () => {
  it('gives the hand-computed H = 3.857 (p 0.04953) for two untied groups', () => {
    const kw = lefseKruskalWallis([1, 2, 3, 4, 5, 6], Int32Array.of(0, 0, 0, 1, 1, 1), 2);
    expect(closeTo(kw.statistic, (12 / 42) * (36 / 3 + 225 / 3) - 21, 1e-14)).toBe(true);
    expect(closeTo(kw.p, 0.049534613435626915, 1e-12)).toBe(true);
  });

  it('equals the exact-tie kruskalWallis (and scipy) when no values differ only by float noise', () => {
    const groups = [
      [1, 2, 2, 3],
      [3, 4, 5, 5, 6],
      [0, 1, 7],
    ];
    const ours = lefseKruskalWallis(groups.flat(), Int32Array.from(groups.flatMap((g, k) => g.map(() => k))), 3);
    expect(closeTo(ours.p, kruskalWallis(groups)!.p, 1e-14)).toBe(true);
    expect(closeTo(ours.p, 0.14148585160496208, 1e-12)).toBe(true);
  });

  it("counts ties on 15 significant digits like R's table(), while ranking exactly", () => {
    const x = [1, 1 + 2 ** -52, 2, 2, 3];
    expect(tieCubeSumAsR(x)).toBe(12);
    const g = Int32Array.of(0, 1, 0, 1, 1);
    const exact = kruskalWallis([
      [x[0]!, x[2]!],
      [x[1]!, x[3]!, x[4]!],
    ])!;
    expect(lefseKruskalWallis(x, g, 2).p).not.toBeCloseTo(exact.p, 6);
  });

  it('gives NaN when all values are equal or only one class is present', () => {
    expect(lefseKruskalWallis([2, 2, 2, 2], Int32Array.of(0, 0, 1, 1), 2).p).toBeNaN();
    expect(lefseKruskalWallis([1, 2, 3], Int32Array.of(1, 1, 1), 2).p).toBeNaN();
  });
});

describe('coin wilcox_test p and the subclass step', () => {
  it('gives the normal-approximation p without continuity correction (equal to 2-group KW)', () => {
    expect(closeTo(coinWilcoxonP([1, 2, 3], [4, 5, 6]), 0.049534613435626915, 1e-12)).toBe(true);
    const a = [1, 2, 2, 5, 7],
      b = [2, 3, 8, 8, 9, 10];
    const kw = lefseKruskalWallis([...a, ...b], Int32Array.from([...a.map(() => 0), ...b.map(() => 1)]), 2);
    expect(closeTo(coinWilcoxonP(a, b), kw.p, 1e-12)).toBe(true);
    expect(coinWilcoxonP([4, 4], [4, 4, 4])).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  /** Samples of classes A/B with subclasses 1/2 (12 each), values by (class, subclass). */
  function design(shift: (cls: string, sub: string, k: number) => number) {
    const classes: string[] = [],
      subclasses: string[] = [],
      values: number[] = [];
    for (const cls of ['A', 'B'])
      for (const sub of ['1', '2'])
        for (let k = 0; k < 12; k++) {
          classes.push(cls);
          subclasses.push(sub);
          values.push(shift(cls, sub, k));
        }
    const d = { classes, subclasses };
    const order = lefseSampleOrder(
      classes.map((_, i) => `s${String(i).padStart(2, '0')}`),
      d,
    );
    return { hierarchy: lefseHierarchy(order, d, ['A', 'B']), values: Float64Array.from(order, (i) => values[i]!) };
  }
  const opts: WilcoxonStepOptions = {
    alpha: 0.05,
    minClassSize: 10,
    multiclassStrategy: 'one-against-all',
    correction: 'none',
    onlySameSubclass: false,
  };

  it('renames subclasses shared by classes and passes a feature higher in B within every subclass pair', () => {
    const { hierarchy, values } = design((cls, _s, k) => (cls === 'B' ? 100 : 0) + k);
    expect(hierarchy.subclasses.map((s) => s.map((x) => x.name))).toEqual([
      ['A_1', 'A_2'],
      ['B_1', 'B_2'],
    ]);
    expect(passesWilcoxonStep(values, hierarchy, opts)).toBe(true);
  });

  it('fails when one subclass pair goes the other way or is not significant', () => {
    const flipped = design((cls, sub, k) => (cls === 'B' ? (sub === '1' ? 100 : -100) : 0) + k);
    expect(passesWilcoxonStep(flipped.values, flipped.hierarchy, opts)).toBe(false);
    const weak = design((cls, sub, k) => (cls === 'B' && sub === '1' ? 100 : 0) + k);
    expect(passesWilcoxonStep(weak.values, weak.hierarchy, opts)).toBe(false);
    expect(passesWilcoxonStep(weak.values, weak.hierarchy, { ...opts, onlySameSubclass: true })).toBe(false);
  });

  it('only compares medians below minClassSize: a small consistent shift passes there, not when tested', () => {
    const shifted = design((cls, _s, k) => (cls === 'B' ? 1 : 0) + k);
    expect(passesWilcoxonStep(shifted.values, shifted.hierarchy, { ...opts, minClassSize: 100 })).toBe(true);
    expect(passesWilcoxonStep(shifted.values, shifted.hierarchy, opts)).toBe(false);
    const tieLater = design((cls, sub, k) => (cls === 'B' && sub === '1' ? 1 + k : k));
    expect(passesWilcoxonStep(tieLater.values, tieLater.hierarchy, { ...opts, minClassSize: 100 })).toBe(false);
    const constant = design(() => 7);
    expect(passesWilcoxonStep(constant.values, constant.hierarchy, { ...opts, minClassSize: 100 })).toBe(false);
  });

  it('lets the first median-only comparison pass even with equal medians (so one subclass per class passes whenever KW did)', () => {
    const d = { classes: ['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'B'] };
    const order = lefseSampleOrder(
      d.classes.map((_, i) => `s${i}`),
      d,
    );
    const h = lefseHierarchy(order, d, ['A', 'B']);
    expect(h.subclasses.map((s) => s.map((x) => x.name))).toEqual([['A_subcl'], ['B_subcl']]);
    const values = Float64Array.from(order, (i) => [0, 0, 0, 1, 5, 0, 0, 0, 2, 9][i]!);
    expect(passesWilcoxonStep(values, h, opts)).toBe(true);
  });

  it('one-against-all needs one class that differs from all others; one-against-one needs every pair', () => {
    const classes = [...Array(12).fill('A'), ...Array(12).fill('B'), ...Array(12).fill('C')] as string[];
    const raw = classes.map((c, i) => (c === 'C' ? 100 : 0) + (i % 12));
    const d = { classes };
    const order = lefseSampleOrder(
      classes.map((_, i) => `s${String(i).padStart(2, '0')}`),
      d,
    );
    const h = lefseHierarchy(order, d, ['A', 'B', 'C']);
    const values = Float64Array.from(order, (i) => raw[i]!);
    expect(passesWilcoxonStep(values, h, opts)).toBe(true);
    expect(passesWilcoxonStep(values, h, { ...opts, multiclassStrategy: 'one-against-one' })).toBe(false);
  });
});

/** Column-major m × p matrix of N(0, 1) draws. */
function gaussian(rng: Rng, m: number, p: number): Float64Array {
  return Float64Array.from({ length: m * p }, () => rng.normal());
}

describe('rightSingularVectors', () => {
  it.each([
    [9, 4],
    [4, 9],
  ])('gives orthonormal V with ‖A v‖ = σ and Σσ² = ‖A‖²_F for a %i × %i matrix', (m, p) => {
    const a = gaussian(createRng(3), m, p);
    const { k, values, vectors } = rightSingularVectors(a, m, p, 1e-10);
    expect(k).toBe(Math.min(m, p));
    let frob = 0;
    for (const v of a) frob += v * v;
    expect(
      closeTo(
        values.reduce((s, v) => s + v * v, 0),
        frob,
        1e-13,
      ),
    ).toBe(true);
    for (let t = 0; t < k; t++) {
      for (let u = 0; u < k; u++) {
        let d = 0;
        for (let j = 0; j < p; j++) d += vectors[t * p + j]! * vectors[u * p + j]!;
        expect(Math.abs(d - (t === u ? 1 : 0))).toBeLessThan(1e-13);
      }
      let norm2 = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += a[j * m + i]! * vectors[t * p + j]!;
        norm2 += s * s;
      }
      expect(closeTo(Math.sqrt(norm2), values[t]!, 1e-12)).toBe(true);
    }
    for (let t = 1; t < k; t++) expect(values[t]!).toBeLessThanOrEqual(values[t - 1]!);
  });

  it('drops the singular values at rounding level of a rank-deficient matrix (duplicate column)', () => {
    const m = 6,
      p = 4;
    const a = gaussian(createRng(4), m, p);
    for (let i = 0; i < m; i++) a[3 * m + i] = a[1 * m + i]! + a[2 * m + i]!;
    expect(rightSingularVectors(a, m, p, 1e-10).k).toBe(3);
    const t = new Float64Array(m * p);
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) t[i * p + j] = a[j * m + i]!;
    expect(rightSingularVectors(t, p, m, 1e-10).k).toBe(3);
  });
});

/**
 * MASS's LD1 in closed form for two groups: D⁻¹ C⁺ D⁻¹ (m₂ − m₁), C = D⁻¹ S_w D⁻¹ / (n − 2),
 * D = diag(f1), the pseudo-inverse from an eigendecomposition keeping eigenvalues > 1e-10 · max.
 */
function fisherDirection(x: Float64Array, n: number, p: number, g: Int32Array): Float64Array {
  const mean = [new Float64Array(p), new Float64Array(p)];
  const count = [0, 0];
  for (let i = 0; i < n; i++) {
    count[g[i]!]++;
    for (let j = 0; j < p; j++) mean[g[i]!]![j]! += x[i * p + j]!;
  }
  for (const k of [0, 1]) for (let j = 0; j < p; j++) mean[k]![j]! /= count[k]!;
  const r = Float64Array.from({ length: n * p }, (_, q) => x[q]! - mean[g[Math.floor(q / p)]!]![q % p]!);
  const f1 = Float64Array.from({ length: p }, (_, j) => {
    let s = 0,
      ss = 0;
    for (let i = 0; i < n; i++) s += r[i * p + j]!;
    for (let i = 0; i < n; i++) ss += (r[i * p + j]! - s / n) ** 2;
    return Math.sqrt(ss / (n - 1));
  });
  const c = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i * p + a]! * r[i * p + b]!;
      c[a * p + b] = s / (n - 2) / (f1[a]! * f1[b]!);
    }
  const eig = symmetricEigen(c, p);
  const top = Math.max(...eig.values);
  const delta = Float64Array.from({ length: p }, (_, j) => (mean[1]![j]! - mean[0]![j]!) / f1[j]!);
  const out = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    if (eig.values[k]! <= 1e-10 * top) continue;
    let proj = 0;
    for (let j = 0; j < p; j++) proj += eig.vectors[k * p + j]! * delta[j]!;
    for (let j = 0; j < p; j++) out[j]! += (eig.vectors[k * p + j]! * proj) / eig.values[k]!;
  }
  return out.map((v, j) => v / f1[j]!);
}

/** |cos| of the angle between two vectors. */
function absCos(a: Float64Array, b: Float64Array): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return Math.abs(ab) / Math.sqrt(aa * bb);
}

describe('ldaFirstDiscriminant (MASS lda, two groups)', () => {
  it.each([
    ['n > p (full rank)', 40, 6],
    ['n < p (rank-deficient, as in LEfSe subsamples)', 10, 25],
  ])('matches the closed-form Fisher direction, %s', (_label, n, p) => {
    const rng = createRng(11);
    const g = Int32Array.from({ length: n }, (_, i) => i % 2);
    const x = Float64Array.from(
      { length: n * p },
      (_, q) => rng.gamma(2, 10) * (1 + (q % p)) + (g[Math.floor(q / p)]! === 1 && q % p < 3 ? 15 : 0),
    );
    const fit = ldaFirstDiscriminant(x, n, p, g, 2);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.withinRank).toBe(Math.min(p, n - 2));
    expect(1 - absCos(fit.ld1, fisherDirection(x, n, p, g))).toBeLessThan(1e-10);
    expect(Array.from(fit.groups)).toEqual([0, 1]);
    let m0 = 0;
    for (let i = 0; i < n; i += 2) m0 += x[i * p]!;
    expect(closeTo(fit.means[0]!, m0 / (n / 2), 1e-13)).toBe(true);
  });

  it('stops, as R does, on a variable constant within groups or a missing second group', () => {
    const x = Float64Array.of(1, 5, 2, 5, 3, 7, 4, 7);
    const fit = ldaFirstDiscriminant(x, 4, 2, Int32Array.of(0, 0, 1, 1), 2);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.reason).toMatch(/constant within groups/);
    expect(ldaFirstDiscriminant(x, 4, 2, Int32Array.of(1, 1, 1, 1), 2).ok).toBe(false);
  });
});

/** 40 samples (classes A/B alternating), 30 genera over 3 phyla; genus 7 (its own family) ×`fold` in B. */
function simulated(
  seed: number,
  fold: number,
): { table: FeatureTable; lineages: string[]; classes: Map<string, string> } {
  const rng = createRng(seed);
  const samples = Array.from({ length: 40 }, (_, j) => `S${String(j).padStart(2, '0')}`);
  const classes = new Map(samples.map((s, j) => [s, j % 2 === 0 ? 'A' : 'B']));
  const base = Array.from({ length: 30 }, () => 20 + rng.gamma(2, 40));
  const b = new FeatureTableBuilder(
    base.map((_, g) => `G${g}`),
    samples,
  );
  samples.forEach((s, j) => {
    for (let g = 0; g < 30; g++) {
      const lambda = base[g]! * rng.gamma(4, 0.25) * (g === 7 && classes.get(s) === 'B' ? fold : 1);
      b.add(g, j, rng.poisson(lambda));
    }
  });
  const lineages = base.map(
    (_, g) => `k__Bacteria; p__P${g % 3}; c__C${g % 3}; o__O${g % 3}; f__F${g === 7 ? 'solo' : g % 3}; g__G${g}`,
  );
  return { table: b.build(), lineages, classes };
}

/** LEfSe with defaults on a simulated data set. */
function lefseOn(data: ReturnType<typeof simulated>, seed?: number, order?: string[]): LefseResult {
  const clades = buildLefseClades(data.table, data.lineages, order ? { sampleIds: order } : {});
  const out = runLefse(
    clades,
    { classes: clades.sampleIds.map((s) => data.classes.get(s)!) },
    seed === undefined ? {} : { seed },
  );
  if (!out.ok) throw new Error(out.reason);
  return out;
}

describe('runLefse on generated data', () => {
  const planted = simulated(21, 6);

  it('finds a planted genus (and its single-genus family) enriched in the right class', () => {
    const res = lefseOn(planted);
    const genus = res.features.find((f) => f.clade.endsWith('g__G7'))!;
    const family = res.features.find((f) => f.clade.endsWith('f__Fsolo'))!;
    for (const f of [genus, family]) {
      expect(f.discriminative).toBe(true);
      expect(f.enrichedClass).toBe('B');
      expect(f.kwP!).toBeLessThan(1e-6);
      expect(f.lda!).toBeGreaterThan(3.5);
      expect(f.classMeans[1]!).toBeGreaterThan(3 * f.classMeans[0]!);
    }
    expect(res.classSizes).toEqual([20, 20]);
    expect(res.effectSize.status).toBe('ok');
  });

  it('finds nearly nothing on a null data set', () => {
    let flagged = 0,
      total = 0;
    for (const seed of [31, 32, 33]) {
      const res = lefseOn(simulated(seed, 1));
      flagged += res.nDiscriminative;
      total += res.features.length;
      expect(res.features.every((f) => !f.discriminative || (f.kwP! < 0.05 && f.wilcoxonPass))).toBe(true);
    }
    expect(flagged / total).toBeLessThan(0.1);
  });

  it('is reproducible for a seed, records it, and moves only the LDA scores with another seed', () => {
    const a = lefseOn(planted, 5),
      b = lefseOn(planted, 5),
      c = lefseOn(planted, 6);
    expect(a.seed).toBe(5);
    expect(a.options.seed).toBe(5);
    expect(b.features).toEqual(a.features);
    expect(c.features.map((f) => f.kwP)).toEqual(a.features.map((f) => f.kwP));
    const moved = a.features.filter((f, i) => f.lda !== null && f.lda !== c.features[i]!.lda).length;
    expect(moved).toBeGreaterThan(0);
    const worst = Math.max(...a.features.map((f, i) => (f.lda === null ? 0 : Math.abs(f.lda - c.features[i]!.lda!))));
    expect(worst).toBeLessThan(0.3);
    expect(lefseOn(planted).seed).toBe(1982);
  });

  it('does not depend on the order of the input samples', () => {
    const reversed = [...planted.table.sampleIds].reverse();
    const a = lefseOn(planted),
      b = lefseOn(planted, undefined, reversed);
    expect(b.sampleOrder).toEqual(a.sampleOrder);
    expect(b.features).toEqual(a.features);
  });

  it('skips the LDA when ldaThreshold < 0 and reports too few classes as a failure value', () => {
    const clades = buildLefseClades(planted.table, planted.lineages);
    const classes = clades.sampleIds.map((s) => planted.classes.get(s)!);
    const res = runLefse(clades, { classes }, { ldaThreshold: -1 });
    if (!res.ok) throw new Error(res.reason);
    expect(res.effectSize.status).toBe('skipped');
    expect(res.features.every((f) => f.discriminative === f.wilcoxonPass && (f.lda === null) === !f.wilcoxonPass)).toBe(
      true,
    );
    expect(runLefse(clades, { classes: classes.map(() => 'A') })).toEqual({
      ok: false,
      reason: 'LEfSe needs at least 2 classes, found 1',
    });
  });
});
