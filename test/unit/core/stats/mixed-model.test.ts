/**
 * Random-intercept mixed models: closed forms of the balanced split-plot design (REML = ANOVA
 * estimators, Satterthwaite df = stratum df), the boundary fit (= OLS, df = n − p), recovery of a
 * planted arm × time interaction, invariances (subject relabelling, row order, reference level for
 * the type-III F), errors as values, and the small building blocks.
 */
import { createRng } from '../../../../lambdas/core/random/rng.js';
import {
  cholesky,
  choleskySolve,
  logDetFromCholesky,
  symmetricEigen,
} from '../../../../lambdas/core/stats/mixed-model/dense.js';
import {
  brentRoot,
  contrastTest,
  designFromMatrix,
  type Factor,
  type FixedDesign,
  factor,
  factorialDesign,
  fStatisticDf,
  isDesignError,
  linearMixedModel,
  linearMixedModels,
  type MixedModelFit,
  type MixedModelResult,
} from '../../../../lambdas/core/stats/mixed-model/index.js';
import { closeTo, maxRelError } from '../../../helpers/numeric.js';

/** A factor that must build. */
function mustFactor(name: string, values: (string | null)[], levels?: string[]): Factor {
  const f = factor(name, values, levels ? { levels } : {});
  if (isDesignError(f)) throw new Error(f.message);
  return f;
}

/** A fit that must succeed. */
function mustFit(r: MixedModelResult | { ok: false; message: string }): MixedModelFit {
  if (!r.ok) throw new Error(r.message);
  return r;
}

interface Trial {
  arm: string[];
  month: string[];
  subject: Int32Array;
  y: Float64Array;
}

/** subjectsPerArm × 2 arms × the months, y = cell effect + b_s + ε with b ~ N(0, sdSubject²), ε ~ N(0, sdResidual²). */
function simulateTrial(
  seed: number,
  subjectsPerArm: number,
  sdSubject: number,
  sdResidual: number,
  cellEffect: (arm: string, month: string) => number,
  months = ['0', '6', '12'],
): Trial {
  const rng = createRng(seed);
  const arm: string[] = [],
    month: string[] = [],
    subj: number[] = [],
    y: number[] = [];
  for (let s = 0; s < 2 * subjectsPerArm; s++) {
    const a = s < subjectsPerArm ? 'regular' : 'high_calcium';
    const b = sdSubject * rng.normal();
    for (const m of months) {
      arm.push(a);
      month.push(m);
      subj.push(s);
      y.push(cellEffect(a, m) + b + sdResidual * rng.normal());
    }
  }
  return { arm, month, subject: Int32Array.from(subj), y: Float64Array.from(y) };
}

/** arm * time design of a trial (reference levels regular and 0). */
function trialDesign(t: Trial, armLevels = ['regular', 'high_calcium'], timeLevels = ['0', '6', '12']): FixedDesign {
  const d = factorialDesign([mustFactor('arm', t.arm, armLevels), mustFactor('time', t.month, timeLevels)]);
  if (isDesignError(d)) throw new Error(d.message);
  return d;
}

/** Mean of the values at indices where pick is true. */
function meanWhere(y: Float64Array, pick: (i: number) => boolean): number {
  let s = 0,
    k = 0;
  for (let i = 0; i < y.length; i++)
    if (pick(i)) {
      s += y[i]!;
      k++;
    }
  return s / k;
}

