import { gzipSync } from 'fflate';
import { parseMetabolomicsTable, sniffMetabolomics } from '../../../../../lambdas/core/metabolomics/formats/index.js';
import { readFixture } from '../../../../helpers/fixtures.js';

const text = (...p: string[]) => new TextDecoder().decode(readFixture(...p));

describe('sniffMetabolomics', () => {
  it.each([
    [['fbmn-stats-dom-interlab', 'FeatureMatrix.csv'], 'mzmine-legacy'],
    [['msdial-alignment-lcms', 'MSDIAL_Alignment_result_LC-MS.txt'], 'msdial'],
    [['metaboanalyst-cachexia', 'human_cachexia.csv'], 'metaboanalyst'],
    [['w4m-sacurine', 'dataMatrix.tsv'], 'w4m-datamatrix'],
    [['w4m-sacurine', 'sampleMetadata.tsv'], 'w4m-sample-metadata'],
    [['w4m-sacurine', 'variableMetadata.tsv'], 'w4m-variable-metadata'],
    [['mztab-m-examples', 'MTBLS263.mztab'], 'mztab-m'],
    [['mztab-m-examples', 'gcxgc-ms-example.mztab'], 'mztab-m'],
    [['mztab-m-examples', 'lipidomics-example.mzTab'], 'mztab-m'],
    [['mztab-m-examples', 'msdial_gcms_tms_height_mzTab.mztab'], 'mztab-m'],
    [['mztab-m-examples', 'openms-MzTabMFile_output_1.mztab'], 'mztab-m'],
  ])('%j is %s', (parts, format) => {
    expect(sniffMetabolomics(text('data', ...parts), parts[1])).toBe(format);
  });

  it('recognises MZmine 3 and xcms headers, and plain matrices', () => {
    expect(sniffMetabolomics('id,mz,rt,datafile:a.mzML:area\n1,2,3,4\n')).toBe('mzmine3');
    expect(sniffMetabolomics('"","mzmed","rtmed","a"\n"FT1",1,2,3\n')).toBe('xcms');
    expect(sniffMetabolomics('"","a","b"\n"FT01",1,2\n"FT02",3,NA\n')).toBe('xcms');
    expect(sniffMetabolomics('"","a","b"\n"m1",1,2\n"m2",3,NA\n')).toBe('plain-matrix');
    expect(sniffMetabolomics('Sample;A;B\nx;1,5;2\ny;3;4\n')).toBe('plain-matrix');
  });

  it('leaves other tables alone: BIOM TSV, QIIME 2 metadata, FBMN sample metadata, prose', () => {
    expect(sniffMetabolomics('# Constructed from biom file\n#OTU ID\tS1\nO1\t3\n')).toBeNull();
    expect(sniffMetabolomics('sample-id\tage\n#q2:types\tnumeric\nS1\t3\n')).toBeNull();
    expect(sniffMetabolomics(text('data', 'fbmn-stats-dom-interlab', 'MetaData.txt'), 'MetaData.txt')).toBeNull();
    expect(sniffMetabolomics('hello world\nthis is text\n')).toBeNull();
    expect(sniffMetabolomics('')).toBeNull();
  });
});

describe('parseMetabolomicsTable', () => {
  it('sniffs and parses gzip bytes, returning a table', () => {
    const r = parseMetabolomicsTable(
      gzipSync(readFixture('data', 'metaboanalyst-cachexia', 'human_cachexia.csv')),
      'human_cachexia.csv.gz',
    );
    expect(r.ok && [r.value.format, r.value.featureIds.length, r.value.sampleIds.length]).toEqual([
      'metaboanalyst',
      63,
      77,
    ]);
  });

  it('returns DataErrors with the file name: UNKNOWN_FORMAT, EMPTY_FILE, metadata passed as a table', () => {
    const enc = new TextEncoder();
    expect(parseMetabolomicsTable(enc.encode('just some words\n'), 'notes.txt')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_FORMAT', line: 1, column: 1, file: 'notes.txt' }),
    });
    expect(parseMetabolomicsTable(enc.encode('  \n'), 'e.csv')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'EMPTY_FILE' }),
    });
    expect(
      parseMetabolomicsTable(readFixture('data', 'w4m-sacurine', 'sampleMetadata.tsv'), 'sampleMetadata.tsv'),
    ).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_FORMAT' }) });
  });

  it('passes study sample ids to the plain-matrix orientation', () => {
    const r = parseMetabolomicsTable(new TextEncoder().encode('id,m1,m2,m3\nS1,1,2,3\nS2,4,5,6\n'), 'lcms/table.csv', {
      sampleIds: ['S1', 'S2'],
    });
    expect(r.ok && [r.value.orientation, r.value.sampleIds]).toEqual(['samples-in-rows', ['S1', 'S2']]);
  });
});

describe('sniffMetabolomics, MetaboAnalyst vs a plain matrix with a name column', () => {
  it('a non-repeating text column (compound names) is an annotation, not class labels', () => {
    expect(sniffMetabolomics('id,name,S1,S2\n1,alanine,5,6\n2,glycine,7,8\n3,serine,9,1\n')).toBe('plain-matrix');
    expect(sniffMetabolomics('id,group,m1,m2\nS1,A,5,6\nS2,B,7,8\nS3,A,9,1\n')).toBe('metaboanalyst');
  });
});
