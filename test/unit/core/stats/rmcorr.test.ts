/**
 * Repeated-measures correlation (rmcorr): a hand-computed example, the exact cases r = ±1,
 * invariances (subject offsets, scale, x ↔ y, subject relabelling), missing values, errors as values.
 */
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { fUpperTail } from '../../../../lambdas/core/stats/distributions/f-upper-tail.js';
import { type RmcorrResult, repeatedMeasuresCorrelation } from '../../../../lambdas/core/stats/rmcorr.js';
import { closeTo, maxRelError } from '../../../helpers/numeric.js';

/** A result that must exist. */
function must(r: ReturnType<typeof repeatedMeasuresCorrelation>): RmcorrResult {
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('repeatedMeasuresCorrelation', () => {
  it('hand-computed: 2 subjects × 3 visits', () => {
    // subject 0: x = 1, 2, 3; y = 1, 3, 2   → dx = −1, 0, 1; dy = −1, 1, 0
    // subject 1: x = 5, 7, 9; y = 10, 13, 13 → dx = −2, 0, 2; dy = −2, 1, 1
    const x = [1, 2, 3, 5, 7, 9],
      y = [1, 3, 2, 10, 13, 13];
    const subject = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const r = must(repeatedMeasuresCorrelation(x, y, subject));
    const sxx = 1 + 0 + 1 + 4 + 0 + 4,
      sxy = 1 + 0 + 0 + 4 + 0 + 2,
      syy = 1 + 1 + 0 + 4 + 1 + 1;
    expect(r.df).toBe(6 - 2 - 1);
    expect(closeTo(r.slope, sxy / sxx, 1e-15)).toBe(true);
    expect(closeTo(r.r, sxy / Math.sqrt(sxx * syy), 1e-15)).toBe(true);
    const ssX = (sxy * sxy) / sxx,
      ssRes = syy - ssX;
    expect(maxRelError([r.ssX, r.ssResidual, r.F], [ssX, ssRes, ssX / (ssRes / 3)])).toBeLessThanOrEqual(1e-14);
    expect(closeTo(r.p, fUpperTail(ssX / (ssRes / 3), 1, 3), 1e-15)).toBe(true);
    // the definition: r = sign(slope) √(SS_x / (SS_x + SS_res))
    expect(closeTo(r.r, Math.sign(r.slope) * Math.sqrt(r.ssX / (r.ssX + r.ssResidual)), 1e-14)).toBe(true);
    expect([r.nObs, r.nSubjects]).toEqual([6, 2]);
  });

  const rng = createRng(17);
  const S = 12,
    visits = 4;
  const subject = Int32Array.from({ length: S * visits }, (_, i) => Math.floor(i / visits));
  const offsets = Float64Array.from({ length: S }, () => 5 * rng.normal());
  const x = Float64Array.from(subject, (s) => offsets[s]! + rng.normal());
  const y = Float64Array.from(x, (v, i) => -3 * offsets[subject[i]!]! + 0.7 * v + rng.normal());
  const base = must(repeatedMeasuresCorrelation(x, y, subject));

  it('y = subject offset + b·x exactly gives r = sign(b), the slope b, p = 0', () => {
    const exact = Float64Array.from(x, (v, i) => 10 * subject[i]! - 2.5 * v);
    const r = must(repeatedMeasuresCorrelation(x, exact, subject));
    expect(r.r).toBeCloseTo(-1, 14);
    expect(r.slope).toBeCloseTo(-2.5, 12);
    expect(r.p).toBeLessThan(1e-12);
  });

  it('ignores between-subject differences: adding any subject constant to x or y changes nothing', () => {
    const shiftX = Float64Array.from(x, (v, i) => v + 100 * Math.sin(subject[i]!));
    const shiftY = Float64Array.from(y, (v, i) => v - 50 * subject[i]!);
    const r = must(repeatedMeasuresCorrelation(shiftX, shiftY, subject));
    expect(maxRelError([r.r, r.slope, r.F, r.p], [base.r, base.slope, base.F, base.p])).toBeLessThanOrEqual(1e-10);
  });

  it('is symmetric in x and y; scaling x scales only the slope', () => {
    const swapped = must(repeatedMeasuresCorrelation(y, x, subject));
    expect(maxRelError([swapped.r, swapped.F, swapped.p], [base.r, base.F, base.p])).toBeLessThanOrEqual(1e-12);
    const scaled = must(
      repeatedMeasuresCorrelation(
        Float64Array.from(x, (v) => -4 * v),
        y,
        subject,
      ),
    );
    expect(maxRelError([scaled.r, scaled.slope, scaled.p], [-base.r, -base.slope / 4, base.p])).toBeLessThanOrEqual(
      1e-12,
    );
  });

  it('does not depend on subject labels or row order', () => {
    const order = rng.shuffleInPlace(Array.from(x.keys()));
    const r = must(
      repeatedMeasuresCorrelation(
        order.map((i) => x[i]!),
        order.map((i) => y[i]!),
        Int32Array.from(order, (i) => 77 - 3 * subject[i]!),
      ),
    );
    expect(maxRelError([r.r, r.slope, r.F, r.p], [base.r, base.slope, base.F, base.p])).toBeLessThanOrEqual(1e-12);
  });

  it('drops incomplete pairs (and subjects coded −1): the same as leaving them out', () => {
    const xm = Float64Array.from(x),
      ym = Float64Array.from(y),
      sm = Int32Array.from(subject);
    xm[3] = Number.NaN;
    ym[10] = Number.NaN;
    sm[20] = -1;
    const keep = [...x.keys()].filter((i) => i !== 3 && i !== 10 && i !== 20);
    const a = must(repeatedMeasuresCorrelation(xm, ym, sm));
    const b = must(
      repeatedMeasuresCorrelation(
        keep.map((i) => x[i]!),
        keep.map((i) => y[i]!),
        Int32Array.from(keep, (i) => subject[i]!),
      ),
    );
    expect([a.r, a.slope, a.df, a.p]).toEqual([b.r, b.slope, b.df, b.p]);
    expect(a.df).toBe(S * visits - 3 - S - 1);
  });

  it('errors are values: no residual df, no within-subject variation, mismatched lengths', () => {
    expect(repeatedMeasuresCorrelation([1, 2, 3], [1, 3, 2], Int32Array.from([0, 0, 1]))).toMatchObject({
      ok: false,
      reason: 'no-residual-df',
    });
    expect(
      repeatedMeasuresCorrelation(
        Float64Array.from(subject, (s) => s),
        y,
        subject,
      ),
    ).toMatchObject({ ok: false, reason: 'no-within-subject-variation' });
    expect(repeatedMeasuresCorrelation(x, y.subarray(1), subject)).toMatchObject({
      ok: false,
      reason: 'shape-mismatch',
    });
  });
});
