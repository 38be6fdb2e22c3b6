/**
 * Plain sample × feature matrices: which kind (study.json, then the path,
 * else AMBIGUOUS_KIND), which orientation (study sample ids, then the names
 * on each axis), CSV/TSV/semicolon with R's short header; metabolomics
 * content parsed by the metabolomics parsers; delimited sample metadata.
 */

import { decideOrientation } from '../../../../../lambdas/core/amplicon/formats/count-matrix.js';
import type { DataError } from '../../../../../lambdas/core/errors.js';
import { DataErrorSignal } from '../../../../../lambdas/core/errors.js';
import { valueAt as metabolomicsValueAt } from '../../../../../lambdas/core/metabolomics/matrix.js';
import {
  type ParsedInput,
  type ParseHints,
  parseInput,
  plainMatrixKind,
} from '../../../../../lambdas/core/pipeline/index.js';
import type { FeatureTable } from '../../../../../lambdas/core/table/feature-table.js';
import { readFixture } from '../../../../helpers/fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Samples S1..S3 in rows, three genera in columns: a 3 x 3 would hide an axis swap, so 3 samples x 4 taxa. */
const GENUS_CSV = 'sample,Bacteroides,Prevotella,Faecalibacterium,Akkermansia\nS1,10,0,3,1\nS2,0,7,2,0\nS3,4,4,0,9\n';

