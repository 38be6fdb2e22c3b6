/**
 * One Spearman family: every variable of X against every variable of Y on the
 * same n samples, BH over all pairs, and only the pairs worth keeping returned
 * (docs/study-statistics.md "Correlations"): q below the threshold, plus the
 * `topK` strongest pairs (by |ρ|) of every variable that has more than `topK`
 * partners. The product is computed in blocks (`crossProductBlock`) and never
 * held whole.
 *
 * p and q: with at most `exactBelow` pairs every p is `spearmanPValue(ρ, n)` and
 * q is `benjaminiHochberg`. Larger families rank their p-values through |ρ|
 * (p decreases in |ρ| at fixed n): the |ρ| of all pairs are sorted and BH's
 * q_(i) = min_(j ≥ i) m·p_(j)/j is swept with p from `spearmanPTable` (the exact
 * p when no table fits, n < 10); stored pairs get the exact p. Candidates for q < threshold are the pairs with
 * p ≤ threshold (q ≥ p), so nothing else is kept while the blocks stream by.
 */

import { crossProductBlock, PANEL, packRows } from '../analysis/cross-product.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { type RankedVariables, rhoOf } from './rank-variables.js';
import { spearmanPTable } from './spearman-p-table.js';
import { spearmanPValue } from './spearman-p-value.js';

/** Families up to this many pairs get an exact p for every pair. */
export const EXACT_FAMILY_PAIRS = 1 << 18;
/** Panels of each operand per block of the product (256 rows). */
const BLOCK_PANELS = 64;
/** Relative slack on the candidate |ρ| bound, so a pair at the bound is kept whatever the last bit of p. */
const CANDIDATE_SLACK = 1e-9;

/** What a family stores and how its p-values are computed. */
export interface FamilyOptions {
  /** store pairs with q below this */
  q: number;
  /** store the K strongest pairs of each variable with more than K partners */
  topK: number;
  /** families with at most this many pairs get an exact p for every pair @default EXACT_FAMILY_PAIRS */
  exactBelow?: number;
  /** also return ρ, p and q of every pair (exact families only; tests) */
  keepAll?: boolean;
}

/** A stored pair: x variable i, y variable j (indices into the ranked variables). */
export interface StoredPair {
  i: number;
  j: number;
  rho: number;
  p: number;
  q: number;
  significant: boolean;
  top: boolean;
}

/** The stored pairs of a family and its size. */
export interface FamilyResult {
  pairs: StoredPair[];
  /** pairs tested (BH m) */
  m: number;
  /** pairs with q below the threshold */
  significant: number;
  pMethod: 'exact' | 'tabulated';
  /** ρ, p, q of pair (i, j) at i·nY + j; only with keepAll on an exact family */
  all: { rho: Float64Array; p: Float64Array; q: Float64Array } | null;
}

/** The `k` strongest partners of each of `count` variables (ties keep the partner seen first). */
class TopPartners {
  private readonly strength: Float64Array;
  private readonly partner: Int32Array;
  private readonly filled: Int32Array;
  /** weakest strength held when full, −1 before */
  private readonly floor: Float64Array;

  constructor(
    count: number,
    private readonly k: number,
  ) {
    this.strength = new Float64Array(count * k);
    this.partner = new Int32Array(count * k);
    this.filled = new Int32Array(count);
    this.floor = new Float64Array(count).fill(-1);
  }

  /** Offers partner `j` of variable `v` with strength a = |ρ|. */
  offer(v: number, j: number, a: number): void {
    if (a <= this.floor[v]!) return;
    const base = v * this.k;
    const f = this.filled[v]!;
    if (f < this.k) {
      this.strength[base + f] = a;
      this.partner[base + f] = j;
      this.filled[v] = f + 1;
      if (f + 1 === this.k) this.floor[v] = this.weakest(base).value;
      return;
    }
    const slot = this.weakest(base).slot;
    this.strength[slot] = a;
    this.partner[slot] = j;
    this.floor[v] = this.weakest(base).value;
  }

  /** The weakest slot of a full list (the latest partner among equals) and its strength. */
  private weakest(base: number): { slot: number; value: number } {
    let slot = base;
    for (let s = base + 1; s < base + this.k; s++) {
      const d = this.strength[s]! - this.strength[slot]!;
      if (d < 0 || (d === 0 && this.partner[s]! > this.partner[slot]!)) slot = s;
    }
    return { slot, value: this.strength[slot]! };
  }

