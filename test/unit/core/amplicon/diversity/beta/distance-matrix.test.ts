import {
  condensedIndex,
  condensedLength,
  distanceAt,
  distanceMatrix,
  rowBase,
  toQiimeTsv,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';

describe('condensed distance matrix (scipy squareform order)', () => {
  it('numbers the pairs (0,1),(0,2),(0,3),(1,2),(1,3),(2,3) for 4 samples', () => {
    const pairs = [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ] as const;
    pairs.forEach(([i, j], k) => {
      expect(condensedIndex(i, j, 4)).toBe(k);
      expect(condensedIndex(j, i, 4)).toBe(k);
      expect(rowBase(i, 4) + j).toBe(k);
    });
    expect(condensedLength(4)).toBe(6);
  });

  it('has no entry for a diagonal or out-of-range pair', () => {
    expect(() => condensedIndex(2, 2, 4)).toThrow(RangeError);
    expect(() => condensedIndex(0, 4, 4)).toThrow(RangeError);
  });

  it('is symmetric with a zero diagonal by construction', () => {
    const dm = distanceMatrix(['a', 'b', 'c'], Float64Array.of(0.5, 0.25, 1));
    expect(distanceAt(dm, 0, 0)).toBe(0);
    expect(distanceAt(dm, 2, 1)).toBe(1);
    expect(distanceAt(dm, 1, 2)).toBe(1);
    expect(distanceAt(dm, 2, 0)).toBe(0.25);
  });

  it('rejects data of the wrong length', () => {
    expect(() => distanceMatrix(['a', 'b', 'c'], new Float64Array(4))).toThrow(/3 samples need 3/);
  });

  it('writes the QIIME 2 distance-matrix TSV', () => {
    // d(a,b) = 0.5, d(a,c) = 0.1 + 0.2 (prints as 0.30000000000000004), d(b,c) = 1
    const dm = distanceMatrix(['a', 'b', 'c'], Float64Array.of(0.5, 0.1 + 0.2, 1));
    expect(toQiimeTsv(dm)).toBe(
      '\ta\tb\tc\n' + 'a\t0\t0.5\t0.30000000000000004\n' + 'b\t0.5\t0\t1\n' + 'c\t0.30000000000000004\t1\t0\n',
    );
  });
});