/** The value parseInput returns; fails the test on a data error. */
async function parsed(content: string, fileName: string, hints: ParseHints = {}): Promise<ParsedInput> {
  const r = await parseInput(utf8(content), fileName, hints);
  if (!r.ok) throw new Error(`unexpected ${r.error.code} ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.value;
}

/** The error parseInput returns; fails the test if parsing succeeds. */
async function errorOf(content: string, fileName: string, hints: ParseHints = {}): Promise<DataError> {
  const r = await parseInput(utf8(content), fileName, hints);
  if (r.ok) throw new Error(`expected an error, got ${r.value.kind}/${r.value.format}`);
  return r.error;
}

/** The table of a 16S parse. */
function tableOf(p: ParsedInput): FeatureTable {
  if (p.kind !== '16s') throw new Error(`expected a table, got ${p.kind}`);
  return p.table;
}

/** Value at (feature id, sample id), 0 when not stored. */
function valueAt(t: FeatureTable, feature: string, sample: string): number {
  const f = t.featureIds.indexOf(feature);
  const j = t.sampleIds.indexOf(sample);
  for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) if (t.indices[p] === f) return t.data[p]!;
  return 0;
}

/** The kind plainMatrixKind gives, or the error code it signals. */
function kindOf(path: string, hints: ParseHints = {}): string {
  try {
    return plainMatrixKind(path, hints).kind;
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error.code;
    throw e;
  }
}

describe('kind of a plain matrix', () => {
  it('study.json first, whatever the path says', () => {
    expect(kindOf('studies/t/metabolomics/table.csv', { kind: '16s' })).toBe('16s');
    expect(kindOf('studies/t/16s/table.csv', { kind: 'metabolomics' })).toBe('metabolomics');
  });

  it('then the path: words for 16S and for metabolomics, in any case', () => {
    expect(kindOf('studies/t/16S/table.csv')).toBe('16s');
    expect(kindOf('studies/t/data/Genus_counts.csv')).toBe('16s');
    expect(kindOf('studies/t/data/ASV_counts.tsv')).toBe('16s');
    expect(kindOf('studies/t/LCMS/table.csv')).toBe('metabolomics');
    expect(kindOf('studies/t/data/urine_nmr.csv')).toBe('metabolomics');
  });

  it('the innermost segment that names one kind decides; one naming both is skipped', () => {
    expect(kindOf('studies/t/metabolomics/otu_counts.csv')).toBe('16s');
    expect(kindOf('studies/t/metabolomics/otu_vs_metabolite.csv')).toBe('metabolomics');
  });

  it('the study folder itself is not read (a study named mtb-cohort says nothing about its files)', () => {
    expect(kindOf('studies/mtb-cohort/data/table.csv')).toBe('AMBIGUOUS_KIND');
  });

  it('a plain matrix in an unhelpful path -> AMBIGUOUS_KIND telling how to name it', async () => {
    const e = await errorOf(GENUS_CSV, 'table.csv', { path: 'studies/t/data/table.csv' });
    expect(e).toMatchObject({ code: 'AMBIGUOUS_KIND', line: 0, column: 0, file: 'table.csv' });
    expect(e.message).toContain('16s/table.csv');
    expect(e.message).toContain('metabolomics/table.csv');
  });

  it('without hints.path the file name is the path', async () => {
    expect(await parsed(GENUS_CSV, 'genus.csv')).toMatchObject({
      kind: '16s',
      format: 'plain-matrix',
      details: { kindReason: "file name 'genus.csv' marks 16S data" },
    });
  });

  it('a metabolomics plain matrix comes back parsed by the metabolomics parser', async () => {
    const p = await parsed(GENUS_CSV, 'table.csv', { path: 'studies/t/metabolomics/table.csv' });
    if (p.kind !== 'metabolomics') throw new Error('expected metabolomics');
    expect(p.format).toBe('plain-matrix');
    expect(p.details?.kindReason).toBe("folder name 'metabolomics' marks metabolomics data");
    expect(p.table.sampleIds).toEqual(['S1', 'S2', 'S3']);
    expect(p.table.featureIds).toEqual(['Bacteroides', 'Prevotella', 'Faecalibacterium', 'Akkermansia']);
    expect(metabolomicsValueAt(p.table, 3, 2)).toBe(9);
  });

  it('a plain matrix that fails to parse still carries the kind its path decided (none when undecided) and its format', async () => {
    const ragged = utf8('sample,m1,m2\nS1,1,2\nS2,3\n');
    const at = async (path: string) => parseInput(ragged, 'bad.csv', { path });
    expect(await at('studies/t/metabolomics/bad.csv')).toMatchObject({
      ok: false,
      kind: 'metabolomics',
      format: 'plain-matrix',
      error: { code: 'RAGGED_ROW', line: 3, column: 5, file: 'bad.csv' },
    });
    expect(await at('studies/t/16s/bad.csv')).toMatchObject({
      ok: false,
      kind: '16s',
      format: 'plain-matrix',
      error: { code: 'RAGGED_ROW', line: 3, column: 5 },
    });
    expect(await at('studies/t/data/bad.csv')).toMatchObject({
      ok: false,
      kind: null,
      format: 'plain-matrix',
      error: { code: 'AMBIGUOUS_KIND' },
    });
  });
});

describe('orientation of a plain 16S matrix', () => {
  it('the axis matching the study sample ids is the sample axis', async () => {
    const t = tableOf(await parsed(GENUS_CSV, 'genus.csv', { studySampleIds: ['S1', 'S2', 'S3', 'S4'] }));
    expect(t.sampleIds).toEqual(['S1', 'S2', 'S3']);
    expect(t.featureIds).toEqual(['Bacteroides', 'Prevotella', 'Faecalibacterium', 'Akkermansia']);
    expect(valueAt(t, 'Akkermansia', 'S3')).toBe(9);
    const transposed = 'taxon\tS1\tS2\nBacteroides\t1\t2\nPrevotella\t3\t0\nBlautia\t0\t5\n';
    const u = tableOf(await parsed(transposed, 'genus.tsv', { studySampleIds: ['S2', 'S1'] }));
    expect(u.sampleIds).toEqual(['S1', 'S2']);
    expect(valueAt(u, 'Blautia', 'S2')).toBe(5);
  });

  it('without metadata: lineage strings name the features, and become the table taxonomy', async () => {
    const text =
      '"","k__Bacteria;p__Firmicutes;g__Blautia","k__Bacteria;p__Bacteroidetes;g__Bacteroides"\n"A",3,0\n"B",1,8\n"C",0,2\n';
    const p = await parsed(text, 'genus_table.csv');
    const t = tableOf(p);
    expect(p.details?.orientation).toEqual({ featuresIn: 'columns', reason: 'column names are lineage strings' });
    expect(t.sampleIds).toEqual(['A', 'B', 'C']);
    expect(t.taxonomy).toEqual(t.featureIds);
  });

  it('then OTU/ASV ids, then the longer axis', () => {
    expect(decideOrientation(['S1', 'S2', 'S3'], ['OTU_1', 'OTU_2'])).toMatchObject({
      featuresIn: 'columns',
      reason: 'column names are OTU/ASV ids',
    });
    expect(decideOrientation(['S1', 'S2'], ['Bacteroides', 'Prevotella', 'Blautia'])).toMatchObject({
      featuresIn: 'columns',
    });
    expect(decideOrientation(['Bacteroides', 'Prevotella', 'Blautia'], ['S1', 'S2'])).toMatchObject({
      featuresIn: 'rows',
    });
  });

  it('reads semicolon-separated relative abundances with decimal commas and an R short header', async () => {
    const text = 'Bacteroides;Prevotella;Blautia\nS1;0,5;0,25;0,25\nS2;0,1;0;0,9\n';
    const t = tableOf(await parsed(text, 'genus_rel.csv', { studySampleIds: ['S1', 'S2'] }));
    expect(t.sampleIds).toEqual(['S1', 'S2']);
    expect(valueAt(t, 'Blautia', 'S2')).toBe(0.9);
  });

  it('a ragged row -> RAGGED_ROW', async () => {
    const e = await errorOf('sample,Bacteroides,Prevotella,Blautia\nS1,1,2,3\nS2,1,2\n', 'genus.csv');
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 3, column: 7 });
  });

  it('a negative count -> NEGATIVE_VALUE at the cell', async () => {
    expect(await errorOf('sample,Bacteroides,Prevotella,Blautia\nS1,1,-2,3\n', 'genus.csv')).toMatchObject({
      code: 'NEGATIVE_VALUE',
      line: 2,
      column: 6,
    });
  });
});

describe('metabolomics formats are recognised and handed on', () => {
  it.each([
    ['msdial-alignment-lcms', 'MSDIAL_Alignment_result_LC-MS.txt', 'msdial'],
    ['metaboanalyst-cachexia', 'human_cachexia.csv', 'metaboanalyst'],
    ['fbmn-stats-dom-interlab', 'FeatureMatrix.csv', 'mzmine-legacy'],
    ['mztab-m-examples', 'MTBLS263.mztab', 'mztab-m'],
  ])('%s/%s -> metabolomics %s', async (dir, file, format) => {
    const r = await parseInput(readFixture('data', dir, file), file);
    expect(r).toMatchObject({ ok: true, value: { kind: 'metabolomics', format } });
  });
});

describe('delimited sample metadata', () => {
  it('a CSV with a sample column is metadata, NA missing', async () => {
    const p = await parsed('sample,age,arm,site\nS1,34,placebo,gut\nS2,NA,NA,skin\nS3,51,drug,gut\n', 'samples.csv');
    if (p.kind !== 'metadata') throw new Error('expected metadata');
    expect(p.format).toBe('csv-metadata');
    expect(p.metadata.columns).toEqual([
      { name: 'age', type: 'numeric', values: ['34', null, '51'] },
      { name: 'arm', type: 'categorical', values: ['placebo', null, 'drug'] },
      { name: 'site', type: 'categorical', values: ['gut', 'skin', 'gut'] },
    ]);
  });

  it('sample, a group column whose levels do not repeat, then numbers is metadata; with a repeating class label it is the MetaboAnalyst layout', async () => {
    expect(await parsed('sample,arm,age\nS1,placebo,34\nS2,drug,40\n', 'samples.csv')).toMatchObject({
      kind: 'metadata',
      format: 'csv-metadata',
    });
    expect(
      await parsed(
        'Sample,Label,m1,m2\nS1,case,3.1,4\nS2,case,2.2,5\nS3,control,1.5,6\nS4,control,1.1,7\n',
        'conc.csv',
      ),
    ).toMatchObject({ kind: 'metabolomics', format: 'metaboanalyst' });
  });

  it('GNPS metadata (filename column) is metadata', async () => {
    const p = await parsed(
      new TextDecoder().decode(readFixture('data', 'fbmn-stats-dom-interlab', 'MetaData.txt')),
      'MetaData.txt',
    );
    expect(p).toMatchObject({ kind: 'metadata', format: 'csv-metadata', metadata: { idHeader: 'filename' } });
  });

  it('a repeated sample id -> DUPLICATE_ID', async () => {
    expect(await errorOf('sample,arm\nS1,a\nS1,b\n', 'samples.csv')).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
  });
});
