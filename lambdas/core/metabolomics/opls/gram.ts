/**
 * Products with the samples × samples Gram matrix K = X Xᵀ of the scaled
 * matrix X (n × p, sample-major). For a single response every NIPALS
 * quantity of PLS / OPLS is a sample-space vector built from K (the
 * kernel form of de Jong & ter Braak 1994, Lindgren et al. 1993), so the
 * fits need only batches of products K z.
 *
 * Two ways to form them: `explicit` stores K (n² doubles, built once in
 * n²p/2 multiply-adds, then n² per product; best when p ≫ n or when many
 * permuted models share it) and `factored` computes X (Xᵀ z) (2np per
 * product, no n² storage; best for few products or n ≫ p).
 */
import type { GramMethod } from './types.js';

/** Largest n for which an explicit K (n² doubles) is stored. */
export const EXPLICIT_GRAM_MAX_SAMPLES = 4000;
/** Features per cache block when K is built. */
const FEATURE_BLOCK = 512;

/** Batched products with K. */
export interface GramOperator {
  readonly n: number;
  readonly method: 'explicit' | 'factored';
  /** out[j·n + i] = (K z_j)_i for j < count; z holds `count` vectors of length n back to back */
  multiply(z: Float64Array, count: number, out: Float64Array): void;
  /**
   * For each response y_b (`count` of them back to back in y) and each ropls segment f < k
   * (samples i ≡ f mod k): out[(b·(k+1) + f)·n + i] = (K (y_b ∘ 1_f))_i, and at f = k the full (K y_b)_i.
   */
  segmentProducts(y: Float64Array, count: number, k: number, out: Float64Array): void;
}

/** explicit when n²p/2 + products·n² < products·2np (and K fits), else factored. */
export function chooseGramMethod(n: number, p: number, products: number): 'explicit' | 'factored' {
  if (n > EXPLICIT_GRAM_MAX_SAMPLES) return 'factored';
  return (n * n * p) / 2 + products * n * n < products * 2 * n * p ? 'explicit' : 'factored';
}

/** The operator for x (n × p sample-major); `products` estimates how many K z will be asked for ('auto'). */
export function gramOperator(
  x: Float64Array,
  n: number,
  p: number,
  method: GramMethod,
  products: number,
): GramOperator {
  const how = method === 'auto' ? chooseGramMethod(n, p, products) : method;
  return how === 'explicit' ? explicitGram(gramMatrix(x, n, p), n) : factoredGram(x, n, p);
}

