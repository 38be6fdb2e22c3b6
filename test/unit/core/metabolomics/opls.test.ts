/**
 * PLS-DA / OPLS-DA unit and property tests: the kernel engine against a literal
 * primal transcription of ropls's loops (opls-oracle.ts) on random data in many
 * configurations, planted and null data, invariants (Σ VIP² = p, orthogonality,
 * sample-order equivariance), ropls's rules (segments, signif, thresholds,
 * permutation counting) and the no-model results.
 */
import { crossValidationFits, roplsSegments } from '../../../../lambdas/core/metabolomics/opls/cross-validation.js';
import { chooseGramMethod, gramMatrix, gramOperator } from '../../../../lambdas/core/metabolomics/opls/gram.js';
import {
  atLeastAsGood,
  automaticMaximum,
  classLevelsOf,
  componentSignificance,
  type DiscriminantModel,
  type DiscriminantResult,
  type OplsScaling,
  oplsDa,
  plsDa,
  q2Threshold,
  signif,
} from '../../../../lambdas/core/metabolomics/opls/index.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { maxRelError } from '../../../helpers/numeric.js';
import { type OracleModel, oracleOpls, oraclePls, oracleScale } from './opls-oracle.js';

/** n × p sample-major noise with `planted` features shifted by `shift` in the second class, and `factors` latent factors. */
function twoClass(
  n: number,
  p: number,
  seed: number,
  o: { planted?: number; shift?: number; factors?: number; labels?: [string, string] } = {},
) {
  const rng = createRng(seed);
  const [a, b] = o.labels ?? ['ctrl', 'case'];
  const classes = Array.from({ length: n }, (_, i) => (i % 3 === 0 || i % 5 === 1 ? b : a));
  const factors = o.factors ?? 0;
  const load = Array.from({ length: factors * p }, () => rng.normal(0, 0.8));
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: factors }, () => rng.normal());
    for (let j = 0; j < p; j++) {
      let v = rng.normal() + (classes[i] === b && j < (o.planted ?? 0) ? (o.shift ?? 0) : 0);
      for (let k = 0; k < factors; k++) v += f[k]! * load[k * p + j]!;
      x[i * p + j] = 10 + v;
    }
  }
  return { x, classes };
}

function built(r: DiscriminantResult): DiscriminantModel {
  if (!r.built) throw new Error(`no model: ${r.reason} ${r.message}`);
  return r;
}

/** Column h of a row-major rows × k matrix. */
function column(m: Float64Array, rows: number, k: number, h: number): number[] {
  return Array.from({ length: rows }, (_, i) => m[i * k + h]!);
}

/** Max relative error after aligning the sign of `a` to `e`, with an absolute floor of 1e-12·max|e|. */
function signedError(a: number[], e: number[]): number {
  const s = a.reduce((acc, v, i) => acc + v * e[i]!, 0) < 0 ? -1 : 1;
  return maxRelError(
    a.map((v) => s * v),
    e,
    1e-12 * Math.max(...e.map(Math.abs)),
  );
}

function oracleInput(x: Float64Array, n: number, p: number, classes: string[], scaling: OplsScaling) {
  const levels = classLevelsOf(classes) as [string, string];
  const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * p, (i + 1) * p)));
  return oracleScale(
    rows,
    classes.map((c) => (c === levels[1] ? 1 : 0)),
    scaling,
  );
}

/** Every table row, the totals, scores, loadings, weights and VIP of `m` agree with the oracle to `tol`. */
function expectMatchesOracle(m: DiscriminantModel, o: OracleModel, tol: number): void {
  const { nSamples: n, nFeatures: p, nPredictive: a, nOrthogonal: k } = m;
  expect([a, k]).toEqual([o.nPredictive, o.nOrthogonal]);
  expect(m.components.significance).toEqual(o.rows.slice(0, a + k).map((r) => r.significance));
  expect(
    maxRelError(
      m.components.r2x,
      o.rows.slice(0, a + k).map((r) => r.r2x),
    ),
  ).toBeLessThan(tol);
  expect(
    maxRelError(
      m.components.r2y,
      o.rows.slice(0, a + k).map((r) => r.r2y),
    ),
  ).toBeLessThan(tol);
  expect(
    maxRelError(
      m.components.q2,
      o.rows.slice(0, a + k).map((r) => r.q2),
      1e-13,
    ),
  ).toBeLessThan(tol);
  expect(maxRelError([m.summary.r2y, m.summary.q2], [o.r2y, o.q2], 1e-13)).toBeLessThan(tol);
  for (let h = 0; h < a; h++) {
    expect(signedError(column(m.scores, n, a, h), o.t[h]!)).toBeLessThan(tol);
    expect(signedError(column(m.loadings, p, a, h), o.p[h]!)).toBeLessThan(tol);
    expect(signedError(column(m.weights, p, a, h), o.w[h]!)).toBeLessThan(tol);
  }
  for (let h = 0; h < k; h++) {
    expect(signedError(column(m.orthoScores, n, k, h), o.to[h]!)).toBeLessThan(tol);
    expect(signedError(column(m.orthoLoadings, p, k, h), o.po[h]!)).toBeLessThan(tol);
    expect(signedError(column(m.orthoWeights, p, k, h), o.wo[h]!)).toBeLessThan(tol);
  }
  expect(maxRelError(m.vip, o.vip)).toBeLessThan(tol);
  if (o.orthoVip) expect(maxRelError(m.orthoVip!, o.orthoVip)).toBeLessThan(tol);
}

