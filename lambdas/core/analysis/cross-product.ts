/**
 * Blocked cross products of two sets of rows (X·Yᵀ, one dot product per pair of
 * rows) for bulk correlations. Rows are packed in panels of PANEL rows
 * interleaved by sample (panel p holds rows 4p..4p+3 as
 * [x0[k], x1[k], x2[k], x3[k]] for k = 0..n−1, missing rows zero), so the
 * inner loop reads both operands contiguously and keeps a 4 × 4 tile of sums
 * in registers; callers walk the product a block of panels at a time.
 */

/** Rows per panel (the register tile is PANEL × PANEL). */
export const PANEL = 4;

/** Rows packed panel by panel (see module doc). */
export interface PackedRows {
  rows: number;
  n: number;
  panels: number;
  data: Float64Array;
}

/** Packs `rows` rows of length n (row-major) into panels; the last panel is padded with zero rows. */
export function packRows(values: Float64Array, rows: number, n: number): PackedRows {
  const panels = Math.ceil(rows / PANEL);
  const data = new Float64Array(panels * PANEL * n);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / PANEL) * PANEL * n + (r % PANEL);
    for (let k = 0; k < n; k++) data[base + k * PANEL] = values[r * n + k]!;
  }
  return { rows, n, panels, data };
}

/**
 * out[(i − 4·x0)·width + (j − 4·y0)] = Σ_k X_i[k]·Y_j[k] for the rows of panels
 * x0..x0+xCount of X and y0..y0+yCount of Y, width = 4·yCount.
 */
export function crossProductBlock(
  x: PackedRows,
  x0: number,
  xCount: number,
  y: PackedRows,
  y0: number,
  yCount: number,
  out: Float64Array,
): void {
  const n = x.n,
    X = x.data,
    Y = y.data;
  const width = PANEL * yCount;
  const stride = PANEL * n;
  for (let px = 0; px < xCount; px++) {
    const a = (x0 + px) * stride;
    for (let py = 0; py < yCount; py++) {
      const b = (y0 + py) * stride;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let k = 0; k < stride; k += PANEL) {
        const x0k = X[a + k]!,
          x1k = X[a + k + 1]!,
          x2k = X[a + k + 2]!,
          x3k = X[a + k + 3]!;
        const y0k = Y[b + k]!,
          y1k = Y[b + k + 1]!,
          y2k = Y[b + k + 2]!,
          y3k = Y[b + k + 3]!;
        c00 += x0k * y0k;
        c01 += x0k * y1k;
        c02 += x0k * y2k;
        c03 += x0k * y3k;
        c10 += x1k * y0k;
        c11 += x1k * y1k;
        c12 += x1k * y2k;
        c13 += x1k * y3k;
        c20 += x2k * y0k;
        c21 += x2k * y1k;
        c22 += x2k * y2k;
        c23 += x2k * y3k;
        c30 += x3k * y0k;
        c31 += x3k * y1k;
        c32 += x3k * y2k;
        c33 += x3k * y3k;
      }
      let o = px * PANEL * width + py * PANEL;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03;
      o += width;
      out[o] = c10;
      out[o + 1] = c11;
      out[o + 2] = c12;
      out[o + 3] = c13;
      o += width;
      out[o] = c20;
      out[o + 1] = c21;
      out[o + 2] = c22;
      out[o + 3] = c23;
      o += width;
      out[o] = c30;
      out[o + 1] = c31;
      out[o + 2] = c32;
      out[o + 3] = c33;
    }
  }
}
