import {
  biomJsonChunks,
  biomTsvLines,
  csvCell,
  formatArea,
  formatBiomValue,
  lineageRanks,
  writeBiomJson,
  writeBiomTsv,
  writeMzmine3Csv,
  writePathwayMap,
  writeQiimeMetadata,
  writeTaxonomyTsv,
} from '../../../../cli/simulate/writers.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

/**
 * 3 features x 2 samples (non-square), by hand:
 *        s1   s2
 *   f1    5    0
 *   f2    0    0
 *   f3    2  0.5
 */
function smallTable(): FeatureTable {
  const b = new FeatureTableBuilder(['f1', 'f2', 'f3'], ['s1', 's2'], 4);
  b.add(2, 1, 0.5);
  b.add(0, 0, 5);
  b.add(2, 0, 2);
  return b.build();
}

const TAXA = [
  'k__Bacteria; p__Firmicutes; c__Bacilli; o__Lactobacillales; f__Lactobacillaceae; g__Lactobacillus; s__',
  null,
  'Unassigned',
];

describe('formatBiomValue', () => {
  it('writes integers with a trailing .0 and other values in shortest form', () => {
    expect(formatBiomValue(12)).toBe('12.0');
    expect(formatBiomValue(0)).toBe('0.0');
    expect(formatBiomValue(0.5)).toBe('0.5');
    expect(formatBiomValue(1 / 3)).toBe('0.3333333333333333');
  });
});

describe('lineageRanks', () => {
  it('splits on ; and trims each rank', () => {
    expect(lineageRanks('k__Bacteria;  p__Firmicutes ;g__')).toEqual(['k__Bacteria', 'p__Firmicutes', 'g__']);
    expect(lineageRanks('Unassigned')).toEqual(['Unassigned']);
  });
});

describe('writeBiomJson', () => {
  it('writes the hand-derived sparse document, row-major triplets, taxonomy as rank lists', () => {
    const json = writeBiomJson(smallTable(), TAXA);
    expect(json).toBe(
      '{"id": "None", "format": "Biological Observation Matrix 1.0.0", "format_url": "http://biom-format.org", ' +
        '"matrix_type": "sparse", "generated_by": "biomeflow simulate", "date": "1970-01-01T00:00:00", "type": "OTU table", ' +
        '"matrix_element_type": "float", "shape": [3, 2], "data": [[0,0,5.0],[2,0,2.0],[2,1,0.5]],' +
        '"rows": [{"id": "f1", "metadata": {"taxonomy": ["k__Bacteria","p__Firmicutes","c__Bacilli","o__Lactobacillales","f__Lactobacillaceae","g__Lactobacillus","s__"]}},' +
        '{"id": "f2", "metadata": null},{"id": "f3", "metadata": {"taxonomy": ["Unassigned"]}}],' +
        '"columns": [{"id": "s1", "metadata": null},{"id": "s2", "metadata": null}]}',
    );
    expect(JSON.parse(json).data).toEqual([
      [0, 0, 5],
      [2, 0, 2],
      [2, 1, 0.5],
    ]);
  });

  it('uses the table taxonomy when none is passed, null metadata without any, and the header options', () => {
    const t = { ...smallTable(), taxonomy: TAXA };
    expect(JSON.parse(writeBiomJson(t)).rows[0].metadata.taxonomy[5]).toBe('g__Lactobacillus');
    const doc = JSON.parse(
      writeBiomJson(smallTable(), undefined, { tableId: 'T1', date: '2026-01-02T03:04:05', generatedBy: 'x' }),
    );
    expect(doc.rows.map((r: any) => r.metadata)).toEqual([null, null, null]);
    expect(doc).toMatchObject({ id: 'T1', date: '2026-01-02T03:04:05', generated_by: 'x' });
  });

  it('writes an empty data list for an all-zero table and equals the joined chunks', () => {
    const empty = new FeatureTableBuilder(['a', 'b'], ['s'], 1).build();
    expect(JSON.parse(writeBiomJson(empty)).data).toEqual([]);
    expect([...biomJsonChunks(smallTable(), TAXA)].join('')).toBe(writeBiomJson(smallTable(), TAXA));
  });

  it('rejects a taxonomy of the wrong length', () => {
    expect(() => writeBiomJson(smallTable(), ['x'])).toThrow(RangeError);
  });
});

