import { parseTaxonomy } from '../../../../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { type DataError, DataErrorSignal } from '../../../../../lambdas/core/errors.js';
import {
  ACCEPTED_ID_HEADERS,
  numericColumn,
  parseMetadata,
  type SampleMetadata,
} from '../../../../../lambdas/core/study/qiime2-metadata.js';
import { readFixture, readFixtureJson } from '../../../../helpers/fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const metadata = (s: string) => parseMetadata(utf8(s));

/** The DataError a throwing call signals. */
function signalled(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error;
    throw e;
  }
  throw new Error('expected a DataErrorSignal');
}

/** A column by name. */
function column(md: SampleMetadata, name: string) {
  const c = md.columns.find((col) => col.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/** How often each value occurs. */
function counts(values: (string | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

describe('QIIME 2 taxonomy', () => {
  it('GlobalPatterns_taxonomy.tsv: Feature ID + Taxon, no Confidence', () => {
    const t = parseTaxonomy(readFixture('data', 'globalpatterns', 'GlobalPatterns_taxonomy.tsv'));
    expect(t.featureIds).toHaveLength(19216);
    expect(t.featureIds.slice(0, 3)).toEqual(['549322', '522457', '951']);
    expect(t.taxa[0]).toBe('k__Archaea; p__Crenarchaeota; c__Thermoprotei; o__; f__; g__; s__');
    expect(t.confidence.every((c) => c === null)).toBe(true);
  });

  it('moving pictures taxonomy.tsv: 770 rows with Confidence, 19 bare k__Bacteria and 1 Unassigned', () => {
    const t = parseTaxonomy(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.tsv'));
    expect(t.featureIds).toHaveLength(770);
    expect(t.featureIds[0]).toBe('4b5eeb300368260019c1fbc7a3c718fc');
    expect(t.confidence[0]).toBe(0.9916072061317569);
    expect(t.taxa[1]).toBe(
      'k__Bacteria; p__Proteobacteria; c__Betaproteobacteria; o__Neisseriales; f__Neisseriaceae; g__Neisseria',
    );
    const single = counts(t.taxa.filter((x) => !x.includes(';')));
    expect(single).toEqual({ k__Bacteria: 19, Unassigned: 1 });
  });

  it('obs_md.txt: biom observation metadata (#OTUID, taxonomy, confidence) with comment lines and no final newline', () => {
    const t = parseTaxonomy(readFixture('data', 'biom-format-examples', 'obs_md.txt'));
    expect(t.featureIds).toEqual(['GG_OTU_0', 'GG_OTU_1', 'GG_OTU_2', 'GG_OTU_3', 'GG_OTU_4', 'GG_OTU_5']);
    expect(t.taxa[2]).toBe('Root;k__Bacteria');
    expect(t.confidence).toEqual([0.98, 0.665, 0.98, 1, 0.842, 1]);
  });

  it('rejects a header without a Taxon column, a duplicate feature and a ragged row', () => {
    expect(signalled(() => parseTaxonomy(utf8('Feature ID\tLineage\nf1\tk__A\n')))).toMatchObject({
      code: 'WRONG_HEADER',
      line: 1,
      column: 12,
    });
    expect(signalled(() => parseTaxonomy(utf8('Feature ID\tTaxon\nf1\tk__A\nf1\tk__B\n')))).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
    expect(signalled(() => parseTaxonomy(utf8('Feature ID\tTaxon\tConfidence\nf1\tk__A\n')))).toMatchObject({
      code: 'RAGGED_ROW',
      line: 2,
      column: 8,
    });
  });
});

describe('QIIME 2 metadata: real files', () => {
  it('moving pictures sample-metadata.tsv: CRLF, sample-id header, #q2:types, 34 samples', () => {
    const md = parseMetadata(readFixture('data', 'qiime2-moving-pictures', 'sample-metadata.tsv'));
    expect(md.idHeader).toBe('sample-id');
    expect(md.sampleIds).toHaveLength(34);
    expect(md.sampleIds.slice(0, 2)).toEqual(['L1S8', 'L1S57']);
    expect(md.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'barcode-sequence:categorical',
      'body-site:categorical',
      'year:numeric',
      'month:numeric',
      'day:numeric',
      'subject:categorical',
      'reported-antibiotic-usage:categorical',
      'days-since-experiment-start:numeric',
    ]);
    expect(counts(column(md, 'body-site').values)).toEqual({ gut: 8, 'left palm': 8, 'right palm': 9, tongue: 9 });
    expect(counts(column(md, 'subject').values)).toEqual({ 'subject-1': 18, 'subject-2': 16 });
    expect([...new Set(numericColumn(column(md, 'days-since-experiment-start')))].sort((a, b) => a - b)).toEqual([
      0, 84, 112, 140, 168,
    ]);
    expect(md.columns.every((c) => c.values.every((v) => v === null || !v.includes('\r')))).toBe(true);
  });

  it('GlobalPatterns_sample-metadata.tsv: #SampleID header, commas inside values, the 26 table samples', () => {
    const md = parseMetadata(readFixture('data', 'globalpatterns', 'GlobalPatterns_sample-metadata.tsv'));
    const ref = readFixtureJson<{ sample_ids_in_table_order: string[] }>('reference', 'globalpatterns', 'dataset.json');
    expect(md.idHeader).toBe('#SampleID');
    expect([...md.sampleIds].sort()).toEqual([...ref.sample_ids_in_table_order].sort());
    expect(column(md, 'Description').values[0]).toBe('Calhoun South Carolina Pine soil, pH 4.9');
    expect(counts(column(md, 'SampleType').values)).toEqual({
      Feces: 4,
      Soil: 3,
      Skin: 3,
      'Freshwater (creek)': 3,
      Ocean: 3,
      'Sediment (estuary)': 3,
      Mock: 3,
      Tongue: 2,
      Freshwater: 2,
    });
    expect(md.columns.every((c) => c.type === 'categorical')).toBe(true);
  });

  it('sam_md.txt: QIIME 1 style #SampleID with comment lines after the header; DOB infers numeric', () => {
    const md = parseMetadata(readFixture('data', 'biom-format-examples', 'sam_md.txt'));
    expect(md.sampleIds).toEqual(['Sample1', 'Sample2', 'Sample3', 'Sample4', 'Sample5', 'Sample6']);
    expect(column(md, 'DOB').type).toBe('numeric');
    expect(Array.from(numericColumn(column(md, 'DOB')))).toEqual([
      20060805, 20060216, 20060109, 20070530, 20070101, 20070716,
    ]);
    expect(column(md, 'BarcodeSequence').type).toBe('categorical');
  });
});

describe('QIIME 2 metadata: accepted variants', () => {
  it.each([
    'id',
    'ID',
    'sampleid',
    'SampleID',
    'sample id',
    'Sample ID',
    'sample-id',
    'featureid',
    'feature id',
    'Feature ID',
    'feature-id',
    '#SampleID',
    '#Sample ID',
    '#OTUID',
    '#OTU ID',
    'sample_name',
  ])('accepts the ID header %j', (h) => {
    const md = metadata(`${h}\tsite\nS1\tgut\n`);
    expect(md.idHeader).toBe(h);
    expect(md.sampleIds).toEqual(['S1']);
  });

  it.each(['Sample_Name', 'sample', 'OTU ID', 'SampleID#'])('rejects %j, listing the accepted ID headers', (h) => {
    const e = signalled(() => metadata(`${h}\tsite\nS1\tgut\n`));
    expect(e).toMatchObject({ code: 'INVALID_METADATA', line: 1, column: 1, expected: ACCEPTED_ID_HEADERS });
  });

  it.each(['#sampleid', '#otu id'])(
    'reads %j as a comment, as QIIME 2 does, so the first row is the bad header, with a hint',
    (h) => {
      const e = signalled(() => metadata(`${h}\tsite\nS1\tgut\n`));
      expect(e).toMatchObject({ code: 'INVALID_METADATA', line: 2, column: 1, expected: ACCEPTED_ID_HEADERS });
      expect(e.message).toContain(`line 1 starts with '#'`);
    },
  );

  it('ignores a UTF-8 BOM', () => {
    const md = parseMetadata(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('sample-id\tsite\nS1\tgut\n')]));
    expect(md.idHeader).toBe('sample-id');
  });

  it('reads CRLF line ends without keeping the CR', () => {
    const md = metadata('sample-id\tsite\r\nS1\tgut\r\nS2\tskin\r\n');
    expect(md.sampleIds).toEqual(['S1', 'S2']);
    expect(md.columns[0]!.values).toEqual(['gut', 'skin']);
  });

  it('keeps a tab, a comma and a doubled quote inside a quoted field', () => {
    const md = metadata('sample-id\tnote\tsite\nS1\t"pine soil,\tpH ""4.9"""\tgut\n');
    expect(md.columns.map((c) => c.values[0])).toEqual(['pine soil,\tpH "4.9"', 'gut']);
  });

  it('skips comments and blank lines before the header and among rows; uses #q2:types only right after the header', () => {
    const md = metadata(
      '# exported\n\n#SampleID\tage\tcode\n#q2:types\tcategorical\tnumeric\n# a comment\nS1\t12\t7\n\nS2\t\t8\n',
    );
    expect(md.sampleIds).toEqual(['S1', 'S2']);
    expect(md.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['age:categorical', 'code:numeric']);
    expect(md.columns[0]!.values).toEqual(['12', null]);
  });

  it('infers numeric when every non-missing value is a number, and gives NaN for missing values', () => {
    const md = metadata('id\tph\tsite\nS1\t4.9\tsoil\nS2\t\t7\nS3\t-1e2\tx\n');
    expect(column(md, 'ph').type).toBe('numeric');
    expect(Array.from(numericColumn(column(md, 'ph')))).toEqual([4.9, NaN, -100]);
    expect(column(md, 'site').type).toBe('categorical');
  });

  it('pads short rows with missing values and drops empty trailing cells and header columns', () => {
    const md = metadata('id\ta\tb\t\t\nS1\tx\nS2\ty\tz\t\t\n');
    expect(md.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(md.columns[1]!.values).toEqual([null, 'z']);
  });

  it('trims whitespace around cells, as QIIME 2 does', () => {
    const md = metadata('id\tsite \n S1 \t gut\n');
    expect(md.sampleIds).toEqual(['S1']);
    expect(md.columns[0]).toEqual({ name: 'site', type: 'categorical', values: ['gut'] });
  });

  it('rejects extra non-empty cells, duplicate ids and duplicate column names', () => {
    expect(signalled(() => metadata('id\ta\nS1\tx\ty\n'))).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 6 });
    expect(signalled(() => metadata('id\ta\nS1\tx\nS1\ty\n'))).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
    expect(signalled(() => metadata('id\ta\ta\nS1\tx\ty\n'))).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 1,
      column: 6,
    });
  });

  it('rejects a directive elsewhere, an unknown column type and a file without ids', () => {
    expect(signalled(() => metadata('id\ta\nS1\tx\n#q2:types\tnumeric\n'))).toMatchObject({
      code: 'INVALID_METADATA',
      line: 3,
      column: 1,
    });
    expect(signalled(() => metadata('id\ta\n#q2:types\tnumber\nS1\t1\n'))).toMatchObject({
      code: 'INVALID_METADATA',
      line: 2,
      column: 11,
    });
    expect(signalled(() => metadata('id\ta\n# only a comment\n'))).toMatchObject({ code: 'INVALID_METADATA' });
  });
});
