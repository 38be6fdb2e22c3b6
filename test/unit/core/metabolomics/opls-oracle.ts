/**
 * Test oracle: ropls 1.39's single-response PLS / OPLS loops written out
 * literally in feature space (primal NIPALS with explicitly deflated
 * matrices, one copy per cross-validation segment), on plain number[][]
 * matrices. Slow and simple on purpose: the production code computes the
 * same quantities from Gram-matrix products, so agreement checks the kernel
 * reformulation on configurations the reference files do not cover.
 * Input X and y are already scaled.
 */

type Mat = number[][];

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const norm2 = (a: number[]) => dot(a, a);
const xtv = (x: Mat, v: number[]) => x[0]!.map((_, j) => x.reduce((s, row, i) => s + row[j]! * v[i]!, 0));
const xv = (x: Mat, v: number[]) => x.map((row) => dot(row, v));
const deflate = (x: Mat, t: number[], p: number[]) => x.map((row, i) => row.map((v, j) => v - t[i]! * p[j]!));
const unitVec = (v: number[]) => {
  const n = Math.sqrt(norm2(v));
  return v.map((a) => a / n);
};

/** One oracle row (ropls modelDF). */
export interface OracleRow {
  r2x: number;
  r2y: number;
  q2: number;
  significance: 'R1' | 'NS' | 'N4';
}

/** Oracle result: null components when ropls builds no model. */
export interface OracleModel {
  rows: OracleRow[];
  nPredictive: number | null;
  nOrthogonal: number | null;
  t: number[][];
  p: number[][];
  w: number[][];
  c: number[];
  to: number[][];
  po: number[][];
  wo: number[][];
  vip: number[];
  orthoVip: number[] | null;
  r2y: number;
  q2: number;
}

/** ropls's interleaved segments. */
function segments(n: number, k: number): number[][] {
  return Array.from({ length: k }, (_, f) => Array.from({ length: n }, (_, i) => i).filter((i) => i % k === f));
}

function significance(r2y: number, q2: number, thr: number): OracleRow['significance'] {
  return r2y < 0.01 ? 'N4' : q2 < thr ? 'NS' : 'R1';
}

/** ropls PLS (orthoI = 0) on scaled x, y. */
export function oraclePls(x: Mat, y: number[], predI: number | 'auto', crossValI: number): OracleModel {
  const n = x.length,
    pf = x[0]!.length;
  const ssx = x.reduce((s, r) => s + norm2(r), 0),
    ssy = norm2(y);
  const auto = predI === 'auto';
  const max = auto ? Math.min(10, n, pf) : predI;
  const thr = n > 100 ? 0 : 0.05;
  const segs = segments(n, crossValI);
  let xn = x.map((r) => r.slice()),
    yn = y.slice(),
    rss = ssy;
  const rows: OracleRow[] = [];
  const T: number[][] = [],
    P: number[][] = [],
    W: number[][] = [],
    C: number[] = [];
  for (let h = 0; h < max; h++) {
    const w = unitVec(xtv(xn, yn).map((v) => v / norm2(yn)));
    const t = xv(xn, w);
    const c = dot(yn, t) / norm2(t);
    const p = xtv(xn, t).map((v) => v / norm2(t));
    let press = 0;
    for (const s of segs) {
      const keep = Array.from({ length: n }, (_, i) => i).filter((i) => !s.includes(i));
      const xk = keep.map((i) => xn[i]!),
        yk = keep.map((i) => yn[i]!);
      const wk = unitVec(xtv(xk, yk).map((v) => v / norm2(yk)));
      const tk = xv(xk, wk);
      const ck = dot(yk, tk) / norm2(tk);
      for (const i of s) press += (yn[i]! - dot(xn[i]!, wk) * ck) ** 2;
    }
    const row = {
      r2x: (norm2(t) * norm2(p)) / ssx,
      r2y: (c * c * norm2(t)) / ssy,
      q2: 1 - press / rss,
      significance: 'R1' as OracleRow['significance'],
    };
    row.significance = significance(row.r2y, row.q2, thr);
    rows.push(row);
    if (auto && row.significance !== 'R1') break;
    T.push(t);
    P.push(p);
    W.push(w);
    C.push(c);
    yn = yn.map((v, i) => v - t[i]! * c);
    rss = norm2(yn);
    xn = deflate(xn, t, p);
  }
  const a = T.length;
  const ssyH = T.map((t, h) => C[h]! * C[h]! * norm2(t));
  const vip = Array.from({ length: pf }, (_, j) =>
    Math.sqrt((pf * W.reduce((s, w, h) => s + w[j]! ** 2 * ssyH[h]!, 0)) / ssyH.reduce((s, v) => s + v, 0)),
  );
  const kept = rows.slice(0, a);
  return {
    rows,
    nPredictive: a === 0 ? null : a,
    nOrthogonal: a === 0 ? null : 0,
    t: T,
    p: P,
    w: W,
    c: C,
    to: [],
    po: [],
    wo: [],
    vip,
    orthoVip: null,
    r2y: kept.reduce((s, r) => s + r.r2y, 0),
    q2: 1 - kept.reduce((s, r) => s * (1 - r.q2), 1),
  };
}

