const SERIES_BELOW = 0.1;
const MAX_TERMS = 1000;

/** D(x, m) = x ln(x/m) + m − x ≥ 0 without cancellation when x ≈ m: with v = (x−m)/(x+m), D = (x−m)v + 2x Σ_j v^(2j+1)/(2j+1) (Loader 2000, "bd0"). */
export function binomialDeviance(x: number, m: number): number {
  if (x === 0) return m;
  if (Math.abs(x - m) >= SERIES_BELOW * (x + m)) return x * Math.log(x / m) + m - x;
  const v = (x - m) / (x + m);
  const v2 = v * v;
  let sum = (x - m) * v;
  let power = 2 * x * v;
  for (let j = 1; j < MAX_TERMS; j++) {
    power *= v2;
    const next = sum + power / (2 * j + 1);
    if (next === sum) break;
    sum = next;
  }
  return sum;
}
