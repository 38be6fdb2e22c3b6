const HALF_LOG_TWO_PI = 0.9189385332046728;
/** Below this, the recurrence Γ(x) = Γ(x + 1) / x lifts x first. */
const STIRLING_FROM = 15;
/** B_2k / (2k (2k − 1)) for k = 1..7 (Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6). */
const STIRLING_COEFFICIENTS = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/** ln Γ(x) for x > 0: Stirling's series (x − ½) ln x − x + ½ ln 2π + Σ B_2k / (2k(2k−1) x^(2k−1)) after lifting x ≥ 15 by Γ(x) = Γ(x+k) / (x(x+1)…(x+k−1)); absolute error below 1e-14 (R `lgamma`). */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let shift = 0;
  let product = 1;
  while (x < STIRLING_FROM) {
    product *= x;
    x += 1;
    shift++;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING_COEFFICIENTS.length - 1; k >= 0; k--) series = series * inv2 + STIRLING_COEFFICIENTS[k]!;
  const stirling = (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series * inv;
  return shift === 0 ? stirling : stirling - Math.log(product);
}
