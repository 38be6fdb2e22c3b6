/**
 * A few eigenpairs at either end of the spectrum of a real symmetric operator:
 * block Lanczos with full reorthogonalisation and thick restart (Golub &
 * Underwood 1977 for the block recurrence; Wu & Simon 2000 / Stewart's
 * Krylov–Schur for the restart). The operator is only applied to blocks of
 * vectors, so the matrix never has to be formed.
 *
 * The basis V (n × m, orthonormal) grows by blocks W; each new block is the
 * part of A·W orthogonal to V (two Gram–Schmidt passes) and to the optional
 * `deflate` vectors. H = Vᵀ A V is computed explicitly from the products, and
 * its eigenpairs (θ, y) are the Ritz pairs. With Z = (I − VVᵀ) A W_last = W' C
 * (C upper triangular, from the block QR), A V = V H + W' C E_lastᵀ, so the
 * residual of the Ritz vector u = V y is exactly ‖A u − θ u‖ = ‖C y_last‖
 * (y_last: the entries of y on the last block). When the basis is full, the
 * wanted Ritz vectors plus a buffer are kept (V ← V Y, H ← diag θ) and the
 * recurrence continues from W'. A column of W' that vanishes (an invariant
 * subspace was reached) is replaced by a random direction, so repeated
 * eigenvalues up to the block size are all found.
 *
 * Storage: vectors are rows of length n (row-major, vector-major) everywhere
 * except at the operator boundary, where blocks are sample-major.
 */
import { createRng, type Rng } from '../random/rng.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** A symmetric linear map on R^n, applied to blocks of vectors. */
export interface SymmetricOperator {
  n: number;
  /** y ← A x for b vectors stored sample-major (x[i·b + c] is entry i of vector c); x and y hold n·b values, x is not changed */
  apply(x: Float64Array, b: number, y: Float64Array): void;
}

export interface PartialEigenOptions {
  /** largest (algebraic) eigenvalues wanted */
  top: number;
  /** smallest (algebraic) eigenvalues wanted, values only (default 0) */
  bottom?: number;
  /** eigenvectors returned for the first `vectors` of the top eigenvalues (default: all `top`) */
  vectors?: number;
  /** seed of the random start block (recorded in the result) */
  seed: number;
  /** block size (default 4: as many operator products as one pass over the matrix serves; repeated eigenvalues up to this multiplicity are resolved) */
  block?: number;
  /** largest basis before a restart (default max(2·wanted, wanted + 8·block), at least wanted + 2·block, at most the dimension) */
  maxBasis?: number;
  /** a returned eigenvector is converged when ‖A u − θ u‖ ≤ tolerance · max|θ| (default 1e-13) */
  tolerance?: number;
  /** a value-only eigenpair is converged when its residual ≤ valueTolerance · max|θ| (default 1e-10) */
  valueTolerance?: number;
  /**
   * When set (e.g. −1e-10), the bottom eigenvalues are only located relative
   * to t = bottomThreshold × the largest Ritz value: a bottom pair is done as
   * soon as its Ritz value θ < t (a Ritz value is never below the smallest
   * eigenvalue — Cauchy interlacing — so an eigenvalue below t is proven to
   * exist), or θ − ‖r‖ ≥ t (the eigenvalue it approximates lies above t). A
   * quick sign check of the bottom of the spectrum; θ itself is then not converged.
   */
  bottomThreshold?: number;
  /** restarts allowed once the top pairs have converged while bottom ones have not (default: no limit beyond maxRestarts) */
  bottomPatience?: number;
  /** restarts before giving up (default 500) */
  maxRestarts?: number;
  /** orthonormal eigenvectors of A (length n each) to leave out: the search runs in the orthogonal complement of their span */
  deflate?: Float64Array[];
}

