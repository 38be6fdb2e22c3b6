/**
 * Special functions against identities that hold exactly and against values computed with mpmath 1.3 at 40 significant digits
 * (`mp.loggamma`, `mp.erfc`, `mp.gammainc(..., regularized=True)`, `mp.betainc(..., regularized=True)`, `mp.ncdf`), rounded to double.
 */
import { chiSquaredUpperTail } from '../../../../lambdas/core/stats/distributions/chi-squared-upper-tail.js';
import { fUpperTail } from '../../../../lambdas/core/stats/distributions/f-upper-tail.js';
import { normalCdf } from '../../../../lambdas/core/stats/distributions/normal-cdf.js';
import { normalUpperTail } from '../../../../lambdas/core/stats/distributions/normal-upper-tail.js';
import { studentTUpperTail } from '../../../../lambdas/core/stats/distributions/student-t-upper-tail.js';
import { erfc } from '../../../../lambdas/core/stats/special/erfc.js';
import { logGamma } from '../../../../lambdas/core/stats/special/log-gamma.js';
import { regularizedBeta } from '../../../../lambdas/core/stats/special/regularized-beta.js';
import { regularizedGamma } from '../../../../lambdas/core/stats/special/regularized-gamma.js';

/** |a − b| ≤ rel · max(|a|, |b|), no absolute floor: tail probabilities are checked relatively however small. */
function expectRel(actual: number, expected: number, rel = 1e-13): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= rel * scale))
    throw new Error(`got ${actual}, expected ${expected} (rel ${Math.abs(actual - expected) / scale})`);
}

describe('logGamma', () => {
  it('is ln((n−1)!) at integers and ln √π at ½', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 40; n++) {
      if (n > 1) logFactorial += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThanOrEqual(1e-14 * Math.max(1, logFactorial));
    }
    expectRel(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15);
  });

  it('matches mpmath loggamma on both sides of the Stirling switch at 15', () => {
    const cases: [number, number][] = [
      [0.25, 1.2880225246980774],
      [3.7, 1.428072326665388],
      [14.5, 23.862765841689086],
      [15.5, 26.536914491115613],
      [123.456, 469.6055471299295],
      [1e6, 12815504.569147611],
    ];
    for (const [x, v] of cases) expectRel(logGamma(x), v, 1e-14);
  });

  it('is NaN outside x > 0', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
  });
});

describe('erfc and the normal tails', () => {
  it('matches mpmath erfc from the series side through the continued-fraction side to 1e-296', () => {
    const cases: [number, number][] = [
      [0.3, 0.6713732405408726],
      [0.99, 0.1614919304446302],
      [1.0, 0.15729920705028513],
      [1.01, 0.1531895037717233],
      [3.0, 2.209049699858544e-5],
      [10.0, 2.088487583762545e-45],
      [26.0, 5.663192408856143e-296],
    ];
    for (const [x, v] of cases) expectRel(erfc(x), v, 1e-14);
    expect(erfc(0)).toBe(1);
    expectRel(erfc(-1), 2 - 0.15729920705028513, 1e-15);
  });

  it('gives P(Z > z) to full relative precision far into the tail (mpmath ncdf)', () => {
    const cases: [number, number][] = [
      [1.959963984540054, 0.025000000000000012],
      [5, 2.866515718791939e-7],
      [10, 7.619853024160525e-24],
      [20, 2.7536241186062337e-89],
      [37, 5.725571222524577e-300],
    ];
    for (const [z, v] of cases) {
      expectRel(normalUpperTail(z), v, 1e-14);
      expectRel(normalCdf(-z), v, 1e-14);
    }
    expect(normalCdf(0)).toBe(0.5);
  });

  it('agrees with the Mills-ratio asymptotic series φ(z)/z · Σ (−1)^k (2k−1)!!/z^(2k) at z = 30', () => {
    const z = 30;
    let series = 0;
    let term = 1;
    for (let k = 0; k < 10; k++) {
      series += term;
      term *= -(2 * k + 1) / (z * z);
    }
    expectRel(normalUpperTail(z), (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) / z) * series, 1e-14);
  });
});