  /** The partners held for variable v. */
  partners(v: number): Int32Array {
    return this.partner.subarray(v * this.k, v * this.k + this.filled[v]!);
  }
}

/** Calls `visit(i, j, ρ)` for every pair, block by block (rows of X ascending within each block of Y). */
function forEachPair(x: RankedVariables, y: RankedVariables, visit: (i: number, j: number, rho: number) => void): void {
  const n = x.n;
  const xp = packRows(x.centered, x.ids.length, n);
  const yp = packRows(y.centered, y.ids.length, n);
  const out = new Float64Array(BLOCK_PANELS * PANEL * BLOCK_PANELS * PANEL);
  for (let y0 = 0; y0 < yp.panels; y0 += BLOCK_PANELS) {
    const yCount = Math.min(BLOCK_PANELS, yp.panels - y0);
    const width = yCount * PANEL;
    const jEnd = Math.min(y.ids.length, (y0 + yCount) * PANEL);
    for (let x0 = 0; x0 < xp.panels; x0 += BLOCK_PANELS) {
      const xCount = Math.min(BLOCK_PANELS, xp.panels - x0);
      crossProductBlock(xp, x0, xCount, yp, y0, yCount, out);
      const iEnd = Math.min(x.ids.length, (x0 + xCount) * PANEL);
      for (let i = x0 * PANEL; i < iEnd; i++) {
        const row = (i - x0 * PANEL) * width - y0 * PANEL;
        const sx = x.scale[i]!;
        for (let j = y0 * PANEL; j < jEnd; j++) visit(i, j, rhoOf(out[row + j]!, sx, y.scale[j]!));
      }
    }
  }
}

/** Correlates every kept variable of x with every kept variable of y (same samples, same order). */
export function spearmanFamily(x: RankedVariables, y: RankedVariables, options: FamilyOptions): FamilyResult {
  if (x.n !== y.n) throw new RangeError(`spearmanFamily: ${x.n} and ${y.n} samples`);
  const nX = x.ids.length,
    nY = y.ids.length;
  const m = nX * nY;
  if (m === 0) return { pairs: [], m: 0, significant: 0, pMethod: 'exact', all: null };
  const k = options.topK;
  const rowTop = nY > k && k > 0 ? new TopPartners(nX, k) : null;
  const colTop = nX > k && k > 0 ? new TopPartners(nY, k) : null;
  if (m <= (options.exactBelow ?? EXACT_FAMILY_PAIRS)) return exactFamily(x, y, options, rowTop, colTop);
  const table = spearmanPTable(x.n);
  const n = x.n;
  return sortedFamily(
    x,
    y,
    options,
    rowTop,
    colTop,
    table ? table.p : (a) => spearmanPValue(a, n),
    table ? 'tabulated' : 'exact',
  );
}

/** Keys i·nY + j of the top pairs of every variable. */
function topKeys(rowTop: TopPartners | null, colTop: TopPartners | null, nX: number, nY: number): Set<number> {
  const keys = new Set<number>();
  if (rowTop) for (let i = 0; i < nX; i++) for (const j of rowTop.partners(i)) keys.add(i * nY + j);
  if (colTop) for (let j = 0; j < nY; j++) for (const i of colTop.partners(j)) keys.add(i * nY + j);
  return keys;
}

/** Every ρ kept, exact p for each, BH over all. */
function exactFamily(
  x: RankedVariables,
  y: RankedVariables,
  options: FamilyOptions,
  rowTop: TopPartners | null,
  colTop: TopPartners | null,
): FamilyResult {
  const nX = x.ids.length,
    nY = y.ids.length,
    m = nX * nY;
  const rho = new Float64Array(m);
  forEachPair(x, y, (i, j, r) => {
    rho[i * nY + j] = r;
    const a = Math.abs(r);
    rowTop?.offer(i, j, a);
    colTop?.offer(j, i, a);
  });
  const p = Float64Array.from(rho, (r) => spearmanPValue(r, x.n));
  const q = benjaminiHochberg(p);
  const top = topKeys(rowTop, colTop, nX, nY);
  const pairs: StoredPair[] = [];
  let significant = 0;
  for (let key = 0; key < m; key++) {
    const sig = q[key]! < options.q;
    if (sig) significant++;
    if (sig || top.has(key))
      pairs.push({
        i: Math.floor(key / nY),
        j: key % nY,
        rho: rho[key]!,
        p: p[key]!,
        q: q[key]!,
        significant: sig,
        top: top.has(key),
      });
  }
  return { pairs, m, significant, pMethod: 'exact', all: options.keepAll ? { rho, p, q } : null };
}

