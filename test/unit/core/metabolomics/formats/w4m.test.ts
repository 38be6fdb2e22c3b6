import {
  attachW4mMetadata,
  parseW4mDataMatrix,
  parseW4mSampleMetadata,
  parseW4mVariableMetadata,
} from '../../../../../lambdas/core/metabolomics/formats/w4m.js';
import { readFixture } from '../../../../helpers/fixtures.js';
import { cell, errorOf } from '../helpers.js';

describe('W4M three-table format (sacurine)', () => {
  // sacurine's values are log10: declared transformed, as study.json's `transformed` does
  const data = parseW4mDataMatrix(readFixture('data', 'w4m-sacurine', 'dataMatrix.tsv'), { transformed: true });

  it('without the transformed declaration its first negative value fails NEGATIVE_VALUE at the cell', () => {
    // awk: line 32, field 4 ("-0.159476724") starts at column 51
    expect(errorOf(() => parseW4mDataMatrix(readFixture('data', 'w4m-sacurine', 'dataMatrix.tsv')))).toMatchObject({
      code: 'NEGATIVE_VALUE',
      line: 32,
      column: 51,
    });
  });

  it('dataMatrix alone is a table: 109 variables x 183 samples, already log10 (warned)', () => {
    expect([data.featureIds.length, data.sampleIds.length]).toEqual([109, 183]);
    expect(data.sampleIds[0]).toBe('HU_011');
    expect(data.featureIds[1]).toBe('(gamma)Glu-Leu/Ile');
    // line 2: "(2-methoxyethoxy)propanoic acid isomer\t3.019766011\t3.81433889\t…"
    expect(cell(data, '(2-methoxyethoxy)propanoic acid isomer', 'HU_011')).toBe(3.019766011);
    expect(data.warnings.map((w) => w.code)).toEqual(['LOOKS_LOG_TRANSFORMED']);
  });

  it('sampleMetadata and variableMetadata attach as extras, matched by id; the intensities are shared, not copied', () => {
    const samples = parseW4mSampleMetadata(readFixture('data', 'w4m-sacurine', 'sampleMetadata.tsv'));
    const variables = parseW4mVariableMetadata(readFixture('data', 'w4m-sacurine', 'variableMetadata.tsv'));
    const { table, reconciliation, unmatchedFeatures } = attachW4mMetadata(data, samples, variables);
    expect(reconciliation!.mapping.size).toBe(183);
    expect(unmatchedFeatures).toEqual([]);
    // sampleMetadata line 2: HU_011 29 19.75 M
    expect([table.samples.extra.age![0], table.samples.extra.bmi![0], table.samples.extra.gender![0]]).toEqual([
      '29',
      '19.75',
      'M',
    ]);
    // variableMetadata line 2: (2-methoxyethoxy)propanoic acid isomer 2 (empty hmdb) Organi
    expect(table.features.extra.msiLevel![0]).toBe('2');
    expect(table.features.extra.hmdb![0]).toBeNull();
    expect(table.values).toBe(data.values);
  });

  it('fails DUPLICATE_ID on a repeated variable and NON_NUMERIC_VALUE at a bad cell', () => {
    expect(errorOf(() => parseW4mDataMatrix('\tA\tB\nv1\t1\t2\nv1\t3\t4\n'))).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
    expect(errorOf(() => parseW4mDataMatrix('dataMatrix\tA\tB\nv1\t1\t2\nv2\t3\t-\n'))).toMatchObject({
      code: 'NON_NUMERIC_VALUE',
      line: 3,
      column: 6,
    });
  });
});
