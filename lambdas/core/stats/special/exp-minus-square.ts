/** e^(−c·x²) with x² split as h² + (x − h)(x + h), h = x truncated to 1/16, so c·h² is exact (c a power of 2) and the rounding of x·x (relative error ×c·x² in the result) is avoided. */
export function expMinusSquare(x: number, c = 1): number {
  const h = Math.trunc(x * 16) / 16;
  return Math.exp(-c * h * h) * Math.exp(-c * (x - h) * (x + h));
}
