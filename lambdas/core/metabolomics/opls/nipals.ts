/**
 * Single-response NIPALS for PLS and OPLS in sample space (kernel form).
 *
 * With one response ropls's NIPALS loop stops after its first pass (the
 * response score u is y itself), so each component is closed-form:
 * w = Xᵀy / ‖Xᵀy‖, t = Xw, c = yᵀt / tᵀt, p = Xᵀt / tᵀt. Every deflation
 * ropls applies is a projection on the sample side, X ← (I − v vᵀ/vᵀv) X,
 * so with K = X Xᵀ and Q the product of those projections, the deflated
 * Gram matrix is Q K Qᵀ and all sample-space quantities follow from
 * products K z (`GramOperator`):
 *
 *   t = K⁽ʰ⁾y / s with s = √(yᵀK⁽ʰ⁾y) (= ‖Xᵀy‖),
 *   OPLS: w_o ∝ p − w = X⁽ʰ⁾ᵀa with a = t/tᵀt − y/s, so
 *   t_o = K⁽ʰ⁾a / √(aᵀK⁽ʰ⁾a) and K⁽ʰ⁾a = K⁽ʰ⁾t/tᵀt − t.
 *
 * Cross-validation follows ropls exactly. OPLS: each segment's training set
 * is fitted and deflated on its own, its left-out rows are deflated with
 * that segment's w_o and p_o (X_S ← X_S − X_S w_o p_oᵀ, kept as
 * X_S = X_S⁰ − C X_R⁰ with C a sum of rank-one terms), and the predictive
 * component predicts them: ŷ_S = X_S w c. PLS: the segments are fitted on
 * the rows of the full-data deflated X and y (ropls's `xnMN`, `ynMN`).
 * The crossValI segment fits and the full-data fit of several responses
 * (permuted models) advance together, so each step is one batched product.
 */
import type { Fit } from './cross-validation.js';
import type { GramOperator } from './gram.js';

/** Σ a_i b_i. */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Projections P_i = I − v_i v_iᵀ / (v_iᵀv_i), in the order they were added. */
interface Projections {
  v: Float64Array[];
  vv: number[];
}

/** z ← P z for P = I − v vᵀ / vv. */
function project(z: Float64Array, v: Float64Array, vv: number): void {
  const a = dot(z, v) / vv;
  if (a === 0) return;
  for (let i = 0; i < z.length; i++) z[i] = z[i]! - a * v[i]!;
}

/** z ← Qᵀz = P_1 ⋯ P_h z (Q = P_h ⋯ P_1: the deflation X⁽ʰ⁾ = Q X). */
function applyQt(q: Projections, z: Float64Array): void {
  for (let i = q.v.length - 1; i >= 0; i--) project(z, q.v[i]!, q.vv[i]!);
}

/** z ← Q z = P_h ⋯ P_1 z. */
function applyQ(q: Projections, z: Float64Array): void {
  for (let i = 0; i < q.v.length; i++) project(z, q.v[i]!, q.vv[i]!);
}

/** The vectors (each of length n) back to back. */
function concatenated(vs: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(vs.length * n);
  vs.forEach((v, b) => out.set(v, b * n));
  return out;
}

/** v restricted to the training rows (zero elsewhere). */
function onTrain(v: Float64Array, train: Uint8Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) if (train[i]) out[i] = v[i]!;
  return out;
}

/** True when `fits` are ropls's segments 0..k−1 followed by the full data, the layout `segmentProducts` fills. */
function isRoplsLayout(fits: Fit[]): boolean {
  const k = fits.length - 1;
  return fits.every((fit, f) => (f < k ? fit.segment === f : fit.segment === null));
}

/**
 * First-level products K (y_b ∘ train_f) for every lane (responses × fits, lane order) into u: one
 * segment-binned pass over K per response gives K y_b and every K (y_b ∘ 1_segment), and
 * K (y ∘ train_f) = K y − K (y ∘ 1_f) (no projections exist yet).
 */
function firstLevelProducts(
  op: GramOperator,
  ys: Float64Array,
  count: number,
  segments: number,
  u: Float64Array,
): void {
  const n = op.n;
  op.segmentProducts(ys, count, segments, u);
  for (let b = 0; b < count; b++) {
    const full = (b * (segments + 1) + segments) * n;
    for (let f = 0; f < segments; f++) {
      const o = (b * (segments + 1) + f) * n;
      for (let i = 0; i < n; i++) u[o + i] = u[full + i]! - u[o + i]!;
    }
  }
}

