import { faithPd } from '../../../../../lambdas/core/amplicon/diversity/faith-pd.js';
import { tryParse } from '../../../../../lambdas/core/errors.js';
import { parseNewick } from '../../../../../lambdas/core/study/newick.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../lambdas/core/table/feature-table.js';

/** Features x samples from rows. */
function tableOf(featureIds: string[], rows: number[][]): FeatureTable {
  const b = new FeatureTableBuilder(
    featureIds,
    rows[0]!.map((_, j) => `s${j}`),
  );
  rows.forEach((row, i) => row.forEach((x, j) => b.add(i, j, x)));
  return b.build();
}

//        root (edge 7, not counted)
//       /    \
//     3        6
//   /   \    /   \
//  A:1  B:2 C:4  D:5
const TREE = parseNewick('((A:1,B:2):3,(C:4,D:5):6):7;');

describe('faithPd', () => {
  it('sums the union of root paths of the observed tips, without the root edge', () => {
    // samples: {A}, {A,B}, {A,C}, {} , {A,B,C,D}, {D} with a non-integer count
    const t = tableOf(
      ['A', 'B', 'C', 'D'],
      [
        [5, 1, 2, 0, 1, 0],
        [0, 3, 0, 0, 1, 0],
        [0, 0, 9, 0, 1, 0],
        [0, 0, 0, 0, 1, 0.25],
      ],
    );
    // {A}: 1 + 3; {A,B}: 1 + 2 + 3; {A,C}: 1 + 3 + 4 + 6; empty: null; all: 1+2+3+4+5+6; {D}: 5 + 6
    expect(faithPd(t, TREE)).toEqual([4, 6, 14, null, 21, 11]);
  });

  it('does not depend on feature order in the table', () => {
    const t = tableOf(
      ['D', 'B', 'A', 'C'],
      [
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    );
    // {D,B}: 5 + 6 + 2 + 3; {B,A}: 2 + 1 + 3
    expect(faithPd(t, TREE)).toEqual([16, 6]);
  });

  it('gives 0 for a tree that is a single tip', () => {
    expect(faithPd(tableOf(['A'], [[3]]), parseNewick('A:1;'))).toEqual([0]);
  });

  it('matches an internal node label only if it is a tip', () => {
    const r = tryParse(() => faithPd(tableOf(['x'], [[1]]), parseNewick('((A:1,B:1)x:1,C:1);')));
    expect(r.ok).toBe(false);
  });

  it('fails UNKNOWN_FEATURE naming the first five features missing from the tree', () => {
    const ids = ['A', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'B'];
    const t = tableOf(
      ids,
      ids.map(() => [1]),
    );
    const r = tryParse(() => faithPd(t, TREE));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNKNOWN_FEATURE');
      expect(r.error.message).toBe('6 of 8 feature(s) are not tips of the tree: q1, q2, q3, q4, q5 and 1 more');
    }
  });

  it('also requires features that are zero in every sample', () => {
    const r = tryParse(() => faithPd(tableOf(['A', 'Z'], [[1], [0]]), TREE));
    expect(r.ok ? null : r.error.code).toBe('UNKNOWN_FEATURE');
  });
});