describe('balanced split-plot trial: REML equals the ANOVA estimators', () => {
  const perArm = 6,
    T = 3,
    S = 2 * perArm;
  const months = ['0', '6', '12'];
  const trial = simulateTrial(
    101,
    perArm,
    1.2,
    0.5,
    (a, m) => (a === 'high_calcium' ? 0.4 : 0) + 0.2 * months.indexOf(m),
  );
  const { y, subject, arm, month } = trial;
  const fit = mustFit(linearMixedModel(y, trialDesign(trial), subject));

  const grand = meanWhere(y, () => true);
  const armMean = (a: string) => meanWhere(y, (i) => arm[i] === a);
  const timeMean = (m: string) => meanWhere(y, (i) => month[i] === m);
  const cell = (a: string, m: string) => meanWhere(y, (i) => arm[i] === a && month[i] === m);
  const subjMean = (s: number) => meanWhere(y, (i) => subject[i] === s);
  let ssSubject = 0,
    ssError = 0,
    ssArm = 0,
    ssTime = 0,
    ssInteraction = 0;
  for (let s = 0; s < S; s++) {
    const a = s < perArm ? 'regular' : 'high_calcium';
    ssSubject += T * (subjMean(s) - armMean(a)) ** 2;
  }
  for (let i = 0; i < y.length; i++)
    ssError += (y[i]! - subjMean(subject[i]!) - cell(arm[i]!, month[i]!) + armMean(arm[i]!)) ** 2;
  for (const a of ['regular', 'high_calcium']) ssArm += perArm * T * (armMean(a) - grand) ** 2;
  for (const m of months) ssTime += S * (timeMean(m) - grand) ** 2;
  for (const a of ['regular', 'high_calcium'])
    for (const m of months) ssInteraction += perArm * (cell(a, m) - armMean(a) - timeMean(m) + grand) ** 2;
  const dfS = S - 2,
    dfE = (S - 2) * (T - 1);
  const msS = ssSubject / dfS,
    msE = ssError / dfE;

  it('σ̂² = MS_error, σ̂_b² = (MS_subject(arm) − MS_error)/T (positive here)', () => {
    expect(msS).toBeGreaterThan(msE);
    expect(maxRelError([fit.varResidual, fit.varSubject], [msE, (msS - msE) / T])).toBeLessThanOrEqual(1e-10);
    expect(fit.singular).toBe(false);
  });

  it('fixed effects are the treatment contrasts of the cell means', () => {
    const expected = [
      cell('regular', '0'),
      cell('high_calcium', '0') - cell('regular', '0'),
      cell('regular', '6') - cell('regular', '0'),
      cell('regular', '12') - cell('regular', '0'),
      cell('high_calcium', '6') - cell('high_calcium', '0') - cell('regular', '6') + cell('regular', '0'),
      cell('high_calcium', '12') - cell('high_calcium', '0') - cell('regular', '12') + cell('regular', '0'),
    ];
    expect(
      maxRelError(
        fit.fixed.map((f) => f.estimate),
        expected,
        1e-12,
      ),
    ).toBeLessThanOrEqual(1e-10);
  });

  it('within-subject contrasts: SE from MS_error and df = (S − 2)(T − 1) exactly', () => {
    const [, , time6, time12, int6, int12] = fit.fixed;
    expect(
      maxRelError(
        [time6!.se, time12!.se, int6!.se, int12!.se],
        [
          Math.sqrt((2 * msE) / perArm),
          Math.sqrt((2 * msE) / perArm),
          Math.sqrt((4 * msE) / perArm),
          Math.sqrt((4 * msE) / perArm),
        ],
      ),
    ).toBeLessThanOrEqual(1e-10);
    expect(maxRelError([time6!.df, time12!.df, int6!.df, int12!.df], [dfE, dfE, dfE, dfE])).toBeLessThanOrEqual(1e-8);
  });

  it('contrasts at baseline mix the strata: classic Satterthwaite df of MS_subject + (T − 1) MS_error', () => {
    const combo = msS + (T - 1) * msE;
    const df = (combo * combo) / ((msS * msS) / dfS + ((T - 1) * msE) ** 2 / dfE);
    const [intercept, armEffect] = fit.fixed;
    expect(
      maxRelError(
        [intercept!.se, armEffect!.se],
        [Math.sqrt(combo / (T * perArm)), Math.sqrt((2 * combo) / (T * perArm))],
      ),
    ).toBeLessThanOrEqual(1e-10);
    expect(maxRelError([intercept!.df, armEffect!.df], [df, df])).toBeLessThanOrEqual(1e-8);
  });

  it('type-III F: arm against MS_subject(arm) on (1, S − 2) df; time and arm:time against MS_error on (2, (S − 2)(T − 1))', () => {
    const [a, t, at] = fit.anova;
    expect(
      maxRelError([a!.F, t!.F, at!.F], [ssArm / msS, ssTime / 2 / msE, ssInteraction / 2 / msE]),
    ).toBeLessThanOrEqual(1e-9);
    expect([a!.numDF, t!.numDF, at!.numDF]).toEqual([1, 2, 2]);
    expect(maxRelError([a!.denDF, t!.denDF, at!.denDF], [dfS, dfE, dfE])).toBeLessThanOrEqual(1e-8);
    // lmerTest's mean square is F · σ̂² and its sum of squares numDF times that
    for (const row of fit.anova) {
      expect(closeTo(row.meanSq, row.F * fit.varResidual, 1e-12)).toBe(true);
      expect(closeTo(row.sumSq, row.numDF * row.meanSq, 1e-12)).toBe(true);
    }
    expect(closeTo(t!.sumSq, ssTime, 1e-9)).toBe(true);
  });

  it('the REML criterion is −2 log L_R computed densely (n × n V) at the estimates, and perturbing either variance raises it', () => {
    const design = trialDesign(trial);
    const at = (vb: number, ve: number) => denseRemlDeviance(design, y, subject, vb, ve);
    expect(closeTo(fit.remlCriterion, at(fit.varSubject, fit.varResidual), 1e-12)).toBe(true);
    for (const [fb, fe] of [
      [1.01, 1],
      [0.99, 1],
      [1, 1.01],
      [1, 0.99],
    ] as const)
      expect(at(fit.varSubject * fb, fit.varResidual * fe)).toBeGreaterThan(fit.remlCriterion);
  });
});