/** Sample-space vectors of a full-data fit that map to feature space by Xᵀ (X⁽ʰ⁾ᵀv = Xᵀ(Qᵀv)). */
export interface FeatureImages {
  qtY: Float64Array;
  qtT: Float64Array;
  /** OPLS only: Qᵀa (orthogonal weight direction) and Qᵀt_o */
  qtA: Float64Array | null;
  qtTo: Float64Array | null;
}

/** One OPLS level (h orthogonal components removed) for one response. */
export interface OplsLevel {
  /** Σ over segments of ‖y_S − X_S w c‖² */
  press: number;
  /** 1 − press / SSY: ropls's total Q² with h orthogonal components */
  q2: number;
  /** full-data predictive component */
  t: Float64Array;
  tt: number;
  c: number;
  /** full-data orthogonal component extracted at this level */
  to: Float64Array;
  toto: number;
  co: number;
  /** c² tᵀt / SSY */
  r2y: number;
  /** tᵀK⁽ʰ⁾t / tᵀt / SSX (= ‖t pᵀ‖² / SSX) */
  r2xPredictive: number;
  /** t_oᵀK⁽ʰ⁾t_o / t_oᵀt_o / SSX, NaN unless R²X was requested */
  r2xOrthogonal: number;
  images: FeatureImages | null;
}

/** What the engines compute besides the fit: R²X needs extra products, feature images are copies. */
export interface EngineOptions {
  r2x: boolean;
  keepImages: boolean;
}

/** One response on one fit (segment or full data), with its deflation state and scratch buffers. */
interface OplsLane {
  fit: Fit;
  /** response on the training rows (zero elsewhere) */
  yR: Float64Array;
  y: Float64Array;
  full: boolean;
  q: Projections;
  /** test deflation X_S = X_S⁰ − Σ e_i f_iᵀ X_R⁰ */
  cE: Float64Array[];
  cF: Float64Array[];
  /** K⁽ʰ⁾y on the training rows, then t = that / s */
  t: Float64Array;
  tt: number;
  s: number;
  c: number;
  /** X_S⁽ʰ⁾X⁽ʰ⁾ᵀy on the test rows */
  gS: Float64Array;
  /** K⁽ʰ⁾t (training rows) and its test-row counterpart */
  kt: Float64Array;
  ktS: Float64Array;
  to: Float64Array;
  toS: Float64Array;
  toto: number;
}

/** Σ_i e_i (f_i · k): the C X_R⁰ part of a test-row product, subtracted from `out`. */
function testCorrection(lane: OplsLane, k: Float64Array, out: Float64Array): void {
  for (let i = 0; i < lane.cE.length; i++) {
    const a = dot(lane.cF[i]!, k);
    if (a === 0) continue;
    const e = lane.cE[i]!;
    for (let m = 0; m < out.length; m++) out[m] = out[m]! - a * e[m]!;
  }
}

/** From k = K (Qᵀv): K⁽ʰ⁾v on the training rows into `train`, X_S⁽ʰ⁾X⁽ʰ⁾ᵀv on the test rows into `test`. */
function splitProduct(lane: OplsLane, k: Float64Array, train: Float64Array, test: Float64Array): void {
  const mask = lane.fit.train;
  for (let i = 0; i < k.length; i++) train[i] = mask[i] ? k[i]! : 0;
  const idx = lane.fit.test;
  for (let m = 0; m < idx.length; m++) test[m] = k[idx[m]!]!;
  testCorrection(lane, train, test);
  applyQ(lane.q, train);
}

/** From k = K(Qᵀy): s = √(yᵀK⁽ʰ⁾y), t = K⁽ʰ⁾y / s, c = yᵀt / tᵀt into the lane; returns the segment's PRESS ‖y_S − X_S w c‖². */
function predictiveStep(lane: OplsLane, k: Float64Array): number {
  const { t, gS, yR } = lane;
  splitProduct(lane, k, t, gS);
  const s = Math.sqrt(dot(yR, t));
  for (let i = 0; i < t.length; i++) t[i] = t[i]! / s;
  const tt = dot(t, t);
  const c = dot(yR, t) / tt;
  const idx = lane.fit.test;
  let press = 0;
  for (let m = 0; m < idx.length; m++) {
    const r = lane.y[idx[m]!]! - (gS[m]! / s) * c;
    press += r * r;
  }
  lane.tt = tt;
  lane.s = s;
  lane.c = c;
  return press;
}

