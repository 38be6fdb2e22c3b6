import { parsePlainMatrix } from '../../../../../lambdas/core/metabolomics/formats/plain-matrix.js';
import { byFeature, crlf, errorOf } from '../helpers.js';

describe('plain feature x sample matrices', () => {
  it('R write.csv: "" corner, quoted ids, NA missing, samples in columns found by study sample ids', () => {
    const text = ['"","S1.mzML","S2.mzML","S3.mzML"', '"m1",1,2,3', '"m2",NA,0,2.6E5'].join('\n');
    const t = parsePlainMatrix(text, { sampleIds: ['S1', 'S2', 'S3'] });
    expect(t.orientation).toBe('features-in-rows');
    expect(t.orientationSource).toMatch(/3 header cells match/);
    expect(t.sampleIds).toEqual(['S1.mzML', 'S2.mzML', 'S3.mzML']);
    expect(byFeature(t)).toEqual([
      [1, 2, 3],
      [NaN, 0, 260000],
    ]);
    expect([t.nZeros, t.nMissingMarkers]).toEqual([1, 1]);
  });

  it("R write.table: header one cell short, tab separated, samples in rows when the row ids match the study's samples", () => {
    const t = parsePlainMatrix(['mA\tmB\tmC\tmD', 'S1\t1\t2\t3\t4', 'S2\t5\t6\t7\t8'].join('\n'), {
      sampleIds: ['S2', 'S1'],
    });
    expect(t.orientation).toBe('samples-in-rows');
    expect(t.orientationSource).toMatch(/header one cell short/);
    expect(t.sampleIds).toEqual(['S1', 'S2']);
    expect(t.featureIds).toEqual(['mA', 'mB', 'mC', 'mD']);
    expect(byFeature(t)).toEqual([
      [1, 5],
      [2, 6],
      [3, 7],
      [4, 8],
    ]);
  });

  it('Excel in a decimal-comma locale: ";" separated, quoted and space-padded numbers, 1,5 is 1.5 (never 15), CRLF and BOM', () => {
    const text = `\ufeff${crlf(['Metabolite;QC1;S_1;S_2', 'Alanine; "1,5" ;2,25;3', '"Citrate, total";0;  NA  ;"1,0E3"'])}`;
    const t = parsePlainMatrix(text, { sampleIds: ['QC1', 'S_1', 'S_2'] });
    expect(t.decimalSeparator).toBe(',');
    expect(t.featureIds).toEqual(['Alanine', 'Citrate, total']);
    expect(byFeature(t)).toEqual([
      [1.5, 2.25, 3],
      [0, NaN, 1000],
    ]);
  });

  it('pandas to_csv with an index name; annotation columns (mz, rt) kept as text; orientation guessed and warned', () => {
    const t = parsePlainMatrix(
      ['feature,mz,rt (min),A,B', 'f1,100.1,1.5,10,20', 'f2,200.2,2.5,30,40', 'f3,300.3,3.5,50,60'].join('\n'),
    );
    expect(t.orientation).toBe('features-in-rows');
    expect(t.sampleIds).toEqual(['A', 'B']);
    expect(Array.from(t.features.mz)).toEqual([100.1, 200.2, 300.3]);
    expect(Array.from(t.features.rt)).toEqual([1.5, 2.5, 3.5]);
    expect(t.features.rtUnit).toBe('min');
    expect(t.warnings.map((w) => w.code)).toEqual(['ORIENTATION_GUESSED']);
  });

  it('raw-file names in the first column put samples in rows', () => {
    const t = parsePlainMatrix('sample,m1,m2,m3\na.mzML,1,2,3\nb.mzML,4,5,6\n');
    expect(t.orientation).toBe('samples-in-rows');
    expect(t.sampleIds).toEqual(['a.mzML', 'b.mzML']);
  });

  it('a decimal comma in a comma-separated file is an error, not 15', () => {
    // line 2 'm1,"1,5",2' : the quoted cell starts at column 4
    expect(
      errorOf(() => parsePlainMatrix('id,S1,S2\nm1,"1,5",2\nm2,3,4\n', { orientation: 'features-in-rows' })),
    ).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 2, column: 4 });
  });

  it('fails NON_NUMERIC_VALUE at a bad intensity and RAGGED_ROW on a long row', () => {
    expect(
      errorOf(() => parsePlainMatrix('id,S1,S2\nm1,1,2\nm2,3,4x\nm3,5,6\n', { orientation: 'features-in-rows' })),
    ).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 3, column: 6 });
    expect(
      errorOf(() => parsePlainMatrix('id,S1,S2\nm1,1,2\nm2,3,4,5\n', { orientation: 'features-in-rows' })),
    ).toMatchObject({ code: 'RAGGED_ROW', line: 3, column: 8 });
  });
});