describe('ropls segments and rules', () => {
  it('segments are split(1:n, rep(1:k, length = n)): sample i is left out in segment i mod k', () => {
    expect(roplsSegments(10, 7).map((s) => Array.from(s))).toEqual([[0, 7], [1, 8], [2, 9], [3], [4], [5], [6]]);
    const fits = crossValidationFits(9, 3);
    expect(fits).toHaveLength(4);
    expect(Array.from(fits[1]!.train)).toEqual([1, 0, 1, 1, 0, 1, 1, 0, 1]);
    expect(Array.from(fits[3]!.train)).toEqual(new Array(9).fill(1));
    expect(fits[3]!.test).toHaveLength(0);
  });

  it('signif is R signif (nearbyint: half to even)', () => {
    expect(signif(0.6015303543539363, 3)).toBe(0.602);
    expect(signif(0.0340402891407694, 3)).toBe(0.034);
    expect(signif(-0.11774502273498122, 3)).toBe(-0.118);
    expect(signif(0.7298328052432478, 3)).toBe(0.73);
    expect(signif(123456, 3)).toBe(123000);
    expect(signif(2.5, 1)).toBe(2);
    expect(signif(3.5, 1)).toBe(4);
    expect(signif(0, 3)).toBe(0);
    expect(Number.isNaN(signif(Number.NaN, 3))).toBe(true);
  });

  it('significance: N4 below R²Y 0.01, NS below the Q² threshold (OPLS 0.01; PLS 0 if n > 100 else 0.05)', () => {
    expect(q2Threshold(true, 50)).toBe(0.01);
    expect(q2Threshold(false, 100)).toBe(0.05);
    expect(q2Threshold(false, 101)).toBe(0);
    expect(componentSignificance(0.009, 0.9, 0.01)).toBe('N4');
    expect(componentSignificance(0.5, 0.0099, 0.01)).toBe('NS');
    expect(componentSignificance(0.5, 0.01, 0.01)).toBe('R1');
    expect(automaticMaximum(183, 109)).toBe(10);
    expect(automaticMaximum(8, 109)).toBe(8);
  });

  it('the permutation rule compares the 3-digit rounded values, ≥ counting ties', () => {
    expect(atLeastAsGood(0.6016, 0.6024)).toBe(true);
    expect(atLeastAsGood(0.6014, 0.6015)).toBe(false);
    expect(atLeastAsGood(0.602, 0.602)).toBe(true);
    expect(atLeastAsGood(-0.1181, -0.1176)).toBe(true);
  });

  it('class levels: sorted like R sort(unique(y)) unless given; the second is coded 1', () => {
    expect(classLevelsOf(['M', 'F', 'M'])).toEqual(['F', 'M']);
    expect(classLevelsOf(['control', 'cachexic'])).toEqual(['cachexic', 'control']);
    expect(classLevelsOf(['b', 'B', 'a'])).toMatchObject({ reason: 'not-two-classes' });
    expect(classLevelsOf(['Beta', 'alpha'])).toEqual(['alpha', 'Beta']);
    expect(classLevelsOf(['x', 'y'], ['y', 'x'])).toEqual(['y', 'x']);
    expect(classLevelsOf(['x', 'y'], ['x', 'z'])).toMatchObject({ reason: 'not-two-classes' });
  });
});