/** From k = K(Qᵀt): t_o = K⁽ʰ⁾a / √(aᵀK⁽ʰ⁾a) with a = t/tᵀt − y/s (K⁽ʰ⁾a = K⁽ʰ⁾t/tᵀt − t), and the left-out rows' X_S w_o, into the lane. */
function orthogonalStep(lane: OplsLane, k: Float64Array): void {
  const { t, tt, s, kt, ktS, yR, gS } = lane;
  splitProduct(lane, k, kt, ktS);
  const n = t.length;
  const to = new Float64Array(n);
  let aKa = 0;
  for (let i = 0; i < n; i++) {
    const un = kt[i]! / tt - t[i]!;
    to[i] = un;
    aKa += (t[i]! / tt - yR[i]! / s) * un;
  }
  const norm = Math.sqrt(aKa);
  for (let i = 0; i < n; i++) to[i] = to[i]! / norm;
  const toS = new Float64Array(gS.length);
  for (let m = 0; m < toS.length; m++) toS[m] = (ktS[m]! / tt - gS[m]! / s) / norm;
  lane.to = to;
  lane.toS = toS;
  lane.toto = dot(to, to);
}

/** OPLS levels for a batch of responses on every fit; see module doc. */
export class OplsSampleSpace {
  private readonly lanes: OplsLane[] = [];
  private readonly z: Float64Array;
  private readonly u: Float64Array;
  /** the responses back to back, for the first level's segment-binned products; null unless the fits are ropls's layout */
  private readonly firstLevel: { ys: Float64Array; segments: number } | null;
  private levels = 0;

  constructor(
    private readonly op: GramOperator,
    private readonly ys: Float64Array[],
    fits: Fit[],
    private readonly ssx: number,
    private readonly ssy: number,
    private readonly options: EngineOptions,
  ) {
    const n = op.n;
    for (const y of ys) {
      for (const fit of fits) {
        const s = fit.test.length;
        this.lanes.push({
          fit,
          yR: onTrain(y, fit.train),
          y,
          full: s === 0,
          q: { v: [], vv: [] },
          cE: [],
          cF: [],
          t: new Float64Array(n),
          tt: 0,
          s: 0,
          c: 0,
          gS: new Float64Array(s),
          kt: new Float64Array(n),
          ktS: new Float64Array(s),
          to: new Float64Array(n),
          toS: new Float64Array(s),
          toto: 0,
        });
      }
    }
    this.z = new Float64Array(this.lanes.length * n);
    this.u = new Float64Array(this.lanes.length * n);
    this.firstLevel = isRoplsLayout(fits) ? { ys: concatenated(ys, n), segments: fits.length - 1 } : null;
  }

  /** The predictive component of the current level and (unless `orthogonal` is false: the last level of a fixed model) its orthogonal component, for each response. */
  level(orthogonal = true): OplsLevel[] {
    const n = this.op.n;
    const lanes = this.lanes;
    const press = new Float64Array(this.ys.length);
    const perFit = lanes.length / this.ys.length;
    const qtY = this.loadProjected(lanes.map((lane) => lane.yR));
    if (this.levels++ === 0 && this.firstLevel)
      firstLevelProducts(this.op, this.firstLevel.ys, this.ys.length, this.firstLevel.segments, this.u);
    else this.op.multiply(this.z, lanes.length, this.u);
    lanes.forEach(
      (lane, l) => (press[Math.floor(l / perFit)] += predictiveStep(lane, this.u.subarray(l * n, (l + 1) * n))),
    );
    const qtT = this.loadProjected(lanes.map((lane) => lane.t));
    if (!orthogonal) return this.results(press, null, null, qtY, qtT);
    this.op.multiply(this.z, lanes.length, this.u);
    lanes.forEach((lane, l) => orthogonalStep(lane, this.u.subarray(l * n, (l + 1) * n)));
    const full = lanes.filter((lane) => lane.full);
    const r2xPredictive = full.map((lane) => dot(lane.t, lane.kt) / lane.tt / this.ssx);
    const r2xOrthogonal = this.options.r2x ? this.orthogonalR2X(full) : null;
    return this.results(press, r2xPredictive, r2xOrthogonal, qtY, qtT);
  }

  /** Writes Qᵀv of each lane's vector into the product buffer; returns copies for the full-data lanes when images are kept. */
  private loadProjected(vs: Float64Array[]): Float64Array[] {
    const n = this.op.n;
    const kept: Float64Array[] = [];
    this.lanes.forEach((lane, l) => {
      const z = this.z.subarray(l * n, (l + 1) * n);
      z.set(vs[l]!);
      applyQt(lane.q, z);
      if (lane.full && this.options.keepImages) kept.push(z.slice());
    });
    return kept;
  }

