/**
 * mothur .shared, .cons.taxonomy and .design through parseInput. Known values
 * for the shared file were counted from the file itself with awk (commands
 * in the comments); small cases are built inline.
 */
import { gzipSync } from 'fflate';
import { finestLabel } from '../../../../../lambdas/core/amplicon/formats/mothur-shared.js';
import type { DataError } from '../../../../../lambdas/core/errors.js';
import { type ParsedInput, type ParseHints, parseInput } from '../../../../../lambdas/core/pipeline/index.js';
import type { FeatureTable } from '../../../../../lambdas/core/table/feature-table.js';
import { readFixture } from '../../../../helpers/fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const SHARED = 'final.an.0.03.subsample.0.03.pick.shared';

/** The value parseInput returns; fails the test on a data error. */
async function parsed(content: string | Uint8Array, fileName: string, hints: ParseHints = {}): Promise<ParsedInput> {
  const r = await parseInput(typeof content === 'string' ? utf8(content) : content, fileName, hints);
  if (!r.ok) throw new Error(`unexpected ${r.error.code} ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.value;
}

/** The table of a 16S parse. */
async function tableOf(
  content: string | Uint8Array,
  fileName = 'x.shared',
  hints: ParseHints = {},
): Promise<{ table: FeatureTable; p: ParsedInput }> {
  const p = await parsed(content, fileName, hints);
  if (p.kind !== '16s') throw new Error(`expected a table, got ${p.kind}`);
  return { table: p.table, p };
}

/** The error parseInput returns; fails the test if parsing succeeds. */
async function errorOf(content: string, fileName = 'x.shared', hints: ParseHints = {}): Promise<DataError> {
  const r = await parseInput(utf8(content), fileName, hints);
  if (r.ok) throw new Error(`expected an error, got ${r.value.kind}/${r.value.format}`);
  return r.error;
}

/** Value at (feature id, sample id), 0 when not stored. */
function valueAt(t: FeatureTable, feature: string, sample: string): number {
  const f = t.featureIds.indexOf(feature);
  const j = t.sampleIds.indexOf(sample);
  for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) if (t.indices[p] === f) return t.data[p]!;
  return 0;
}

/** Sum of the stored values of sample j. */
function sampleTotal(t: FeatureTable, j: number): number {
  let s = 0;
  for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) s += t.data[p]!;
  return s;
}

describe('mothur .shared: the mouse F3 file', () => {
  it('reads 527 OTUs x 10 samples, 1550 non-zero, total 46930, every sample 4693', async () => {
    // awk -F'\t' 'NR>1{for(i=4;i<=NF;i++) if($i!=""){s+=$i; if($i>0) nz++}} END{print s, nz}' → 46930 1550
    // awk -F'\t' 'NR==1{print NF-4}' (trailing tab) → 527; awk -F'\t' 'NR>1{s=0; for(i=4;i<NF;i++) s+=$i; print $2, s}' → 4693 each
    const { table: t, p } = await tableOf(readFixture('data', 'mothur-mouse-f3-2012', SHARED), SHARED);
    expect(p).toMatchObject({ format: 'mothur-shared', details: { mothurLabel: '0.03', mothurLabels: ['0.03'] } });
    expect([t.featureIds.length, t.sampleIds.length, t.data.length]).toEqual([527, 10, 1550]);
    expect(t.data.reduce((a, b) => a + b, 0)).toBe(46930);
    expect(t.sampleIds.map((_, j) => sampleTotal(t, j))).toEqual(new Array(10).fill(4693));
    expect([t.featureIds[0], t.featureIds[526]]).toEqual(['Otu001', 'Otu596']);
    // awk -F'\t' 'NR==3{print $2, $4, $5}' → F003D002 985 182
    expect([valueAt(t, 'Otu001', 'F003D002'), valueAt(t, 'Otu002', 'F003D002')]).toEqual([985, 182]);
  });

  it('reads the file gzipped', async () => {
    const { table: t, p } = await tableOf(
      gzipSync(readFixture('data', 'mothur-mouse-f3-2012', SHARED)),
      `${SHARED}.gz`,
    );
    expect(p.format).toBe('mothur-shared');
    expect(t.data.reduce((a, b) => a + b, 0)).toBe(46930);
  });
});

describe('mothur .shared: labels', () => {
  const multi = [
    'label\tGroup\tnumOtus\tOtu1\tOtu2\tOtu3\t',
    'unique\tA\t3\t1\t2\t3\t',
    'unique\tB\t3\t0\t5\t1\t',
    '0.01\tA\t2\t3\t3\t',
    '0.01\tB\t2\t5\t1\t',
    '0.03\tA\t1\t6\t',
    '0.03\tB\t1\t6\t',
    '',
  ].join('\n');

  it('picks the finest label by default: unique, else the smallest number, else the first', async () => {
    const { table: t, p } = await tableOf(multi);
    expect(p.details).toMatchObject({ mothurLabel: 'unique', mothurLabels: ['unique', '0.01', '0.03'] });
    expect(t.featureIds).toEqual(['Otu1', 'Otu2', 'Otu3']);
    expect(finestLabel(['0.03', '0.10', '0.01'])).toBe('0.01');
    expect(finestLabel(['userLabel', 'other'])).toBe('userLabel');
  });

  it('reads the label asked for; later blocks with fewer OTUs get mothur-style names', async () => {
    const { table: t, p } = await tableOf(multi, 'x.shared', { mothurLabel: '0.01' });
    expect(p.details?.mothurLabel).toBe('0.01');
    expect(t.featureIds).toEqual(['Otu1', 'Otu2']);
    expect([valueAt(t, 'Otu1', 'B'), valueAt(t, 'Otu2', 'B')]).toEqual([5, 1]);
  });

  it('matches a label numerically (0.030 is 0.03)', async () => {
    const { p } = await tableOf(multi, 'x.shared', { mothurLabel: '0.030' });
    expect(p.details?.mothurLabel).toBe('0.03');
  });

  it('an absent label -> UNKNOWN_LABEL listing the labels', async () => {
    const e = await errorOf(multi, 'x.shared', { mothurLabel: '0.05' });
    expect(e).toMatchObject({ code: 'UNKNOWN_LABEL', line: 0, column: 0 });
    expect(e.message).toContain("'unique', '0.01', '0.03'");
  });

  it('reads an old headerless shared file with generated OTU names', async () => {
    const { table: t } = await tableOf('0.03\tS1\t3\t1\t0\t4\n0.03\tS2\t3\t2\t2\t0\n');
    expect(t.featureIds).toEqual(['Otu1', 'Otu2', 'Otu3']);
    expect(valueAt(t, 'Otu3', 'S1')).toBe(4);
  });
});

describe('mothur .shared: bad input', () => {
  it('numOtus disagreeing with the header -> SHAPE_MISMATCH at the numOtus cell', async () => {
    const e = await errorOf('label\tGroup\tnumOtus\tOtu1\tOtu2\tOtu3\n0.03\tS1\t4\t1\t2\t3\t4\n');
    expect(e).toMatchObject({ code: 'SHAPE_MISMATCH', line: 2, column: 9 });
  });

  it('numOtus disagreeing with the values of a headerless row -> SHAPE_MISMATCH at the numOtus cell', async () => {
    const e = await errorOf('0.03\tS1\t2\t1\t2\n0.03\tS2\t2\t1\t2\t3\n');
    expect(e).toMatchObject({ code: 'SHAPE_MISMATCH', line: 2, column: 9 });
  });

  it('a ragged row (fewer counts than header and numOtus) -> RAGGED_ROW just past the line end', async () => {
    const e = await errorOf('label\tGroup\tnumOtus\tOtu1\tOtu2\tOtu3\t\n0.03\tS1\t3\t1\t2\t3\t\n0.03\tS2\t3\t1\t2\t\n');
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 3, column: 14 });
  });

  it('a row with an extra count -> RAGGED_ROW at the first extra count', async () => {
    const e = await errorOf('label\tGroup\tnumOtus\tOtu1\tOtu2\n0.03\tS1\t2\t1\t2\t7\n');
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 15 });
  });

  it('numOtus changing within a label -> SHAPE_MISMATCH', async () => {
    const e = await errorOf('0.03\tS1\t2\t1\t2\n0.03\tS2\t3\t1\t2\t3\n');
    expect(e).toMatchObject({ code: 'SHAPE_MISMATCH', line: 2, column: 9 });
  });

  it('a repeated Group within a label -> DUPLICATE_ID at the Group cell', async () => {
    const e = await errorOf('label\tGroup\tnumOtus\tOtu1\n0.03\tS1\t1\t1\n0.03\tS1\t1\t2\n');
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 3, column: 6 });
  });

  it('a non-numeric count -> NON_NUMERIC_VALUE at the cell', async () => {
    const e = await errorOf('label\tGroup\tnumOtus\tOtu1\tOtu2\n0.03\tS1\t2\t1\tx\n');
    expect(e).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 2, column: 13 });
  });
});

describe('mothur .cons.taxonomy', () => {
  const cons = [
    'OTU\tSize\tTaxonomy',
    'Otu001\t12288\tBacteria(100);"Bacteroidetes"(100);"Bacteroidia"(100);"Bacteroidales"(100);"Porphyromonadaceae"(100);"Porphyromonadaceae"_unclassified(100);',
    'Otu002\t8892\t"Bacteria"(100);Firmicutes(99);Bacilli(98);Lactobacillales(98);Lactobacillaceae(98);Lactobacillus(98);',
    '',
  ].join('\n');

  it('keeps each lineage exactly as written: quotes, (100) suffixes and the trailing ;', async () => {
    const p = await parsed(cons, 'final.cons.taxonomy');
    if (p.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(p.format).toBe('mothur-taxonomy');
    expect(p.taxonomy.featureIds).toEqual(['Otu001', 'Otu002']);
    expect(p.taxonomy.taxa[0]).toBe(
      'Bacteria(100);"Bacteroidetes"(100);"Bacteroidia"(100);"Bacteroidales"(100);"Porphyromonadaceae"(100);"Porphyromonadaceae"_unclassified(100);',
    );
    expect(p.taxonomy.taxa[1]!.startsWith('"Bacteria"(100);')).toBe(true);
    expect(p.taxonomy.confidence).toEqual([null, null]);
  });

  it('a row with a missing field -> RAGGED_ROW', async () => {
    expect(await errorOf('OTU\tSize\tTaxonomy\nOtu001\t5\n', 'x.cons.taxonomy')).toMatchObject({
      code: 'RAGGED_ROW',
      line: 2,
      column: 9,
    });
  });
});

describe('mothur .design', () => {
  it('mouse.sex_time.design (headerless group<TAB>treatment) is sample metadata', async () => {
    const p = await parsed(
      readFixture('data', 'mothur-mouse-f3-2012', 'mouse.sex_time.design'),
      'mouse.sex_time.design',
    );
    if (p.kind !== 'metadata') throw new Error('expected metadata');
    expect(p.format).toBe('mothur-design');
    expect(p.metadata.sampleIds).toHaveLength(10);
    expect(p.metadata.columns).toEqual([
      {
        name: 'treatment',
        type: 'categorical',
        values: [...new Array(5).fill('F003Early'), ...new Array(5).fill('F003Late')],
      },
    ]);
  });

  it('the same content under another name is not guessed to be a design file', async () => {
    expect(await errorOf('F003D000\tF003Early\nF003D002\tF003Early\n', 'groups.txt')).toMatchObject({
      code: 'UNKNOWN_FORMAT',
      line: 1,
      column: 1,
    });
  });
});
