/**
 * UniFrac unit and property tests: hand-computed distances on a small tree with a
 * multifurcation, scikit-bio's conventions (root edge ignored, zero-length edges,
 * empty samples, features missing from the tree), and agreement with a naive
 * per-pair implementation of scikit-bio's formulas on random multifurcating
 * trees and random tables large enough to use every fast path.
 */

import {
  condensedIndex,
  type DistanceMatrix,
  distanceAt,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import {
  UNIFRAC_RECOMPUTE_BELOW,
  unweightedUnifrac,
  weightedUnifrac,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/unifrac.js';
import type { Result } from '../../../../../../lambdas/core/errors.js';
import { type PhyloTree, parseNewick } from '../../../../../../lambdas/core/study/newick.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../../lambdas/core/table/feature-table.js';
import { maxRelError } from '../../../../../helpers/numeric.js';
import { mulberry32, randomTable } from './random-table.js';

/** The matrix of an ok result (fails the test otherwise). */
function ok(r: Result<DistanceMatrix>): DistanceMatrix {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value;
}

/** A table from sample → {feature: count}. */
function tableOf(featureIds: string[], samples: Record<string, Record<string, number>>): FeatureTable {
  const ids = Object.keys(samples);
  const b = new FeatureTableBuilder(featureIds, ids);
  ids.forEach((s, j) => Object.entries(samples[s]!).forEach(([f, x]) => b.add(featureIds.indexOf(f), j, x)));
  return b.build();
}

/** The three metrics as condensed arrays. */
function allThree(table: FeatureTable, tree: PhyloTree): { u: Float64Array; wn: Float64Array; wu: Float64Array } {
  return {
    u: ok(unweightedUnifrac(table, tree)).data,
    wn: ok(weightedUnifrac(table, tree, { normalized: true })).data,
    wu: ok(weightedUnifrac(table, tree, { normalized: false })).data,
  };
}

describe('UniFrac on a small tree with a multifurcation (hand-computed)', () => {
  // X = (A,B) above 0.5; Y = (C,D,E), a trifurcation, above 1. Tip-to-root lengths: A 1.5, B 2.5, C 2, D 2, E 4.
  const newick = '((A:1,B:2)X:0.5,(C:1,D:1,E:3)Y:1)root;';
  const features = ['A', 'B', 'C', 'D', 'E'];
  const table = tableOf(features, { S1: { A: 1, B: 1 }, S2: { A: 2, C: 1, E: 1 }, S3: { D: 5 } });

  it('matches the definitions pair by pair', () => {
    const { u, wn, wu } = allThree(table, parseNewick(newick));
    // S1 reaches A, B, X (3.5); S2 reaches A, X, C, E, Y (6.5), shared A + X = 1.5; S3 reaches D, Y (2)
    expect(Array.from(u)).toEqual([7 / 8.5, 1, 6.5 / 7.5].map((x) => expect.closeTo(x, 15)));
    // S1 p: A .5 B .5 X 1; S2 p: A .5 X .5 C .25 E .25 Y .5; S3 p: D 1 Y 1
    expect(Array.from(wu)).toEqual([2.75, 4, 3.25].map((x) => expect.closeTo(x, 15)));
    // Σ_tips d_t p_t: S1 2, S2 2.25, S3 2
    expect(Array.from(wn)).toEqual([2.75 / 4.25, 4 / 4, 3.25 / 4.25].map((x) => expect.closeTo(x, 15)));
  });

  it('ignores a root edge and gives the same distances when the trifurcation is resolved by a zero-length edge', () => {
    const base = allThree(table, parseNewick(newick));
    for (const other of [
      '((A:1,B:2)X:0.5,(C:1,D:1,E:3)Y:1)root:7;',
      '((A:1,B:2)X:0.5,((C:1,D:1):0,E:3)Y:1)root;',
      '((A:1,B:2)X:0.5,(C:1,(D:1,E:3):0.0)Y:1);',
    ]) {
      const got = allThree(table, parseNewick(other));
      expect(maxRelError(got.u, base.u)).toBeLessThan(1e-15);
      expect(maxRelError(got.wn, base.wn)).toBeLessThan(1e-15);
      expect(maxRelError(got.wu, base.wu)).toBeLessThan(1e-15);
    }
  });

  it('treats a missing branch length as 0 (the parser reads none as 0)', () => {
    const got = allThree(table, parseNewick('((A:1,B:2)X:0.5,(C:1,D:1,E:3)Y:1,F)root;'));
    expect(maxRelError(got.u, allThree(table, parseNewick(newick)).u)).toBeLessThan(1e-15);
  });

  it('gives identical samples exactly 0 and follows scikit-bio for empty samples', () => {
    const t = tableOf(features, { S1: { A: 1, B: 1 }, twin: { A: 1, B: 1 }, half: { A: 3, B: 3 }, E1: {}, E2: {} });
    const tree = parseNewick(newick);
    const u = ok(unweightedUnifrac(t, tree)),
      wn = ok(weightedUnifrac(t, tree, { normalized: true })),
      wu = ok(weightedUnifrac(t, tree, { normalized: false }));
    for (const dm of [u, wn, wu]) {
      expect(distanceAt(dm, 0, 1)).toBe(0);
      expect(distanceAt(dm, 0, 2)).toBe(0); // same proportions; unweighted: same branches
      expect(distanceAt(dm, 3, 4)).toBe(0); // two empty samples
    }
    expect(distanceAt(wu, 1, 2)).toBe(0);
    // empty vs S1: unweighted 1 (every observed branch is unique), weighted Σ l p of S1 = 2, normalized 2 / (2 + 0) = 1
    expect(distanceAt(u, 0, 3)).toBe(1);
    expect(distanceAt(wu, 0, 3)).toBeCloseTo(2, 15);
    expect(distanceAt(wn, 0, 3)).toBe(1);
  });

  it('returns an error value naming the features that are not tips of the tree', () => {
    const t = tableOf(['A', 'B', 'Q1', 'Q2'], { S1: { A: 1, Q1: 2 }, S2: { B: 1 } });
    for (const r of [
      unweightedUnifrac(t, parseNewick(newick)),
      weightedUnifrac(t, parseNewick(newick), { normalized: true }),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('UNKNOWN_FEATURE');
        expect(r.error.message).toContain('Q1, Q2');
      }
    }
    // an internal node's label is not a tip
    const internal = unweightedUnifrac(tableOf(['A', 'X'], { S1: { A: 1, X: 1 } }), parseNewick(newick));
    expect(internal.ok).toBe(false);
  });

  it('gives an empty matrix for one sample and for none', () => {
    for (const samples of [{ S1: { A: 1 } }, {}] as Record<string, Record<string, number>>[]) {
      const t = tableOf(features, samples);
      for (const dm of [
        ok(unweightedUnifrac(t, parseNewick(newick))),
        ok(weightedUnifrac(t, parseNewick(newick), { normalized: true })),
      ]) {
        expect(dm.ids).toEqual(Object.keys(samples));
        expect(dm.data.length).toBe(0);
      }
    }
  });

  it('refuses a lone root and negative counts', () => {
    const lone = unweightedUnifrac(tableOf(['A'], { S1: { A: 1 } }), parseNewick('A;'));
    expect(lone.ok ? null : lone.error.code).toBe('INVALID_TREE');
    const neg = weightedUnifrac(tableOf(features, { S1: { A: -1 }, S2: { B: 2 } }), parseNewick(newick), {
      normalized: false,
    });
    expect(neg.ok ? null : neg.error.code).toBe('NEGATIVE_VALUE');
  });
});

/** A random rooted tree over `nTips` tips t0…: clades split into 2–4 parts (so many multifurcations), lengths uniform (0, 1), some exactly 0 and, when asked, a few negative. */
function randomTree(seed: number, nTips: number, negative = false): string {
  const rand = mulberry32(seed);
  const length = () => {
    const r = rand();
    if (r < 0.1) return 0;
    if (negative && r < 0.13) return -0.2 * rand();
    return rand();
  };
  let next = 0;
  const build = (k: number): string => {
    if (k === 1) return `t${next++}`;
    const parts = Math.min(k, 2 + Math.floor(rand() * 3));
    const sizes = new Array<number>(parts).fill(1);
    for (let r = parts; r < k; r++) sizes[Math.floor(rand() * parts)]!++;
    return `(${sizes.map((s) => `${build(s)}:${length()}`).join(',')})`;
  };
  return `${build(nTips)};`;
}

/** Per-node counts of one sample (index = tree node), by pushing tip counts to the root. */
function nodeCounts(table: FeatureTable, tree: PhyloTree, j: number): Float64Array {
  const c = new Float64Array(tree.parent.length);
  for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++)
    c[tree.tipIndex.get(table.featureIds[table.indices[p]!]!)!]! += table.data[p]!;
  for (let v = tree.parent.length - 1; v > 0; v--) c[tree.parent[v]!]! += c[v]!;
  return c;
}

/** scikit-bio 0.5.8's pairwise formulas on full per-node vectors (root excluded), one pair at a time. */
function naiveUnifrac(table: FeatureTable, tree: PhyloTree): { u: number[]; wn: number[]; wu: number[] } {
  const n = table.sampleIds.length,
    nodes = tree.parent.length,
    l = tree.branchLength;
  const counts = table.sampleIds.map((_, j) => nodeCounts(table, tree, j));
  const rootDistance = new Float64Array(nodes);
  for (let v = 1; v < nodes; v++) rootDistance[v] = rootDistance[tree.parent[v]!]! + l[v]!;
  const u: number[] = [],
    wn: number[] = [],
    wu: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = counts[i]!,
        b = counts[j]!,
        na = a[0]!,
        nb = b[0]!;
      let unique = 0,
        observed = 0,
        w = 0,
        norm = 0;
      for (let v = 1; v < nodes; v++) {
        if (a[v]! > 0 !== b[v]! > 0) unique += l[v]!;
        if (a[v]! > 0 || b[v]! > 0) observed += l[v]!;
        const pa = na > 0 ? a[v]! / na : 0,
          pb = nb > 0 ? b[v]! / nb : 0;
        w += l[v]! * Math.abs(pa - pb);
        if (tree.isTip[v]) norm += rootDistance[v]! * (pa + pb);
      }
      u.push(observed === 0 ? 0 : unique / observed);
      wu.push(w);
      wn.push(na === 0 && nb === 0 ? 0 : w / norm);
    }
  return { u, wn, wu };
}