describe('kernel engine = primal ropls transcription (oracle) on random data', () => {
  const cases: {
    n: number;
    p: number;
    seed: number;
    scaling: OplsScaling;
    cv: number;
    planted: number;
    shift: number;
    factors: number;
  }[] = [
    { n: 40, p: 25, seed: 1, scaling: 'standard', cv: 7, planted: 4, shift: 1.2, factors: 2 },
    { n: 57, p: 120, seed: 2, scaling: 'pareto', cv: 5, planted: 10, shift: 0.9, factors: 3 },
    { n: 110, p: 30, seed: 3, scaling: 'center', cv: 7, planted: 3, shift: 0.8, factors: 2 },
    { n: 33, p: 80, seed: 4, scaling: 'none', cv: 4, planted: 6, shift: 1.5, factors: 1 },
  ];

  it.each(cases)('OPLS-DA fixed orthoI = 3, both Gram methods (n $n, p $p, $scaling, $cv segments)', (c) => {
    const { x, classes } = twoClass(c.n, c.p, c.seed, c);
    const o = oracleInput(x, c.n, c.p, classes, c.scaling);
    const oracle = oracleOpls(o.x, o.y, 3, c.cv);
    for (const gram of ['explicit', 'factored'] as const) {
      expectMatchesOracle(
        built(
          oplsDa(x, c.n, c.p, classes, { orthoI: 3, scaling: c.scaling, crossValI: c.cv, permI: 0, seed: 1, gram }),
        ),
        oracle,
        1e-9,
      );
    }
  });

  it.each(cases)('OPLS-DA automatic (n $n, p $p, $scaling): same components, rows and refusals as the oracle', (c) => {
    const { x, classes } = twoClass(c.n, c.p, c.seed, c);
    const o = oracleInput(x, c.n, c.p, classes, c.scaling);
    const oracle = oracleOpls(o.x, o.y, 'auto', c.cv);
    const r = oplsDa(x, c.n, c.p, classes, { scaling: c.scaling, crossValI: c.cv, permI: 0, seed: 1 });
    if (oracle.nOrthogonal === null) {
      expect(r.built).toBe(false);
      if (!r.built)
        expect(r.search!.significance.filter((s) => s !== null)).toEqual(oracle.rows.map((row) => row.significance));
    } else expectMatchesOracle(built(r), oracle, 1e-9);
  });

  it.each(cases)('PLS-DA automatic and fixed 3 components (n $n, p $p, $scaling)', (c) => {
    const { x, classes } = twoClass(c.n, c.p, c.seed, c);
    const o = oracleInput(x, c.n, c.p, classes, c.scaling);
    for (const predI of ['auto', 3] as const) {
      const oracle = oraclePls(o.x, o.y, predI, c.cv);
      const r = plsDa(x, c.n, c.p, classes, { predI, scaling: c.scaling, crossValI: c.cv, permI: 0, seed: 1 });
      if (oracle.nPredictive === null)
        expect(r).toMatchObject({ built: false, reason: 'first-predictive-not-significant' });
      else expectMatchesOracle(built(r), oracle, 1e-9);
    }
  });
});

describe('planted and null data', () => {
  it('a planted separable two-class set gives Q² near 1 and VIP > 1 exactly on the planted features', () => {
    const n = 60,
      p = 200,
      planted = 6;
    const { x, classes } = twoClass(n, p, 11, { planted, shift: 4 });
    for (const m of [
      built(plsDa(x, n, p, classes, { predI: 1, permI: 0, seed: 1 })),
      built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 0, seed: 1 })),
    ]) {
      expect(m.summary.q2).toBeGreaterThan(0.9);
      expect(m.summary.r2y).toBeGreaterThan(0.9);
      const high = Array.from(m.vip, (v, j) => (v > 1 ? j : -1)).filter((j) => j >= 0);
      expect(high).toEqual(Array.from({ length: planted }, (_, j) => j));
    }
  });

  it('a null set (labels unrelated to X) gives a low Q², a large pQ², and no automatic model', () => {
    const n = 48,
      p = 60;
    const { x, classes } = twoClass(n, p, 12);
    const m = built(plsDa(x, n, p, classes, { predI: 1, permI: 100, seed: 5 }));
    expect(m.summary.q2).toBeLessThan(0.05);
    expect(m.permutation!.pQ2).toBeGreaterThan(0.2);
    expect(m.permutation!.pR2Y).toBeGreaterThan(0.2);
    expect(plsDa(x, n, p, classes, { permI: 0, seed: 1 })).toMatchObject({
      built: false,
      reason: 'first-predictive-not-significant',
    });
    expect(oplsDa(x, n, p, classes, { permI: 0, seed: 1 }).built).toBe(false);
  });
});