/** Ritz values and vectors, with what it took to get them. */
export interface PartialEigen {
  /** every wanted residual met its tolerance (false: iteration limit or bottom patience; values are the best reached) */
  converged: boolean;
  /** the top pairs (and vectors) met their tolerance, whatever the bottom ones did */
  topConverged: boolean;
  /** the `top` largest eigenvalues, descending */
  top: Float64Array;
  /** the `bottom` smallest eigenvalues, ascending */
  bottom: Float64Array;
  /** number of eigenvectors returned */
  nVectors: number;
  /** nVectors × n row-major: row k is the unit eigenvector of top[k] */
  vectors: Float64Array;
  /** residual norms ‖A u − θ u‖ from the Krylov relation: top ones first, then bottom ones */
  residuals: Float64Array;
  /** the same for the returned vectors, recomputed with the operator: max over them (0 without vectors) */
  maxVectorResidual: number;
  /** max |θ| over the last Ritz values: the ‖A‖ estimate the tolerances scale with */
  scale: number;
  /** block steps (operator calls in the recurrence) */
  blockSteps: number;
  restarts: number;
  /** vectors the operator was applied to, in total */
  operatorVectors: number;
  seed: number;
  block: number;
  maxBasis: number;
}

/** Eigenpairs at both ends of the spectrum of `op` (see module doc). */
export function partialEigen(op: SymmetricOperator, options: PartialEigenOptions): PartialEigen {
  const run = new BlockLanczos(op, options);
  return run.solve();
}

function clampInt(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.floor(x)));
}

/** Σ a[ao + i]·b[bo + i], i < len, four accumulators. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += a[ao + i]! * b[bo + i]!;
    s1 += a[ao + i + 1]! * b[bo + i + 1]!;
    s2 += a[ao + i + 2]! * b[bo + i + 2]!;
    s3 += a[ao + i + 3]! * b[bo + i + 3]!;
  }
  for (; i < len; i++) s0 += a[ao + i]! * b[bo + i]!;
  return s0 + s1 + (s2 + s3);
}

/** y[yo + i] += α x[xo + i], i < len. */
function axpy(y: Float64Array, yo: number, alpha: number, x: Float64Array, xo: number, len: number): void {
  for (let i = 0; i < len; i++) y[yo + i] = y[yo + i]! + alpha * x[xo + i]!;
}

/** Default block size (measured: 4 needs fewer operator products than 8 or 16 for 10–100 wanted pairs at n = 2000). */
const DEFAULT_BLOCK = 4;
/** Breakdown threshold: a new direction shorter than this × ‖A‖ is treated as zero. */
const BREAKDOWN_RELATIVE = 1e-14;
/** Another Gram–Schmidt pass is due while a pass leaves less than this fraction of the norm (1/√2, DGKS). */
const DGKS_KEEP = Math.SQRT1_2;
/** Most reorthogonalisation passes per vector (beyond these it is noise: treated as vanished when tiny). */
const MAX_REORTHOGONALIZATION_PASSES = 5;

class BlockLanczos {
  private readonly n: number;
  private readonly dim: number;
  private readonly top: number;
  private readonly bottom: number;
  private readonly nVec: number;
  private readonly wanted: number;
  private readonly block: number;
  private readonly maxBasis: number;
  private readonly tolerance: number;
  private readonly valueTolerance: number;
  private readonly maxRestarts: number;
  private readonly bottomThreshold: number | undefined;
  private readonly bottomPatience: number;
  private readonly deflate: Float64Array[];
  private readonly rng: Rng;
  private readonly seed: number;
  /** basis rows */
  private readonly v: Float64Array;
  /** H = Vᵀ A V, maxBasis × maxBasis row-major */
  private readonly h: Float64Array;
  private m = 0;
  private scaleSeen = 0;
  private blockSteps = 0;
  private restarts = 0;
  private operatorVectors = 0;