  /** The full-data lanes' level results; orthogonal fields NaN / empty when the orthogonal step was skipped (`r2xPredictive` null). */
  private results(
    press: Float64Array,
    r2xPredictive: number[] | null,
    r2xOrthogonal: number[] | null,
    qtY: Float64Array[],
    qtT: Float64Array[],
  ): OplsLevel[] {
    const withOrtho = r2xPredictive !== null;
    return this.lanes
      .filter((lane) => lane.full)
      .map((lane, b) => ({
        press: press[b]!,
        q2: 1 - press[b]! / this.ssy,
        t: lane.t.slice(),
        tt: lane.tt,
        c: lane.c,
        to: withOrtho ? lane.to : new Float64Array(0),
        toto: withOrtho ? lane.toto : Number.NaN,
        co: withOrtho ? dot(lane.yR, lane.to) / lane.toto : Number.NaN,
        r2y: (lane.c * lane.c * lane.tt) / this.ssy,
        r2xPredictive: withOrtho ? r2xPredictive[b]! : Number.NaN,
        r2xOrthogonal: r2xOrthogonal ? r2xOrthogonal[b]! : Number.NaN,
        images: withOrtho && this.options.keepImages ? this.images(lane, qtY[b]!, qtT[b]!) : null,
      }));
  }

  /** t_oᵀK⁽ʰ⁾t_o / t_oᵀt_o / SSX for the full-data lanes (one more product). */
  private orthogonalR2X(full: OplsLane[]): number[] {
    const n = this.op.n;
    full.forEach((lane, b) => {
      const z = this.z.subarray(b * n, (b + 1) * n);
      z.set(lane.to);
      applyQt(lane.q, z);
    });
    this.op.multiply(this.z, full.length, this.u);
    return full.map((lane, b) => {
      const k = onTrain(this.u.subarray(b * n, (b + 1) * n), lane.fit.train);
      applyQ(lane.q, k);
      return dot(lane.to, k) / lane.toto / this.ssx;
    });
  }

  /** Qᵀy, Qᵀt, Qᵀa = Qᵀt/tᵀt − Qᵀy/s and Qᵀt_o of a full-data lane. */
  private images(lane: OplsLane, qtY: Float64Array, qtT: Float64Array): FeatureImages {
    const qtA = qtT.map((v, i) => v / lane.tt - qtY[i]! / lane.s);
    const qtTo = lane.to.slice();
    applyQt(lane.q, qtTo);
    return { qtY, qtT, qtA, qtTo };
  }

  /** Removes the orthogonal component of the last level from every fit (ropls: X ← X − t_o p_oᵀ, training and left-out rows). */
  removeOrthogonal(): void {
    for (const lane of this.lanes) {
      const f = lane.to.slice();
      applyQt(lane.q, f);
      for (let i = 0; i < f.length; i++) f[i] = f[i]! / lane.toto;
      lane.cE.push(lane.toS);
      lane.cF.push(f);
      lane.q.v.push(lane.to);
      lane.q.vv.push(lane.toto);
    }
  }
}

/** One PLS component for one response. */
export interface PlsComponent {
  /** Σ over segments of ‖y_S − X_S w_k c_k‖² on the deflated data */
  press: number;
  /** ‖y_h‖²: the residual sum of squares before this component */
  rss: number;
  /** 1 − press / rss */
  q2: number;
  t: Float64Array;
  tt: number;
  c: number;
  r2y: number;
  /** tᵀK_h t / tᵀt / SSX, NaN unless requested */
  r2x: number;
  images: FeatureImages | null;
}

/** One response's full-data deflation state. */
interface PlsResponse {
  yh: Float64Array;
  q: Projections;
}

/**
 * One PLS component on a fit's training rows of the deflated data, from kh = K_h (y_h ∘ train):
 * s = √(y_hᵀ kh), t = kh / s, c = y_hᵀt / tᵀt on the training rows, and the PRESS of the left-out rows
 * (predicted as kh_S c / s = X_S w c). `t` is returned for the full-data fit only.
 */
