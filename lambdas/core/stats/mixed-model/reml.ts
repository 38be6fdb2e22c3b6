/**
 * The REML criterion of a random-intercept model profiled over β and σ², as a function of the one
 * variance ratio λ = σ_b²/σ² = θ² (lme4's θ is the relative standard deviation σ_b/σ):
 *   d(λ) = Σ_s log(1 + n_s λ) + log det A(λ) + (n − p) log r(λ),
 *   A(λ) = XᵀV⁻¹X·σ² = W_xx + Σ_n (γ_n/n) M_n,   r(λ) = min_β (y − Xβ)ᵀ V⁻¹σ² (y − Xβ),   γ_n = 1/(1 + nλ),
 * and lme4's `REMLcrit` = d(λ̂) + (n − p)(1 + log(2π/(n − p))). Only y-dependent sums change per response.
 */
import { cholesky, choleskyInverse, choleskySolve, frobeniusInner, logDetFromCholesky } from './dense.js';
import { type MixedModelError, modelError, type SubjectStructure } from './subjects.js';

/** The per-response sufficient statistics (y centred by `shift` when the design has an intercept). */
export interface ResponseStatistics {
  /** the mean subtracted from y (0 without an intercept column); β̂_intercept is shifted back by it */
  shift: number;
  /** W_xy = Σ (x_i − x̄_s)(y_i − ȳ_s), p */
  wxy: Float64Array;
  /** W_yy = Σ (y_i − ȳ_s)² */
  wyy: number;
  /** subject sums of the centred y, S */
  ys: Float64Array;
  /** per distinct subject size n: Σ_{s: n_s = n} c_s ys_s, G × p */
  v: Float64Array;
  /** per distinct subject size n: Σ_{s: n_s = n} ys_s², G */
  q: Float64Array;
  /** Σ (y_i − ȳ)² over the used rows */
  totalSS: number;
}

/** Sufficient statistics of response y (indexed by design row) for a subject structure. */
export function responseStatistics(st: SubjectStructure, y: ArrayLike<number>): ResponseStatistics {
  const { rows, n, p, nSubjects: S, start, xw, colSums, sizes, sizeIndex } = st;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += y[rows[k]!]!;
  mean /= n;
  const shift = st.design.interceptColumn >= 0 ? mean : 0;
  const ys = new Float64Array(S);
  const wxy = new Float64Array(p);
  let wyy = 0,
    totalSS = 0;
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let k = start[s]!; k < start[s + 1]!; k++) sum += y[rows[k]!]! - shift;
    ys[s] = sum;
    const ybar = sum / (start[s + 1]! - start[s]!);
    for (let k = start[s]!; k < start[s + 1]!; k++) {
      const yi = y[rows[k]!]! - shift;
      const dev = yi - ybar;
      wyy += dev * dev;
      totalSS += (yi + shift - mean) * (yi + shift - mean);
      for (let j = 0; j < p; j++) wxy[j]! += xw[k * p + j]! * dev;
    }
  }
  const G = sizes.length;
  const v = new Float64Array(G * p);
  const q = new Float64Array(G);
  for (let s = 0; s < S; s++) {
    const g = sizeIndex[s]!;
    q[g]! += ys[s]! * ys[s]!;
    for (let j = 0; j < p; j++) v[g * p + j]! += colSums[s * p + j]! * ys[s]!;
  }
  return { shift, wxy, wyy, ys, v, q, totalSS };
}

/** Scratch arrays of one profile evaluation (reused across evaluations and responses). */
export interface RemlWorkspace {
  a: Float64Array;
  chol: Float64Array;
  ainv: Float64Array;
  b: Float64Array;
  beta: Float64Array;
  mb: Float64Array;
}

/** Fresh scratch arrays for p fixed effects. */
export function remlWorkspace(p: number): RemlWorkspace {
  return {
    a: new Float64Array(p * p),
    chol: new Float64Array(p * p),
    ainv: new Float64Array(p * p),
    b: new Float64Array(p),
    beta: new Float64Array(p),
    mb: new Float64Array(p),
  };
}