describe('UniFrac vs a naive per-pair implementation on random trees', () => {
  const cases = [
    { seed: 1, tips: 60, samples: 30, density: 0.3, negative: false },
    { seed: 2, tips: 200, samples: 45, density: 0.08, negative: false },
    { seed: 3, tips: 120, samples: 40, density: 0.6, negative: false },
    { seed: 4, tips: 80, samples: 25, density: 0.25, negative: true },
  ];

  it.each(cases)(
    'seed $seed: $tips tips, $samples samples at density $density (negative lengths: $negative)',
    ({ seed, tips, samples, density, negative }) => {
      const tree = parseNewick(randomTree(seed, tips, negative));
      // features are a subset of the tips (the tree may hold more), with an empty sample and a duplicated one
      const base = randomTable(seed, Math.floor(tips * 0.9), samples, density);
      const b = new FeatureTableBuilder(
        base.featureIds.map((f) => `t${f.slice(1)}`),
        [...base.sampleIds, 'copy', 'empty'],
      );
      for (let j = 0; j < samples; j++)
        for (let p = base.indptr[j]!; p < base.indptr[j + 1]!; p++) b.add(base.indices[p]!, j, base.data[p]!);
      for (let p = base.indptr[0]!; p < base.indptr[1]!; p++) b.add(base.indices[p]!, samples, base.data[p]!);
      const table = b.build();
      const got = allThree(table, tree);
      const want = naiveUnifrac(table, tree);
      expect(maxRelError(got.u, want.u)).toBeLessThan(1e-12);
      expect(maxRelError(got.wu, want.wu)).toBeLessThan(1e-12);
      expect(maxRelError(got.wn, want.wn)).toBeLessThan(1e-12);
      const n = table.sampleIds.length;
      const twin = condensedIndex(0, n - 2, n);
      for (const d of [got.u, got.wn, got.wu]) expect(d[twin]).toBe(0);
      if (!negative) {
        for (const d of [got.u, got.wn]) expect(Array.from(d).filter((x) => !(x >= 0 && x <= 1))).toEqual([]);
        expect(got.wu.every((x) => x >= 0)).toBe(true);
      }
    },
  );

  it('symmetry and zero diagonal hold by construction; distances do not depend on sample order', () => {
    const tree = parseNewick(randomTree(5, 90));
    const table = (() => {
      const t = randomTable(5, 80, 20, 0.4);
      return { ...t, featureIds: t.featureIds.map((f) => `t${f.slice(1)}`) };
    })();
    const order = Array.from({ length: 20 }, (_, k) => (k * 7) % 20);
    const b = new FeatureTableBuilder(
      table.featureIds,
      order.map((j) => table.sampleIds[j]!),
    );
    order.forEach((j, k) => {
      for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) b.add(table.indices[p]!, k, table.data[p]!);
    });
    const shuffled = b.build();
    for (const run of [
      (t: FeatureTable) => unweightedUnifrac(t, tree),
      (t: FeatureTable) => weightedUnifrac(t, tree, { normalized: true }),
    ]) {
      const a = ok(run(table)),
        s = ok(run(shuffled));
      for (let x = 0; x < 20; x++) {
        expect(distanceAt(a, x, x)).toBe(0);
        for (let y = x + 1; y < 20; y++) {
          expect(distanceAt(a, x, y)).toBe(distanceAt(a, y, x));
          expect(distanceAt(s, x, y)).toBeCloseTo(distanceAt(a, order[x]!, order[y]!), 13);
        }
      }
    }
  });

  it('recomputes near-identical pairs exactly (threshold documented as a fraction)', () => {
    expect(UNIFRAC_RECOMPUTE_BELOW).toBeGreaterThan(0);
    expect(UNIFRAC_RECOMPUTE_BELOW).toBeLessThanOrEqual(1e-3);
    // two samples differing by one count out of ~10^6: tiny weighted distance, still exact to 1e-12
    const tree = parseNewick(randomTree(6, 50));
    const ids = Array.from({ length: 45 }, (_, k) => `t${k}`);
    const counts: Record<string, Record<string, number>> = {};
    for (let s = 0; s < 30; s++)
      counts[`s${s}`] = Object.fromEntries(ids.map((f, k) => [f, 20000 + ((k * 31 + s * 17) % 1000)]));
    counts.near = { ...counts.s0!, t3: counts.s0!.t3! + 1 };
    const table = tableOf(ids, counts);
    const got = allThree(table, tree),
      want = naiveUnifrac(table, tree);
    const k = condensedIndex(0, 30, 31);
    expect(got.wu[k]).toBeGreaterThan(0);
    expect(got.wu[k]).toBeLessThan(1e-5);
    expect(maxRelError(got.wu, want.wu)).toBeLessThan(1e-12);
    expect(maxRelError(got.wn, want.wn)).toBeLessThan(1e-12);
    expect(got.u[k]).toBe(0);
  });
});
