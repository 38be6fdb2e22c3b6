import { floydSample, rarefy, subsampleCounts } from '../../../../../lambdas/core/amplicon/normalize/rarefy.js';
import { createRng } from '../../../../../lambdas/core/random/rng.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../lambdas/core/table/feature-table.js';

/** 40 features x 25 samples (non-square), ~1/3 non-zero, counts 1..60; sample j scaled so depths spread from tiny to ~1000. */
function randomTable(seed: number): FeatureTable {
  const rng = createRng(seed);
  const nF = 40,
    nS = 25;
  const b = new FeatureTableBuilder(
    Array.from({ length: nF }, (_, i) => `f${i}`),
    Array.from({ length: nS }, (_, j) => `s${j}`),
  );
  for (let j = 0; j < nS; j++)
    for (let i = 0; i < nF; i++) if (rng.nextInt(3) === 0) b.add(i, j, 1 + rng.nextInt(2 + 2 * j));
  return b.build();
}

/** Dense features x samples of a table. */
function dense(t: FeatureTable): number[][] {
  const out = t.featureIds.map(() => t.sampleIds.map(() => 0));
  for (let j = 0; j < t.sampleIds.length; j++)
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) out[t.indices[p]!]![j] = t.data[p]!;
  return out;
}

function sampleSums(t: FeatureTable): number[] {
  return t.sampleIds.map((_, j) => {
    let s = 0;
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) s += t.data[p]!;
    return s;
  });
}

const DEPTH = 150;

describe('rarefy', () => {
  const table = randomTable(5);
  const sums = sampleSums(table);

  it('drops and lists the samples below the depth, keeps the rest in order', () => {
    const r = rarefy(table, DEPTH, 42);
    const expectedDropped = table.sampleIds.filter((_, j) => sums[j]! < DEPTH);
    expect(expectedDropped.length).toBeGreaterThan(0);
    expect(expectedDropped.length).toBeLessThan(table.sampleIds.length);
    expect(r.dropped).toEqual(expectedDropped);
    expect(r.table.sampleIds).toEqual(table.sampleIds.filter((_, j) => sums[j]! >= DEPTH));
    expect(r.table.featureIds).toBe(table.featureIds);
    expect([r.depth, r.seed]).toEqual([DEPTH, 42]);
  });

  it('gives every kept sample exactly depth reads, never more of a feature than it had', () => {
    for (const seed of [1, 2, 3]) {
      const r = rarefy(table, DEPTH, seed);
      expect(sampleSums(r.table).every((s) => s === DEPTH)).toBe(true);
      const before = dense(table);
      const after = dense(r.table);
      r.table.sampleIds.forEach((id, k) => {
        const j = table.sampleIds.indexOf(id);
        for (let i = 0; i < table.featureIds.length; i++) {
          expect(after[i]![k]!).toBeLessThanOrEqual(before[i]![j]!);
          expect(Number.isInteger(after[i]![k]!)).toBe(true);
        }
      });
      for (let j = 0; j < r.table.sampleIds.length; j++)
        for (let p = r.table.indptr[j]! + 1; p < r.table.indptr[j + 1]!; p++)
          expect(r.table.indices[p]!).toBeGreaterThan(r.table.indices[p - 1]!);
    }
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expect(dense(rarefy(table, DEPTH, 7).table)).toEqual(dense(rarefy(table, DEPTH, 7).table));
    expect(dense(rarefy(table, DEPTH, 7).table)).not.toEqual(dense(rarefy(table, DEPTH, 8).table));
  });

  it('keeps a sample whose depth equals the target unchanged', () => {
    const t = randomTable(9);
    const j = 20;
    const n = sampleSums(t)[j]!;
    const r = rarefy(t, n, 3);
    const k = r.table.sampleIds.indexOf(`s${j}`);
    expect(dense(r.table).map((row) => row[k])).toEqual(dense(t).map((row) => row[j]));
  });

  it('rejects a non-positive or fractional depth and non-integer counts', () => {
    expect(() => rarefy(table, 0, 1)).toThrow(RangeError);
    expect(() => rarefy(table, 2.5, 1)).toThrow(RangeError);
    const b = new FeatureTableBuilder(['f0'], ['s0']);
    b.add(0, 0, 2.5);
    expect(() => rarefy(b.build(), 1, 1)).toThrow(/integer counts; sample 's0' has 2.5/);
  });
});

describe('subsampleCounts', () => {
  /** Frequency of each outcome of feature 0's count over `runs` seeds. */
  function feature0Frequencies(counts: number[], depth: number, runs: number): number[] {
    const total = counts.reduce((a, b) => a + b, 0);
    const freq = new Array<number>(counts[0]! + 1).fill(0);
    for (let s = 0; s < runs; s++)
      freq[subsampleCounts(Float64Array.from(counts), total, depth, createRng(s))[0]!]! += 1 / runs;
    return freq;
  }

  it('draws feature counts from the hypergeometric distribution (depth < N/2: positions kept)', () => {
    // counts (2, 3), 2 reads: P(k=0) = C(3,2)/C(5,2) = 0.3, P(1) = 2*3/10 = 0.6, P(2) = 0.1; sd of a frequency over 4000 runs <= 0.008
    const f = feature0Frequencies([2, 3], 2, 4000);
    [0.3, 0.6, 0.1].forEach((p, k) => expect(Math.abs(f[k]! - p)).toBeLessThan(0.035));
  });

  it('draws feature counts from the hypergeometric distribution (depth > N/2: positions removed)', () => {
    // counts (4, 6), keep 7 (remove 3): k0 = 4 - removed0, removed0 ~ HG(3 of 10, 4 marked):
    // P(removed0 = 0) = C(6,3)/C(10,3) = 20/120, 1: 4*15/120, 2: 6*6/120, 3: 4/120
    const f = feature0Frequencies([4, 6], 7, 4000);
    const expected = [4 / 120, 36 / 120, 60 / 120, 20 / 120]; // k0 = 1, 2, 3, 4
    expect(f[0]).toBe(0);
    expected.forEach((p, k) => expect(Math.abs(f[k + 1]! - p)).toBeLessThan(0.035));
  });
});

describe('floydSample', () => {
  it('draws m distinct positions in [0, n), all of them when m = n', () => {
    const rng = createRng(3);
    const s = floydSample(1000, 300, rng);
    expect(new Set(s).size).toBe(300);
    expect(s.every((x) => Number.isInteger(x) && x >= 0 && x < 1000)).toBe(true);
    expect([...floydSample(50, 50, rng)].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('picks each position with probability m/n', () => {
    const hits = new Array<number>(10).fill(0);
    const rng = createRng(4);
    for (let r = 0; r < 3000; r++) for (const x of floydSample(10, 3, rng)) hits[x]!++;
    // expected 900 each, sd = sqrt(3000 * 0.3 * 0.7) ~ 25
    hits.forEach((h) => expect(Math.abs(h - 900)).toBeLessThan(110));
  });
});