/** −2 log L_R = (n − p) log 2π + log det V + log det(XᵀV⁻¹X) + (y − Xβ̂)ᵀV⁻¹(y − Xβ̂), V = σ²I + σ_b² ZZᵀ, by dense Cholesky. */
function denseRemlDeviance(design: FixedDesign, y: Float64Array, subject: Int32Array, vb: number, ve: number): number {
  const n = y.length,
    p = design.p;
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) V[i * n + j] = (i === j ? ve : 0) + (subject[i] === subject[j] ? vb : 0);
  const L = new Float64Array(n * n);
  if (!cholesky(V, n, L)) throw new Error('V not positive definite');
  const col = (j: number) => Float64Array.from({ length: n }, (_, i) => design.x[i * p + j]!);
  const vinvX = Array.from({ length: p }, (_, j) => choleskySolve(L, n, col(j), new Float64Array(n)));
  const vinvY = choleskySolve(L, n, y, new Float64Array(n));
  const xtvx = new Float64Array(p * p),
    xtvy = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const xa = col(a);
    for (let b = 0; b < p; b++) xtvx[a * p + b] = xa.reduce((s, v, i) => s + v * vinvX[b]![i]!, 0);
    xtvy[a] = xa.reduce((s, v, i) => s + v * vinvY[i]!, 0);
  }
  const Lx = new Float64Array(p * p);
  if (!cholesky(xtvx, p, Lx)) throw new Error('XᵀV⁻¹X not positive definite');
  const beta = choleskySolve(Lx, p, xtvy, new Float64Array(p));
  const resid = Float64Array.from(y, (v, i) => v - beta.reduce((s, b, j) => s + b * design.x[i * p + j]!, 0));
  const vinvR = choleskySolve(L, n, resid, new Float64Array(n));
  const quad = resid.reduce((s, r, i) => s + r * vinvR[i]!, 0);
  return (n - p) * Math.log(2 * Math.PI) + logDetFromCholesky(L, n) + logDetFromCholesky(Lx, p) + quad;
}

