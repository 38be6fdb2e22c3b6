/**
 * Seeded pseudo-random numbers for simulation and permutation procedures.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4), 2021; https://prng.di.unimi.it/), 128-bit
 * state, period 2^128 − 1, 32-bit outputs. The state is filled from a 32-bit
 * seed by splitmix32 (a Weyl sequence with increment 0x9e3779b9 passed through
 * the MurmurHash3 fmix32 finalizer), so nearby seeds give unrelated streams.
 *
 * Every draw is a pure function of the seed and the number of previous draws:
 * no global state, no `Math.random`.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const GOLDEN_GAMMA_32 = 0x9e3779b9;
const LOG_SQRT_2PI = 0.9189385332046728;
/** Poisson means below this use multiplication of uniforms, above it PTRS. */
const POISSON_PTRS_THRESHOLD = 10;
/** Binomial n·min(p, 1−p) below this uses inversion, above it BTRS. */
const BINOMIAL_BTRS_THRESHOLD = 10;

/** A seeded random source; see each method for its algorithm. */
export interface Rng {
  /** Next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n), unbiased, for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
  /** Permutes `a` uniformly at random in place and returns it. */
  shuffleInPlace<T extends ShuffleTarget>(a: T): T;
  /** Normal draw with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** Gamma draw with the given shape and scale (mean shape·scale). */
  gamma(shape: number, scale?: number): number;
  /** Poisson draw with mean `lambda`. */
  poisson(lambda: number): number;
  /** Binomial draw: successes in `n` trials of probability `p`. */
  binomial(n: number, p: number): number;
  /** Multinomial counts of `n` draws over weights `probs`, written to `out`. */
  multinomial(n: number, probs: ArrayLike<number>, out: Float64Array): Float64Array;
  /** Dirichlet draw with concentration `alpha`, written to `out`. */
  dirichlet(alpha: ArrayLike<number>, out: Float64Array): Float64Array;
}

/** Anything indexable and writable by position (typed arrays, plain arrays). */
// biome-ignore lint/suspicious/noExplicitAny: arrays and typed arrays of any element type are shuffled in place
export type ShuffleTarget = { length: number; [index: number]: any };

/**
 * splitmix32: advances a 32-bit Weyl state by the golden-ratio increment and
 * returns [newState, fmix32(newState)] (MurmurHash3 finalizer constants).
 */
function splitmix32(state: number): [number, number] {
  const next = (state + GOLDEN_GAMMA_32) | 0;
  return [next, fmix32(next)];
}

/** MurmurHash3's 32-bit finalizer (Appleby): an invertible avalanche mix. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Rotates a 32-bit word left by k bits. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Throws unless `seed` is an integer in [0, 2^32). */
function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32)
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
}

/**
 * Creates an xoshiro128** generator whose state is four splitmix32 outputs of
 * `seed` (an integer in [0, 2^32)).
 */
export function createRng(seed: number): Rng {
  assertSeed(seed);
  let x = seed | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(x);
    x = next;
    words.push(out);
  }
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1;
  return new Xoshiro128StarStar(words[0]!, words[1]!, words[2]!, words[3]!);
}

/**
 * Creates an xoshiro128** generator from an explicit state (s0..s3, as the
 * reference C code's `s[0..3]`); for known-answer tests. Not all zero.
 */
export function createRngFromState(s0: number, s1: number, s2: number, s3: number): Rng {
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
  return new Xoshiro128StarStar(s0, s1, s2, s3);
}