describe('invariants', () => {
  const n = 50,
    p = 40;
  const { x, classes } = twoClass(n, p, 21, { planted: 5, shift: 1, factors: 2 });
  const opls = built(oplsDa(x, n, p, classes, { orthoI: 2, scaling: 'standard', permI: 0, seed: 1 }));
  const pls = built(plsDa(x, n, p, classes, { predI: 3, scaling: 'standard', permI: 0, seed: 1 }));
  const sumSq = (v: Float64Array) => v.reduce((s, a) => s + a * a, 0);

  it('Σ VIP² = number of features (PLS VIP, OPLS VIP4,p and VIP4,o)', () => {
    for (const v of [pls.vip, opls.vip, opls.orthoVip!]) expect(sumSq(v)).toBeCloseTo(p, 10);
  });

  it('OPLS: orthogonal scores are orthogonal to the predictive scores and to each other; weights are unit vectors', () => {
    const t = Array.from(opls.scores);
    const t0 = column(opls.orthoScores, n, 2, 0),
      t1 = column(opls.orthoScores, n, 2, 1);
    const d = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(Math.abs(d(t, t0)) / Math.sqrt(d(t, t) * d(t0, t0))).toBeLessThan(1e-10);
    expect(Math.abs(d(t0, t1)) / Math.sqrt(d(t0, t0) * d(t1, t1))).toBeLessThan(1e-10);
    expect(sumSq(opls.weights)).toBeCloseTo(1, 12);
    expect(sumSq(Float64Array.from(column(opls.orthoWeights, p, 2, 1)))).toBeCloseTo(1, 12);
  });

  it('OPLS 1 + k and PLS 1 + k components span the same space: equal R²X and R²Y and fitted values', () => {
    expect(maxRelError([opls.summary.r2x, opls.summary.r2y], [pls.summary.r2x, pls.summary.r2y])).toBeLessThan(1e-12);
    expect(maxRelError(opls.fitted, pls.fitted)).toBeLessThan(1e-10);
  });

  it('the totals are the sums of the rows (OPLS) and the last cumulative row (PLS); fitted = scores · c on the 0/1 scale', () => {
    expect(opls.summary.r2y).toBeCloseTo(
      opls.components.r2y.reduce((s, v) => s + v, 0),
      14,
    );
    expect(pls.summary.q2).toBe(pls.components.q2Cum[2]);
    const fit = Array.from(opls.scores, (t) => t * opls.yWeights[0]! * opls.ySd + opls.yMean);
    expect(maxRelError(opls.fitted, fit)).toBeLessThan(1e-14);
  });

  it('permuting the sample order permutes scores and fitted values; loadings, VIP, R²X and R²Y do not change', () => {
    const order = createRng(3).shuffleInPlace(Array.from({ length: n }, (_, i) => i));
    const xs = new Float64Array(n * p);
    order.forEach((src, i) => xs.set(x.subarray(src * p, (src + 1) * p), i * p));
    const moved = built(
      oplsDa(
        xs,
        n,
        p,
        order.map((i) => classes[i]!),
        { orthoI: 2, scaling: 'standard', permI: 0, seed: 1 },
      ),
    );
    expect(
      maxRelError(
        moved.scores,
        order.map((i) => opls.scores[i]!),
      ),
    ).toBeLessThan(1e-9);
    expect(
      maxRelError(
        moved.fitted,
        order.map((i) => opls.fitted[i]!),
      ),
    ).toBeLessThan(1e-12);
    expect(
      signedError(
        column(moved.orthoScores, n, 2, 1),
        order.map((i) => opls.orthoScores[i * 2 + 1]!),
      ),
    ).toBeLessThan(1e-9);
    expect(maxRelError(moved.loadings, opls.loadings)).toBeLessThan(1e-9);
    expect(maxRelError(moved.vip, opls.vip)).toBeLessThan(1e-9);
    expect(maxRelError([moved.summary.r2x, moved.summary.r2y], [opls.summary.r2x, opls.summary.r2y])).toBeLessThan(
      1e-12,
    );
  });

  it('swapping the class coding (y → 1 − y) flips t, p, w and the coefficients; c, VIP, R² and Q² stay', () => {
    expect(opls.classLevels).toEqual(['case', 'ctrl']);
    const swapped = built(
      oplsDa(x, n, p, classes, { orthoI: 2, scaling: 'standard', permI: 0, seed: 1, classLevels: ['ctrl', 'case'] }),
    );
    expect(swapped.classLevels).toEqual(['ctrl', 'case']);
    expect(
      maxRelError(
        swapped.scores.map((v) => -v),
        opls.scores,
      ),
    ).toBeLessThan(1e-12);
    expect(
      maxRelError(
        swapped.loadings.map((v) => -v),
        opls.loadings,
      ),
    ).toBeLessThan(1e-12);
    expect(
      maxRelError(
        swapped.weights.map((v) => -v),
        opls.weights,
      ),
    ).toBeLessThan(1e-12);
    expect(
      maxRelError(
        swapped.coefficients.map((v) => -v),
        opls.coefficients,
      ),
    ).toBeLessThan(1e-12);
    expect(swapped.yWeights[0]).toBeCloseTo(opls.yWeights[0]!, 14);
    expect(maxRelError(swapped.vip, opls.vip)).toBeLessThan(1e-12);
    expect(maxRelError(swapped.orthoVip!, opls.orthoVip!)).toBeLessThan(1e-12);
    expect(maxRelError(swapped.orthoScores.map(Math.abs), opls.orthoScores.map(Math.abs))).toBeLessThan(1e-9);
    expect(
      maxRelError(
        swapped.fitted,
        opls.fitted.map((v) => 1 - v),
      ),
    ).toBeLessThan(1e-12);
    expect(swapped.summary.q2).toBeCloseTo(opls.summary.q2, 12);
    expect(swapped.summary.r2y).toBeCloseTo(opls.summary.r2y, 12);
  });

  it('the Gram matrix is X Xᵀ, segment-binned products equal direct ones, and the method choice follows the operation count', () => {
    const rng = createRng(2);
    const m = Float64Array.from({ length: 7 * 1030 }, () => rng.normal());
    const k = gramMatrix(m, 7, 1030);
    for (const [i, j] of [
      [0, 0],
      [6, 2],
      [2, 6],
      [5, 5],
      [3, 1],
    ] as const) {
      let s = 0;
      for (let f = 0; f < 1030; f++) s += m[i * 1030 + f]! * m[j * 1030 + f]!;
      expect(k[i * 7 + j]).toBeCloseTo(s, 10);
    }
    const n = 23,
      q = 9;
    const xs = Float64Array.from({ length: n * q }, () => rng.normal());
    const ys = Float64Array.from({ length: 2 * n }, () => rng.normal());
    for (const method of ['explicit', 'factored'] as const) {
      const op = gramOperator(xs, n, q, method, 1);
      const binned = new Float64Array(2 * 6 * n);
      op.segmentProducts(ys, 2, 5, binned);
      const z = new Float64Array(2 * 6 * n);
      for (let b = 0; b < 2; b++)
        for (let i = 0; i < n; i++) {
          z[(b * 6 + (i % 5)) * n + i] = ys[b * n + i]!;
          z[(b * 6 + 5) * n + i] = ys[b * n + i]!;
        }
      const direct = new Float64Array(2 * 6 * n);
      op.multiply(z, 12, direct);
      expect(maxRelError(binned, direct, 1e-13)).toBeLessThan(1e-12);
    }
    expect(chooseGramMethod(600, 5000, 10000)).toBe('explicit');
    expect(chooseGramMethod(600, 5000, 50)).toBe('factored');
    expect(chooseGramMethod(5000, 100, 10000)).toBe('factored');
  });
});

