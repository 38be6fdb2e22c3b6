import {
  collapseTable,
  OTHER_TAXON,
  taxaSummary,
  topTaxaPerSample,
} from '../../../../../lambdas/core/amplicon/taxonomy/collapse.js';
import { createRng } from '../../../../../lambdas/core/random/rng.js';
import { type FeatureTable, FeatureTableBuilder, nnz } from '../../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../../helpers/numeric.js';

const PHYLUM = 1;
const GENUS = 5;

/** 5 features x 4 samples (non-square); s3 is empty. Rows are features. */
const COUNTS = [
  [1, 0, 4, 0], // f0 Firmicutes / Bacilli
  [2, 3, 0, 0], // f1 Firmicutes / Clostridia
  [0, 5, 1, 0], // f2 Bacteroidetes
  [7, 0, 0, 0], // f3 no lineage
  [0, 2, 0, 0], // f4 Unassigned
];
const LINEAGES = [
  'k__B; p__Firmicutes; c__Bacilli',
  'k__B; p__Firmicutes; c__Clostridia',
  'k__B; p__Bacteroidetes',
  null,
  'Unassigned',
];

function tableOf(rows: number[][]): FeatureTable {
  const b = new FeatureTableBuilder(
    rows.map((_, i) => `f${i}`),
    rows[0]!.map((_, j) => `s${j}`),
  );
  rows.forEach((row, i) => row.forEach((x, j) => b.add(i, j, x)));
  return b.build();
}

/** Dense taxa x samples values of a collapsed table. */
function dense(t: FeatureTable): number[][] {
  const out = t.featureIds.map(() => t.sampleIds.map(() => 0));
  for (let j = 0; j < t.sampleIds.length; j++)
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) out[t.indices[p]!]![j] = t.data[p]!;
  return out;
}

describe('collapseTable', () => {
  it('sums features sharing a phylum key; no lineage and Unassigned share the fully unassigned key', () => {
    const c = collapseTable(tableOf(COUNTS), LINEAGES, PHYLUM);
    expect(c.rank).toBe('phylum');
    expect(c.taxa).toEqual(['__;__', 'k__B;p__Bacteroidetes', 'k__B;p__Firmicutes']);
    expect(c.table.featureIds).toBe(c.taxa);
    expect(c.table.sampleIds).toEqual(['s0', 's1', 's2', 's3']);
    // __;__ = f3 + f4; Bacteroidetes = f2; Firmicutes = f0 + f1
    expect(dense(c.table)).toEqual([
      [7, 2, 0, 0],
      [0, 5, 1, 0],
      [3, 3, 4, 0],
    ]);
    expect([...c.nFeatures]).toEqual([2, 1, 2]);
    expect([...c.featureTaxon]).toEqual([2, 2, 1, 0, 0]);
  });

  it('keeps taxon indices increasing within each sample (canonical CSC)', () => {
    const c = collapseTable(tableOf(COUNTS), LINEAGES, GENUS);
    for (let j = 0; j < 4; j++)
      for (let p = c.table.indptr[j]! + 1; p < c.table.indptr[j + 1]!; p++)
        expect(c.table.indices[p]!).toBeGreaterThan(c.table.indices[p - 1]!);
    expect(c.taxa).toEqual([
      '__;__;__;__;__;__',
      'k__B;p__Bacteroidetes;__;__;__;__',
      'k__B;p__Firmicutes;c__Bacilli;__;__;__',
      'k__B;p__Firmicutes;c__Clostridia;__;__;__',
    ]);
  });

  it('rejects a lineage list of the wrong length', () => {
    expect(() => collapseTable(tableOf(COUNTS), LINEAGES.slice(1), PHYLUM)).toThrow(RangeError);
  });

  it('preserves every sample total, gives unique sorted keys and accounts for every feature (random table)', () => {
    const rng = createRng(11);
    const nF = 300,
      nS = 17;
    const rows = Array.from({ length: nF }, () =>
      Array.from({ length: nS }, () => (rng.nextInt(4) === 0 ? 1 + rng.nextInt(50) : 0)),
    );
    const phyla = ['p__A', 'p__B', 'p__', 'p__C_unclassified', 'p__D'];
    const lineages = rows.map((_, i) =>
      i % 13 === 0 ? null : `k__K${i % 2}; ${phyla[i % 5]}; c__C${i % 7}; o__; f__F${i % 3}; g__G${i % 11}`,
    );
    const t = tableOf(rows);
    for (const rank of [0, PHYLUM, 2, GENUS, 6]) {
      const c = collapseTable(t, lineages, rank);
      expect(new Set(c.taxa).size).toBe(c.taxa.length);
      expect([...c.taxa].sort()).toEqual(c.taxa);
      expect(c.nFeatures.reduce((a, b) => a + b, 0)).toBe(nF);
      for (let j = 0; j < nS; j++) {
        let before = 0,
          after = 0;
        for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) before += t.data[p]!;
        for (let p = c.table.indptr[j]!; p < c.table.indptr[j + 1]!; p++) after += c.table.data[p]!;
        expect(after).toBe(before);
      }
      for (const key of c.taxa) expect(key.split(';')).toHaveLength(rank + 1);
    }
  });

  it('collapses 20000 features x 1000 samples (1.8 M non-zeros) at genus, every count kept (speed: npm run bench)', () => {
    const nF = 20000,
      nS = 1000,
      perSample = 1800;
    const indptr = new Int32Array(nS + 1);
    const indices = new Int32Array(nS * perSample);
    const data = new Float64Array(nS * perSample);
    for (let j = 0; j < nS; j++) {
      for (let k = 0; k < perSample; k++) {
        // 11 is coprime to 20000, so the features of one sample are distinct
        indices[j * perSample + k] = (k * 11 + j) % nF;
        data[j * perSample + k] = 1 + ((j + k) % 97);
      }
      indices.subarray(j * perSample, (j + 1) * perSample).sort();
      indptr[j + 1] = (j + 1) * perSample;
    }
    const table: FeatureTable = {
      featureIds: Array.from({ length: nF }, (_, i) => `f${i}`),
      sampleIds: Array.from({ length: nS }, (_, j) => `s${j}`),
      indptr,
      indices,
      data,
    };
    const lineages = table.featureIds.map((_, i) => {
      const g = i % 2500,
        f = g % 900,
        o = f % 300,
        c = o % 90;
      return `k__Bacteria; p__P${c % 30}; c__C${c}; o__O${o}; f__F${f}; g__G${g}; s__S${i}`;
    });
    const c = collapseTable(table, lineages, GENUS);
    expect(nnz(table)).toBe(1_800_000);
    expect(c.taxa).toHaveLength(2500);
    const total = (t: FeatureTable) => t.data.subarray(0, nnz(t)).reduce((a, b) => a + b, 0);
    expect(total(c.table)).toBe(total(table));
    // feature f goes to genus f % 2500: genus G0 of sample 0 holds the counts of its features 0, 2500, 5000, …
    const g0 = c.taxa.findIndex((t) => t.endsWith('g__G0'));
    let expected = 0;
    for (let k = 0; k < perSample; k++) if (indices[k]! % 2500 === 0) expected += data[k]!;
    let got = 0;
    for (let p = c.table.indptr[0]!; p < c.table.indptr[1]!; p++) if (c.table.indices[p] === g0) got = c.table.data[p]!;
    expect(got).toBe(expected);
  });
});

