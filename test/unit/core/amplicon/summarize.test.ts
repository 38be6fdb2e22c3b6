import { summarizeAmplicon } from '../../../../lambdas/core/amplicon/summarize.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../helpers/numeric.js';

/** 3 features x 4 samples (non-square), columns given per sample; s2 is empty. */
function table(columns: number[][], taxonomy?: (string | null)[]): FeatureTable {
  const b = new FeatureTableBuilder(['f0', 'f1', 'f2'], ['s0', 's1', 's2', 's3']);
  columns.forEach((col, j) => col.forEach((x, i) => b.add(i, j, x)));
  return b.build(taxonomy);
}

const COUNTS = [
  [1, 3, 0], // N = 4
  [2, 0, 2], // N = 4
  [0, 0, 0], // empty
  [0, 5, 0], // N = 5
];

describe('summarizeAmplicon', () => {
  it('gives prevalence and mean relative abundance over the non-empty samples', () => {
    const s = summarizeAmplicon(table(COUNTS));
    // 3 non-empty samples. f0 in s0, s1: 2/3; f1 in s0, s3: 2/3; f2 in s1: 1/3
    expect(s.features.map((f) => f.prevalence)).toEqual([2 / 3, 2 / 3, 1 / 3]);
    // f0: (1/4 + 2/4 + 0) / 3 = 1/4; f1: (3/4 + 0 + 5/5) / 3 = 7/12; f2: (0 + 2/4 + 0) / 3 = 1/6
    const mra = s.features.map((f) => f.meanRelativeAbundance);
    [0.25, 7 / 12, 1 / 6].forEach((e, i) => expect(closeTo(mra[i]!, e, 1e-15, 0)).toBe(true));
    expect(
      closeTo(
        mra.reduce((a, b) => a + b, 0),
        1,
        1e-15,
        0,
      ),
    ).toBe(true);
  });

  it('lists the empty sample with depth 0 and says so in the notes', () => {
    const s = summarizeAmplicon(table(COUNTS));
    expect(s.samples.map((r) => [r.sampleId, r.depth])).toEqual([
      ['s0', 4],
      ['s1', 4],
      ['s2', 0],
      ['s3', 5],
    ]);
    expect(s.samples[2]!.shannon_entropy).toBeNull();
    expect(s.integerCounts).toBe(true);
    expect(s.notes).toEqual([expect.stringMatching(/^1 empty sample\(s\) .*: s2$/)]);
  });

  it('reports non-integer tables without count-based estimators, and says why', () => {
    const s = summarizeAmplicon(
      table([
        [0.25, 0.75, 0],
        [0.5, 0, 0.5],
        [0, 0, 0],
        [0, 1, 0],
      ]),
    );
    expect(s.integerCounts).toBe(false);
    // s0 = [0.25, 0.75]: 1 - (1/16 + 9/16) = 3/8
    expect(s.samples[0]!.simpson).toBe(0.375);
    expect(s.samples.every((r) => r.chao1 === null && r.ace === null && r.goods_coverage === null)).toBe(true);
    expect(s.notes[0]).toBe('non-integer values: chao1, ace, goods_coverage not reported (they need integer counts)');
    // relative abundances per sample are the same as for COUNTS, except s3 (1/1)
    expect(s.features.map((f) => f.prevalence)).toEqual([2 / 3, 2 / 3, 1 / 3]);
  });

  it('takes taxonomy from the map, else from the table, else null', () => {
    const t = table(COUNTS, ['k__T0', null, 'k__T2']);
    expect(summarizeAmplicon(t).features.map((f) => f.taxonomy)).toEqual(['k__T0', null, 'k__T2']);
    const s = summarizeAmplicon(
      t,
      new Map([
        ['f2', 'k__M2'],
        ['other', 'k__X'],
      ]),
    );
    expect(s.features.map((f) => f.taxonomy)).toEqual(['k__T0', null, 'k__M2']);
    expect(s.notes).toContain('1 feature(s) have no taxonomy');
    expect(summarizeAmplicon(table(COUNTS)).features.every((f) => f.taxonomy === null)).toBe(true);
  });

  it('notes features that are zero everywhere, and a table without non-empty samples', () => {
    const s = summarizeAmplicon(
      table([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(s.features.every((f) => f.prevalence === 0 && f.meanRelativeAbundance === 0)).toBe(true);
    expect(s.notes).toEqual([
      expect.stringMatching(/^4 empty sample\(s\)/),
      'no non-empty samples: feature prevalence and mean relative abundance are 0',
      '3 feature(s) are zero in every sample (kept, prevalence 0)',
    ]);
  });
});
