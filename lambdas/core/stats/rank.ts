/** Average ranks of a sample and the sizes of its tie groups. */
export interface Ranks {
  /** 1-based ranks; tied values share the mean of the ranks they span */
  ranks: Float64Array;
  /** size t of every group of ≥ 2 equal values, in increasing value order */
  tieSizes: Int32Array;
}

/** Ranks 1..n with ties given the average of the ranks they span (R `rank(x, ties.method = "average")`, scipy `rankdata`); NaN is rejected. */
export function rank(x: ArrayLike<number>): Ranks {
  const n = x.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i])) throw new RangeError(`rank: value ${i} is NaN; drop missing values first`);
    order[i] = i;
  }
  order.sort((i, j) => (x[i]! < x[j]! ? -1 : x[i]! > x[j]! ? 1 : i - j));
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && x[order[end]!] === x[order[start]!]) end++;
    const average = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = average;
    if (end - start > 1) ties.push(end - start);
    start = end;
  }
  return { ranks, tieSizes: Int32Array.from(ties) };
}