/** ropls OPLS (predI = 1) on scaled x, y. */
export function oracleOpls(x: Mat, y: number[], orthoI: number | 'auto', crossValI: number): OracleModel {
  const n = x.length,
    pf = x[0]!.length;
  const ssx = x.reduce((s, r) => s + norm2(r), 0),
    ssy = norm2(y);
  const auto = orthoI === 'auto';
  const maxO = auto ? Math.min(10, n, pf) - 1 : orthoI;
  const segs = segments(n, crossValI);
  const train = segs.map((s) => Array.from({ length: n }, (_, i) => i).filter((i) => !s.includes(i)));
  const xTr: Mat[] = [...train.map((k) => k.map((i) => x[i]!.slice())), x.map((r) => r.slice())];
  const yTr: number[][] = [...train.map((k) => k.map((i) => y[i]!)), y.slice()];
  const xTe: Mat[] = segs.map((s) => s.map((i) => x[i]!.slice()));
  const rows: { r2x: number; r2y: number; q2: number; significance: OracleRow['significance'] | null }[] = Array.from(
    { length: maxO + 1 },
    () => ({ r2x: NaN, r2y: NaN, q2: NaN, significance: null }),
  );
  let pred: { t: number[]; p: number[]; w: number[]; c: number } | null = null;
  const TO: number[][] = [],
    PO: number[][] = [],
    WO: number[][] = [],
    CO: number[] = [];
  let broke = -1;
  outer: for (let lev = 0; lev <= maxO; lev++) {
    const press: number[] = [];
    for (let f = 0; f <= crossValI; f++) {
      const xf = xTr[f]!,
        yf = yTr[f]!;
      const w = unitVec(xtv(xf, yf).map((v) => v / norm2(yf)));
      const t = xv(xf, w);
      const c = dot(yf, t) / norm2(t);
      const p = xtv(xf, t).map((v) => v / norm2(t));
      const wp = dot(w, p) / norm2(w);
      const wo = unitVec(p.map((v, j) => v - wp * w[j]!));
      const to = xv(xf, wo);
      const co = dot(yf, to) / norm2(to);
      const po = xtv(xf, to).map((v) => v / norm2(to));
      if (f < crossValI) {
        const s = segs[f]!;
        press.push(s.reduce((acc, i, m) => acc + (y[i]! - dot(xTe[f]![m]!, w) * c) ** 2, 0));
        const toTe = xv(xTe[f]!, wo);
        xTe[f] = deflate(xTe[f]!, toTe, po);
        if (f === crossValI - 1) {
          const q2 = 1 - press.reduce((a, b) => a + b, 0) / ssy;
          rows[lev]!.q2 =
            lev === 0 ? q2 : q2 - rows.slice(0, lev).reduce((a, r) => a + (Number.isNaN(r.q2) ? 0 : r.q2), 0);
        }
      } else {
        const r2y = (c * c * norm2(t)) / ssy;
        rows[lev]!.r2y =
          lev === 0 ? r2y : r2y - rows.slice(0, lev).reduce((a, r) => a + (Number.isNaN(r.r2y) ? 0 : r.r2y), 0);
        if (lev < maxO) {
          rows[lev + 1]!.r2x = (norm2(to) * norm2(po)) / ssx;
          TO.push(to);
          PO.push(po);
          WO.push(wo);
          CO.push(co);
        }
        const sig = significance(rows[lev]!.r2y, rows[lev]!.q2, 0.01);
        rows[lev]!.significance = sig;
        if (auto && sig !== 'R1') {
          broke = lev;
          break outer;
        }
        pred = { t, p, w, c };
      }
      if (lev < maxO) xTr[f] = deflate(xf, to, po);
    }
  }
  rows[0]!.r2x = pred ? (norm2(pred.t) * norm2(pred.p)) / ssx : 0;
  const m = !auto || broke < 0 ? maxO : broke - 1;
  const built = !(auto && (rows[0]!.significance !== 'R1' || rows[1]!.significance !== 'R1'));
  const done = rows.filter((r) => r.significance !== null) as OracleRow[];
  if (!built || !pred)
    return {
      rows: done,
      nPredictive: null,
      nOrthogonal: null,
      t: [],
      p: [],
      w: [],
      c: [],
      to: [],
      po: [],
      wo: [],
      vip: [],
      orthoVip: null,
      r2y: NaN,
      q2: NaN,
    };
  const to = TO.slice(0, m),
    po = PO.slice(0, m),
    wo = WO.slice(0, m),
    co = CO.slice(0, m);
  const sxp = norm2(pred.t) * norm2(pred.p),
    syp = pred.c ** 2 * norm2(pred.t);
  const sxo = to.map((v, k) => norm2(v) * norm2(po[k]!)),
    syo = to.map((v, k) => co[k]! ** 2 * norm2(v));
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const ssxCum = sxp + sum(sxo),
    ssyCum = syp + sum(syo);
  const kp = pf / (sxp / ssxCum + syp / ssyCum),
    ko = pf / (sum(sxo) / ssxCum + sum(syo) / ssyCum);
  const pn = norm2(pred.p),
    pon = po.map(norm2);
  const vip = pred.p.map((v) => Math.sqrt(kp * ((v * v) / pn) * (sxp / ssxCum + syp / ssyCum)));
  const orthoVip = pred.p.map((_, j) =>
    Math.sqrt(ko * po.reduce((s, v, k) => s + (v[j]! ** 2 / pon[k]!) * (sxo[k]! / ssxCum + syo[k]! / ssyCum), 0)),
  );
  const kept = done.slice(0, m + 1);
  return {
    rows: done,
    nPredictive: 1,
    nOrthogonal: m,
    t: [pred.t],
    p: [pred.p],
    w: [pred.w],
    c: [pred.c],
    to,
    po,
    wo,
    vip,
    orthoVip,
    r2y: sum(kept.map((r) => r.r2y)),
    q2: sum(kept.map((r) => r.q2)),
  };
}

/** ropls scaling of x (n × p number[][]) and the standardised 0/1 response. */
export function oracleScale(
  x: Mat,
  y01: number[],
  scaling: 'none' | 'center' | 'pareto' | 'standard',
): { x: Mat; y: number[] } {
  const n = x.length;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
  const cols = x[0]!.map((_, j) => x.map((r) => r[j]!));
  const centre = cols.map((c) => (scaling === 'none' ? 0 : mean(c)));
  const scale = cols.map((c) => (scaling === 'standard' ? sd(c) : scaling === 'pareto' ? Math.sqrt(sd(c)) : 1));
  return {
    x: Array.from({ length: n }, (_, i) => x[i]!.map((v, j) => (v - centre[j]!) / scale[j]!)),
    y: y01.map((v) => (v - mean(y01)) / sd(y01)),
  };
}
