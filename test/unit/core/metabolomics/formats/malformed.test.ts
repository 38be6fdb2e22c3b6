/**
 * The four malformed cases for every format: header missing, sample columns
 * not found, a non-numeric intensity (error code + line + column), and a
 * feature with no value (not an error: an ALL_MISSING_FEATURE warning at its
 * first intensity cell; processing then drops it). Columns are 1-based
 * character positions, counted in the comments.
 */
import { parseMetaboanalyst } from '../../../../../lambdas/core/metabolomics/formats/metaboanalyst.js';
import { parseMsdial } from '../../../../../lambdas/core/metabolomics/formats/msdial.js';
import { parseMzmine3, parseMzmineLegacy } from '../../../../../lambdas/core/metabolomics/formats/mzmine.js';
import { parseMzTabM } from '../../../../../lambdas/core/metabolomics/formats/mztab.js';
import { parsePlainMatrix } from '../../../../../lambdas/core/metabolomics/formats/plain-matrix.js';
import { parseW4mDataMatrix } from '../../../../../lambdas/core/metabolomics/formats/w4m.js';
import { parseXcms } from '../../../../../lambdas/core/metabolomics/formats/xcms.js';
import type { MetabolomicsTable } from '../../../../../lambdas/core/metabolomics/matrix.js';
import { errorOf } from '../helpers.js';

interface Case {
  parse: (text: string) => MetabolomicsTable;
  headerMissing: [string, { code: string; line: number; column: number }];
  noSamples: [string, { code: string; line: number; column: number }];
  nonNumeric: [string, { line: number; column: number }];
  allMissing: [string, { line: number; column: number }];
}

const MSDIAL_HEADER = 'Alignment ID\tAverage Rt(min)\tAverage Mz\tMS/MS spectrum';
const MZTAB_MTD = 'MTD\tmzTab-version\t2.0.0-M\nMTD\tassay[1]\tA\nMTD\tassay[2]\tB\n';
const MZTAB_SMH = 'SMH\tSML_ID\tabundance_assay[1]\tabundance_assay[2]\n';

