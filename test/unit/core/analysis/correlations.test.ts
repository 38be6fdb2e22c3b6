import { crossProductBlock, packRows } from '../../../../lambdas/core/analysis/cross-product.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { rankVariables } from '../../../../lambdas/core/stats/rank-variables.js';
import { spearman } from '../../../../lambdas/core/stats/spearman.js';
import { type FamilyResult, spearmanFamily } from '../../../../lambdas/core/stats/spearman-family.js';
import { spearmanPTable, TABLE_TOLERANCE } from '../../../../lambdas/core/stats/spearman-p-table.js';
import { spearmanPValue } from '../../../../lambdas/core/stats/spearman-p-value.js';

/** rows × n values: every third y row follows an x row (with noise), the rest are noise; some rows hold ties. */
function plantedFamily(nX: number, nY: number, n: number, seed: number) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: nX * n }, () => (rng.nextFloat() < 0.3 ? 0 : rng.normal()));
  const y = new Float64Array(nY * n);
  for (let j = 0; j < nY; j++)
    for (let k = 0; k < n; k++)
      y[j * n + k] = j % 3 === 0 ? x[(j % nX) * n + k]! + 0.7 * rng.normal() : Math.round(rng.normal() * 3);
  const ids = (p: string, m: number) => Array.from({ length: m }, (_, i) => `${p}${i}`);
  return { x: rankVariables(ids('x', nX), x, n), y: rankVariables(ids('y', nY), y, n), xv: x, yv: y };
}

/** Keys of the k largest |ρ| per row and per column of a full ρ matrix (ties: lower partner index first), only where partners > k. */
function bruteTop(rho: Float64Array, nX: number, nY: number, k: number): Set<number> {
  const keys = new Set<number>();
  const pick = (cells: number[]) =>
    cells
      .sort((a, b) => Math.abs(rho[b]!) - Math.abs(rho[a]!) || a - b)
      .slice(0, k)
      .forEach((c) => keys.add(c));
  if (nY > k) for (let i = 0; i < nX; i++) pick(Array.from({ length: nY }, (_, j) => i * nY + j));
  if (nX > k) for (let j = 0; j < nY; j++) pick(Array.from({ length: nX }, (_, i) => i * nY + j));
  return keys;
}

const keysOf = (r: FamilyResult, nY: number) => new Set(r.pairs.map((p) => p.i * nY + p.j));

describe('rankVariables', () => {
  it('centred doubled ranks are integers summing to 0 (ties share a + b), constant rows are left out', () => {
    const r = rankVariables(['a', 'b', 'c'], Float64Array.from([3, 1, 2, 2, 5, 5, 5, 5, 0, 7, 0, 1]), 4);
    expect(r.ids).toEqual(['a', 'c']);
    expect(r.constant).toEqual(['b']);
    expect(Array.from(r.centered)).toEqual([3, -3, 0, 0, -2, 3, -2, 1]); // ranks [4, 1, 2.5, 2.5] and [1.5, 4, 1.5, 3]
    expect(Array.from(r.scale)).toEqual([Math.sqrt(18), Math.sqrt(18)]);
    expect(Array.from(r.index)).toEqual([0, 2]);
  });
});

describe('crossProductBlock', () => {
  it('equals the naive dot products, padding rows ignored', () => {
    const rng = createRng(5);
    const n = 7,
      nX = 6,
      nY = 5;
    const x = Float64Array.from({ length: nX * n }, () => rng.nextInt(9) - 4);
    const y = Float64Array.from({ length: nY * n }, () => rng.nextInt(9) - 4);
    const px = packRows(x, nX, n),
      py = packRows(y, nY, n);
    const out = new Float64Array(px.panels * 4 * py.panels * 4);
    crossProductBlock(px, 0, px.panels, py, 0, py.panels, out);
    for (let i = 0; i < nX; i++)
      for (let j = 0; j < nY; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += x[i * n + k]! * y[j * n + k]!;
        expect(out[i * py.panels * 4 + j]).toBe(s);
      }
  });
});

