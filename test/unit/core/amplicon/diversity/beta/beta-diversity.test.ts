import {
  aitchison,
  aitchisonRows,
  BETA_METRICS,
  betaDiversity,
  brayCurtis,
  brayCurtisRows,
  condensedLength,
  type DistanceMatrix,
  distanceAt,
  jaccard,
  jaccardRows,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../../../helpers/numeric.js';
import { denseRows, randomTable } from './random-table.js';

/** Builds a features × samples table from per-sample dense columns. */
function tableOf(featureIds: string[], samples: Record<string, number[]>): FeatureTable {
  const ids = Object.keys(samples);
  const b = new FeatureTableBuilder(featureIds, ids);
  ids.forEach((id, s) => samples[id]!.forEach((v, f) => b.add(f, s, v)));
  return b.build();
}

/**
 * 5 features × 4 samples (non-square). f4 is zero everywhere; E is empty.
 *        f0 f1 f2 f3 f4
 *   A  :  1  2  0  3  0     depth 6, present {0,1,3}
 *   E  :  0  0  0  0  0     depth 0 -> skipped
 *   B  :  0  2  4  1  0     depth 7, present {1,2,3}
 *   C  :  5  0  0  0  0     depth 5, present {0}
 */
const hand = tableOf(['f0', 'f1', 'f2', 'f3', 'f4'], {
  A: [1, 2, 0, 3, 0],
  E: [0, 0, 0, 0, 0],
  B: [0, 2, 4, 1, 0],
  C: [5, 0, 0, 0, 0],
});

const L2 = Math.log(2),
  L3 = Math.log(3),
  L5 = Math.log(5);

function expectMatrix(dm: DistanceMatrix, ids: string[], expected: number[], rel = 1e-15): void {
  expect(dm.ids).toEqual(ids);
  expect(dm.data.length).toBe(expected.length);
  expected.forEach((e, k) => {
    if (!closeTo(dm.data[k]!, e, rel, 0)) throw new Error(`entry ${k}: got ${dm.data[k]}, expected ${e}`);
  });
}

describe('hand-checked 5 features × 4 samples', () => {
  it('Bray–Curtis = Σ|x−y| / Σ(x+y)', () => {
    // A,B: |1-0|+|2-2|+|0-4|+|3-1| = 7 over 6+7 = 13
    // A,C: |1-5|+2+0+3 = 9 over 6+5 = 11
    // B,C: 5+2+4+1 = 12 over 7+5 = 12 -> 1 (no shared feature)
    const r = brayCurtis(hand);
    expectMatrix(r.matrix, ['A', 'B', 'C'], [7 / 13, 9 / 11, 1], 0);
    expect(r.skipped).toEqual(['E']);
    expect(r.metric).toBe('bray_curtis');
  });

  it('binary Jaccard = 1 − |A∩B| / |A∪B|', () => {
    // A,B: ∩ {1,3}, ∪ {0,1,2,3} -> 1/2;  A,C: ∩ {0}, ∪ {0,1,3} -> 2/3;  B,C: ∩ {} -> 1
    expectMatrix(jaccard(hand).matrix, ['A', 'B', 'C'], [1 / 2, 2 / 3, 1], 0);
  });

  it('Aitchison over all 5 features, including the all-zero f4', () => {
    // u = ln(x+1): A = (L2, L3, 0, 2L2, 0), B = (0, L3, L5, L2, 0), C = (L2+L3, 0, 0, 0, 0).
    // d² = Σ (Δu_f − mean Δu)² = Σ Δu² − (Σ Δu)²/F, F = 5.
    // A−B = (L2, 0, −L5, L2, 0):     Σ² = 2L2² + L5²,              Σ = 2L2 − L5
    // A−C = (−L3, L3, 0, 2L2, 0):    Σ² = 2L3² + 4L2²,             Σ = 2L2
    // B−C = (−L2−L3, L3, L5, L2, 0): Σ² = (L2+L3)² + L3² + L5² + L2², Σ = L5
    const ab = 2 * L2 ** 2 + L5 ** 2 - (2 * L2 - L5) ** 2 / 5;
    const ac = 2 * L3 ** 2 + 4 * L2 ** 2 - (2 * L2) ** 2 / 5;
    const bc = (L2 + L3) ** 2 + L3 ** 2 + L5 ** 2 + L2 ** 2 - L5 ** 2 / 5;
    expectMatrix(aitchison(hand).matrix, ['A', 'B', 'C'], [ab, ac, bc].map(Math.sqrt), 1e-14);
  });

  it('Aitchison changes when the all-zero feature is dropped (F = 4)', () => {
    const four = tableOf(['f0', 'f1', 'f2', 'f3'], { A: [1, 2, 0, 3], B: [0, 2, 4, 1], C: [5, 0, 0, 0] });
    // A−C over 4 features: 2L3² + 4L2² − (2L2)²/4 = 2L3² + 3L2²
    const d = aitchison(four).matrix.data[1]!;
    expect(closeTo(d, Math.sqrt(2 * L3 ** 2 + 3 * L2 ** 2), 1e-14, 0)).toBe(true);
    expect(closeTo(d, aitchison(hand).matrix.data[1]!, 1e-6, 0)).toBe(false);
  });

  it('names an unknown metric', () => {
    expect(() => betaDiversity('unifrac', hand)).toThrow(/unknown beta diversity metric 'unifrac'/);
  });

  it('returns an empty matrix for a table with one non-empty sample', () => {
    const one = tableOf(['f0', 'f1'], { A: [0, 0], B: [3, 1] });
    const r = brayCurtis(one);
    expect(r.matrix.ids).toEqual(['B']);
    expect(r.matrix.data.length).toBe(0);
    expect(r.skipped).toEqual(['A']);
  });
});

/** Definition-level references on dense vectors, independent of the sparse formulations. */
const reference = {
  bray_curtis(x: Float64Array, y: Float64Array): number {
    let num = 0,
      den = 0;
    x.forEach((xi, f) => ((num += Math.abs(xi - y[f]!)), (den += xi + y[f]!)));
    return num / den;
  },
  jaccard(x: Float64Array, y: Float64Array): number {
    let both = 0,
      either = 0;
    x.forEach((xi, f) => ((both += +(xi > 0 && y[f]! > 0)), (either += +(xi > 0 || y[f]! > 0))));
    return 1 - both / either;
  },
  aitchison(x: Float64Array, y: Float64Array): number {
    const clr = (v: Float64Array) => {
      const l = v.map((c) => Math.log(c + 1));
      const mean = l.reduce((a, b) => a + b, 0) / l.length;
      return l.map((c) => c - mean);
    };
    const a = clr(x),
      b = clr(y);
    return Math.sqrt(a.reduce((s, ai, f) => s + (ai - b[f]!) ** 2, 0));
  },
};

describe.each([
  ['integer counts', 11, 40, 25, 0.3, true],
  ['non-integer abundances', 12, 33, 17, 0.5, false],
  ['many samples, several row blocks', 13, 12, 400, 0.4, true],
])('sparse formulations vs the definitions: %s', (_label, seed, nF, nS, density, integer) => {
  const t = randomTable(seed, nF, nS, density, integer);
  const rows = denseRows(t);
  it.each(Object.keys(BETA_METRICS))('%s matches the dense definition to 1e-12', (metric) => {
    const r = betaDiversity(metric, t);
    const n = r.matrix.ids.length;
    const used = r.matrix.ids.map((id) => t.sampleIds.indexOf(id));
    let worst = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const e = reference[metric as keyof typeof reference](rows[used[i]!]!, rows[used[j]!]!);
        const d = distanceAt(r.matrix, i, j);
        worst = Math.max(worst, Math.abs(d - e) / Math.max(Math.abs(e), 1e-300));
      }
    expect(worst).toBeLessThan(1e-12);
    expect(r.skipped.length + n).toBe(t.sampleIds.length);
  });
});