const CASES: Record<string, Case> = {
  'MZmine 3': {
    parse: parseMzmine3,
    headerMissing: ['1,100.1,2.5,500,600\n2,200.2,3.5,700,800\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    noSamples: ['id,mz,rt,area\n1,100,1,5\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // "2,200,3,7,n.d." : "2,200,3,7," is 10 characters
    nonNumeric: ['id,mz,rt,datafile:a:area,datafile:b:area\n1,100,1,5,6\n2,200,3,7,n.d.\n', { line: 3, column: 11 }],
    // "2,200,3,0," : the first intensity cell starts after "2,200,3," (8 characters)
    allMissing: ['id,mz,rt,datafile:a:area,datafile:b:area\n1,100,1,5,6\n2,200,3,0,\n', { line: 3, column: 9 }],
  },
  'MZmine 2 / FBMN': {
    parse: parseMzmineLegacy,
    headerMissing: ['1,100.1,2.5,500,600\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    noSamples: ['row ID,row m/z,row retention time\n1,100,1\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // "1,100,1,5e" : the cell starts after "1,100,1," (8 characters)
    nonNumeric: ['row ID,row m/z,row retention time,a Peak area\n1,100,1,5e\n', { line: 2, column: 9 }],
    allMissing: [
      'row ID,row m/z,row retention time,a Peak area,b Peak area\n1,100,1,NA,0\n2,100,1,1,2\n',
      { line: 2, column: 9 },
    ],
  },
  'MS-DIAL': {
    parse: parseMsdial,
    headerMissing: ['0\t1.5\t100.1\t\t5\t6\n', { code: 'WRONG_HEADER', line: 1, column: 1 }],
    // reported at the last annotation column, after which the samples were expected: 12 + 1 + 15 + 1 + 10 + 1 = 40 characters before it
    noSamples: [`${MSDIAL_HEADER}\n0\t1.5\t100.1\t\n`, { code: 'MISSING_COLUMN', line: 1, column: 41 }],
    // "0\t1.5\t100.1\t\t5\tx": 1 + 1 + 3 + 1 + 5 + 1 + 0 + 1 + 1 + 1 = 15 characters before the cell
    nonNumeric: [`${MSDIAL_HEADER}\ta\tb\n0\t1.5\t100.1\t\t5\tx\n`, { line: 2, column: 16 }],
    // "0\t1.5\t100.1\t\t0\t0": the first sample cell starts after 13 characters
    allMissing: [`${MSDIAL_HEADER}\ta\tb\n0\t1.5\t100.1\t\t0\t0\n1\t2\t200\t\t3\t4\n`, { line: 2, column: 14 }],
  },
  xcms: {
    parse: parseXcms,
    headerMissing: ['"FT01",1,2\n"FT02",3,4\n', { code: 'WRONG_HEADER', line: 1, column: 1 }],
    noSamples: ['"","mzmed","rtmed","npeaks"\n"FT01",100,20,1\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // '"FT02",3,-' : '"FT02",3,' is 9 characters
    nonNumeric: ['"","a","b"\n"FT01",1,2\n"FT02",3,-\n', { line: 3, column: 10 }],
    allMissing: ['"","a","b"\n"FT01",NA,NA\n"FT02",3,4\n', { line: 2, column: 8 }],
  },
  MetaboAnalyst: {
    parse: parseMetaboanalyst,
    headerMissing: ['S1,1,2,3\nS2,4,5,6\nS3,7,8,9\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    noSamples: ['Sample,Label\nS1,A\nS2,B\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // "S2,B,4,?" : "S2,B,4," is 7 characters
    nonNumeric: ['Sample,Label,m1,m2\nS1,A,1,2\nS2,B,4,?\n', { line: 3, column: 8 }],
    // feature m2 is missing in every sample: its header cell follows "Sample,Label,m1," (16 characters)
    allMissing: ['Sample,Label,m1,m2\nS1,A,1,NA\nS2,B,4,0\n', { line: 1, column: 17 }],
  },
  'W4M dataMatrix': {
    parse: parseW4mDataMatrix,
    headerMissing: [
      'v1\t1\t2\nv2\t3\t4\n'.replace('v1', '1.5').replace('v2', '2.5'),
      { code: 'WRONG_HEADER', line: 1, column: 1 },
    ],
    noSamples: ['dataMatrix\nv1\nv2\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // "v2\t3\tNaNa": "v2\t3\t" is 5 characters
    nonNumeric: ['dataMatrix\tA\tB\nv1\t1\t2\nv2\t3\tNaNa\n', { line: 3, column: 6 }],
    allMissing: ['dataMatrix\tA\tB\nv1\tNA\tNA\nv2\t3\t4\n', { line: 2, column: 4 }],
  },
  'mzTab-M': {
    parse: parseMzTabM,
    headerMissing: [`${MZTAB_MTD}SML\t1\t5\t6\n`, { code: 'WRONG_HEADER', line: 4, column: 1 }],
    noSamples: [`${MZTAB_MTD}SMH\tSML_ID\tchemical_name\nSML\t1\tx\n`, { code: 'MISSING_COLUMN', line: 4, column: 1 }],
    // "SML\t2\t7\t8,5": "SML\t2\t7\t" is 8 characters
    nonNumeric: [`${MZTAB_MTD}${MZTAB_SMH}SML\t1\t5\t6\nSML\t2\t7\t8,5\n`, { line: 6, column: 9 }],
    allMissing: [`${MZTAB_MTD}${MZTAB_SMH}SML\t1\tnull\tnull\nSML\t2\t7\t8\n`, { line: 5, column: 7 }],
  },
  'plain matrix': {
    parse: (t) => parsePlainMatrix(t, { orientation: 'features-in-rows' }),
    headerMissing: ['1,2,3\n4,5,6\n', { code: 'WRONG_HEADER', line: 1, column: 1 }],
    noSamples: ['id,name\nm1,alanine\nm2,glycine\n', { code: 'MISSING_COLUMN', line: 1, column: 1 }],
    // "m2;3;4;5,5.5" (decimal-comma file): "m2;3;4;" is 7 characters
    nonNumeric: ['id;S1;S2;S3\nm1;1,5;2;3\nm2;3;4;5,5.5\n', { line: 3, column: 8 }],
    allMissing: ['id,S1,S2\nm1,,\nm2,1,2\n', { line: 2, column: 4 }],
  },
};

describe.each(Object.entries(CASES))('%s, malformed', (_name, c) => {
  it('header missing', () => expect(errorOf(() => c.parse(c.headerMissing[0]))).toMatchObject(c.headerMissing[1]));
  it('sample columns not found', () => expect(errorOf(() => c.parse(c.noSamples[0]))).toMatchObject(c.noSamples[1]));
  it('non-numeric intensity', () =>
    expect(errorOf(() => c.parse(c.nonNumeric[0]))).toMatchObject({ code: 'NON_NUMERIC_VALUE', ...c.nonNumeric[1] }));
  it('all-missing feature (warning, not an error)', () =>
    expect(c.parse(c.allMissing[0]).warnings).toEqual([
      expect.objectContaining({ code: 'ALL_MISSING_FEATURE', ...c.allMissing[1] }),
    ]));
});