describe('regularizedGamma and the chi-squared tail', () => {
  it('is e^(−x) for a = 1 and exp(−x/2) as the chi-squared tail with 2 df', () => {
    for (const x of [0.01, 0.7, 3, 25, 200]) {
      expectRel(regularizedGamma(1, x).upper, Math.exp(-x));
      expectRel(chiSquaredUpperTail(x, 2), Math.exp(-x / 2));
    }
  });

  it('is e^(−x/2)(1 + x/2) as the chi-squared tail with 4 df', () => {
    for (const x of [0.5, 4, 40]) expectRel(chiSquaredUpperTail(x, 4), Math.exp(-x / 2) * (1 + x / 2));
  });

  it('equals erfc(√x) at a = ½ (an independent code path), so χ²₁ tails are two normal tails', () => {
    for (const x of [0.01, 0.5, 1, 2.25, 9, 100]) {
      expectRel(regularizedGamma(0.5, x).upper, erfc(Math.sqrt(x)), 1e-13);
      expectRel(chiSquaredUpperTail(x, 1), 2 * normalUpperTail(Math.sqrt(x)), 1e-13);
    }
  });

  it('matches mpmath gammainc on the series side and on the continued-fraction side', () => {
    const upper: [number, number, number][] = [
      [4, 11, 0.004915867265928972],
      [1.5, 30, 5.878230727906912e-13],
      [30, 12, 0.9999911298612009],
      [30, 45, 0.007337199297796504],
      [0.5, 0.1, 0.654720846018577],
    ];
    for (const [a, x, v] of upper) expectRel(regularizedGamma(a, x).upper, v);
    const lower: [number, number, number][] = [
      [4, 1, 0.01898815687615381],
      [30, 12, 8.870138799144693e-6],
      [0.5, 0.1, 0.345279153981423],
    ];
    for (const [a, x, v] of lower) expectRel(regularizedGamma(a, x).lower, v);
  });

  it('handles the ends of the support', () => {
    expect(chiSquaredUpperTail(0, 3)).toBe(1);
    expect(chiSquaredUpperTail(-1, 3)).toBe(1);
    expect(chiSquaredUpperTail(Infinity, 3)).toBe(0);
    expect(chiSquaredUpperTail(Number.NaN, 3)).toBeNaN();
  });
});

describe('regularizedBeta and the t and F tails', () => {
  it('reduces to x^a, 1 − (1−x)^b and x for unit parameters', () => {
    for (const x of [0.001, 0.3, 0.5, 0.97]) {
      expectRel(regularizedBeta(3.5, 1, x).lower, x ** 3.5);
      expectRel(regularizedBeta(1, 2.5, x).upper, (1 - x) ** 2.5);
      expectRel(regularizedBeta(1, 1, x).lower, x);
    }
  });

  it('matches mpmath betainc', () => {
    const cases: [number, number, number, number][] = [
      [8.5, 0.5, 0.1, 6.31980590060052e-10],
      [35.25, 0.5, 0.9, 0.006610419227309876],
      [2.5, 17.5, 0.3, 0.9765669207631018],
      [300, 1, 0.99, 0.04904089407128572],
    ];
    for (const [a, b, x, v] of cases) expectRel(regularizedBeta(a, b, x).lower, v, 1e-12);
  });

  it('gives Cauchy tails with 1 df and 1/2 − t/(2√(2+t²)) with 2 df', () => {
    for (const t of [0.2, 1, 7, 1e4]) {
      expectRel(studentTUpperTail(t, 1), Math.atan2(1, t) / Math.PI);
      expectRel(studentTUpperTail(-t, 1), 1 - Math.atan2(1, t) / Math.PI);
      const s = Math.sqrt(2 + t * t);
      expectRel(studentTUpperTail(t, 2), 1 / (s * (s + t)), 1e-12); // = (1 − t/s)/2 without the cancellation
    }
    expect(studentTUpperTail(0, 5)).toBe(0.5);
  });

  it('matches mpmath for non-integer df (Welch)', () => {
    const cases: [number, number, number][] = [
      [2.2514, 5.5208, 0.03456839999546873],
      [8.0, 17, 1.8249666215723326e-7],
      [30.0, 70.3, 4.1926100823287724e-42],
      [0.1, 3.3, 0.46305750162332565],
    ];
    for (const [t, df, v] of cases) expectRel(studentTUpperTail(t, df), v);
  });

  it('gives (1 + 2f/d2)^(−d2/2) as the F tail with d1 = 2', () => {
    for (const [f, d2] of [
      [0.5, 7],
      [3, 20],
      [40, 3.5],
    ] as const)
      expectRel(fUpperTail(f, 2, d2), (1 + (2 * f) / d2) ** (-d2 / 2));
    expect(fUpperTail(0, 2, 5)).toBe(1);
  });
});