  constructor(
    private readonly op: SymmetricOperator,
    options: PartialEigenOptions,
  ) {
    this.n = op.n;
    this.deflate = options.deflate ?? [];
    this.dim = Math.max(0, this.n - this.deflate.length);
    this.top = clampInt(options.top, 0, this.dim);
    this.bottom = clampInt(options.bottom ?? 0, 0, this.dim - this.top);
    this.nVec = clampInt(options.vectors ?? this.top, 0, this.top);
    this.wanted = this.top + this.bottom;
    this.block = clampInt(options.block ?? DEFAULT_BLOCK, 1, Math.max(1, this.dim));
    const basis = options.maxBasis ?? Math.max(2 * this.wanted, this.wanted + 8 * this.block);
    this.maxBasis = clampInt(Math.max(basis, this.wanted + 2 * this.block), 0, this.dim);
    this.tolerance = options.tolerance ?? 1e-13;
    this.valueTolerance = options.valueTolerance ?? 1e-10;
    this.maxRestarts = options.maxRestarts ?? 500;
    this.bottomThreshold = options.bottomThreshold;
    this.bottomPatience = options.bottomPatience ?? Infinity;
    this.seed = options.seed;
    this.rng = createRng(options.seed);
    this.v = new Float64Array(this.maxBasis * this.n);
    this.h = new Float64Array(this.maxBasis * this.maxBasis);
  }

  solve(): PartialEigen {
    const { n } = this;
    if (this.wanted === 0)
      return this.result(true, true, new Float64Array(0), new Float64Array(0), 0, [], new Float64Array(0));
    let w = this.startBlock(Math.min(this.block, this.dim));
    let stepsSinceCheck = 0,
      topDoneAt = -1;
    for (;;) {
      const bCur = w.length / n;
      const first = this.m;
      this.v.set(w, first * n);
      this.m += bCur;
      const z = this.applyRows(w, bCur);
      this.projectNewBlock(z, first, bCur);
      const { next, coupling } = this.nextBlock(z, bCur);
      this.blockSteps++;
      stepsSinceCheck++;
      const full = this.m === this.dim;
      const mustRestart = !full && this.m + next.length / n > this.maxBasis;
      if (this.m >= this.wanted && (full || mustRestart || this.checkDue(stepsSinceCheck, bCur))) {
        stepsSinceCheck = 0;
        const ritz = this.ritz(coupling, bCur, next.length / n);
        if (ritz.converged || full) return this.finish(ritz, true, true);
        if (ritz.topConverged && topDoneAt < 0) topDoneAt = this.restarts;
        const impatient = ritz.topConverged && this.restarts - topDoneAt >= this.bottomPatience;
        if (mustRestart && (impatient || this.restarts >= this.maxRestarts))
          return this.finish(ritz, false, ritz.topConverged);
        if (mustRestart) this.restart(ritz, next.length / n);
      }
      w = next;
    }
  }

  /** A Ritz check costs ~9m³ flops; do one once the block steps since the last check cost three times as much. */
  private checkDue(steps: number, b: number): boolean {
    const m = this.m,
      n = this.n;
    return steps * (2 * n * n * b + 8 * n * m * b) >= 27 * m * m * m;
  }

  /** b random unit vectors, orthonormal to each other, to the basis and to the deflated space. */
  private startBlock(b: number): Float64Array {
    const out = new Float64Array(b * this.n);
    for (let c = 0; c < b; c++) this.randomDirection(out, c);
    return out;
  }

  /** Row c of `rows` ← a random unit vector orthogonal to the deflated space, the basis and rows 0…c−1. */
  private randomDirection(rows: Float64Array, c: number): void {
    const n = this.n,
      o = c * n;
    for (let attempt = 0; attempt < 5; attempt++) {
      for (let i = 0; i < n; i++) rows[o + i] = this.rng.normal();
      const norm = this.reorthogonalize(rows, o, rows, c, 0, 0);
      if (norm > 1e-8 * Math.sqrt(n)) {
        for (let i = 0; i < n; i++) rows[o + i] = rows[o + i]! / norm;
        return;
      }
    }
    throw new Error('partialEigen: no room for a new direction (basis larger than the space)');
  }

