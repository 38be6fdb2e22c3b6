/**
 * Two-class OPLS-DA as ropls 1.39 computes it (`opls(x, y, predI = 1,
 * orthoI, crossvalI, scaleC)` with a character y): one predictive
 * component and orthogonal components (Trygg & Wold 2002), each level's
 * total Q² from ropls's segment-wise refits.
 *
 * Component table (ropls `modelDF`): row p1 then o1, o2, …; row r (r ≥ 2)
 * is evaluated at the level with r − 1 orthogonal components removed, and
 * holds the gains R²Y_r = R²Y_tot(r) − Σ_{r'<r} R²Y_r', same for Q². A row is
 * R1 when R²Y ≥ 0.01 and Q² ≥ 0.01. Automatic mode (`orthoI: 'auto'`, ropls
 * `orthoI = NA`) adds orthogonal components until a row fails, keeping the
 * ones before it (at most min(10, n, p) − 1); if p1 or o1 already fails,
 * ropls builds no model, and neither do we (`NoModel` with the search table).
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
  sumPresent,
  unit,
} from './model.js';
import { type OplsLevel, OplsSampleSpace } from './nipals.js';
import { type ModelTotals, permutationTest } from './permutation.js';
import type { PreparedData } from './preprocess.js';
import { automaticMaximum, componentSignificance, q2Threshold, signif } from './rules.js';
import type { ComponentTable, DiscriminantModel, DiscriminantResult, OplsDaOptions } from './types.js';
import { oplsVip } from './vip.js';

/** ropls's message for a refused automatic OPLS(-DA). */
export const NO_OPLS_MODEL_MESSAGE =
  'No model was built because the first predictive component was already not significant';

/** OPLS-DA of x (n × p sample-major, complete) against two-level `classes`; see module doc. */
export function oplsDa(
  x: Float64Array,
  nSamples: number,
  nFeatures: number,
  classes: readonly string[],
  options: OplsDaOptions,
): DiscriminantResult {
  const o = resolveOptions(options);
  const orthoI = options.orthoI ?? 'auto';
  if (orthoI !== 'auto' && (!Number.isInteger(orthoI) || orthoI < 1))
    throw new RangeError(`orthoI must be 'auto' or an integer >= 1, got ${orthoI}`);
  const problem = prepareProblem(x, nSamples, nFeatures, classes, o);
  if ('reason' in problem) return noModel('OPLS-DA', problem);
  const { data, fits } = problem;
  const auto = orthoI === 'auto';
  const autoMax = automaticMaximum(data.n, data.p);
  if (auto && autoMax === 1)
    return noModel('OPLS-DA', {
      reason: 'too-many-components',
      message: 'a single sample or feature leaves no room for an orthogonal component',
    });
  const maxOrtho = auto ? autoMax - 1 : orthoI;
  if (1 + maxOrtho > Math.min(data.n, data.p))
    return noModel('OPLS-DA', {
      reason: 'too-many-components',
      message: `1 predictive + ${maxOrtho} orthogonal components exceed min(n, p) = ${Math.min(data.n, data.p)}`,
    });
  const op = problemOperator(data, fits, o, auto ? 4 : maxOrtho + 1, 2);
  const search = oplsSearch(op, data, fits, maxOrtho, auto);
  if (search.degenerate)
    return noModel(
      'OPLS-DA',
      { reason: 'rank-deficient', message: 'a component has zero variance (the deflated X no longer predicts y)' },
      search.table,
    );
  const sig = search.table.significance;
  if (auto && sig[0] !== 'R1')
    return noModel(
      'OPLS-DA',
      { reason: 'first-predictive-not-significant', message: NO_OPLS_MODEL_MESSAGE },
      search.table,
    );
  if (auto && sig[1] !== 'R1')
    return noModel(
      'OPLS-DA',
      {
        reason: 'first-orthogonal-not-significant',
        message: `${NO_OPLS_MODEL_MESSAGE} (the first orthogonal component fails the Q² rule)`,
      },
      search.table,
    );
  const m = !auto || search.failedRow === null ? maxOrtho : search.failedRow - 1;
  return assembleOpls(data, fits, op, o, headOfTable(search.table, m + 1), search.levels, m);
}

/** The component table and levels of ropls's OPLS loop; `failedRow` = first non-R1 row in automatic mode (0-based), else null. */
interface OplsSearch {
  table: ComponentTable;
  levels: OplsLevel[];
  failedRow: number | null;
  degenerate: boolean;
}

/** ropls's loop over levels 0..maxOrtho (see module doc for the rows), stopping at the first failed row when automatic. */
function oplsSearch(op: GramOperator, data: PreparedData, fits: Fit[], maxOrtho: number, auto: boolean): OplsSearch {
  const table = emptyTable(['p1', ...Array.from({ length: maxOrtho }, (_, k) => `o${k + 1}`)]);
  const engine = new OplsSampleSpace(op, [data.y], fits, data.ssx, data.ssy, { r2x: true, keepImages: true });
  const levels: OplsLevel[] = [];
  const threshold = q2Threshold(true, data.n);
  let accepted: OplsLevel | null = null;
  let failedRow: number | null = null;
  for (let row = 0; row <= maxOrtho; row++) {
    const level = engine.level()[0]!;
    if (!Number.isFinite(level.q2) || !Number.isFinite(level.r2y))
      return { table, levels, failedRow: row, degenerate: true };
    levels.push(level);
    setGains(table, row, level);
    if (row < maxOrtho) table.r2x[row + 1] = level.r2xOrthogonal;
    const s = componentSignificance(table.r2y[row]!, table.q2[row]!, threshold);
    table.significance[row] = s;
    if (auto && s !== 'R1') {
      failedRow = row;
      break;
    }
    accepted = level;
    if (row < maxOrtho) engine.removeOrthogonal();
  }
  table.r2x[0] = accepted ? accepted.r2xPredictive : 0;
  table.r2xCum.set(cumulativeSum(table.r2x));
  return { table, levels, failedRow, degenerate: false };
}