/** d(λ), its derivative and the pieces they are made of, at one λ. */
export interface ProfilePoint {
  lambda: number;
  /** d(λ) (without the constant) */
  criterion: number;
  /** d′(λ) = Σ_s n_s γ_s + tr(A⁻¹A′) + (n − p) r′/r (NaN when not requested) */
  derivative: number;
  /** r(λ) */
  rss: number;
}

/**
 * Evaluates d(λ) (and d′(λ) when asked) into the workspace: `ws.chol` holds chol A, `ws.beta` the
 * centred β̂(λ) and, with the derivative, `ws.ainv` = A⁻¹. Null when A is not positive definite or r ≤ 0.
 */
export function profileAt(
  st: SubjectStructure,
  rs: ResponseStatistics,
  lambda: number,
  ws: RemlWorkspace,
  withDerivative: boolean,
): ProfilePoint | null {
  const { p, n, wxx, m, sizes, sizeCount } = st;
  const { a, b, beta, chol } = ws;
  a.set(wxx);
  b.set(rs.wxy);
  let ywy = rs.wyy;
  let logDetV = 0;
  const G = sizes.length;
  for (let g = 0; g < G; g++) {
    const ng = sizes[g]!;
    const gamma = 1 / (1 + ng * lambda);
    const w = gamma / ng;
    const mg = m[g]!;
    for (let k = 0; k < p * p; k++) a[k]! += w * mg[k]!;
    for (let j = 0; j < p; j++) b[j]! += w * rs.v[g * p + j]!;
    ywy += w * rs.q[g]!;
    logDetV += sizeCount[g]! * Math.log1p(ng * lambda);
  }
  if (!cholesky(a, p, chol)) return null;
  choleskySolve(chol, p, b, beta);
  let fitted = 0;
  for (let j = 0; j < p; j++) fitted += b[j]! * beta[j]!;
  const rss = ywy - fitted;
  if (!(rss > 0)) return null;
  const criterion = logDetV + logDetFromCholesky(chol, p) + (n - p) * Math.log(rss);
  if (!withDerivative) return { lambda, criterion, derivative: Number.NaN, rss };
  choleskyInverse(chol, p, ws.ainv);
  let fPrime = 0,
    rPrime = 0;
  for (let g = 0; g < G; g++) {
    const ng = sizes[g]!;
    const gamma = 1 / (1 + ng * lambda);
    const g2 = gamma * gamma;
    const mg = m[g]!;
    fPrime += sizeCount[g]! * ng * gamma - g2 * frobeniusInner(ws.ainv, mg);
    // Σ_{s: n_s = n} es_s² = q − 2βᵀv + βᵀMβ, es_s = ys_s − c_sᵀβ
    let bv = 0,
      bmb = 0;
    for (let i = 0; i < p; i++) {
      bv += beta[i]! * rs.v[g * p + i]!;
      let row = 0;
      for (let j = 0; j < p; j++) row += mg[i * p + j]! * beta[j]!;
      bmb += beta[i]! * row;
    }
    rPrime -= g2 * (rs.q[g]! - 2 * bv + bmb);
  }
  return { lambda, criterion, derivative: fPrime + ((n - p) * rPrime) / rss, rss };
}

/** Where the REML profile is minimised and how the search went. */
export interface RatioOptimum {
  lambda: number;
  criterion: number;
  /** profile evaluations */
  evaluations: number;
  /** the optimum is the boundary λ = 0 (d′(0) ≥ 0) */
  boundary: boolean;
  /** local minima found on the scan (1 for a well-behaved profile) */
  localMinima: number;
  /** d′ at the returned λ (0 up to rounding in the interior) */
  derivative: number;
}

/** λ grid of the bracketing scan: 0, then 10^(k/2) for k = −16 … 16. */
const SCAN = [0, ...Array.from({ length: 33 }, (_, k) => 10 ** ((k - 16) / 2))];
/** The profile counts as flat (σ_b² not identifiable) when d varies by less than this, relative, over the scan up to FLAT_CHECK_MAX. */
const FLAT = 1e-11;
const FLAT_CHECK_MAX = 1e4;
/** Largest λ tried when d′ is still negative at the end of the scan (σ² → 0). */
const LAMBDA_MAX = 1e16;