describe('permutation test', () => {
  const n = 45,
    p = 30;
  const { x, classes } = twoClass(n, p, 31, { planted: 3, shift: 0.9, factors: 1 });

  it('is reproducible from the seed, independent of the batch size, records seed and permI, and counts by the rounded rule', () => {
    const a = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 60, seed: 9 })).permutation!;
    const b = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 60, seed: 9, permutationBatch: 7 })).permutation!;
    const c = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 60, seed: 10 })).permutation!;
    expect(Array.from(b.r2yPermuted)).toEqual(Array.from(a.r2yPermuted));
    expect(Array.from(b.q2Permuted)).toEqual(Array.from(a.q2Permuted));
    expect(Array.from(c.q2Permuted)).not.toEqual(Array.from(a.q2Permuted));
    expect([a.seed, a.permI]).toEqual([9, 60]);
    const m = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 0, seed: 9 }));
    expect(m.permutation).toBeNull();
    const count = (v: Float64Array, obs: number) => v.filter((s) => signif(s, 3) >= signif(obs, 3)).length;
    expect(a.pR2Y).toBe((1 + count(a.r2yPermuted, m.summary.r2y)) / 60);
    expect(a.pQ2).toBe((1 + count(a.q2Permuted, m.summary.q2)) / 60);
    expect(a.pQ2).toBeGreaterThanOrEqual(1 / 60);
    for (const s of a.similarity) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('permuted fixed models equal refits on the permuted labels', () => {
    const perm = built(plsDa(x, n, p, classes, { predI: 2, permI: 3, seed: 4 })).permutation!;
    const rng = createRng(4);
    for (let k = 0; k < 3; k++) {
      const order = rng.shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i));
      const refit = built(
        plsDa(
          x,
          n,
          p,
          Array.from(order, (i) => classes[i]!),
          { predI: 2, permI: 0, seed: 1, classLevels: ['ctrl', 'case'] },
        ),
      );
      expect(perm.r2yPermuted[k]).toBeCloseTo(refit.summary.r2y, 12);
      expect(perm.q2Permuted[k]).toBeCloseTo(refit.summary.q2, 12);
    }
  });
});

