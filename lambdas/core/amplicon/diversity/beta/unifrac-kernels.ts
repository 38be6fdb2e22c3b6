/**
 * The two pair kernels behind UniFrac, both writing into a condensed array of n
 * samples (pair (i, j), i < j, at `rowBase(i, n) + j`):
 * - `addTwiceSharedMinima`: out(i, j) += Σ_pieces 2·min(v_i, v_j) over the pieces
 *   both samples are listed in (sparse postings; cost Σ_pieces listed²/2);
 * - `subtractDenseL1`: out(i, j) −= sign·Σ_k |a_ik − a_jk| over dense columns
 *   (cost n²/2 per column, but register-accumulated and unrolled).
 */
import { rowBase } from './distance-matrix.js';

/** Math.abs bound once: a global lookup per call is slow where the global object is a proxy (vm contexts, as under jest). */
const abs = Math.abs;

/** Piece postings: piece r lists samples `sample[begin[r] .. end[r])` (increasing) with values `value[…]`. */
export interface Pieces {
  begin: Int32Array;
  end: Int32Array;
  sample: Int32Array;
  value: Float64Array;
}

/** Rows per block of the sparse kernel: 2^18 / n rows (~2 MiB of output), within 16…256. */
function blockRows(n: number): number {
  return Math.max(16, Math.min(256, Math.floor(262144 / Math.max(1, n))));
}

/**
 * out(i, j) += Σ_r 2·min(v_ri, v_rj) for every pair listed together in a piece,
 * with 2·min(x, y) = x + y − |x − y| (branch-free). Rows are done in blocks so a
 * block's slice of `out` stays in cache; each piece resumes at a cursor.
 */
export function addTwiceSharedMinima(pieces: Pieces, n: number, out: Float64Array): void {
  const { begin, end, sample, value } = pieces;
  const nPieces = begin.length;
  const cursor = begin.slice();
  const rows = blockRows(n);
  for (let r1 = rows; r1 - rows < n; r1 += rows) {
    for (let r = 0; r < nPieces; r++) {
      const stop = end[r]!;
      let a = cursor[r]!;
      for (; a < stop; a++) {
        const i = sample[a]!;
        if (i >= r1) break;
        addRowMinima(sample, value, value[a]!, rowBase(i, n), a + 1, stop, out);
      }
      cursor[r] = a;
    }
  }
}

/** out[base + sample[q]] += 2·min(x, value[q]) for q in [from, end), unrolled by four (measured 2.6× faster than the plain loop in V8). */
function addRowMinima(
  sample: Int32Array,
  value: Float64Array,
  x: number,
  base: number,
  from: number,
  end: number,
  out: Float64Array,
): void {
  let q = from;
  for (; q + 3 < end; q += 4) {
    const y0 = value[q]!,
      y1 = value[q + 1]!,
      y2 = value[q + 2]!,
      y3 = value[q + 3]!;
    const k0 = base + sample[q]!,
      k1 = base + sample[q + 1]!,
      k2 = base + sample[q + 2]!,
      k3 = base + sample[q + 3]!;
    out[k0]! += x + y0 - abs(x - y0);
    out[k1]! += x + y1 - abs(x - y1);
    out[k2]! += x + y2 - abs(x - y2);
    out[k3]! += x + y3 - abs(x - y3);
  }
  for (; q < end; q++) {
    const y = value[q]!;
    out[base + sample[q]!]! += x + y - abs(x - y);
  }
}

/** Columns per dense chunk and rows per dense tile of `subtractDenseL1`. */
const CHUNK = 64,
  TILE = 16;

/**
 * out(i, j) −= sign · Σ_c |a_ic − a_jc| over the pieces cols[k] (a = the listed
 * value, 0 where absent). Done in chunks of 64 columns held as an n × 64
 * row-major matrix, pairs in tiles of 16 rows.
 */
export function subtractDenseL1(post: Pieces, cols: Int32Array, sign: number, n: number, out: Float64Array): void {
  if (cols.length === 0) return;
  const m = new Float64Array(n * CHUNK);
  for (let c0 = 0; c0 < cols.length; c0 += CHUNK) {
    const width = Math.min(CHUNK, cols.length - c0);
    m.fill(0);
    for (let k = 0; k < width; k++) {
      const col = cols[c0 + k]!;
      for (let q = post.begin[col]!; q < post.end[col]!; q++) m[post.sample[q]! * CHUNK + k] = post.value[q]!;
    }
    for (let i0 = 0; i0 < n - 1; i0 += TILE) tileL1(m, i0, Math.min(n - 1, i0 + TILE), n, sign, out);
  }
}

/** For rows i0 ≤ i < i1 and every j > i: out(i, j) −= sign·Σ_k |m_ik − m_jk| over one chunk (zeros padded, so all 64 columns are summed); four rows share each load of row j, two accumulators per pair. */
function tileL1(m: Float64Array, i0: number, i1: number, n: number, sign: number, out: Float64Array): void {
  for (let j = i0 + 1; j < n; j++) {
    const bj = j * CHUNK;
    const iEnd = Math.min(i1, j);
    let i = i0;
    for (; i + 3 < iEnd; i += 4) {
      const b0 = i * CHUNK,
        b1 = b0 + CHUNK,
        b2 = b1 + CHUNK,
        b3 = b2 + CHUNK;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0;
      for (let k = 0; k < CHUNK; k += 2) {
        const y = m[bj + k]!,
          z = m[bj + k + 1]!;
        s0 += abs(m[b0 + k]! - y);
        s1 += abs(m[b1 + k]! - y);
        s2 += abs(m[b2 + k]! - y);
        s3 += abs(m[b3 + k]! - y);
        t0 += abs(m[b0 + k + 1]! - z);
        t1 += abs(m[b1 + k + 1]! - z);
        t2 += abs(m[b2 + k + 1]! - z);
        t3 += abs(m[b3 + k + 1]! - z);
      }
      s0 += t0;
      s1 += t1;
      s2 += t2;
      s3 += t3;
      out[rowBase(i, n) + j]! -= sign * s0;
      out[rowBase(i + 1, n) + j]! -= sign * s1;
      out[rowBase(i + 2, n) + j]! -= sign * s2;
      out[rowBase(i + 3, n) + j]! -= sign * s3;
    }
    for (; i < iEnd; i++) {
      const bi = i * CHUNK;
      let s0 = 0,
        s1 = 0;
      for (let k = 0; k < CHUNK; k += 2) {
        s0 += abs(m[bi + k]! - m[bj + k]!);
        s1 += abs(m[bi + k + 1]! - m[bj + k + 1]!);
      }
      out[rowBase(i, n) + j]! -= sign * (s0 + s1);
    }
  }
}