  private orthogonalizeAgainstDeflate(rows: Float64Array, o: number): void {
    const n = this.n;
    for (const u of this.deflate) axpy(rows, o, -dot(u, 0, rows, o, n), u, 0, n);
  }

  /** A applied to b rows (vector-major in and out). */
  private applyRows(rows: Float64Array, b: number): Float64Array {
    const n = this.n;
    const x = new Float64Array(n * b),
      y = new Float64Array(n * b);
    for (let c = 0; c < b; c++) for (let i = 0; i < n; i++) x[i * b + c] = rows[c * n + i]!;
    this.op.apply(x, b, y);
    this.operatorVectors += b;
    const out = new Float64Array(n * b);
    for (let c = 0; c < b; c++) for (let i = 0; i < n; i++) out[c * n + i] = y[i * b + c]!;
    return out;
  }

  /**
   * z holds A w for the newest block (basis rows first…first+b−1). Fills the
   * new columns of H = Vᵀ A V and turns z into (I − VVᵀ) A w: the first
   * Gram–Schmidt pass reuses H's entries, the second one cleans up.
   */
  private projectNewBlock(z: Float64Array, first: number, b: number): void {
    const { n, m, v, h, maxBasis: mb } = this;
    for (let c = 0; c < b; c++) this.scaleSeen = Math.max(this.scaleSeen, Math.sqrt(dot(z, c * n, z, c * n, n)));
    for (let j = 0; j < m; j++) {
      for (let c = 0; c < b; c++) {
        const g = dot(v, j * n, z, c * n, n);
        h[j * mb + first + c] = g;
        if (j < first) h[(first + c) * mb + j] = g;
      }
    }
    for (let c = 0; c < b; c++)
      for (let c2 = 0; c2 < c; c2++) {
        const s = 0.5 * (h[(first + c) * mb + first + c2]! + h[(first + c2) * mb + first + c]!);
        h[(first + c) * mb + first + c2] = h[(first + c2) * mb + first + c] = s;
      }
    for (let c = 0; c < b; c++) {
      const o = c * n;
      this.orthogonalizeAgainstDeflate(z, o);
      for (let j = 0; j < m; j++) axpy(z, o, -h[j * mb + first + c]!, v, j * n, n);
      this.reorthogonalize(z, o, null, 0, 0, 0);
    }
  }

  /**
   * Further Gram–Schmidt passes on row o of z against the deflated space, the
   * basis and rows 0…count−1 of `extra` (their coefficients are added to
   * column `col` of `coupling`, width `width`), repeated while a pass still
   * removes more than half of what is left (Daniel–Gragg–Kaufman–Stewart):
   * a vector that shrank by cancellation stays orthogonal to the basis.
   * Returns the final norm.
   */
  private reorthogonalize(
    z: Float64Array,
    o: number,
    extra: Float64Array | null,
    count: number,
    col: number,
    width: number,
    coupling?: Float64Array,
  ): number {
    const { n, m, v } = this;
    let norm = Math.sqrt(dot(z, o, z, o, n));
    for (let pass = 0; pass < MAX_REORTHOGONALIZATION_PASSES; pass++) {
      this.orthogonalizeAgainstDeflate(z, o);
      for (let j = 0; j < m; j++) axpy(z, o, -dot(v, j * n, z, o, n), v, j * n, n);
      if (extra)
        for (let r = 0; r < count; r++) {
          const g = dot(extra, r * n, z, o, n);
          if (coupling) coupling[r * width + col] = coupling[r * width + col]! + g;
          axpy(z, o, -g, extra, r * n, n);
        }
      const after = Math.sqrt(dot(z, o, z, o, n));
      const settled = after > DGKS_KEEP * norm;
      norm = after;
      if (settled || norm === 0) break;
    }
    return norm;
  }

