/** Missing-value markers in sample metadata: QIIME 2 `#q2:missing` schemes and the markers R and pandas write. */
import { parseCsvMetadataText } from '../../../../lambdas/core/study/csv-metadata.js';
import { numericColumn, parseMetadataText } from '../../../../lambdas/core/study/qiime2-metadata.js';
import { isMissingMetadataValue, isMissingValue } from '../../../../lambdas/core/text/missing.js';

const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n');

describe('missing markers', () => {
  it('reads the R, pandas and spreadsheet spellings as missing numbers, not Na (sodium)', () => {
    for (const m of ['', 'NA', 'na', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', 'None'])
      expect(isMissingValue(m)).toBe(true);
    for (const m of ['Na', '0', 'none given', '-']) expect(isMissingValue(m)).toBe(false);
  });

  it('in metadata adds the INSDC terms in any case and keeps None as a level', () => {
    for (const m of [
      'missing',
      'Not applicable',
      'not collected',
      'NOT PROVIDED',
      'restricted access',
      'missing: control sample',
    ]) {
      expect(isMissingMetadataValue(m)).toBe(true);
    }
    expect(isMissingMetadataValue('None')).toBe(false);
    expect(isMissingMetadataValue('missingness')).toBe(false);
  });
});

describe('QIIME 2 metadata with missing markers', () => {
  const text = tsv([
    ['sample-id', 'birth_weight', 'delivery', 'supplement'],
    ['s1', '3.2', 'Vaginal', 'None'],
    ['s2', 'NA', 'NA', 'calcium'],
    ['s3', 'not applicable', 'Cesarean', 'None'],
    ['s4', '2.9', 'missing', 'calcium'],
    ['s5', '', 'Vaginal', 'N/A'],
  ]);

  it('keeps a numeric column numeric when its other cells are all missing markers', () => {
    const md = parseMetadataText(text);
    const bw = md.columns.find((c) => c.name === 'birth_weight')!;
    expect(bw.type).toBe('numeric');
    expect(Array.from(numericColumn(bw))).toEqual([3.2, NaN, NaN, 2.9, NaN]);
  });

  it('never makes missing a level of a categorical column', () => {
    const md = parseMetadataText(text);
    const delivery = md.columns.find((c) => c.name === 'delivery')!;
    expect(delivery.type).toBe('categorical');
    expect(delivery.values).toEqual(['Vaginal', null, 'Cesarean', null, 'Vaginal']);
    expect(md.columns.find((c) => c.name === 'supplement')!.values).toEqual([
      'None',
      'calcium',
      'None',
      'calcium',
      null,
    ]);
  });

  it('records what it read as missing, per column', () => {
    expect(parseMetadataText(text).missing).toEqual([
      { column: 'birth_weight', scheme: 'default', markers: { NA: 1, 'not applicable': 1, '': 1 } },
      { column: 'delivery', scheme: 'default', markers: { NA: 1, missing: 1 } },
      { column: 'supplement', scheme: 'default', markers: { 'N/A': 1 } },
    ]);
  });

  it('follows #q2:missing: blank keeps NA as text, INSDC:missing reads only the INSDC terms, in either directive order', () => {
    const md = parseMetadataText(
      tsv([
        ['sample-id', 'a', 'b'],
        ['#q2:missing', 'blank', 'INSDC:missing'],
        ['#q2:types', 'categorical', 'numeric'],
        ['s1', 'NA', '1.5'],
        ['s2', 'x', 'not collected'],
        ['s3', '', '2'],
      ]),
    );
    expect(md.columns[0]!.values).toEqual(['NA', 'x', null]);
    expect(md.columns[1]!.type).toBe('numeric');
    expect(Array.from(numericColumn(md.columns[1]!))).toEqual([1.5, NaN, 2]);
    expect(md.missing).toEqual([
      { column: 'a', scheme: 'blank', markers: { '': 1 } },
      { column: 'b', scheme: 'INSDC:missing', markers: { 'not collected': 1 } },
    ]);
  });

  it('fails a declared numeric column with a value that is neither a number nor missing under its scheme', () => {
    expect(() =>
      parseMetadataText(
        tsv([
          ['sample-id', 'b'],
          ['#q2:missing', 'INSDC:missing'],
          ['#q2:types', 'numeric'],
          ['s1', 'NA'],
        ]),
      ),
    ).toThrow(/declared numeric but has "NA"/);
  });

  it('rejects an empty cell under no-missing and an unknown scheme, with the location', () => {
    expect(() =>
      parseMetadataText(
        tsv([
          ['sample-id', 'b'],
          ['#q2:missing', 'no-missing'],
          ['s1', ''],
        ]),
      ),
    ).toThrow(/no-missing/);
    try {
      parseMetadataText(
        tsv([
          ['sample-id', 'b'],
          ['#q2:missing', 'sometimes'],
          ['s1', '1'],
        ]),
      );
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as { error: { code: string; line: number; column: number } }).error).toMatchObject({
        code: 'INVALID_METADATA',
        line: 2,
        column: 13,
      });
    }
  });
});

describe('CSV metadata (R write.csv) with missing markers', () => {
  it('reads NA and INSDC terms as missing and keeps the column numeric', () => {
    const md = parseCsvMetadataText('"","bmd","arm"\n"s1",0.91,"high"\n"s2",NA,"regular"\n"s3","not collected",NA\n');
    expect(md.columns[0]!.type).toBe('numeric');
    expect(md.columns[0]!.values).toEqual(['0.91', null, null]);
    expect(md.columns[1]!.values).toEqual(['high', 'regular', null]);
    expect(md.missing).toEqual([
      { column: 'bmd', scheme: 'default', markers: { NA: 1, 'not collected': 1 } },
      { column: 'arm', scheme: 'default', markers: { NA: 1 } },
    ]);
  });
});
