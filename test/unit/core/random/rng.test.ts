import {
  createRng,
  createRngFromState,
  deriveSeed,
  logFactorial,
  type Rng,
} from '../../../../lambdas/core/random/rng.js';

/** Sample mean and unbiased variance of n draws. */
function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return { mean, variance: m2 / (n - 1) };
}

/** Pearson chi-square of observed counts against expected counts. */
function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x2 = 0;
  for (let i = 0; i < expected.length; i++) x2 += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return x2;
}

/**
 * Chi-square goodness of fit of `draws` integer draws against a pmf, pooling
 * the tails so every cell expects >= 20; returns [statistic, degrees of freedom].
 */
function pmfChiSquare(draws: number, draw: () => number, pmf: (k: number) => number, maxK: number): [number, number] {
  const observed = new Float64Array(maxK + 1);
  for (let i = 0; i < draws; i++) observed[Math.min(draw(), maxK)]! += 1;
  const cellsO: number[] = [];
  const cellsE: number[] = [];
  let accO = 0;
  let accE = 0;
  let cum = 0;
  for (let k = 0; k <= maxK; k++) {
    const p = k < maxK ? pmf(k) : 1 - cum;
    cum += p;
    accO += observed[k]!;
    accE += p * draws;
    if (accE >= 20 && (1 - cum) * draws >= 20) {
      cellsO.push(accO);
      cellsE.push(accE);
      accO = 0;
      accE = 0;
    }
  }
  cellsO[cellsO.length - 1]! += accO;
  cellsE[cellsE.length - 1]! += accE;
  return [chiSquare(cellsO, cellsE), cellsO.length - 1];
}

/** A generous upper bound for chi-square with df degrees of freedom (mean + 5 sd). */
function chiSquareBound(df: number): number {
  return df + 5 * Math.sqrt(2 * df);
}

function binomialPmf(n: number, p: number): (k: number) => number {
  return (k) =>
    Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

function poissonPmf(lambda: number): (k: number) => number {
  return (k) => Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
}

describe('xoshiro128** core', () => {
  it('matches the reference C implementation for an explicit state', () => {
    // Known answers: state and xoshiro128** outputs from edorfaus/xoshiro-6502 test-rom/testdata.asm,
    // generated there with the reference C code (https://prng.di.unimi.it/xoshiro128starstar.c).
    const rng = createRngFromState(0x964d4a0c, 0xd40ab895, 0xad7fdecb, 0x3006f0f0);
    const out = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    expect(out).toEqual([0xf1391922, 0x6fe53806, 0xa5be2840, 0xf510ee70]);
  });

  it('gives rotl(s1*5, 7)*9 as the first output (hand-computed for state 1,2,3,4)', () => {
    // s1 = 2: 2*5 = 10, rotl(10, 7) = 1280, 1280*9 = 11520
    expect(createRngFromState(1, 2, 3, 4).nextUint32()).toBe(11520);
  });

  it('rejects an all-zero state and bad seeds', () => {
    expect(() => createRngFromState(0, 0, 0, 0)).toThrow(RangeError);
    expect(() => createRng(-1)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 32)).toThrow(RangeError);
  });
});

describe('createRng', () => {
  it('reproduces the same stream for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    expect(createRng(7).normal()).toBe(createRng(7).normal());
  });

  it('gives different streams for neighbouring seeds', () => {
    const first = (seed: number) =>
      Array.from(
        { length: 8 },
        (
          (r: Rng) => () =>
            r.nextUint32()
        )(createRng(seed)),
      );
    const s0 = first(0);
    const s1 = first(1);
    const same = s0.filter((v, i) => v === s1[i]).length;
    expect(same).toBe(0);
    expect(new Set([0, 1, 2, 3, 4].map((s) => createRng(s).nextUint32())).size).toBe(5);
  });

  it('accepts the full 32-bit seed range', () => {
    expect(createRng(0xffffffff).nextUint32()).toBeGreaterThanOrEqual(0);
    expect(createRng(0).nextUint32()).not.toBe(createRng(0xffffffff).nextUint32());
  });
});