function plsSegmentFit(
  yh: Float64Array,
  kh: Float64Array,
  fit: Fit,
): { press: number; t: Float64Array | null; tt: number; c: number } {
  const n = kh.length;
  const mask = fit.train;
  let yg = 0;
  for (let i = 0; i < n; i++) if (mask[i]) yg += yh[i]! * kh[i]!;
  const s = Math.sqrt(yg);
  let tt = 0,
    yt = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const ti = kh[i]! / s;
    tt += ti * ti;
    yt += yh[i]! * ti;
  }
  const c = yt / tt;
  let press = 0;
  for (const i of fit.test) {
    const e = yh[i]! - (kh[i]! / s) * c;
    press += e * e;
  }
  return { press, t: fit.test.length === 0 ? kh.map((v) => v / s) : null, tt, c };
}

/** PLS components for a batch of responses; see module doc. */
export class PlsSampleSpace {
  private readonly responses: PlsResponse[];
  private readonly z: Float64Array;
  private readonly u: Float64Array;
  private last: { t: Float64Array; tt: number; c: number }[] = [];
  private readonly firstLevel: { ys: Float64Array; segments: number } | null;
  private components = 0;

  constructor(
    private readonly op: GramOperator,
    ys: Float64Array[],
    private readonly fits: Fit[],
    private readonly ssx: number,
    private readonly ssy: number,
    private readonly options: EngineOptions,
  ) {
    this.responses = ys.map((y) => ({ yh: y.slice(), q: { v: [], vv: [] } }));
    this.z = new Float64Array(ys.length * fits.length * op.n);
    this.u = new Float64Array(ys.length * fits.length * op.n);
    this.firstLevel = isRoplsLayout(fits) ? { ys: concatenated(ys, op.n), segments: fits.length - 1 } : null;
  }

  /** The next component of each response. */
  component(): PlsComponent[] {
    const n = this.op.n;
    const F = this.fits.length;
    const qtY: Float64Array[] = [];
    this.responses.forEach((r, b) => {
      this.fits.forEach((fit, f) => {
        const z = this.z.subarray((b * F + f) * n, (b * F + f + 1) * n);
        z.set(onTrain(r.yh, fit.train));
        applyQt(r.q, z);
        if (fit.test.length === 0 && this.options.keepImages) qtY.push(z.slice());
      });
    });
    if (this.components++ === 0 && this.firstLevel)
      firstLevelProducts(this.op, this.firstLevel.ys, this.responses.length, this.firstLevel.segments, this.u);
    else this.op.multiply(this.z, this.responses.length * F, this.u);
    const kh = new Float64Array(n);
    const out = this.responses.map((r, b) => {
      let press = 0;
      let full: { t: Float64Array; tt: number; c: number } | null = null;
      for (let f = 0; f < F; f++) {
        kh.set(this.u.subarray((b * F + f) * n, (b * F + f + 1) * n));
        applyQ(r.q, kh);
        const fit = plsSegmentFit(r.yh, kh, this.fits[f]!);
        press += fit.press;
        if (fit.t) full = { t: fit.t, tt: fit.tt, c: fit.c };
      }
      const { t, tt, c } = full!;
      const rss = dot(r.yh, r.yh);
      return {
        press,
        rss,
        q2: 1 - press / rss,
        t,
        tt,
        c,
        r2y: (c * c * tt) / this.ssy,
        r2x: Number.NaN,
        images: null as FeatureImages | null,
      };
    });
    this.last = out.map(({ t, tt, c }) => ({ t, tt, c }));
    if (this.options.r2x || this.options.keepImages) this.predictiveR2X(out, qtY);
    return out;
  }

  /** R²X = tᵀK_h t / tᵀt / SSX for each response's full-data component, and its feature images (one more product). */
  private predictiveR2X(out: PlsComponent[], qtY: Float64Array[]): void {
    const n = this.op.n;
    out.forEach((c, b) => {
      const z = this.z.subarray(b * n, (b + 1) * n);
      z.set(c.t);
      applyQt(this.responses[b]!.q, z);
      if (this.options.keepImages) c.images = { qtY: qtY[b]!, qtT: z.slice(), qtA: null, qtTo: null };
    });
    this.op.multiply(this.z, out.length, this.u);
    out.forEach((c, b) => {
      const k = this.u.slice(b * n, (b + 1) * n);
      applyQ(this.responses[b]!.q, k);
      c.r2x = dot(c.t, k) / c.tt / this.ssx;
    });
  }

  /** Removes the last component from X and y of each response (ropls: X ← X − t pᵀ, y ← y − t c). */
  deflate(): void {
    this.responses.forEach((r, b) => {
      const { t, tt, c } = this.last[b]!;
      for (let i = 0; i < t.length; i++) r.yh[i] = r.yh[i]! - t[i]! * c;
      r.q.v.push(t);
      r.q.vv.push(tt);
    });
  }
}
