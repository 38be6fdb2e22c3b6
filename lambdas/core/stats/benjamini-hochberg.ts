/** BH q_(i) = min(1, min_(j ≥ i) m/j · p_(j)) over the m non-NaN p, in input order; NaN stays NaN and is not counted (R `p.adjust(p, "BH")`). */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const q = new Float64Array(p.length).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    if (v < 0 || v > 1) throw new RangeError(`benjaminiHochberg: p[${i}] = ${v} is not a probability`);
    order.push(i);
  }
  order.sort((i, j) => p[j]! - p[i]!);
  const m = order.length;
  let running = 1;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    const candidate = (m / (m - r)) * p[i]!;
    if (candidate < running) running = candidate;
    q[i] = running;
  }
  return q;
}