describe('deriveSeed', () => {
  it('is deterministic, in range, and sensitive to every key', () => {
    const s = deriveSeed(42, 3, 1, 2);
    expect(s).toBe(deriveSeed(42, 3, 1, 2));
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    const variants = [
      deriveSeed(42, 3, 1, 2),
      deriveSeed(43, 3, 1, 2),
      deriveSeed(42, 4, 1, 2),
      deriveSeed(42, 3, 2, 1),
      deriveSeed(42, 3, 1),
      deriveSeed(42),
    ];
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('nextFloat', () => {
  it('stays in [0, 1) and has uniform mean 1/2 and variance 1/12 (seed 1, n = 200000, within 4 SE)', () => {
    const rng = createRng(1);
    const n = 200_000;
    let min = 1;
    let max = 0;
    const { mean, variance } = moments(n, () => {
      const u = rng.nextFloat();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    });
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // SE(mean) = sqrt(1/12 / n); SE(var) = sqrt((1/80 - 1/144) / n)
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('uses the low bits too: values are not all multiples of 2^-32', () => {
    const rng = createRng(5);
    let fine = 0;
    for (let i = 0; i < 100; i++) if ((rng.nextFloat() * 2 ** 32) % 1 !== 0) fine++;
    expect(fine).toBeGreaterThan(90);
  });
});

describe('nextInt', () => {
  it('is unbiased over 10 cells (seed 2, chi-square, 9 df)', () => {
    const rng = createRng(2);
    const counts = new Float64Array(10);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[rng.nextInt(10)]! += 1;
    expect(chiSquare(counts, new Float64Array(10).fill(n / 10))).toBeLessThan(chiSquareBound(9));
  });

  it('is unbiased for a bound that leaves a large rejection zone (3·2^30, seed 3)', () => {
    // naive modulo would make the lowest third twice as likely as the rest
    const rng = createRng(3);
    const bound = 3 * 2 ** 30;
    const thirds = new Float64Array(3);
    const n = 60_000;
    for (let i = 0; i < n; i++) thirds[Math.floor(rng.nextInt(bound) / 2 ** 30)]! += 1;
    expect(chiSquare(thirds, [n / 3, n / 3, n / 3])).toBeLessThan(chiSquareBound(2));
  });

  it('handles the bounds 1 and 2^32 and rejects others', () => {
    const rng = createRng(4);
    expect(rng.nextInt(1)).toBe(0);
    const x = rng.nextInt(2 ** 32);
    expect(x >= 0 && x < 2 ** 32).toBe(true);
    expect(() => rng.nextInt(0)).toThrow(RangeError);
    expect(() => rng.nextInt(2.5)).toThrow(RangeError);
    expect(() => rng.nextInt(2 ** 32 + 1)).toThrow(RangeError);
  });
});

describe('shuffleInPlace', () => {
  it('permutes typed and plain arrays (same multiset, order changed)', () => {
    const rng = createRng(9);
    const ints = Int32Array.from({ length: 100 }, (_, i) => i);
    rng.shuffleInPlace(ints);
    expect(Array.from(ints).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(ints)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const floats = Float64Array.from([0.5, 1.5, 2.5, 3.5]);
    rng.shuffleInPlace(floats);
    expect(Array.from(floats).sort()).toEqual([0.5, 1.5, 2.5, 3.5]);
    const words = ['a', 'b', 'c', 'd', 'e'];
    expect(rng.shuffleInPlace(words)).toBe(words);
    expect([...words].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('makes all 6 orders of 3 items equally likely (seed 10, chi-square, 5 df)', () => {
    const rng = createRng(10);
    const counts = new Map<string, number>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const key = rng.shuffleInPlace(['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()], new Array(6).fill(n / 6))).toBeLessThan(chiSquareBound(5));
  });
});

describe('normal', () => {
  it('has mean 0, variance 1, kurtosis 3 (seed 11, n = 200000, within 4 SE)', () => {
    const rng = createRng(11);
    const n = 200_000;
    let m4 = 0;
    const { mean, variance } = moments(n, () => {
      const z = rng.normal();
      m4 += z ** 4;
      return z;
    });
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    // Var(s^2) = 2 / (n-1) for normal data; Var(z^4) = 105 - 9 = 96
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it('applies mean and sd', () => {
    const rng = createRng(12);
    const { mean, variance } = moments(50_000, () => rng.normal(10, 2));
    expect(Math.abs(mean - 10)).toBeLessThan((4 * 2) / Math.sqrt(50_000));
    expect(Math.abs(variance - 4)).toBeLessThan(4 * 4 * Math.sqrt(2 / 50_000));
  });
});

describe('gamma', () => {
  // Gamma(k, 1): mean k, variance k; Var(sample mean) = k/n; Var(s^2) ≈ (mu4 - k^2)/n with mu4 = 3k^2 + 6k
  it.each([
    [0.3, 13],
    [1, 14],
    [2.5, 15],
    [50, 16],
  ])('shape %p has mean and variance equal to the shape (seed %p, n = 100000, within 4 SE)', (shape, seed) => {
    const rng = createRng(seed);
    const n = 100_000;
    let negatives = 0;
    const { mean, variance } = moments(n, () => {
      const x = rng.gamma(shape);
      if (x < 0) negatives++;
      return x;
    });
    expect(negatives).toBe(0);
    expect(Math.abs(mean - shape)).toBeLessThan(4 * Math.sqrt(shape / n));
    expect(Math.abs(variance - shape)).toBeLessThan(4 * Math.sqrt((2 * shape * shape + 6 * shape) / n));
  });

  it('applies the scale and rejects a non-positive shape', () => {
    const rng = createRng(17);
    const { mean } = moments(50_000, () => rng.gamma(2, 3));
    expect(Math.abs(mean - 6)).toBeLessThan(4 * Math.sqrt(18 / 50_000));
    expect(() => rng.gamma(0)).toThrow(RangeError);
    expect(() => rng.gamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('poisson', () => {
  it.each([
    [0.7, 18, 12],
    [4, 19, 25],
    [25, 20, 70],
    [1000, 21, 1200],
  ])('lambda %p fits the Poisson pmf (seed %p, chi-square, n = 100000)', (lambda, seed, maxK) => {
    const rng = createRng(seed);
    const [x2, df] = pmfChiSquare(100_000, () => rng.poisson(lambda), poissonPmf(lambda), maxK);
    expect(df).toBeGreaterThan(2);
    expect(x2).toBeLessThan(chiSquareBound(df));
  });

  it('returns 0 for lambda 0 and rejects a negative mean', () => {
    const rng = createRng(22);
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
  });
});

describe('binomial', () => {
  it.each([
    [30, 0.1, 23], // inversion
    [100, 0.3, 24], // BTRS
    [100, 0.85, 25], // symmetry, then inversion
    [40_000, 0.02, 26], // BTRS at a 16S-like depth
    [1_000_000, 0.5, 27], // BTRS, large n
  ])('n = %p, p = %p fits the binomial pmf (seed %p, chi-square, n = 100000)', (n, p, seed) => {
    const rng = createRng(seed);
    const sd = Math.sqrt(n * p * (1 - p));
    const lo = Math.max(0, Math.floor(n * p - 6 * sd));
    const hi = Math.min(n, Math.ceil(n * p + 6 * sd));
    // shift the support to start at lo so the helper's cells stay small
    const pmf = binomialPmf(n, p);
    let below = 0;
    for (let k = 0; k < lo; k++) below += pmf(k);
    const [x2, df] = pmfChiSquare(
      100_000,
      () => Math.max(0, rng.binomial(n, p) - lo),
      (k) => (k === 0 ? below + pmf(lo) : pmf(k + lo)),
      hi - lo,
    );
    expect(df).toBeGreaterThan(2);
    expect(x2).toBeLessThan(chiSquareBound(df));
  });

  it('handles the edges and rejects bad arguments', () => {
    const rng = createRng(28);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(() => rng.binomial(-1, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(3.5, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, 1.5)).toThrow(RangeError);
  });
});

describe('multinomial', () => {
  it('sums to n, respects zero weights, and has the expected category means (seed 29)', () => {
    const rng = createRng(29);
    const probs = Float64Array.from([0.5, 0, 0.3, 0.15, 0.05]);
    const out = new Float64Array(5);
    const reps = 20_000;
    const n = 200;
    const sums = new Float64Array(5);
    let badDraws = 0;
    for (let r = 0; r < reps; r++) {
      rng.multinomial(n, probs, out);
      let total = 0;
      for (let i = 0; i < 5; i++) {
        if (!Number.isInteger(out[i])) badDraws++;
        total += out[i]!;
        sums[i]! += out[i]!;
      }
      if (total !== n || out[1] !== 0) badDraws++;
    }
    expect(badDraws).toBe(0);
    for (let i = 0; i < 5; i++) {
      const p = probs[i]!;
      const se = Math.sqrt((n * p * (1 - p)) / reps);
      expect(Math.abs(sums[i]! / reps - n * p)).toBeLessThanOrEqual(4 * se);
    }
  });

  it('normalises weights that do not sum to 1', () => {
    const rng = createRng(30);
    const out = new Float64Array(2);
    let first = 0;
    for (let r = 0; r < 2000; r++) first += rng.multinomial(100, [3, 1], out)[0]!;
    expect(Math.abs(first / 2000 - 75)).toBeLessThan(4 * Math.sqrt((100 * 0.75 * 0.25) / 2000));
  });

  it('rejects mismatched lengths, negative and all-zero weights', () => {
    const rng = createRng(31);
    expect(() => rng.multinomial(5, [1, 1], new Float64Array(3))).toThrow(RangeError);
    expect(() => rng.multinomial(5, [1, -1], new Float64Array(2))).toThrow(RangeError);
    expect(() => rng.multinomial(5, [0, 0], new Float64Array(2))).toThrow(RangeError);
    expect(Array.from(rng.multinomial(0, [0, 0], new Float64Array(2)))).toEqual([0, 0]);
  });
});

describe('dirichlet', () => {
  it('sums to 1 with mean alpha_i / sum(alpha) (seed 32)', () => {
    const rng = createRng(32);
    const alpha = [2, 0, 5, 1];
    const out = new Float64Array(4);
    const mean = new Float64Array(4);
    const reps = 20_000;
    let badDraws = 0;
    for (let r = 0; r < reps; r++) {
      rng.dirichlet(alpha, out);
      if (Math.abs(out[0]! + out[1]! + out[2]! + out[3]! - 1) > 1e-12 || out[1] !== 0) badDraws++;
      for (let i = 0; i < 4; i++) mean[i]! += out[i]! / reps;
    }
    expect(badDraws).toBe(0);
    // Var(X_i) = a_i (a0 - a_i) / (a0^2 (a0 + 1)), a0 = 8
    for (const [i, a] of alpha.entries()) {
      if (a === 0) continue;
      const se = Math.sqrt((a * (8 - a)) / (64 * 9) / reps);
      expect(Math.abs(mean[i]! - a / 8)).toBeLessThan(4 * se);
    }
  });
});

describe('logFactorial', () => {
  it('is exact on the table and continuous into the Stirling series', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 14);
    let exact = 0;
    for (let k = 1; k <= 300; k++) exact += Math.log(k);
    expect(Math.abs(logFactorial(300) - exact) / exact).toBeLessThan(1e-13);
  });
});