/** The smallest |ρ| whose exact p is at most α (bisection; p decreases in |ρ|). */
function candidateBound(alpha: number, n: number): number {
  let lo = 0,
    hi = 1;
  for (let k = 0; k < 64; k++) {
    const mid = (lo + hi) / 2;
    if (spearmanPValue(mid, n) <= alpha) hi = mid;
    else lo = mid;
  }
  return hi * (1 - CANDIDATE_SLACK);
}

/** Growable (i, j, ρ) triplets. */
class PairList {
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  rho = new Float64Array(1024);
  length = 0;

  /** Appends one pair. */
  push(i: number, j: number, rho: number): void {
    if (this.length === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.i = grow(this.i);
      this.j = grow(this.j);
      this.rho = grow(this.rho);
    }
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.rho[this.length++] = rho;
  }
}

/** First index of sorted `a` holding a value ≥ v. */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0,
    hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Large family: |ρ| of every pair sorted, BH swept with p = pOf(|ρ|) (tabulated, or exact when no table fits), candidates and top pairs kept (see module doc). */
function sortedFamily(
  x: RankedVariables,
  y: RankedVariables,
  options: FamilyOptions,
  rowTop: TopPartners | null,
  colTop: TopPartners | null,
  pOf: (a: number) => number,
  pMethod: FamilyResult['pMethod'],
): FamilyResult {
  const nX = x.ids.length,
    nY = y.ids.length,
    m = nX * nY;
  const strengths = new Float64Array(m);
  const bound = candidateBound(options.q, x.n);
  const candidates = new PairList();
  let filled = 0;
  forEachPair(x, y, (i, j, r) => {
    const a = Math.abs(r);
    strengths[filled++] = a;
    if (a >= bound) candidates.push(i, j, r);
    rowTop?.offer(i, j, a);
    colTop?.offer(j, i, a);
  });
  strengths.sort();
  const top = topKeys(rowTop, colTop, nX, nY);
  for (const key of top) {
    const i = Math.floor(key / nY),
      j = key % nY;
    const rho = pairRho(x, y, i, j);
    if (Math.abs(rho) < bound) candidates.push(i, j, rho);
  }
  const at = new Int32Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) at[c] = lowerBound(strengths, Math.abs(candidates.rho[c]!));
  sweepBenjaminiHochberg(strengths, pOf);
  const pairs: StoredPair[] = [];
  let significant = 0;
  for (let c = 0; c < candidates.length; c++) {
    const q = Math.min(1, strengths[at[c]!]!);
    const key = candidates.i[c]! * nY + candidates.j[c]!;
    const sig = q < options.q;
    if (sig) significant++;
    if (!sig && !top.has(key)) continue;
    const rho = candidates.rho[c]!;
    pairs.push({
      i: candidates.i[c]!,
      j: candidates.j[c]!,
      rho,
      p: spearmanPValue(rho, x.n),
      q,
      significant: sig,
      top: top.has(key),
    });
  }
  pairs.sort((a, b) => a.i - b.i || a.j - b.j);
  return { pairs, m, significant, pMethod, all: null };
}

/**
 * Overwrites the ascending |ρ| of all m pairs with BH's running minimum: entry idx
 * (descending rank j = m − idx) becomes min over idx' ≤ idx of m·p(|ρ|_idx')/(m − idx'),
 * so the q of a pair is the entry at the first index holding its |ρ| (ties share the
 * last rank, as in `p.adjust`), capped at 1 by the caller.
 */
function sweepBenjaminiHochberg(strengths: Float64Array, pOf: (a: number) => number): void {
  const m = strengths.length;
  let running = Infinity;
  for (let idx = 0; idx < m; idx++) {
    const v = (m * pOf(strengths[idx]!)) / (m - idx);
    if (v < running) running = v;
    strengths[idx] = running;
  }
}

/** ρ of one pair from the centred ranks (the same sums, in the same order, as the blocked product). */
function pairRho(x: RankedVariables, y: RankedVariables, i: number, j: number): number {
  const n = x.n;
  let s = 0;
  for (let k = 0; k < n; k++) s += x.centered[i * n + k]! * y.centered[j * n + k]!;
  return rhoOf(s, x.scale[i]!, y.scale[j]!);
}
