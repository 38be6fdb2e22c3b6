/**
 * Two-class PLS-DA as ropls 1.39 computes it (`opls(x, y, predI, orthoI = 0,
 * crossvalI, scaleC)` with a character y).
 *
 * Component h is fitted on the full-data deflated X_h, y_h; its Q²_h =
 * 1 − PRESS_h / RSS_{h−1}, where PRESS_h refits one component on each
 * segment's training rows **of X_h, y_h** (ropls does not refit earlier
 * components per segment) and RSS_{h−1} = ‖y_h‖². Cumulative Q² =
 * 1 − Π(1 − Q²_h). A component is R1 when R²Y_h ≥ 0.01 and Q²_h ≥ 0 (n > 100)
 * or ≥ 0.05 (n ≤ 100). Automatic mode (`predI: 'auto'`, ropls `predI = NA`)
 * adds components up to min(10, n, p) and keeps those before the first
 * non-R1 one; none kept means no model.
 */
import type { Fit } from './cross-validation.js';
import type { GramOperator } from './gram.js';
import {
  cumulativeSum,
  emptyTable,
  featureImage,
  featureMatrix,
  fittedResponse,
  headOfTable,
  noModel,
  prepareProblem,
  problemOperator,
  type ResolvedOptions,
  resolveOptions,
  rmsee,
  rowMajor,
  unit,
} from './model.js';
import { type PlsComponent, PlsSampleSpace } from './nipals.js';
import { type ModelTotals, permutationTest } from './permutation.js';
import type { PreparedData } from './preprocess.js';
import { automaticMaximum, componentSignificance, q2Threshold, signif } from './rules.js';
import type { ComponentTable, DiscriminantModel, DiscriminantResult, PlsDaOptions } from './types.js';
import { plsVip } from './vip.js';

/** PLS-DA of x (n × p sample-major, complete) against two-level `classes`; see module doc. */
export function plsDa(
  x: Float64Array,
  nSamples: number,
  nFeatures: number,
  classes: readonly string[],
  options: PlsDaOptions,
): DiscriminantResult {
  const o = resolveOptions(options);
  const predI = options.predI ?? 'auto';
  if (predI !== 'auto' && (!Number.isInteger(predI) || predI < 1))
    throw new RangeError(`predI must be 'auto' or an integer >= 1, got ${predI}`);
  const problem = prepareProblem(x, nSamples, nFeatures, classes, o);
  if ('reason' in problem) return noModel('PLS-DA', problem);
  const { data, fits } = problem;
  const auto = predI === 'auto';
  const maxComponents = auto ? automaticMaximum(data.n, data.p) : predI;
  if (maxComponents > Math.min(data.n, data.p))
    return noModel('PLS-DA', {
      reason: 'too-many-components',
      message: `${maxComponents} components exceed min(n, p) = ${Math.min(data.n, data.p)}`,
    });
  const op = problemOperator(data, fits, o, auto ? 3 : maxComponents, 1);
  const search = plsSearch(op, data, fits, maxComponents, auto);
  if (search.degenerate)
    return noModel(
      'PLS-DA',
      { reason: 'rank-deficient', message: 'a component has zero variance (the deflated X no longer predicts y)' },
      search.table,
    );
  const a = search.failedRow ?? maxComponents;
  if (a === 0)
    return noModel(
      'PLS-DA',
      {
        reason: 'first-predictive-not-significant',
        message: 'No model was built because the first predictive component was already not significant.',
      },
      headOfTable(search.table, 1),
    );
  return assemblePls(data, fits, op, o, headOfTable(search.table, a), search.components.slice(0, a));
}

/** The table and components of ropls's PLS loop; `failedRow` = first non-R1 component in automatic mode (0-based), else null. */
interface PlsSearch {
  table: ComponentTable;
  components: PlsComponent[];
  failedRow: number | null;
  degenerate: boolean;
}