/** Row `row` of ropls's table from a level's totals: p1 takes them as is, o_k rows the gain over the rows above. */
function setGains(table: ComponentTable, row: number, level: { r2y: number; q2: number }): void {
  if (row === 0) {
    table.r2y[0] = table.r2yCum[0] = level.r2y;
    table.q2[0] = table.q2Cum[0] = level.q2;
    return;
  }
  table.r2yCum[row] = level.r2y - table.r2y[0]!;
  table.r2y[row] = level.r2y - sumPresent(table.r2y, row);
  table.q2Cum[row] = level.q2 - table.q2[0]!;
  table.q2[row] = level.q2 - sumPresent(table.q2, row);
}

/** ropls's totals of a fixed OPLS table: Σ of the R²Y and Q² rows. */
function oplsTotals(perLevel: { r2y: number; q2: number }[]): ModelTotals {
  const table = emptyTable(perLevel.map((_, k) => `r${k}`));
  perLevel.forEach((level, row) => setGains(table, row, level));
  return { r2y: sumPresent(table.r2y), q2: sumPresent(table.q2) };
}

/** Totals of fixed 1 + m OPLS models for a batch of responses (the permuted models). */
function fixedOplsTotals(
  op: GramOperator,
  data: PreparedData,
  fits: Fit[],
  m: number,
  ys: Float64Array[],
): ModelTotals[] {
  const engine = new OplsSampleSpace(op, ys, fits, data.ssx, data.ssy, { r2x: false, keepImages: false });
  const perY: { r2y: number; q2: number }[][] = ys.map(() => []);
  for (let h = 0; h <= m; h++) {
    engine.level(h < m).forEach((level, b) => perY[b]!.push(level));
    if (h < m) engine.removeOrthogonal();
  }
  return perY.map(oplsTotals);
}

/** The model with m orthogonal components: feature-space vectors from the levels' images, VIP, fit, permutation test. */
function assembleOpls(
  data: PreparedData,
  fits: Fit[],
  op: GramOperator,
  o: ResolvedOptions,
  table: ComponentTable,
  levels: OplsLevel[],
  m: number,
): DiscriminantModel {
  const final = levels[m]!;
  const img = final.images!;
  const w = unit(featureImage(data, img.qtY));
  const p = featureImage(data, img.qtT).map((v) => v / final.tt);
  const ortho = levels.slice(0, m).map((level) => ({
    to: level.to,
    toto: level.toto,
    co: level.co,
    wo: unit(featureImage(data, level.images!.qtA!)),
    po: featureImage(data, level.images!.qtTo!).map((v) => v / level.toto),
  }));
  const sq = (v: Float64Array) => v.reduce((s, x) => s + x * x, 0);
  const { vip, orthoVip } = oplsVip(
    data.p,
    { loadings: p, k: 1, ssx: [final.tt * sq(p)], ssy: [final.c * final.c * final.tt] },
    {
      loadings: rowMajor(
        data.p,
        ortho.map((c) => c.po),
      ),
      k: m,
      ssx: ortho.map((c) => c.toto * sq(c.po)),
      ssy: ortho.map((c) => c.co * c.co * c.toto),
    },
  );
  const fitted = fittedResponse(data, [final.t], [final.c]);
  const summary = {
    r2x: table.r2xCum[m]!,
    r2y: sumPresent(table.r2y),
    q2: sumPresent(table.q2),
    rmsee: rmsee(data.y01, fitted, 1 + m),
  };
  const permutation =
    o.permI > 0
      ? permutationTest(data.y, data.y01, summary, o.permI, o.seed, o.permutationBatch, (ys) =>
          fixedOplsTotals(op, data, fits, m, ys),
        )
      : null;
  return {
    built: true,
    method: 'OPLS-DA',
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
    nPredictive: 1,
    nOrthogonal: m,
    components: table,
    summary,
    summaryRounded: { r2x: signif(summary.r2x, 3), r2y: signif(summary.r2y, 3), q2: signif(summary.q2, 3) },
    scores: final.t.slice(),
    loadings: featureMatrix(data, [p]),
    weights: featureMatrix(data, [w]),
    yWeights: Float64Array.of(final.c),
    coefficients: featureMatrix(data, [w.map((v) => v * final.c)]),
    fitted,
    vip: featureMatrix(data, [vip]),
    orthoScores: rowMajor(
      data.n,
      ortho.map((c) => c.to),
    ),
    orthoLoadings: featureMatrix(
      data,
      ortho.map((c) => c.po),
    ),
    orthoWeights: featureMatrix(
      data,
      ortho.map((c) => c.wo),
    ),
    orthoYWeights: Float64Array.from(ortho, (c) => c.co),
    orthoVip: featureMatrix(data, [orthoVip]),
    permutation,
  };
}