describe('no-model results and input handling', () => {
  const n = 30,
    p = 12;
  const { x, classes } = twoClass(n, p, 41, { planted: 3, shift: 2 });

  it('returns a reason instead of a model for unusable input', () => {
    expect(
      oplsDa(
        x,
        n,
        p,
        classes.map((c, i) => (i === 0 ? 'third' : c)),
        { seed: 1 },
      ),
    ).toMatchObject({ built: false, reason: 'not-two-classes' });
    expect(
      plsDa(
        x,
        n,
        p,
        classes.map(() => 'a'),
        { seed: 1 },
      ),
    ).toMatchObject({ built: false, reason: 'not-two-classes' });
    const holes = x.slice();
    holes[17] = Number.NaN;
    expect(oplsDa(holes, n, p, classes, { seed: 1 })).toMatchObject({ built: false, reason: 'missing-values' });
    expect(plsDa(x, n, p, classes, { crossValI: 31, seed: 1 })).toMatchObject({
      built: false,
      reason: 'too-few-samples',
    });
    expect(oplsDa(x, n, p, classes, { orthoI: 12, seed: 1 })).toMatchObject({
      built: false,
      reason: 'too-many-components',
    });
    expect(plsDa(x, n, p, classes, { predI: 13, seed: 1 })).toMatchObject({
      built: false,
      reason: 'too-many-components',
    });
    expect(plsDa(new Float64Array(n * p).fill(3), n, p, classes, { seed: 1 })).toMatchObject({
      built: false,
      reason: 'no-variable-features',
    });
  });

  it('throws RangeError only for malformed calls', () => {
    expect(() => oplsDa(x, n, p + 1, classes, { seed: 1 })).toThrow(RangeError);
    expect(() => oplsDa(x, n, p, classes, { seed: -1 })).toThrow(RangeError);
    expect(() => plsDa(x, n, p, classes, { predI: 0, seed: 1 })).toThrow(RangeError);
    expect(() => oplsDa(x, n, p, classes, { orthoI: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => oplsDa(x, n, p, classes, { permI: -2, seed: 1 })).toThrow(RangeError);
  });

  it('removes (near) zero-variance features like ropls: NaN in their slots, the rest as without them', () => {
    const wide = new Float64Array(n * (p + 1));
    for (let i = 0; i < n; i++) {
      wide.set(x.subarray(i * p, i * p + 5), i * (p + 1));
      wide[i * (p + 1) + 5] = 7;
      wide.set(x.subarray(i * p + 5, (i + 1) * p), i * (p + 1) + 6);
    }
    const a = built(oplsDa(wide, n, p + 1, classes, { orthoI: 1, permI: 0, seed: 1 }));
    const b = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 0, seed: 1 }));
    expect(Array.from(a.zeroVarianceFeatures)).toEqual([5]);
    expect(Number.isNaN(a.vip[5]!)).toBe(true);
    expect(Number.isNaN(a.xMean[5]!)).toBe(true);
    expect(maxRelError([...a.vip.slice(0, 5), ...a.vip.slice(6)], b.vip)).toBeLessThan(1e-12);
    expect(a.summary.q2).toBeCloseTo(b.summary.q2, 13);
  });
});