describe('boundary fit (no between-subject variation): σ_b² = 0, singular, the OLS fit with df = n − p', () => {
  const perArm = 6,
    months = ['0', '6', '12'];
  const raw = simulateTrial(7, perArm, 0, 1, (a, m) => (a === 'high_calcium' ? 1 : 0) + months.indexOf(m));
  // shrink every subject's mean towards its arm mean so that MS_subject(arm) < MS_error
  const y = Float64Array.from(raw.y);
  for (let s = 0; s < 2 * perArm; s++) {
    const idx = [...raw.subject.keys()].filter((i) => raw.subject[i] === s);
    const m = idx.reduce((acc, i) => acc + raw.y[i]!, 0) / idx.length;
    const armIdx = [...raw.subject.keys()].filter((i) => raw.arm[i] === raw.arm[idx[0]!]);
    const am = armIdx.reduce((acc, i) => acc + raw.y[i]!, 0) / armIdx.length;
    for (const i of idx) y[i] = raw.y[i]! - 0.95 * (m - am);
  }
  const trial = { ...raw, y };
  const fit = mustFit(linearMixedModel(y, trialDesign(trial), trial.subject));
  const n = y.length,
    p = 6;
  const cell = (a: string, m: string) => meanWhere(y, (i) => trial.arm[i] === a && trial.month[i] === m);
  const rss = y.reduce((s, v, i) => s + (v - cell(trial.arm[i]!, trial.month[i]!)) ** 2, 0);

  it('stops at the boundary: θ = 0, singular, with lme4’s message', () => {
    expect(fit.theta).toBe(0);
    expect(fit.varSubject).toBe(0);
    expect(fit.singular).toBe(true);
    expect(fit.convergence.boundary).toBe(true);
    expect(fit.convergence.gradient).toBeGreaterThanOrEqual(0);
    expect(fit.convergence.messages[0]).toMatch(/boundary \(singular\) fit/);
  });

  it('σ̂² = RSS/(n − p) and every Satterthwaite df is n − p', () => {
    expect(closeTo(fit.varResidual, rss / (n - p), 1e-12)).toBe(true);
    expect(
      maxRelError(
        fit.fixed.map((f) => f.df),
        fit.fixed.map(() => n - p),
      ),
    ).toBeLessThanOrEqual(1e-10);
    expect(
      maxRelError(
        fit.anova.map((f) => f.denDF),
        fit.anova.map(() => n - p),
      ),
    ).toBeLessThanOrEqual(1e-10);
    expect(closeTo(fit.fixed[2]!.se, Math.sqrt((2 * rss) / (n - p) / perArm), 1e-12)).toBe(true);
  });
});

describe('planted arm × time interaction', () => {
  const months = ['0', '6', '12'];
  const effect = (a: string, m: string) => 5 + 0.3 * months.indexOf(m) + (a === 'high_calcium' && m === '12' ? 1 : 0);
  const trial = simulateTrial(2024, 40, 1, 0.5, effect);
  const fit = mustFit(linearMixedModel(trial.y, trialDesign(trial), trial.subject));
  const term = (name: string) => fit.fixed.find((f) => f.term === name)!;

  it('recovers the month-12 interaction (+1) and finds arm:time significant', () => {
    const int12 = term('armhigh_calcium:time12');
    expect(Math.abs(int12.estimate - 1)).toBeLessThan(4 * int12.se);
    expect(int12.p).toBeLessThan(1e-6);
    expect(fit.anova.find((a) => a.term === 'arm:time')!.p).toBeLessThan(1e-6);
  });

  it('the null month-6 interaction and the baseline arm difference stay within 4 SE of 0', () => {
    for (const name of ['armhigh_calcium:time6', 'armhigh_calcium'])
      expect(Math.abs(term(name).estimate)).toBeLessThan(4 * term(name).se);
  });

  it('the variance components are near the simulated 1 and 0.25', () => {
    expect(fit.varSubject).toBeGreaterThan(0.5);
    expect(fit.varSubject).toBeLessThan(2);
    expect(fit.varResidual).toBeGreaterThan(0.15);
    expect(fit.varResidual).toBeLessThan(0.4);
  });
});