/** ropls's loop over components 1..maxComponents, stopping at the first non-R1 one when automatic. */
function plsSearch(op: GramOperator, data: PreparedData, fits: Fit[], maxComponents: number, auto: boolean): PlsSearch {
  const table = emptyTable(Array.from({ length: maxComponents }, (_, h) => `p${h + 1}`));
  const engine = new PlsSampleSpace(op, [data.y], fits, data.ssx, data.ssy, { r2x: true, keepImages: true });
  const components: PlsComponent[] = [];
  const threshold = q2Threshold(false, data.n);
  let failedRow: number | null = null;
  let degenerate = false;
  for (let h = 0; h < maxComponents; h++) {
    const c = engine.component()[0]!;
    if (!Number.isFinite(c.q2) || !Number.isFinite(c.r2y)) {
      degenerate = true;
      break;
    }
    components.push(c);
    table.r2x[h] = c.r2x;
    table.r2y[h] = c.r2y;
    table.q2[h] = c.q2;
    const s = componentSignificance(c.r2y, c.q2, threshold);
    table.significance[h] = s;
    if (auto && s !== 'R1') {
      failedRow = h;
      break;
    }
    engine.deflate();
  }
  table.r2xCum.set(cumulativeSum(table.r2x));
  table.r2yCum.set(cumulativeSum(table.r2y));
  table.q2Cum.set(cumulativeQ2(table.q2));
  return { table, components, failedRow, degenerate };
}

/** 1 − Π_{h' ≤ h}(1 − Q²_h') (ropls `Q2(cum)`; NaN after a NaN). */
function cumulativeQ2(q2: Float64Array): Float64Array {
  const out = new Float64Array(q2.length);
  let prod = 1;
  for (let h = 0; h < q2.length; h++) out[h] = 1 - (prod *= 1 - q2[h]!);
  return out;
}

/** Totals of fixed a-component PLS models for a batch of responses (the permuted models). */
function fixedPlsTotals(
  op: GramOperator,
  data: PreparedData,
  fits: Fit[],
  a: number,
  ys: Float64Array[],
): ModelTotals[] {
  const engine = new PlsSampleSpace(op, ys, fits, data.ssx, data.ssy, { r2x: false, keepImages: false });
  const r2y = ys.map(() => new Float64Array(a));
  const q2 = ys.map(() => new Float64Array(a));
  for (let h = 0; h < a; h++) {
    engine.component().forEach((c, b) => {
      r2y[b]![h] = c.r2y;
      q2[b]![h] = c.q2;
    });
    if (h < a - 1) engine.deflate();
  }
  return ys.map((_, b) => ({ r2y: cumulativeSum(r2y[b]!)[a - 1]!, q2: cumulativeQ2(q2[b]!)[a - 1]! }));
}

/** Inverse of a small dense a × a matrix (row-major), Gauss–Jordan with partial pivoting. */
function inverse(m: Float64Array, a: number): Float64Array {
  const w = m.slice();
  const inv = new Float64Array(a * a);
  for (let i = 0; i < a; i++) inv[i * a + i] = 1;
  for (let col = 0; col < a; col++) {
    let piv = col;
    for (let r = col + 1; r < a; r++) if (Math.abs(w[r * a + col]!) > Math.abs(w[piv * a + col]!)) piv = r;
    for (let c = 0; c < a; c++) {
      [w[col * a + c], w[piv * a + c]] = [w[piv * a + c]!, w[col * a + c]!];
      [inv[col * a + c], inv[piv * a + c]] = [inv[piv * a + c]!, inv[col * a + c]!];
    }
    const d = w[col * a + col]!;
    for (let c = 0; c < a; c++) {
      w[col * a + c] = w[col * a + c]! / d;
      inv[col * a + c] = inv[col * a + c]! / d;
    }
    for (let r = 0; r < a; r++) {
      if (r === col) continue;
      const f = w[r * a + col]!;
      if (f === 0) continue;
      for (let c = 0; c < a; c++) {
        w[r * a + c] = w[r * a + c]! - f * w[col * a + c]!;
        inv[r * a + c] = inv[r * a + c]! - f * inv[col * a + c]!;
      }
    }
  }
  return inv;
}