describe('spearmanFamily', () => {
  const nX = 9,
    nY = 14,
    n = 16;
  const f = plantedFamily(nX, nY, n, 21);

  it('ρ and p of every pair equal stats/spearman (R cor.test, exact = FALSE)', () => {
    const r = spearmanFamily(f.x, f.y, { q: 0.05, topK: 3, keepAll: true });
    for (let i = 0; i < f.x.ids.length; i++)
      for (let j = 0; j < f.y.ids.length; j++) {
        const want = spearman(
          f.xv.subarray(f.x.index[i]! * n, (f.x.index[i]! + 1) * n),
          f.yv.subarray(f.y.index[j]! * n, (f.y.index[j]! + 1) * n),
        )!;
        const k = i * f.y.ids.length + j;
        expect(Math.abs(r.all!.rho[k]! - want.statistic)).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(r.all!.p[k]! - want.p)).toBeLessThanOrEqual(1e-12 * want.p);
      }
  });

  it('stores exactly the pairs with q below the threshold plus the top K of every variable with more than K partners', () => {
    for (const [q, k] of [
      [0.05, 3],
      [0.2, 0],
      [1e-9, 5],
      [0.05, 20],
    ] as const) {
      const r = spearmanFamily(f.x, f.y, { q, topK: k, keepAll: true });
      const nYk = f.y.ids.length;
      const expected = bruteTop(r.all!.rho, f.x.ids.length, nYk, k);
      r.all!.q.forEach((qv, key) => qv < q && expected.add(key));
      expect(keysOf(r, nYk)).toEqual(expected);
      expect(r.significant).toBe(Array.from(r.all!.q).filter((v) => v < q).length);
      for (const p of r.pairs)
        expect([p.significant, p.top]).toEqual([
          r.all!.q[p.i * nYk + p.j]! < q,
          bruteTop(r.all!.rho, f.x.ids.length, nYk, k).has(p.i * nYk + p.j),
        ]);
    }
  });

  it('a clinical family (one variable): the top K apply to the clinical variable only, never every pair', () => {
    const one = rankVariables(['bmd'], f.xv.subarray(0, n), n);
    const r = spearmanFamily(one, f.y, { q: 1e-12, topK: 4, keepAll: true });
    expect(r.pairs.filter((p) => p.top)).toHaveLength(4);
    expect(r.pairs.length).toBeLessThan(f.y.ids.length);
  });

  it('the tabulated path (large families) stores the same pairs with the exact p and q within 1e-9', () => {
    const exact = spearmanFamily(f.x, f.y, { q: 0.1, topK: 2, keepAll: true });
    const tabulated = spearmanFamily(f.x, f.y, { q: 0.1, topK: 2, exactBelow: 0 });
    expect(tabulated.pMethod).toBe('tabulated');
    expect(keysOf(tabulated, f.y.ids.length)).toEqual(keysOf(exact, f.y.ids.length));
    expect(tabulated.significant).toBe(exact.significant);
    const byKey = new Map(exact.pairs.map((p) => [p.i * f.y.ids.length + p.j, p]));
    for (const p of tabulated.pairs) {
      const e = byKey.get(p.i * f.y.ids.length + p.j)!;
      expect([p.rho, p.p]).toEqual([e.rho, e.p]);
      expect(Math.abs(p.q - e.q)).toBeLessThanOrEqual(1e-9 * e.q);
    }
  });

  it('a large family with n < 10 (no table) sweeps BH with the exact p and stores the same pairs', () => {
    const small = plantedFamily(6, 12, 8, 4);
    const exact = spearmanFamily(small.x, small.y, { q: 0.2, topK: 2, keepAll: true });
    const swept = spearmanFamily(small.x, small.y, { q: 0.2, topK: 2, exactBelow: 0 });
    expect(swept.pMethod).toBe('exact');
    expect(swept.pairs.map((p) => [p.i, p.j, p.rho, p.p])).toEqual(exact.pairs.map((p) => [p.i, p.j, p.rho, p.p]));
    swept.pairs.forEach((p, k) =>
      expect(Math.abs(p.q - exact.pairs[k]!.q)).toBeLessThanOrEqual(1e-15 * exact.pairs[k]!.q),
    );
  });

  it('an empty side gives an empty family', () => {
    const none = rankVariables([], new Float64Array(0), n);
    expect(spearmanFamily(none, f.y, { q: 0.05, topK: 5 })).toMatchObject({ pairs: [], m: 0 });
  });
});

describe('spearmanPTable', () => {
  it.each([12, 40, 150])('n = %i: within TABLE_TOLERANCE of spearmanPValue across |ρ|', (n) => {
    const t = spearmanPTable(n)!;
    for (let k = 0; k <= 200; k++) {
      const a = (k / 200) * 0.999;
      const exact = spearmanPValue(a, n);
      expect(Math.abs(t.p(a) - exact)).toBeLessThanOrEqual(TABLE_TOLERANCE * exact);
    }
  });

  it('is not built for n < 10', () => expect(spearmanPTable(9)).toBeNull());
});