describe('writeBiomTsv', () => {
  it('writes the hand-derived classic TSV with a taxonomy column', () => {
    expect(writeBiomTsv(smallTable(), TAXA)).toBe(
      '# Constructed from biom file\n' +
        '#OTU ID\ts1\ts2\ttaxonomy\n' +
        'f1\t5.0\t0.0\tk__Bacteria; p__Firmicutes; c__Bacilli; o__Lactobacillales; f__Lactobacillaceae; g__Lactobacillus; s__\n' +
        'f2\t0.0\t0.0\t\n' +
        'f3\t2.0\t0.5\tUnassigned\n',
    );
  });

  it('omits the taxonomy column without taxonomy and equals the joined lines', () => {
    expect(writeBiomTsv(smallTable())).toBe(
      '# Constructed from biom file\n#OTU ID\ts1\ts2\nf1\t5.0\t0.0\nf2\t0.0\t0.0\nf3\t2.0\t0.5\n',
    );
    expect([...biomTsvLines(smallTable(), TAXA)].join('')).toBe(writeBiomTsv(smallTable(), TAXA));
  });
});

describe('writeTaxonomyTsv', () => {
  it('writes Feature ID, Taxon, Confidence', () => {
    expect(writeTaxonomyTsv(['a', 'b'], ['k__Bacteria; g__', 'Unassigned'], [0.99, 0.5])).toBe(
      'Feature ID\tTaxon\tConfidence\na\tk__Bacteria; g__\t0.99\nb\tUnassigned\t0.5\n',
    );
    expect(() => writeTaxonomyTsv(['a'], [], [1])).toThrow(RangeError);
  });
});

describe('writeQiimeMetadata', () => {
  it('writes sample-id and #q2:types rows', () => {
    const text = writeQiimeMetadata(
      [
        { name: 'arm', type: 'categorical' },
        { name: 'bmd', type: 'numeric' },
      ],
      [['S001-M00', 'regular', '0.951']],
    );
    expect(text).toBe('sample-id\tarm\tbmd\n#q2:types\tcategorical\tnumeric\nS001-M00\tregular\t0.951\n');
  });

  it('rejects ragged rows and cells with tabs', () => {
    const cols = [{ name: 'arm', type: 'categorical' as const }];
    expect(() => writeQiimeMetadata(cols, [['S1']])).toThrow(RangeError);
    expect(() => writeQiimeMetadata(cols, [['S1', 'a\tb']])).toThrow(RangeError);
  });
});

describe('csvCell and formatArea', () => {
  it('quotes cells with commas or quotes (doubling quotes) and leaves others alone', () => {
    expect(csvCell('Cholic acid')).toBe('Cholic acid');
    expect(csvCell('myo-Inositol 1,4,5-trisphosphate')).toBe('"myo-Inositol 1,4,5-trisphosphate"');
    expect(csvCell('a "b"')).toBe('"a ""b"""');
  });

  it('writes areas to 7 significant digits in shortest form, NaN as the empty cell', () => {
    expect(formatArea(12345678.9)).toBe('12345680');
    expect(formatArea(45678.123456)).toBe('45678.12');
    expect(formatArea(20000)).toBe('20000');
    expect(formatArea(NaN)).toBe('');
  });
});

describe('writeMzmine3Csv', () => {
  it('writes the hand-derived table: id, mz (4 decimals), rt (2 decimals), name, formula, one datafile area column per file', () => {
    // 2 features x 3 files (non-square), feature-major areas
    const text = writeMzmine3Csv({
      ids: ['1', '2'],
      mz: [407.28029792, 121.5],
      rt: [10.4, 0.7],
      names: ['Cholic acid', null],
      formulas: ['C24H40O5', null],
      files: ['a.mzML', 'b.mzML', 'c.mzML'],
      areas: [1000.5, NaN, 3e6, NaN, 25000, 12345678.9],
    });
    expect(text).toBe(
      'id,mz,rt,compound_db_identity:compound_db_identity,compound_db_identity:mol_formula,datafile:a.mzML:area,datafile:b.mzML:area,datafile:c.mzML:area\n' +
        '1,407.2803,10.40,Cholic acid,C24H40O5,1000.5,,3000000\n' +
        '2,121.5000,0.70,,,,25000,12345680\n',
    );
  });

  it('rejects areas that do not fill features x files', () => {
    expect(() =>
      writeMzmine3Csv({ ids: ['1'], mz: [1], rt: [1], names: [null], formulas: [null], files: ['a', 'b'], areas: [1] }),
    ).toThrow(RangeError);
  });
});

describe('writePathwayMap', () => {
  it('writes featureId / pathway pairs, a feature in several pathways on several rows', () => {
    expect(
      writePathwayMap([
        { featureId: '3', pathway: 'Fatty acid metabolism' },
        { featureId: '3', pathway: 'Calcium signalling' },
      ]),
    ).toBe('featureId\tpathway\n3\tFatty acid metabolism\n3\tCalcium signalling\n');
    expect(() => writePathwayMap([{ featureId: '1', pathway: 'a\tb' }])).toThrow(RangeError);
  });
});