/** Regression coefficients B = W* c with W* = W (PᵀW)⁻¹ (ropls `weightStarMN`, `coefficientMN`); W, P p × a feature-major. */
function plsCoefficients(w: Float64Array, pl: Float64Array, c: Float64Array, p: number, a: number): Float64Array {
  const pw = new Float64Array(a * a);
  for (let i = 0; i < a; i++)
    for (let j = 0; j < a; j++)
      for (let f = 0; f < p; f++) pw[i * a + j] = pw[i * a + j]! + pl[f * a + i]! * w[f * a + j]!;
  const inv = a === 1 ? Float64Array.of(1) : inverse(pw, a);
  const b = new Float64Array(p);
  for (let f = 0; f < p; f++) {
    let s = 0;
    for (let h = 0; h < a; h++) {
      let r = 0;
      for (let k = 0; k < a; k++) r += w[f * a + k]! * inv[k * a + h]!;
      s += r * c[h]!;
    }
    b[f] = s;
  }
  return b;
}

/** The a-component model: feature-space vectors from the components' images, VIP, coefficients, fit, permutation test. */
function assemblePls(
  data: PreparedData,
  fits: Fit[],
  op: GramOperator,
  o: ResolvedOptions,
  table: ComponentTable,
  comps: PlsComponent[],
): DiscriminantModel {
  const a = comps.length;
  const ws = comps.map((c) => unit(featureImage(data, c.images!.qtY)));
  const ps = comps.map((c) => featureImage(data, c.images!.qtT).map((v) => v / c.tt));
  const c = Float64Array.from(comps, (k) => k.c);
  const w = rowMajor(data.p, ws);
  const pl = rowMajor(data.p, ps);
  const vip = plsVip(
    w,
    data.p,
    a,
    comps.map((k) => k.c * k.c * k.tt),
  );
  const coefficients = plsCoefficients(w, pl, c, data.p, a);
  const fitted = fittedResponse(
    data,
    comps.map((k) => k.t),
    c,
  );
  const summary = {
    r2x: table.r2xCum[a - 1]!,
    r2y: table.r2yCum[a - 1]!,
    q2: table.q2Cum[a - 1]!,
    rmsee: rmsee(data.y01, fitted, a),
  };
  const permutation =
    o.permI > 0
      ? permutationTest(data.y, data.y01, summary, o.permI, o.seed, o.permutationBatch, (ys) =>
          fixedPlsTotals(op, data, fits, a, ys),
        )
      : null;
  return {
    built: true,
    method: 'PLS-DA',
    nSamples: data.n,
    nFeatures: data.pInput,
    zeroVarianceFeatures: data.zeroVariance,
    classLevels: data.levels,
    y: data.y01,
    scaling: o.scaling,
    crossValI: o.crossValI,
    gram: op.method,
    xMean: data.xMean,
    xSd: data.xSd,
    yMean: data.yMean,
    ySd: data.ySd,
    nPredictive: a,
    nOrthogonal: 0,
    components: table,
    summary,
    summaryRounded: { r2x: signif(summary.r2x, 3), r2y: signif(summary.r2y, 3), q2: signif(summary.q2, 3) },
    scores: rowMajor(
      data.n,
      comps.map((k) => k.t),
    ),
    loadings: featureMatrix(data, ps),
    weights: featureMatrix(data, ws),
    yWeights: c,
    coefficients: featureMatrix(data, [coefficients]),
    fitted,
    vip: featureMatrix(data, [vip]),
    orthoScores: new Float64Array(0),
    orthoLoadings: new Float64Array(0),
    orthoWeights: new Float64Array(0),
    orthoYWeights: new Float64Array(0),
    orthoVip: null,
    permutation,
  };
}
