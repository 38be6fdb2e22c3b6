import { parseMzmine3, parseMzmineLegacy } from '../../../../../lambdas/core/metabolomics/formats/mzmine.js';
import { readFixture } from '../../../../helpers/fixtures.js';
import { byFeature, cell, crlf, errorOf } from '../helpers.js';

describe('MZmine 2 / FBMN legacy quant table', () => {
  const bytes = readFixture('data', 'fbmn-stats-dom-interlab', 'FeatureMatrix.csv');

  it('reads FeatureMatrix.csv (CRLF): 3726 features x 13 samples of peak area, ids and mz/rt from the row columns', () => {
    const t = parseMzmineLegacy(bytes);
    expect(t.format).toBe('mzmine-legacy');
    expect([t.featureIds.length, t.sampleIds.length]).toEqual([3726, 13]);
    expect(t.quantity).toBe('area');
    expect(t.features.rtUnit).toBe('min');
    expect(t.sampleIds[0]).toBe('DOM_Interlab-LCMS_Lab1_PPL_blank_Pos_MS2.mzML');
    expect(t.featureIds.slice(0, 3)).toEqual(['834', '1458', '1418']);
    // line 3 of the file: 1458,150.1278325,3.193527,,,,,,,,,,,0,160484.12,90376.305,...
    expect(t.features.mz[1]).toBe(150.1278325);
    expect(t.features.rt[1]).toBe(3.193527);
    expect(cell(t, '1458', 'DOM_Interlab-LCMS_Lab1_A5M_Pos_MS2_rep1.mzML')).toBe(160484.12);
    expect(cell(t, '1458', 'DOM_Interlab-LCMS_Lab1_PPL_blank_Pos_MS2.mzML')).toBe(0);
    // SOURCE.md: 13.2 % of the areas are exactly 0, no NA
    expect(t.nZeros).toBe(6374);
    expect(t.nMissingMarkers).toBe(0);
    // the ten annotation columns are empty in every row, so none is kept
    expect(Object.keys(t.features.extra)).toEqual([]);
  });

  it('takes Peak area over Peak height, ignores per-file status columns, keeps IIMN columns, tolerates the trailing comma and a BOM', () => {
    const text =
      '\ufeff' +
      crlf([
        'row ID,row m/z,row retention time,correlation group ID,best ion,a.mzML Peak height,a.mzML Peak area,a.mzML Peak status,b.mzXML Peak height,b.mzXML Peak area,b.mzXML Peak status,',
        '7,100.5,1.5,3,[M+H]+,10,11,DETECTED,20,2.6E5,ESTIMATED,',
        '9,200.25,2.75,,,30,NA,UNKNOWN,40,0,DETECTED,',
        '12,300,4,3,[M+Na]+,1,13,DETECTED,2,14,DETECTED,',
      ]);
    const t = parseMzmineLegacy(text);
    expect(t.sampleIds).toEqual(['a.mzML', 'b.mzXML']);
    expect(t.quantity).toBe('area');
    expect(byFeature(t)).toEqual([
      [11, 260000],
      [NaN, 0],
      [13, 14],
    ]);
    expect(t.features.extra['correlation group ID']).toEqual(['3', null, '3']);
    expect(t.features.extra['best ion']).toEqual(['[M+H]+', null, '[M+Na]+']);
    expect(Array.from(t.features.rt)).toEqual([1.5, 2.75, 4]);
  });

  it('reads heights when the table has no area columns', () => {
    const t = parseMzmineLegacy(
      'row ID,row m/z,row retention time,s1 Peak height,s2 Peak height,s3 Peak height\n1,100,1,5,6,7\n2,101,2,8,9,10\n',
    );
    expect(t.quantity).toBe('height');
    expect(byFeature(t)).toEqual([
      [5, 6, 7],
      [8, 9, 10],
    ]);
  });

  it('fails MISSING_COLUMN at the header when there is no row ID column', () => {
    expect(errorOf(() => parseMzmineLegacy('id,row m/z,s1 Peak area\n1,100,5\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
  });

  it('fails MISSING_COLUMN when no sample column is found', () => {
    expect(errorOf(() => parseMzmineLegacy('row ID,row m/z,row retention time,s1 area\n1,100,1,5\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
  });

  it('fails NON_NUMERIC_VALUE at the offending cell (line 3, column of the 2nd sample)', () => {
    const text = 'row ID,row m/z,row retention time,s1 Peak area,s2 Peak area\n1,100,1,5,6\n2,101,2,7,7..5\n';
    // line 3 is "2,101,2,7,7..5": the bad cell starts at character 11
    expect(errorOf(() => parseMzmineLegacy(text))).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 3, column: 11 });
  });

  it('warns ALL_MISSING_FEATURE at the first intensity cell of a feature with no non-zero value', () => {
    const text =
      'row ID,row m/z,row retention time,s1 Peak area,s2 Peak area,s3 Peak area\n1,100,1,5,6,1\n2,101,2,0,NA,\n3,102,3,1,2,3\n';
    const t = parseMzmineLegacy(text);
    // line 3 "2,101,2,0,NA," : the first sample cell is at column 9
    expect(t.warnings).toEqual([expect.objectContaining({ code: 'ALL_MISSING_FEATURE', line: 3, column: 9 })]);
  });

  it('fails DUPLICATE_ID at the second occurrence of a row ID, and RAGGED_ROW on a short row', () => {
    const dup = 'row ID,row m/z,row retention time,s1 Peak area,s2 Peak area\n1,100,1,5,6\n1,101,2,7,8\n';
    expect(errorOf(() => parseMzmineLegacy(dup))).toMatchObject({ code: 'DUPLICATE_ID', line: 3, column: 1 });
    const short = 'row ID,row m/z,row retention time,s1 Peak area,s2 Peak area\n1,100,1,5,6\n2,101,2,7\n';
    expect(errorOf(() => parseMzmineLegacy(short))).toMatchObject({ code: 'RAGGED_ROW', line: 3, column: 10 });
  });
});

describe('MZmine 3 modular CSV', () => {
  const header =
    'id,rt,rt_range:min,rt_range:max,mz,height,area,charge,compound_db_identity:compound_db_identity,datafile:QC_01.mzML:area,datafile:QC_01.mzML:height,datafile:QC_01.mzML:feature_state,datafile:S 2.mzML:area,datafile:S 2.mzML:height,datafile:S 2.mzML:feature_state,datafile:S3.raw:area,datafile:S3.raw:height,datafile:S3.raw:feature_state';

  it('finds id, mz, rt and the datafile:<file>:area columns by name; feature_state columns ignored', () => {
    const t = parseMzmine3(
      [
        header,
        '11,5.25,5.1,5.4,301.1404,9000,12000,1,Caffeine,1200,900,DETECTED,1300,950,DETECTED,,,UNKNOWN',
        '12,6.5,6.4,6.6,150.05,800,1000,1,,100,80,DETECTED,0,0,ESTIMATED,200,150,DETECTED',
      ].join('\n'),
    );
    expect(t.format).toBe('mzmine3');
    expect(t.sampleIds).toEqual(['QC_01.mzML', 'S 2.mzML', 'S3.raw']);
    expect(t.quantity).toBe('area');
    expect(byFeature(t)).toEqual([
      [1200, 1300, NaN],
      [100, 0, 200],
    ]);
    expect(Array.from(t.features.mz)).toEqual([301.1404, 150.05]);
    expect(Array.from(t.features.rt)).toEqual([5.25, 6.5]);
    expect(t.features.rtUnit).toBe('min');
    expect(t.features.name).toEqual(['Caffeine', null]);
    expect(t.features.extra['rt_range:min']).toEqual(['5.1', '6.4']);
  });

  it('falls back to heights, and fails MISSING_COLUMN without an id column', () => {
    const t = parseMzmine3(
      'id,mz,rt,datafile:a.mzML:height,datafile:b.mzML:height\n1,100,1,3,4\n2,200,2,5,6\n3,300,3,7,8\n',
    );
    expect(t.quantity).toBe('height');
    expect(byFeature(t)).toEqual([
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    expect(errorOf(() => parseMzmine3('mz,rt,datafile:a.mzML:area\n1,2,3\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
    expect(errorOf(() => parseMzmine3('id,mz,rt,datafile:a.mzML:rt\n1,2,3,4\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
  });
});
