import { parseMetaboanalyst } from '../../../../../lambdas/core/metabolomics/formats/metaboanalyst.js';
import { readFixture } from '../../../../helpers/fixtures.js';
import { byFeature, cell, errorOf } from '../helpers.js';

describe('MetaboAnalyst tables', () => {
  it('reads human_cachexia.csv: samples in rows, class in column 2, quoted names with commas', () => {
    const t = parseMetaboanalyst(readFixture('data', 'metaboanalyst-cachexia', 'human_cachexia.csv'));
    expect([t.featureIds.length, t.sampleIds.length]).toEqual([63, 77]);
    expect(t.orientation).toBe('samples-in-rows');
    expect(t.featureIds[0]).toBe('1,6-Anhydro-beta-D-glucose');
    expect(t.sampleIds.slice(0, 2)).toEqual(['PIF_178', 'PIF_087']);
    // line 2: "PIF_178","cachexic",40.85,65.37,...
    expect(cell(t, '1,6-Anhydro-beta-D-glucose', 'PIF_178')).toBe(40.85);
    expect(cell(t, '1-Methylnicotinamide', 'PIF_087')).toBe(340.36);
    expect(t.samples.classLabel.filter((c) => c === 'cachexic').length).toBe(47);
    expect(t.samples.classLabel.filter((c) => c === 'control').length).toBe(30);
    expect(t.nZeros + t.nMissingMarkers).toBe(0);
  });

  it('reads samples in columns with a label row (tab TXT), missing as NA or empty', () => {
    const t = parseMetaboanalyst(
      ['Sample\tS1\tS2\tS3', 'Label\tcase\tcontrol\tcase', 'Glucose\t1.5\tNA\t2', 'Lactate\t\t4\t5'].join('\n'),
    );
    expect(t.orientation).toBe('features-in-rows');
    expect(t.sampleIds).toEqual(['S1', 'S2', 'S3']);
    expect(t.featureIds).toEqual(['Glucose', 'Lactate']);
    expect(t.samples.classLabel).toEqual(['case', 'control', 'case']);
    expect(byFeature(t)).toEqual([
      [1.5, NaN, 2],
      [NaN, 4, 5],
    ]);
  });

  it('fails MISSING_COLUMN when neither a label column nor a label row exists', () => {
    expect(errorOf(() => parseMetaboanalyst('id,a,b,c\nS1,1,2,3\nS2,4,5,6\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
  });

  it('fails NON_NUMERIC_VALUE at the cell in a samples-in-rows table', () => {
    // line 3 "S2,B,4,five": the cell starts at column 8
    expect(errorOf(() => parseMetaboanalyst('Sample,Class,m1,m2\nS1,A,1,2\nS2,B,4,five\nS3,A,5,6\n'))).toMatchObject({
      code: 'NON_NUMERIC_VALUE',
      line: 3,
      column: 8,
    });
  });
});