  /**
   * Block QR of z = W' C by modified Gram–Schmidt with a second pass. A
   * column that vanishes gets C = 0 and, while the space has room, a random
   * replacement direction. Returns W' (at most min(block, room) rows) and C
   * (rows of W' × columns of z, row-major).
   */
  private nextBlock(z: Float64Array, b: number): { next: Float64Array; coupling: Float64Array } {
    const n = this.n;
    const room = this.dim - this.m;
    const size = Math.min(this.block, room);
    const next = new Float64Array(size * n);
    const coupling = new Float64Array(size * b);
    const small = BREAKDOWN_RELATIVE * Math.max(this.scaleSeen, Number.MIN_VALUE);
    let accepted = 0;
    for (let c = 0; c < b; c++) {
      const o = c * n;
      let norm = Math.sqrt(dot(z, o, z, o, n));
      for (let r = 0; r < accepted; r++) {
        const g = dot(next, r * n, z, o, n);
        coupling[r * b + c] = coupling[r * b + c]! + g;
        axpy(z, o, -g, next, r * n, n);
      }
      const after = Math.sqrt(dot(z, o, z, o, n));
      norm = after > DGKS_KEEP * norm ? after : this.reorthogonalize(z, o, next, accepted, c, b, coupling);
      if (accepted < size && norm > small) {
        for (let i = 0; i < n; i++) next[accepted * n + i] = z[o + i]! / norm;
        coupling[accepted * b + c] = norm;
        accepted++;
      }
    }
    // vanished columns: fill the block up with random directions (their coupling rows stay 0)
    for (; accepted < size; accepted++) this.randomDirection(next, accepted);
    return { next, coupling };
  }