/**
 * Derives a sub-stream seed from a seed and integer keys (e.g. stream, subject,
 * visit) by chained fmix32 hashing, so one part of a simulation does not shift
 * when another part draws more or fewer numbers.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  assertSeed(seed);
  let h = fmix32(seed ^ GOLDEN_GAMMA_32);
  for (const k of keys) h = fmix32((h + Math.imul(GOLDEN_GAMMA_32, (k | 0) + 1)) ^ fmix32(k | 0));
  return h >>> 0;
}

/** ln(k!) for k = 0..255, exact sums of logs; larger k use Stirling's series. */
const LOG_FACTORIAL_TABLE: Float64Array = (() => {
  const t = new Float64Array(256);
  for (let k = 1; k < 256; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();

/**
 * ln(k!) for a non-negative integer k: table below 256, else Stirling's series
 * for ln Γ(k+1) to the 1/x^5 term (absolute error < 1e-15 there).
 */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL_TABLE[k]!;
  const x = k + 1;
  const ix2 = 1 / (x * x);
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + (1 / 12 - ix2 * (1 / 360 - ix2 / 1260)) / x;
}

/** xoshiro128** 1.1 with the samplers built on it. */
class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** the second value of the last polar-method pair, or NaN when none is held */
  private spareNormal = Number.NaN;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /** xoshiro128** step: output rotl(s1·5, 7)·9, then the xorshift/rotate state update. */
  nextUint32(): number {
    const s1 = this.s1;
    const r = rotl(((s1 << 2) + s1) | 0, 7);
    const result = ((r << 3) + r) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** (27 high bits of one draw · 2^26 + 26 high bits of the next) / 2^53: every multiple of 2^-53 in [0, 1) equally likely. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** Uniform in (0, 1]: never 0, safe under log. */
  private nextOpenFloat(): number {
    return 1 - this.nextFloat();
  }

  /**
   * Rejection sampling: draws below the largest multiple of n that fits in
   * 2^32 are reduced mod n, the rest redrawn, so every residue is equally likely.
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32)
      throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fisher–Yates shuffle in Durstenfeld's in-place form (Knuth, TAOCP vol. 2, Algorithm P). */
  shuffleInPlace<T extends ShuffleTarget>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /**
   * Marsaglia's polar method (Marsaglia & Bray 1964): a point uniform in the
   * unit disc gives two independent standard normals; the second is kept for
   * the next call.
   */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /**
   * Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
   * ACM TOMS 26(3): squeeze-and-reject on d·(1 + c·Z)^3 with d = shape − 1/3.
   * For shape < 1, Gamma(shape + 1)·U^(1/shape) (their boost), which underflows
   * to 0 for very small shapes as the true variate practically does.
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !Number.isFinite(shape))
      throw new RangeError(`gamma shape must be finite and > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1, scale) * this.nextOpenFloat() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextOpenFloat();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * Exact Poisson. lambda < 10: Knuth's multiplication of uniforms until the
   * product falls below e^−lambda. lambda ≥ 10: PTRS, Hörmann (1993), "The
   * transformed rejection method for generating Poisson random variables",
   * Insurance: Mathematics and Economics 12(1).
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda))
      throw new RangeError(`poisson mean must be finite and >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < POISSON_PTRS_THRESHOLD) return this.poissonByMultiplication(lambda);
    return this.poissonPtrs(lambda);
  }

  /** Knuth (TAOCP vol. 2, 3.4.1): count uniforms multiplied before the product drops below e^−lambda. */
  private poissonByMultiplication(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = this.nextOpenFloat();
    while (prod > limit) {
      k++;
      prod *= this.nextOpenFloat();
    }
    return k;
  }

  /** Hörmann's PTRS transformed-rejection sampler (valid for lambda ≥ 10). */
  private poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.nextFloat() - 0.5;
      const v = this.nextOpenFloat();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (lhs <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }

  /**
   * Exact binomial, using the symmetry p ↔ 1 − p so the sampled p is ≤ 1/2.
   * n·p < 10: inversion by sequential search from 0 (BINV, Kachitvichyanukul &
   * Schmeiser 1988). Otherwise BTRS, Hörmann (1993), "The generation of binomial
   * random variates", J. Statist. Comput. Simul. 46.
   */
  binomial(n: number, p: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - this.binomialLowP(n, 1 - p);
    return this.binomialLowP(n, p);
  }

  /** Binomial for p ≤ 1/2: BINV below n·p = 10, BTRS above. */
  private binomialLowP(n: number, p: number): number {
    if (n * p < BINOMIAL_BTRS_THRESHOLD) return this.binomialInversion(n, p);
    return this.binomialBtrs(n, p);
  }

  /** BINV: walk the pmf from 0 using f(k+1) = f(k)·((n+1)/(k+1) − 1)·p/q; restarts on rare round-off overrun. */
  private binomialInversion(n: number, p: number): number {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    const f0 = q ** n;
    for (;;) {
      let f = f0;
      let u = this.nextFloat();
      let k = 0;
      while (u > f) {
        u -= f;
        k++;
        if (k > n) break;
        f *= a / k - s;
      }
      if (k <= n) return k;
    }
  }

  /** Hörmann's BTRS transformed-rejection sampler (p ≤ 1/2, n·p ≥ 10). */
  private binomialBtrs(n: number, p: number): number {
    const q = 1 - p;
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / q);
    const m = Math.floor((n + 1) * p);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
      const u = this.nextFloat() - 0.5;
      const v = this.nextOpenFloat();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      const lhs = Math.log((v * alpha) / (a / (us * us) + b));
      if (lhs <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
    }
  }

  /**
   * Conditional-binomial method: category i gets Binomial(remaining n,
   * p_i / remaining mass), in order. `probs` are non-negative weights (need not
   * sum to 1); `out` must have the same length.
   */
  multinomial(n: number, probs: ArrayLike<number>, out: Float64Array): Float64Array {
    if (out.length !== probs.length)
      throw new RangeError(`multinomial out length ${out.length} != probs length ${probs.length}`);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`multinomial n must be a non-negative integer, got ${n}`);
    let mass = 0;
    let last = -1;
    for (let i = 0; i < probs.length; i++) {
      const w = probs[i]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new RangeError(`multinomial weight ${i} must be finite and >= 0, got ${w}`);
      mass += w;
      if (w > 0) last = i;
    }
    out.fill(0);
    if (n === 0) return out;
    if (last < 0) throw new RangeError('multinomial weights are all zero');
    let left = n;
    for (let i = 0; i < last && left > 0; i++) {
      const w = probs[i]!;
      if (w === 0) continue;
      const k = this.binomial(left, Math.min(1, w / mass));
      out[i] = k;
      left -= k;
      mass -= w;
      if (!(mass > 0)) break;
    }
    out[last] = out[last]! + left;
    return out;
  }

  /**
   * Dirichlet by normalised independent Gamma(alpha_i, 1) draws (Devroye 1986,
   * XI.4). A zero alpha gives a structural zero. If every gamma underflows, the
   * largest alpha takes all the mass.
   */
  dirichlet(alpha: ArrayLike<number>, out: Float64Array): Float64Array {
    if (out.length !== alpha.length)
      throw new RangeError(`dirichlet out length ${out.length} != alpha length ${alpha.length}`);
    let sum = 0;
    let argmax = -1;
    for (let i = 0; i < alpha.length; i++) {
      const a = alpha[i]!;
      if (!(a >= 0) || !Number.isFinite(a))
        throw new RangeError(`dirichlet alpha ${i} must be finite and >= 0, got ${a}`);
      const g = a > 0 ? this.gamma(a) : 0;
      out[i] = g;
      sum += g;
      if (a > 0 && (argmax < 0 || a > alpha[argmax]!)) argmax = i;
    }
    if (argmax < 0) throw new RangeError('dirichlet alpha is all zero');
    if (sum === 0) {
      out.fill(0);
      out[argmax] = 1;
      return out;
    }
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
    return out;
  }
}
