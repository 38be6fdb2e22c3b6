/**
 * Pairwise sample distances in condensed form: the strict upper triangle read
 * row by row, (0,1),(0,2)…(0,n-1),(1,2)…(n-2,n-1) — scipy `squareform` and R
 * `dist` order. d(i,i) = 0 and d(j,i) = d(i,j) hold by construction, so only
 * n(n-1)/2 values are stored.
 */
export interface DistanceMatrix {
  /** sample ids, in matrix order */
  ids: string[];
  /** length n(n-1)/2, see `condensedIndex` */
  data: Float64Array;
}

/** n(n-1)/2: number of unordered pairs of n samples. */
export function condensedLength(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Position of pair (i, j) in the condensed array, i ≠ j, order-free: for i < j, i·n − i(i+1)/2 + (j − i − 1). */
export function condensedIndex(i: number, j: number, n: number): number {
  if (i > j) return condensedIndex(j, i, n);
  if (i === j || i < 0 || j >= n) throw new RangeError(`no condensed entry for pair (${i}, ${j}) of ${n} samples`);
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed position of pair (i, j) minus j, valid for every j > i: rows are contiguous, so row i's pairs start at `rowBase(i, n) + i + 1`. */
export function rowBase(i: number, n: number): number {
  return i * n - (i * (i + 1)) / 2 - i - 1;
}

/** d(i, j), with d(i, i) = 0. */
export function distanceAt(dm: DistanceMatrix, i: number, j: number): number {
  return i === j ? 0 : dm.data[condensedIndex(i, j, dm.ids.length)]!;
}

/** Builds a `DistanceMatrix`, checking that `data` has n(n-1)/2 values. */
export function distanceMatrix(ids: string[], data: Float64Array): DistanceMatrix {
  if (data.length !== condensedLength(ids.length))
    throw new RangeError(
      `${ids.length} samples need ${condensedLength(ids.length)} condensed distances, got ${data.length}`,
    );
  return { ids, data };
}

/**
 * QIIME 2 distance-matrix TSV (`DistanceMatrix` artifact's `distance-matrix.tsv`):
 * a header of an empty cell and the ids, then per sample its id and its n
 * distances; numbers as JavaScript prints them (shortest round-tripping form).
 */
export function toQiimeTsv(dm: DistanceMatrix): string {
  const n = dm.ids.length;
  const lines = [`\t${dm.ids.join('\t')}`];
  const row = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[j] = String(distanceAt(dm, i, j));
    lines.push(`${dm.ids[i]}\t${row.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}