/**
 * Global minimum of d over λ ≥ 0: d′ on a log grid (with λ = 0), every sign change − → + refined by
 * Brent's root finder on d′ to machine precision, the boundary λ = 0 a candidate when d′(0) ≥ 0;
 * the lowest d wins.
 */
export function optimizeVarianceRatio(
  st: SubjectStructure,
  rs: ResponseStatistics,
  ws: RemlWorkspace,
): RatioOptimum | MixedModelError {
  let evaluations = 0;
  let low = Infinity,
    high = -Infinity;
  const deriv = (lambda: number): number => {
    evaluations++;
    const pt = profileAt(st, rs, lambda, ws, true);
    if (pt && lambda <= FLAT_CHECK_MAX) {
      low = Math.min(low, pt.criterion);
      high = Math.max(high, pt.criterion);
    }
    return pt ? pt.derivative : Number.NaN;
  };
  const lambdas: number[] = [];
  const slopes: number[] = [];
  for (const l of SCAN) {
    lambdas.push(l);
    slopes.push(deriv(l));
  }
  if (high - low <= FLAT * Math.max(1, Math.abs(high)))
    return modelError(
      'not-identifiable',
      'the REML criterion does not depend on the subject variance: the fixed effects fit every subject total exactly (no between-subject residual degrees of freedom)',
    );
  let top = lambdas[lambdas.length - 1]!;
  while (slopes[slopes.length - 1]! < 0 && top < LAMBDA_MAX) {
    top *= 10;
    lambdas.push(top);
    slopes.push(deriv(top));
  }
  const candidates: number[] = [];
  if (slopes[0]! >= 0) candidates.push(0);
  for (let k = 0; k + 1 < lambdas.length; k++) {
    if (slopes[k]! < 0 && slopes[k + 1]! >= 0)
      candidates.push(brentRoot(deriv, lambdas[k]!, lambdas[k + 1]!, slopes[k]!, slopes[k + 1]!));
  }
  if (candidates.length === 0) {
    const finite = slopes.filter((s) => !Number.isNaN(s));
    if (finite.length > 0 && finite[finite.length - 1]! < 0)
      return modelError(
        'no-optimum',
        'the REML criterion decreases as the subject/residual variance ratio grows without bound: the residual variance is 0 (every subject constant over its visits after the fixed effects)',
      );
    return modelError(
      'no-optimum',
      'the REML criterion could not be evaluated (residual sum of squares 0 or XᵀV⁻¹X singular)',
    );
  }
  let best: ProfilePoint | null = null;
  for (const c of candidates) {
    evaluations++;
    const pt = profileAt(st, rs, c, ws, true);
    if (pt && (best === null || pt.criterion < best.criterion)) best = pt;
  }
  if (!best) return modelError('no-optimum', 'the REML criterion could not be evaluated at its stationary points');
  return {
    lambda: best.lambda,
    criterion: best.criterion,
    evaluations,
    boundary: best.lambda === 0,
    localMinima: candidates.length,
    derivative: best.derivative,
  };
}

/**
 * Root of f in [a, b] with f(a) < 0 ≤ f(b): Brent's method (bisection, secant and inverse
 * quadratic interpolation), to |Δ| ≤ 2ε|x| + 1e-300.
 */
export function brentRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  maxIterations = 200,
): number {
  const EPS = 2.220446049250313e-16;
  let c = a,
    fc = fa,
    d = b - a,
    e = d;
  for (let it = 0; it < maxIterations; it++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * EPS * Math.abs(b) + 1e-300;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let pNum: number, qDen: number;
      if (a === c) {
        pNum = 2 * half * s;
        qDen = 1 - s;
      } else {
        const qq = fa / fc,
          r = fb / fc;
        pNum = s * (2 * half * qq * (qq - r) - (b - a) * (r - 1));
        qDen = (qq - 1) * (r - 1) * (s - 1);
      }
      if (pNum > 0) qDen = -qDen;
      else pNum = -pNum;
      if (2 * pNum < Math.min(3 * half * qDen - Math.abs(tol * qDen), Math.abs(e * qDen))) {
        e = d;
        d = pNum / qDen;
      } else {
        d = half;
        e = d;
      }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : half > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) return a;
  }
  return b;
}
