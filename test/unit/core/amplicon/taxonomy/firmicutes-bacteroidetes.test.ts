import { collapseTable } from '../../../../../lambdas/core/amplicon/taxonomy/collapse.js';
import {
  fbGroup,
  fbRatio,
  fbRatioFromLineages,
} from '../../../../../lambdas/core/amplicon/taxonomy/firmicutes-bacteroidetes.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../../helpers/numeric.js';

/** Features x samples from rows; 4 samples unless rows say otherwise. */
function tableOf(rows: number[][]): FeatureTable {
  const b = new FeatureTableBuilder(
    rows.map((_, i) => `f${i}`),
    rows[0]!.map((_, j) => `s${j}`),
  );
  rows.forEach((row, i) => row.forEach((x, j) => b.add(i, j, x)));
  return b.build();
}

/** Rows: Firmicutes-like, second Firmicutes-like, Bacteroidetes-like, other. Samples: s0 F/B = 6/2, s1 no B, s2 no F, s3 empty. */
const ROWS = [
  [4, 3, 0, 0],
  [2, 0, 0, 0],
  [2, 0, 5, 0],
  [2, 1, 5, 0],
];

function expectRatios(lineages: string[]): void {
  const r = fbRatioFromLineages(tableOf(ROWS), lineages);
  expect(r.map((x) => x.sampleId)).toEqual(['s0', 's1', 's2', 's3']);
  // s0: N = 10, F = 6, B = 2
  expect(closeTo(r[0]!.firmicutes!, 0.6, 1e-15, 0)).toBe(true);
  expect(closeTo(r[0]!.bacteroidetes!, 0.2, 1e-15, 0)).toBe(true);
  expect(r[0]!.ratio).toBe(3);
  // s1: no Bacteroidetes -> ratio null, abundances still reported
  expect(r[1]).toEqual({ sampleId: 's1', firmicutes: 0.75, bacteroidetes: 0, ratio: null });
  // s2: no Firmicutes -> ratio 0
  expect(r[2]).toEqual({ sampleId: 's2', firmicutes: 0, bacteroidetes: 0.5, ratio: 0 });
  // s3: empty -> all null
  expect(r[3]).toEqual({ sampleId: 's3', firmicutes: null, bacteroidetes: null, ratio: null });
}

describe('fbGroup', () => {
  it.each([
    'Firmicutes',
    'p__Firmicutes',
    'D_1__Firmicutes',
    'p__Bacillota',
    'p__Firmicutes_A',
    'Firmicutes_B',
    'p__Firmicutes_C',
    'p__Bacillota_A',
    'bacillota',
  ])('%j is Firmicutes', (name) => expect(fbGroup(name)).toBe('firmicutes'));
  it.each([
    'Bacteroidetes',
    'p__Bacteroidetes',
    'D_1__Bacteroidetes',
    'p__Bacteroidota',
    'Bacteroidota_A',
    'p__Bacteroidetes_A',
  ])('%j is Bacteroidetes', (name) => expect(fbGroup(name)).toBe('bacteroidetes'));
  it.each(['p__Proteobacteria', 'p__Firmicutes-like', 'c__Bacteroidia', 'Bacteroides', '__', ''])(
    '%j is neither',
    (name) => expect(fbGroup(name)).toBeNull(),
  );
});

describe('fbRatio', () => {
  it('Greengenes naming', () => {
    expectRatios([
      'k__Bacteria; p__Firmicutes; c__Clostridia',
      'k__Bacteria; p__Firmicutes; c__Bacilli',
      'k__Bacteria; p__Bacteroidetes; c__Bacteroidia',
      'k__Bacteria; p__Proteobacteria',
    ]);
  });

  it('SILVA 138 naming (Firmicutes and Bacillota both count)', () => {
    expectRatios([
      'd__Bacteria;p__Firmicutes;c__Clostridia',
      'd__Bacteria;p__Bacillota;c__Bacilli',
      'd__Bacteria;p__Bacteroidota;c__Bacteroidia',
      'd__Bacteria;p__Proteobacteria',
    ]);
  });

  it('GTDB naming: split phyla Firmicutes_A and Firmicutes_C are Firmicutes', () => {
    expectRatios([
      'd__Bacteria;p__Firmicutes_A;c__Clostridia;o__Lachnospirales',
      'd__Bacteria;p__Firmicutes_C;c__Negativicutes',
      'd__Bacteria;p__Bacteroidota;c__Bacteroidia',
      'd__Bacteria;p__Actinobacteriota',
    ]);
  });

  it('DADA2 naming without prefixes (phylum by position)', () => {
    expectRatios([
      'Bacteria;Firmicutes;Clostridia',
      'Bacteria;Firmicutes;Bacilli',
      'Bacteria;Bacteroidota;Bacteroidia',
      'Bacteria;NA',
    ]);
  });

  it('works on a table collapsed deeper than phylum', () => {
    const lineages = [
      'k__B; p__Firmicutes; c__X; o__; f__; g__A',
      'k__B; p__Firmicutes; c__Y; o__; f__; g__B',
      'k__B; p__Bacteroidetes',
      'k__B',
    ];
    expect(fbRatio(collapseTable(tableOf(ROWS), lineages, 5))[0]!.ratio).toBe(3);
  });

  it('needs a table collapsed at phylum or deeper', () => {
    expect(() => fbRatio(collapseTable(tableOf(ROWS), ['k__B', 'k__B', 'k__B', 'k__B'], 0))).toThrow(RangeError);
  });
});
