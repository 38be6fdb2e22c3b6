import { parseMsdial } from '../../../../../lambdas/core/metabolomics/formats/msdial.js';
import { readFixture } from '../../../../helpers/fixtures.js';
import { byFeature, cell, crlf, errorOf } from '../helpers.js';

/** Tab-joined row. */
const row = (...cells: (string | number)[]) => cells.join('\t');

describe('MS-DIAL alignment result (LC-MS, shared file)', () => {
  const t = parseMsdial(readFixture('data', 'msdial-alignment-lcms', 'MSDIAL_Alignment_result_LC-MS.txt'), 'height');

  it('finds the header by Alignment ID after the 4-row sample-information block: 230 features x 5 samples', () => {
    expect([t.featureIds.length, t.sampleIds.length]).toEqual([230, 5]);
    expect(t.sampleIds).toEqual(['1a', '1b', '2a', '2b', 'blank']);
    expect(t.featureIds[0]).toBe('0');
    expect(t.featureIds[229]).toBe('229');
  });

  it('excludes the 6 Average/Stdev summary columns (which reuse the class names)', () => {
    // line 6: ... 558 252 1197 194 33 | 404.625 695.59375 33.25 216.37 708.92 0
    expect(byFeature(t)[0]).toEqual([558, 252, 1197, 194, 33]);
    // last line: 229 0.393 697.10236 … 5891 0 0 0 0 | 2945.40625 …
    expect(cell(t, '229', '1a')).toBe(5891);
    expect(cell(t, '229', 'blank')).toBe(0);
  });

  it('reads class, file type, injection order and batch; RT in minutes; Unknown is no name', () => {
    expect(t.samples.classLabel).toEqual(['1', '1', '2', '2', 'blank']);
    expect(t.samples.sampleType).toEqual(['sample', 'sample', 'sample', 'sample', 'blank']);
    expect(Array.from(t.samples.injectionOrder)).toEqual([1, 2, 3, 4, 5]);
    expect(t.samples.batch).toEqual(['1', '1', '1', '1', '1']);
    expect(t.features.rtUnit).toBe('min');
    expect([t.features.rt[0], t.features.mz[0]]).toEqual([4.613, 73.06504]);
    expect(t.features.name.every((n) => n === null)).toBe(true);
    expect(t.features.extra['Adduct type']![0]).toBe('[M+H]+');
    expect(t.features.extra['MS/MS spectrum']).toBeUndefined();
    expect(t.quantity).toBe('height');
  });

  it('counts the zeros (SOURCE.md: 38.4 % of the 1150 intensities)', () => {
    expect(t.nZeros).toBe(442);
  });
});

describe('MS-DIAL alignment result (GC-MS layout, inline)', () => {
  const pre = (label: string, ...v: string[]) => row('', '', '', '', '', label, ...v);
  const text = crlf([
    pre('Class', 'ctrl', 'ctrl', 'QC', 'NA', 'NA'),
    pre('File type', 'Sample', 'Sample', 'QC', 'NA', 'NA'),
    pre('Injection order', '1', '2', '3', 'NA', 'NA'),
    pre('Batch ID', '1', '1', '1', 'Average', 'Stdev'),
    row(
      'Alignment ID',
      'Average Rt(min)',
      'Average RI',
      'Quant mass',
      'Metabolite name',
      'EI spectrum',
      'c1',
      'c2',
      'qc1',
      'ctrl',
      'ctrl',
    ),
    row(0, '5.5', '1100.2', '73', 'Alanine', '73:100 147:20', '10', '12', '11', '11', '1'),
    row(1, '7.25', '1300', '147', 'Unknown', '147:100', '0', '3', 'null', '1.5', '2'),
  ]);

  it('takes Quant mass as m/z, drops summaries by the Batch ID row, maps File type QC', () => {
    const t = parseMsdial(text);
    expect(t.sampleIds).toEqual(['c1', 'c2', 'qc1']);
    expect(byFeature(t)).toEqual([
      [10, 12, 11],
      [0, 3, NaN],
    ]);
    expect(Array.from(t.features.mz)).toEqual([73, 147]);
    expect(Array.from(t.features.rt)).toEqual([5.5, 7.25]);
    expect(t.features.name).toEqual(['Alanine', null]);
    expect(t.features.extra['Average RI']).toEqual(['1100.2', '1300']);
    expect(t.samples.sampleType).toEqual(['sample', 'sample', 'qc']);
    expect(t.quantity).toBe('intensity');
  });

  it('without the information block, samples start after the spectrum column', () => {
    const t = parseMsdial(
      [
        row('Alignment ID', 'Average Rt(min)', 'Average Mz', 'MS/MS spectrum', 'a', 'b'),
        row(1, '2', '100', '', '5', '6'),
        row(2, '3', '200', '', '7', '8'),
      ].join('\n'),
    );
    expect(t.sampleIds).toEqual(['a', 'b']);
    expect(byFeature(t)).toEqual([
      [5, 6],
      [7, 8],
    ]);
  });

  it('fails WRONG_HEADER when no line starts with Alignment ID', () => {
    expect(errorOf(() => parseMsdial(`${row('ID', 'Average Rt(min)', 'a')}\n${row(1, 2, 3)}\n`))).toMatchObject({
      code: 'WRONG_HEADER',
      line: 1,
      column: 1,
    });
  });

  it('fails NON_NUMERIC_VALUE at the cell, and MISSING_COLUMN when no sample column follows', () => {
    const bad = text.replace('\t12\t11\t', '\t1 2\t11\t');
    // line 6: "0\t5.5\t1100.2\t73\tAlanine\t73:100 147:20\t10\t1 2": the first 7 fields and their tabs take
    // 1+1+3+1+6+1+2+1+7+1+13+1+2+1 = 41 characters, so the bad cell starts at column 42
    expect(errorOf(() => parseMsdial(bad))).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 6, column: 42 });
    expect(
      errorOf(() => parseMsdial(`${row('Alignment ID', 'Average Mz', 'MS/MS spectrum')}\n${row(1, 2, '')}\n`)),
    ).toMatchObject({ code: 'MISSING_COLUMN', line: 1 });
  });
});