  /** Ritz pairs of H (ascending) and the residual of each wanted one, ‖C y_last‖. */
  private ritz(coupling: Float64Array, bLast: number, bNext: number): Ritz {
    const { m, maxBasis: mb } = this;
    const hm = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) hm[i * m + j] = this.h[i * mb + j]!;
    const { values, vectors } = symmetricEigen(hm, m);
    const order = Int32Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
    const scale = Math.max(Math.abs(values[order[0]!]!), Math.abs(values[order[m - 1]!]!));
    const wantedIdx: number[] = [];
    for (let k = 0; k < this.top; k++) wantedIdx.push(order[m - 1 - k]!);
    for (let k = 0; k < this.bottom; k++) wantedIdx.push(order[k]!);
    const residuals = Float64Array.from(wantedIdx, (q) => lastBlockResidual(vectors, q, m, coupling, bLast, bNext));
    const largest = values[order[m - 1]!]!;
    let converged = true,
      topConverged = true;
    residuals.forEach((r, k) => {
      const tol = (k < this.nVec ? this.tolerance : this.valueTolerance) * scale;
      if (r <= tol) return;
      if (k >= this.top && this.bottomThreshold !== undefined) {
        const theta = values[wantedIdx[k]!]!,
          t = this.bottomThreshold * largest;
        if (theta < t || theta - r >= t) return;
      }
      converged = false;
      if (k < this.top) topConverged = false;
    });
    return { values, vectors, order, scale, residuals, wantedIdx, converged, topConverged };
  }

  /** Keeps the wanted Ritz vectors and a buffer next to them (V ← V Y, H ← diag θ). */
  private restart(ritz: Ritz, bNext: number): void {
    const { m, maxBasis: mb } = this;
    const extra = Math.max(0, Math.floor((mb - bNext - this.wanted) / 2));
    const keep = Math.min(m, this.wanted + extra);
    let keepTop = this.top + Math.round((extra * this.top) / this.wanted);
    keepTop = Math.min(keepTop, keep - this.bottom);
    const keepBottom = this.bottom > 0 ? keep - keepTop : 0;
    const kept: number[] = [];
    for (let k = 0; k < keepTop; k++) kept.push(ritz.order[m - 1 - k]!);
    for (let k = 0; k < keepBottom; k++) kept.push(ritz.order[k]!);
    const rows = this.ritzVectors(ritz.vectors, kept);
    this.v.fill(0);
    this.v.set(rows);
    this.h.fill(0);
    kept.forEach((q, k) => (this.h[k * mb + k] = ritz.values[q]!));
    this.m = kept.length;
    this.restarts++;
  }

  /** Rows u_k = V y_q for the Ritz vectors q in `which`. */
  private ritzVectors(vectors: Float64Array, which: number[]): Float64Array {
    const { n, m, v } = this;
    const out = new Float64Array(which.length * n);
    which.forEach((q, k) => {
      for (let j = 0; j < m; j++) {
        const y = vectors[q * m + j]!;
        if (y !== 0) axpy(out, k * n, y, v, j * n, n);
      }
    });
    return out;
  }

  private finish(ritz: Ritz, converged: boolean, topConverged: boolean): PartialEigen {
    const { n } = this;
    const top = Float64Array.from({ length: this.top }, (_, k) => ritz.values[ritz.wantedIdx[k]!]!);
    const bottom = Float64Array.from({ length: this.bottom }, (_, k) => ritz.values[ritz.wantedIdx[this.top + k]!]!);
    const vecIdx = ritz.wantedIdx.slice(0, this.nVec);
    const vectors = this.ritzVectors(ritz.vectors, vecIdx);
    let maxResidual = 0;
    if (this.nVec > 0) {
      const av = this.applyRows(vectors, this.nVec);
      for (let k = 0; k < this.nVec; k++) {
        axpy(av, k * n, -top[k]!, vectors, k * n, n);
        maxResidual = Math.max(maxResidual, Math.sqrt(dot(av, k * n, av, k * n, n)));
      }
    }
    return this.result(
      converged,
      topConverged,
      top,
      bottom,
      this.nVec,
      [vectors],
      ritz.residuals,
      maxResidual,
      ritz.scale,
    );
  }

  private result(
    converged: boolean,
    topConverged: boolean,
    top: Float64Array,
    bottom: Float64Array,
    nVectors: number,
    vectors: Float64Array[],
    residuals: Float64Array,
    maxVectorResidual = 0,
    scale = 0,
  ): PartialEigen {
    return {
      converged,
      topConverged,
      top,
      bottom,
      nVectors,
      vectors: vectors[0] ?? new Float64Array(0),
      residuals,
      maxVectorResidual,
      scale,
      blockSteps: this.blockSteps,
      restarts: this.restarts,
      operatorVectors: this.operatorVectors,
      seed: this.seed,
      block: this.block,
      maxBasis: this.maxBasis,
    };
  }
}

/** Ritz decomposition of H: eigenvector q is row q of `vectors` (m entries); `order` sorts `values` ascending. */
interface Ritz {
  values: Float64Array;
  vectors: Float64Array;
  order: Int32Array;
  scale: number;
  residuals: Float64Array;
  /** Ritz indices of the wanted pairs: top ones (descending) then bottom ones (ascending) */
  wantedIdx: number[];
  converged: boolean;
  topConverged: boolean;
}

/** ‖C y_last‖: y_last = the last bLast entries of Ritz vector q, C the bNext × bLast coupling of the next block. */
function lastBlockResidual(
  vectors: Float64Array,
  q: number,
  m: number,
  coupling: Float64Array,
  bLast: number,
  bNext: number,
): number {
  let s = 0;
  const base = q * m + m - bLast;
  for (let r = 0; r < bNext; r++) {
    let t = 0;
    for (let c = 0; c < bLast; c++) t += coupling[r * bLast + c]! * vectors[base + c]!;
    s += t * t;
  }
  return Math.sqrt(s);
}