describe('properties on seeded random sparse tables', () => {
  const tables = [randomTable(1, 60, 30, 0.2), randomTable(2, 25, 40, 0.6), randomTable(3, 300, 20, 0.05, false)];

  it('Bray–Curtis and Jaccard lie in [0, 1]; every distance is finite and ≥ 0', () => {
    for (const t of tables) {
      for (const d of brayCurtis(t).matrix.data) expect(d >= 0 && d <= 1).toBe(true);
      for (const d of jaccard(t).matrix.data) expect(d >= 0 && d <= 1).toBe(true);
      for (const d of aitchison(t).matrix.data) expect(Number.isFinite(d) && d >= 0).toBe(true);
    }
  });

  it.each([
    ['jaccard', jaccard],
    ['aitchison', aitchison],
  ] as const)('%s satisfies the triangle inequality', (_name, metric) => {
    for (const t of tables) {
      const dm = metric(t).matrix;
      const n = dm.ids.length;
      let worst = -Infinity;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++)
            worst = Math.max(worst, distanceAt(dm, i, k) - distanceAt(dm, i, j) - distanceAt(dm, j, k));
      expect(worst).toBeLessThanOrEqual(1e-12);
    }
  });

  it.each([
    ['bray_curtis', brayCurtisRows],
    ['jaccard', jaccardRows],
    ['aitchison', aitchisonRows],
  ] as const)('%s row blocks computed separately give the same bits as one pass', (metric, rows) => {
    const t = randomTable(7, 50, 230, 0.3);
    const n = t.sampleIds.length;
    const whole = betaDiversity(metric, t).matrix.data;
    const pieces = new Float64Array(condensedLength(n)).fill(NaN);
    for (const [a, b] of [
      [150, 230],
      [0, 37],
      [37, 38],
      [38, 150],
    ] as const)
      rows(t, a, b, pieces);
    expect(Array.from(pieces)).toEqual(Array.from(whole));
  });

  it('row kernels reject a bad range or output length', () => {
    const t = randomTable(7, 10, 5, 0.5);
    expect(() => brayCurtisRows(t, 2, 6, new Float64Array(10))).toThrow(RangeError);
    expect(() => brayCurtisRows(t, 0, 5, new Float64Array(9))).toThrow(RangeError);
  });
});