/** K = X Xᵀ (n × n, symmetric, row-major), by feature blocks with a 2 × 4 register tile. */
export function gramMatrix(x: Float64Array, n: number, p: number): Float64Array {
  const k = new Float64Array(n * n);
  for (let f0 = 0; f0 < p; f0 += FEATURE_BLOCK) {
    const f1 = Math.min(p, f0 + FEATURE_BLOCK);
    for (let i = 0; i < n; i += 2) {
      const two = i + 1 < n;
      const ri = i * p,
        ri1 = two ? ri + p : ri;
      let j = 0;
      for (; j + 3 <= i + 1 && j + 3 < n; j += 4) tile2x4(x, ri, ri1, j * p, p, f0, f1, k, i, j, n, two);
      for (; j <= Math.min(i + 1, n - 1); j++) {
        const rj = j * p;
        let s0 = 0,
          s1 = 0;
        for (let f = f0; f < f1; f++) {
          const v = x[rj + f]!;
          s0 += x[ri + f]! * v;
          s1 += x[ri1 + f]! * v;
        }
        k[i * n + j] = k[i * n + j]! + s0;
        if (two) k[(i + 1) * n + j] = k[(i + 1) * n + j]! + s1;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) k[i * n + j] = k[j * n + i]!;
  return k;
}

/** Adds rows (i, i+1) · rows (j..j+3) over features [f0, f1) into K (row i+1 only when `two`). */
function tile2x4(
  x: Float64Array,
  ri: number,
  ri1: number,
  rj: number,
  p: number,
  f0: number,
  f1: number,
  k: Float64Array,
  i: number,
  j: number,
  n: number,
  two: boolean,
): void {
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0;
  const r1 = rj + p,
    r2 = rj + 2 * p,
    r3 = rj + 3 * p;
  for (let f = f0; f < f1; f++) {
    const u = x[ri + f]!,
      v = x[ri1 + f]!;
    const z0 = x[rj + f]!,
      z1 = x[r1 + f]!,
      z2 = x[r2 + f]!,
      z3 = x[r3 + f]!;
    a0 += u * z0;
    a1 += u * z1;
    a2 += u * z2;
    a3 += u * z3;
    b0 += v * z0;
    b1 += v * z1;
    b2 += v * z2;
    b3 += v * z3;
  }
  const o = i * n + j;
  k[o] = k[o]! + a0;
  k[o + 1] = k[o + 1]! + a1;
  k[o + 2] = k[o + 2]! + a2;
  k[o + 3] = k[o + 3]! + a3;
  if (!two) return;
  const o1 = o + n;
  k[o1] = k[o1]! + b0;
  k[o1 + 1] = k[o1 + 1]! + b1;
  k[o1 + 2] = k[o1 + 2]! + b2;
  k[o1 + 3] = k[o1 + 3]! + b3;
}

/** Products with a stored K: two rows of K against four vectors at a time (a 2 × 4 register tile), remainders one by one. */
function explicitGram(k: Float64Array, n: number): GramOperator {
  return {
    n,
    method: 'explicit',
    multiply(z, count, out) {
      let j = 0;
      for (; j + 4 <= count; j += 4) {
        let i = 0;
        for (; i + 2 <= n; i += 2) rows2x4(k, n, i, z, j * n, out);
        if (i < n) for (let v = j; v < j + 4; v++) out[v * n + i] = rowDot(k, i * n, z, v * n, n);
      }
      for (; j < count; j++) for (let i = 0; i < n; i++) out[j * n + i] = rowDot(k, i * n, z, j * n, n);
    },
    segmentProducts(y, count, segments, out) {
      const stride = (segments + 1) * n;
      for (let i = 0; i < n; i++) {
        const r = i * n;
        for (let b = 0; b < count; b++) {
          const y0 = b * n,
            o0 = b * stride + i;
          let total = 0;
          for (let f = 0; f < segments; f++) {
            let s = 0;
            for (let c = f; c < n; c += segments) s += k[r + c]! * y[y0 + c]!;
            out[o0 + f * n] = s;
            total += s;
          }
          out[o0 + segments * n] = total;
        }
      }
    },
  };
}

/** K[i..i+1, :] · z_{v..v+3} for the four vectors starting at offset z0 (stride n), written to out. */
function rows2x4(k: Float64Array, n: number, i: number, z: Float64Array, z0: number, out: Float64Array): void {
  const r0 = i * n,
    r1 = r0 + n,
    z1 = z0 + n,
    z2 = z1 + n,
    z3 = z2 + n;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0;
  for (let c = 0; c < n; c++) {
    const u = k[r0 + c]!,
      v = k[r1 + c]!;
    const w0 = z[z0 + c]!,
      w1 = z[z1 + c]!,
      w2 = z[z2 + c]!,
      w3 = z[z3 + c]!;
    a0 += u * w0;
    a1 += u * w1;
    a2 += u * w2;
    a3 += u * w3;
    b0 += v * w0;
    b1 += v * w1;
    b2 += v * w2;
    b3 += v * w3;
  }
  out[z0 + i] = a0;
  out[z1 + i] = a1;
  out[z2 + i] = a2;
  out[z3 + i] = a3;
  out[z0 + i + 1] = b0;
  out[z1 + i + 1] = b1;
  out[z2 + i + 1] = b2;
  out[z3 + i + 1] = b3;
}

/** K[i, :] · z (row offset r, vector offset z0). */
function rowDot(k: Float64Array, r: number, z: Float64Array, z0: number, n: number): number {
  let s = 0;
  for (let c = 0; c < n; c++) s += k[r + c]! * z[z0 + c]!;
  return s;
}

/** Products X (Xᵀ z) without storing K, four vectors per pass over X (X is read twice per four products). */
function factoredGram(x: Float64Array, n: number, p: number): GramOperator {
  const v = new Float64Array(4 * p);
  return {
    n,
    method: 'factored',
    multiply(z, count, out) {
      for (let j = 0; j < count; j += 4) {
        const m = Math.min(4, count - j);
        v.fill(0);
        for (let i = 0; i < n; i++) {
          const r = i * p;
          const a0 = z[j * n + i]!,
            a1 = m > 1 ? z[(j + 1) * n + i]! : 0,
            a2 = m > 2 ? z[(j + 2) * n + i]! : 0,
            a3 = m > 3 ? z[(j + 3) * n + i]! : 0;
          for (let f = 0; f < p; f++) {
            const xv = x[r + f]!;
            v[f] = v[f]! + a0 * xv;
            v[p + f] = v[p + f]! + a1 * xv;
            v[2 * p + f] = v[2 * p + f]! + a2 * xv;
            v[3 * p + f] = v[3 * p + f]! + a3 * xv;
          }
        }
        for (let i = 0; i < n; i++) {
          const r = i * p;
          let s0 = 0,
            s1 = 0,
            s2 = 0,
            s3 = 0;
          for (let f = 0; f < p; f++) {
            const xv = x[r + f]!;
            s0 += xv * v[f]!;
            s1 += xv * v[p + f]!;
            s2 += xv * v[2 * p + f]!;
            s3 += xv * v[3 * p + f]!;
          }
          out[j * n + i] = s0;
          if (m > 1) out[(j + 1) * n + i] = s1;
          if (m > 2) out[(j + 2) * n + i] = s2;
          if (m > 3) out[(j + 3) * n + i] = s3;
        }
      }
    },
    segmentProducts(y, count, segments, out) {
      const z = new Float64Array((segments + 1) * n);
      for (let b = 0; b < count; b++) {
        z.fill(0);
        for (let i = 0; i < n; i++) {
          z[(i % segments) * n + i] = y[b * n + i]!;
          z[segments * n + i] = y[b * n + i]!;
        }
        this.multiply(z, segments + 1, out.subarray(b * (segments + 1) * n, (b + 1) * (segments + 1) * n));
      }
    },
  };
}

/** Xᵀ v for x (n × p sample-major): the feature-space image of a sample-space vector. */
export function transposeTimes(x: Float64Array, n: number, p: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const a = v[i]!;
    if (a === 0) continue;
    const r = i * p;
    for (let f = 0; f < p; f++) out[f] = out[f]! + a * x[r + f]!;
  }
  return out;
}