describe('invariances', () => {
  const months = ['0', '6', '12'];
  const base = simulateTrial(55, 9, 0.8, 0.6, (a, m) => (a === 'high_calcium' ? 0.5 : 0) + 0.1 * months.indexOf(m));
  // unbalanced: two subjects miss a visit
  base.y[4] = Number.NaN;
  base.y[40] = Number.NaN;
  const fit = mustFit(linearMixedModel(base.y, trialDesign(base), base.subject));

  /** The numbers of a fit, flattened. */
  function numbers(f: MixedModelFit): number[] {
    return [
      f.varSubject,
      f.varResidual,
      f.remlCriterion,
      ...f.fixed.flatMap((x) => [x.estimate, x.se, x.df, x.t, x.p]),
      ...f.anova.flatMap((x) => [x.sumSq, x.F, x.denDF, x.p]),
    ];
  }

  it('the fit drops the 2 missing responses and is unbalanced (non-integer df)', () => {
    expect(fit.nObs).toBe(52);
    expect(fit.nDropped).toBe(2);
    expect(Number.isInteger(fit.fixed[2]!.df)).toBe(false);
  });

  it('relabelling the subjects and permuting the rows change nothing (1e-10)', () => {
    const rng = createRng(9);
    const order = rng.shuffleInPlace(Array.from({ length: base.y.length }, (_, i) => i));
    const relabel = (s: number) => 1000 - 7 * s;
    const shuffled: Trial = {
      arm: order.map((i) => base.arm[i]!),
      month: order.map((i) => base.month[i]!),
      subject: Int32Array.from(order, (i) => relabel(base.subject[i]!)),
      y: Float64Array.from(order, (i) => base.y[i]!),
    };
    const other = mustFit(linearMixedModel(shuffled.y, trialDesign(shuffled), shuffled.subject));
    expect(maxRelError(numbers(other), numbers(fit), 1e-13)).toBeLessThanOrEqual(1e-10);
  });

  it('missing responses are the same as leaving those rows out', () => {
    const keep = [...base.y.keys()].filter((i) => !Number.isNaN(base.y[i]!));
    const subset: Trial = {
      arm: keep.map((i) => base.arm[i]!),
      month: keep.map((i) => base.month[i]!),
      subject: Int32Array.from(keep, (i) => base.subject[i]!),
      y: Float64Array.from(keep, (i) => base.y[i]!),
    };
    const other = mustFit(linearMixedModel(subset.y, trialDesign(subset), subset.subject));
    expect(maxRelError(numbers(other), numbers(fit), 1e-13)).toBeLessThanOrEqual(1e-12);
  });

  it('type-III F tests do not depend on the reference levels (relevel arm and time)', () => {
    const other = mustFit(
      linearMixedModel(base.y, trialDesign(base, ['high_calcium', 'regular'], ['12', '0', '6']), base.subject),
    );
    expect(other.fixed.map((f) => f.term)).toEqual([
      '(Intercept)',
      'armregular',
      'time0',
      'time6',
      'armregular:time0',
      'armregular:time6',
    ]);
    expect(
      maxRelError(
        other.anova.map((a) => a.F),
        fit.anova.map((a) => a.F),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(other.anova.map((a) => a.numDF)).toEqual(fit.anova.map((a) => a.numDF));
    // the 1-df arm test is invariant by construction; for the 2-df within-subject terms the ν_m tie here, so their denDF agree too
    expect(
      maxRelError(
        other.anova.map((a) => a.denDF),
        fit.anova.map((a) => a.denDF),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(
      maxRelError(
        [other.varSubject, other.varResidual, other.remlCriterion],
        [fit.varSubject, fit.varResidual, fit.remlCriterion],
      ),
    ).toBeLessThanOrEqual(1e-10);
  });

  it('adding a constant to y moves only the intercept', () => {
    const shifted = mustFit(
      linearMixedModel(
        Float64Array.from(base.y, (v) => v + 100),
        trialDesign(base),
        base.subject,
      ),
    );
    expect(closeTo(shifted.fixed[0]!.estimate, fit.fixed[0]!.estimate + 100, 1e-12)).toBe(true);
    expect(
      maxRelError(
        numbers(shifted).filter((_, k) => k !== 3 && k !== 6 && k !== 7),
        numbers(fit).filter((_, k) => k !== 3 && k !== 6 && k !== 7),
        1e-12,
      ),
    ).toBeLessThanOrEqual(1e-9);
  });

  it('the batch fit equals one fit per response', () => {
    const ys = [base.y, Float64Array.from(base.y, (v, i) => v * 2 + (i % 3))];
    const design = trialDesign(base);
    const batch = linearMixedModels(ys, design, base.subject);
    if (!Array.isArray(batch)) throw new Error(batch.message);
    ys.forEach((y, k) =>
      expect(numbers(mustFit(batch[k]!))).toEqual(numbers(mustFit(linearMixedModel(y, design, base.subject)))),
    );
  });
});

describe('designs', () => {
  it('treatment-coded columns and terms in R order for a * b * c', () => {
    const a = mustFactor('a', ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y']);
    const b = mustFactor('b', ['p', 'p', 'q', 'q', 'p', 'p', 'q', 'q']);
    const c = mustFactor('c', ['1', '1', '1', '1', '2', '2', '2', '2']);
    const d = factorialDesign([a, b, c]);
    if (isDesignError(d)) throw new Error(d.message);
    expect(d.columnNames).toEqual(['(Intercept)', 'ay', 'bq', 'c2', 'ay:bq', 'ay:c2', 'bq:c2', 'ay:bq:c2']);
    expect(d.terms.map((t) => t.name)).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
    expect(d.hypotheses.map((h) => h.rows)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // row 5 (a = x, b = p, c = 2): intercept and c2 only
    expect(Array.from(d.x.subarray(4 * 8, 5 * 8))).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('columns of an interaction vary the first factor fastest (R model.matrix)', () => {
    const a = mustFactor('a', ['u', 'v', 'w', 'u', 'v', 'w'], ['u', 'v', 'w']);
    const b = mustFactor('b', ['0', '0', '0', '1', '2', '2'], ['0', '1', '2']);
    const d = factorialDesign([a, b]);
    if (isDesignError(d)) throw new Error(d.message);
    expect(d.columnNames).toEqual(['(Intercept)', 'av', 'aw', 'b1', 'b2', 'av:b1', 'aw:b1', 'av:b2', 'aw:b2']);
  });

  it('type-III hypotheses of arm * time (2 × 3): arm averaged over time, time averaged over arm, the interaction columns', () => {
    const d = trialDesign(simulateTrial(1, 2, 1, 1, () => 0));
    const rounded = d.hypotheses.map((h) => Array.from(h.l, (v) => Math.round(v * 1e12) / 1e12));
    expect(rounded[0]).toEqual([0, 1, 0, 0, 1 / 3, 1 / 3].map((v) => Math.round(v * 1e12) / 1e12));
    expect(rounded[1]).toEqual([0, 0, 1, 0, 0.5, 0, 0, 0, 0, 1, 0, 0.5]);
    expect(rounded[2]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('a user matrix gives the same fixed effects, and its interaction term the same F test', () => {
    const trial = simulateTrial(3, 8, 1, 0.7, (a, m) => (a === 'regular' ? 0 : 0.2) + Number(m) / 12);
    const fd = trialDesign(trial);
    const user = designFromMatrix(fd.x, fd.nObs, fd.columnNames, [{ name: 'arm:time', columns: [4, 5] }], 0);
    if (isDesignError(user)) throw new Error(user.message);
    const a = mustFit(linearMixedModel(trial.y, fd, trial.subject));
    const b = mustFit(linearMixedModel(trial.y, user, trial.subject));
    expect(
      maxRelError(
        b.fixed.map((f) => f.estimate),
        a.fixed.map((f) => f.estimate),
        1e-13,
      ),
    ).toBeLessThanOrEqual(1e-12);
    expect(maxRelError([b.anova[0]!.F, b.anova[0]!.denDF], [a.anova[2]!.F, a.anova[2]!.denDF])).toBeLessThanOrEqual(
      1e-10,
    );
  });

  it('a one-factor model tests its term as lmerTest (type-I rows): the same F as the joint test of its columns', () => {
    const trial = simulateTrial(12, 7, 0.9, 0.6, (_, m) => Number(m) / 10);
    trial.y[5] = Number.NaN;
    const single = factorialDesign([mustFactor('time', trial.month)]);
    if (isDesignError(single)) throw new Error(single.message);
    expect(single.columnNames).toEqual(['(Intercept)', 'time6', 'time12']);
    const joint = designFromMatrix(single.x, single.nObs, single.columnNames, [{ name: 'time', columns: [1, 2] }], 0);
    if (isDesignError(joint)) throw new Error(joint.message);
    const a = mustFit(linearMixedModel(trial.y, single, trial.subject));
    const b = mustFit(linearMixedModel(trial.y, joint, trial.subject));
    expect(a.anova).toHaveLength(1);
    expect(closeTo(a.anova[0]!.F, b.anova[0]!.F, 1e-10)).toBe(true);
    expect(a.anova[0]!.numDF).toBe(2);
  });

  it('a custom contrast: the arm difference at month 12 is the sum of two coefficients, its df between the strata', () => {
    const trial = simulateTrial(4, 10, 1, 0.5, () => 0);
    const fit = mustFit(linearMixedModel(trial.y, trialDesign(trial), trial.subject));
    const c = contrastTest(fit.satterthwaite, [0, 1, 0, 0, 0, 1]);
    expect(closeTo(c.estimate, fit.fixed[1]!.estimate + fit.fixed[5]!.estimate, 1e-12)).toBe(true);
    expect(closeTo(c.df, fit.fixed[1]!.df, 1e-8)).toBe(true); // balanced: same strata mix as the baseline difference
    expect(c.p).toBeGreaterThan(0);
  });
});

describe('errors are values', () => {
  const t = simulateTrial(8, 4, 1, 1, () => 0);

  it('factor: unknown level, repeated level, and too few levels in a design', () => {
    expect(factor('arm', ['a', 'b'], { levels: ['a'] })).toMatchObject({ ok: false, reason: 'unknown-level' });
    expect(factor('arm', ['a', 'b'], { levels: ['a', 'a', 'b'] })).toMatchObject({
      ok: false,
      reason: 'duplicate-level',
    });
    expect(factor('arm', ['a'], { reference: 'z' })).toMatchObject({ ok: false, reason: 'unknown-level' });
    expect(factorialDesign([mustFactor('arm', ['a', 'a'])])).toMatchObject({ ok: false, reason: 'too-few-levels' });
  });

  it('default levels sort numbers numerically (R factor of a numeric column) and put the reference first', () => {
    expect(mustFactor('time', ['12', '6', '0', '6']).levels).toEqual(['0', '6', '12']);
    const f = factor('arm', ['b', 'a', 'c'], { reference: 'c' });
    expect(isDesignError(f) ? null : f.levels).toEqual(['c', 'a', 'b']);
  });

  it('one subject, no repeated subject, an empty cell, a constant or infinite response, mismatched lengths', () => {
    const d = trialDesign(t);
    expect(linearMixedModel(t.y, d, new Int32Array(t.y.length))).toMatchObject({
      ok: false,
      reason: 'too-few-subjects',
    });
    expect(
      linearMixedModel(
        t.y,
        d,
        Int32Array.from(t.y, (_, i) => i),
      ),
    ).toMatchObject({ ok: false, reason: 'no-replication' });
    const noCell = Float64Array.from(t.y, (v, i) =>
      t.arm[i] === 'high_calcium' && t.month[i] === '12' ? Number.NaN : v,
    );
    expect(linearMixedModel(noCell, d, t.subject)).toMatchObject({ ok: false, reason: 'rank-deficient-design' });
    expect(linearMixedModel(new Float64Array(t.y.length).fill(3), d, t.subject)).toMatchObject({
      ok: false,
      reason: 'constant-response',
    });
    const inf = Float64Array.from(t.y);
    inf[0] = Infinity;
    expect(linearMixedModel(inf, d, t.subject)).toMatchObject({ ok: false, reason: 'non-finite-response' });
    expect(linearMixedModel(t.y.subarray(1), d, t.subject)).toMatchObject({ ok: false, reason: 'shape-mismatch' });
    expect(linearMixedModel(t.y, d, t.subject.subarray(1))).toMatchObject({ ok: false, reason: 'shape-mismatch' });
  });

  it('residual variance 0 (y = fixed part + subject effect exactly) is an error value, not a throw', () => {
    const y = Float64Array.from(t.y.keys(), (i) => t.subject[i]! * 0.37 + (t.month[i] === '6' ? 1 : 0));
    expect(linearMixedModel(y, trialDesign(t), t.subject)).toMatchObject({ ok: false, reason: 'no-optimum' });
  });

  it('a subject variance that the data cannot inform (one subject per arm) is not-identifiable, not an arbitrary θ', () => {
    const x = Float64Array.from([1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1]);
    const d = designFromMatrix(x, 6, ['(Intercept)', 'armb', 'time6', 'time12'], [], 0);
    if (isDesignError(d)) throw new Error(d.message);
    expect(linearMixedModel([1.2, 0.7, 2.1, 3.3, 2.2, 4.0], d, Int32Array.from([0, 0, 0, 1, 1, 1]))).toMatchObject({
      ok: false,
      reason: 'not-identifiable',
    });
  });

  it('a subject with a single sample is fitted (as lme4) and counted', () => {
    const y = Float64Array.from(t.y);
    y[1] = Number.NaN;
    y[2] = Number.NaN;
    const fit = mustFit(linearMixedModel(y, trialDesign(t), t.subject));
    expect(fit.singletonSubjects).toBe(1);
    expect(fit.nObs).toBe(t.y.length - 2);
  });
});

describe('building blocks', () => {
  it('brentRoot finds ∛2 to machine precision', () => {
    let calls = 0;
    const r = brentRoot((x) => (calls++, x * x * x - 2), 0, 2, -2, 6);
    expect(Math.abs(r - Math.cbrt(2))).toBeLessThanOrEqual(4e-16);
    expect(calls).toBeLessThan(60);
  });

  it('symmetricEigen: decreasing eigenvalues, orthonormal vectors, A = V D Vᵀ', () => {
    const rng = createRng(3);
    const q = 4;
    const b = Float64Array.from({ length: q * q }, () => rng.normal());
    const a = new Float64Array(q * q);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < q; j++) for (let k = 0; k < q; k++) a[i * q + j]! += b[i * q + k]! * b[j * q + k]!;
    const { values, vectors } = symmetricEigen(a, q);
    for (let k = 1; k < q; k++) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < q; j++) {
        let rec = 0,
          dot = 0;
        for (let k = 0; k < q; k++) {
          rec += vectors[i * q + k]! * values[k]! * vectors[j * q + k]!;
          dot += vectors[k * q + i]! * vectors[k * q + j]!;
        }
        expect(Math.abs(rec - a[i * q + j]!)).toBeLessThan(1e-12);
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
  });

  it('fStatisticDf as lmerTest get_Fstat_ddf: ν₁ alone, the mean of tied ν, 2 when any ν ≤ 2, else 2E/(E − q)', () => {
    expect(fStatisticDf([17.5])).toBe(17.5);
    expect(fStatisticDf([30, 30 + 1e-9])).toBeCloseTo(30 + 5e-10, 12);
    expect(fStatisticDf([1.5, 40])).toBe(2);
    const nu = [10, 20, 40];
    const E = nu.reduce((s, v) => s + v / (v - 2), 0);
    expect(fStatisticDf(nu)).toBeCloseTo((2 * E) / (E - 3), 12);
  });
});