describe('taxaSummary', () => {
  it('gives prevalence and mean relative abundance over the non-empty samples', () => {
    const rows = taxaSummary(collapseTable(tableOf(COUNTS), LINEAGES, PHYLUM));
    // depths 10, 10, 5, 0: three non-empty samples
    expect(rows.map((r) => [r.taxon, r.rank, r.prevalence, r.nFeatures])).toEqual([
      ['__;__', 'phylum', 2 / 3, 2],
      ['k__B;p__Bacteroidetes', 'phylum', 2 / 3, 1],
      ['k__B;p__Firmicutes', 'phylum', 1, 2],
    ]);
    // (0.7 + 0.2 + 0)/3, (0 + 0.5 + 0.2)/3, (0.3 + 0.3 + 0.8)/3
    [0.9 / 3, 0.7 / 3, 1.4 / 3].forEach((e, t) =>
      expect(closeTo(rows[t]!.meanRelativeAbundance, e, 1e-15, 0)).toBe(true),
    );
  });

  it('gives zeros when every sample is empty', () => {
    const rows = taxaSummary(collapseTable(tableOf([[0, 0]]), ['k__A; p__B'], PHYLUM));
    expect(rows).toEqual([
      { taxon: 'k__A;p__B', rank: 'phylum', prevalence: 0, meanRelativeAbundance: 0, nFeatures: 1 },
    ]);
  });
});

describe('topTaxaPerSample', () => {
  it('keeps the top-k taxa by mean relative abundance and sums the rest into Other', () => {
    const top = topTaxaPerSample(collapseTable(tableOf(COUNTS), LINEAGES, PHYLUM), 1);
    expect(top.taxa).toEqual(['k__B;p__Firmicutes', OTHER_TAXON]);
    expect(top.sampleIds).toEqual(['s0', 's1', 's2', 's3']);
    const expected = [0.3, 0.7, 0.3, 0.7, 0.8, 0.2, 0, 0];
    expected.forEach((e, k) => expect(closeTo(top.relativeAbundance[k]!, e, 1e-15, 1e-16)).toBe(true));
  });

  it('orders ties by key, skips taxa never present and leaves Other at 0 when nothing remains', () => {
    const c = collapseTable(
      tableOf([
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      ['k__A; p__Z', 'k__A; p__Y', 'k__A; p__X'],
      PHYLUM,
    );
    const top = topTaxaPerSample(c, 5);
    expect(top.taxa).toEqual(['k__A;p__Y', 'k__A;p__Z', OTHER_TAXON]);
    expect([...top.relativeAbundance]).toEqual([0.5, 0.5, 0, 0.5, 0.5, 0]);
  });

  it('rejects a negative k', () => {
    expect(() => topTaxaPerSample(collapseTable(tableOf(COUNTS), LINEAGES, PHYLUM), -1)).toThrow(RangeError);
  });
});