describe('cancellation guards (near-identical samples)', () => {
  it('Aitchison keeps full precision when two samples differ in one count', () => {
    // Q = Σ ln(x+1)² ≈ 40 × 11.5² while d² = (ln 100001 − ln 100000)² (1 − 1/F) ≈ 1e-10:
    // the expanded form Q_a + Q_b − 2X − ΔU²/F would lose every digit.
    const a = Array.from({ length: 40 }, (_, f) => 100000 + f);
    const b = a.slice();
    b[7] = b[7]! + 1;
    const t = tableOf(
      Array.from({ length: 41 }, (_, f) => `f${f}`),
      { a: [...a, 0], b: [...b, 0] },
    );
    const du = Math.log(100008 + 1) - Math.log(100007 + 1);
    const expected = Math.sqrt(du * du * (1 - 1 / 41));
    expect(closeTo(aitchison(t).matrix.data[0]!, expected, 1e-9, 0)).toBe(true);
  });

  it('Bray–Curtis keeps full precision for near-identical non-integer samples', () => {
    // Σ|x−y| = 1e-9, Σ(x+y) = 2·(0.3+0.7) + 1e-9
    const t = tableOf(['f0', 'f1'], { a: [0.3, 0.7], b: [0.3 + 1e-9, 0.7] });
    const expected = Math.abs(0.3 + 1e-9 - 0.3) / (0.3 + (0.3 + 1e-9) + 1.4);
    expect(closeTo(brayCurtis(t).matrix.data[0]!, expected, 1e-12, 0)).toBe(true);
  });
});
