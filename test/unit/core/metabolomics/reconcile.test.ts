import { parseMzmineLegacy } from '../../../../lambdas/core/metabolomics/formats/mzmine.js';
import { canonicalSampleName, reconcileSampleNames } from '../../../../lambdas/core/metabolomics/reconcile.js';
import { attachSampleMetadata, parseMetadataTable } from '../../../../lambdas/core/study/feature-annotations.js';
import { readFixture } from '../../../helpers/fixtures.js';

describe('reconcileSampleNames', () => {
  it('strips datafile: prefixes, :area suffixes, Peak area/height suffixes, folders and raw-file extensions', () => {
    expect(canonicalSampleName('datafile:QC_01.mzML:area')).toBe('QC_01');
    expect(canonicalSampleName('S1.mzXML Peak height')).toBe('S1');
    expect(canonicalSampleName('C:\\runs\\S2.raw')).toBe('S2');
    expect(canonicalSampleName('S3.d')).toBe('S3');
    expect(canonicalSampleName('S4.wiff')).toBe('S4');
    expect(canonicalSampleName('S5.CDF')).toBe('S5');
    expect(canonicalSampleName('S6.mzML.gz')).toBe('S6');
  });

  it('matches exactly first, then canonically, then case-insensitively, one to one, and lists what is left', () => {
    const r = reconcileSampleNames(
      ['S1.mzML Peak area', 'qc_1.raw', 'Blank.mzML', 'extra.mzML'],
      ['S1', 'QC_1', 'Blank.mzML', 'missing'],
    );
    expect([...r.mapping]).toEqual([
      ['Blank.mzML', 'Blank.mzML'],
      ['S1.mzML Peak area', 'S1'],
      ['qc_1.raw', 'QC_1'],
    ]);
    expect(r.unmatchedTable).toEqual(['extra.mzML']);
    expect(r.unmatchedMetadata).toEqual(['missing']);
  });

  it('leaves ambiguous names unmatched rather than guessing', () => {
    const r = reconcileSampleNames(['a.mzML', 'a.raw'], ['a']);
    expect(r.mapping.size).toBe(0);
    expect(r.unmatchedTable).toEqual(['a.mzML', 'a.raw']);
  });
});

describe('sample metadata (FBMN MetaData.txt, filename column)', () => {
  it('attaches by filename; Sample_Type Process_Blank marks the blank; every column becomes an extra', () => {
    const table = parseMzmineLegacy(readFixture('data', 'fbmn-stats-dom-interlab', 'FeatureMatrix.csv'));
    const meta = parseMetadataTable(readFixture('data', 'fbmn-stats-dom-interlab', 'MetaData.txt'));
    expect(meta.idColumn).toBe('filename');
    const { table: t, reconciliation } = attachSampleMetadata(table, meta, { classColumn: 'Sample' });
    expect(reconciliation.unmatchedTable).toEqual([]);
    expect(reconciliation.unmatchedMetadata).toEqual([]);
    expect(t.samples.sampleType[0]).toBe('blank');
    expect(t.samples.sampleType.filter((x) => x === 'blank').length).toBe(1);
    expect(t.samples.classLabel[0]).toBe('PPL');
    expect(t.samples.extra['Time-Point']![1]).toBe('5');
    expect(table.samples.sampleType[0]).toBeNull();
  });

  it('fails NO_SAMPLES_MATCHED when no id matches, and DUPLICATE_ID on a repeated metadata id', () => {
    const table = parseMzmineLegacy('row ID,row m/z,row retention time,a.mzML Peak area\n1,2,3,4\n');
    expect(() => attachSampleMetadata(table, parseMetadataTable('filename\tgroup\nb.mzML\tx\n'))).toThrow(
      /none of the 1 table samples/,
    );
    expect(() => parseMetadataTable('filename\tgroup\nb.mzML\tx\nb.mzML\ty\n')).toThrow(/occurs twice/);
  });
});
