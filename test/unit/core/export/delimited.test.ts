/** CSV/TSV writers: exact bytes, the forms R and pandas read natively (TRUE/FALSE, NA, Inf), quoting, column resolution. */
import fc from 'fast-check';
import {
  type Column,
  exportTable,
  inferType,
  resolveColumns,
  toCell,
} from '../../../../lambdas/core/export/columns.js';
import { formatNumber, quoteField, toCsv, toTsv } from '../../../../lambdas/core/export/delimited.js';

const COLUMNS: Column[] = [
  { name: 'sampleId', type: 'string' },
  { name: 'depth', type: 'int' },
  { name: 'shannon', type: 'double' },
  { name: 'inMetadata', type: 'boolean' },
];

const ROWS = [
  { sampleId: 'S1', depth: 120, shannon: 2.5, inMetadata: true },
  { sampleId: 'S,2', depth: null, shannon: Number.NaN, inMetadata: false },
  { sampleId: 'say "hi"', depth: 7, shannon: Number.POSITIVE_INFINITY, inMetadata: null, note: 'line\nbreak' },
  { sampleId: 'tab\there', depth: 0, shannon: 1e-7, note: 'x' },
];

describe('toCsv / toTsv', () => {
  const table = exportTable('samples', COLUMNS, ROWS);

  it('CSV: header, TRUE/FALSE, NA for null/NaN/absent, Inf, shortest doubles, RFC 4180 quoting; extra fields appended', () => {
    expect(toCsv(table)).toBe(
      [
        'sampleId,depth,shannon,inMetadata,note',
        'S1,120,2.5,TRUE,NA',
        '"S,2",NA,NA,FALSE,NA',
        '"say ""hi""",7,Inf,NA,"line\nbreak"',
        'tab\there,0,1e-7,NA,x',
        '',
      ].join('\n'),
    );
  });

  it('TSV: the same cells, quoted when they hold a tab, a quote or a line break', () => {
    expect(toTsv(table)).toBe(
      [
        'sampleId\tdepth\tshannon\tinMetadata\tnote',
        'S1\t120\t2.5\tTRUE\tNA',
        'S,2\tNA\tNA\tFALSE\tNA',
        '"say ""hi"""\t7\tInf\tNA\t"line\nbreak"',
        '"tab\there"\t0\t1e-7\tNA\tx',
        '',
      ].join('\n'),
    );
  });

  it('an empty family is its header line', () => {
    expect(toCsv(exportTable('x', COLUMNS, []))).toBe('sampleId,depth,shannon,inMetadata\n');
  });

  it('numbers: -Inf, NaN as NA, and every finite double reads back exactly', () => {
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatNumber(Number.NaN)).toBe('NA');
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (x) => Number(formatNumber(x)) === x || (x === 0 && Number(formatNumber(x)) === 0),
      ),
    );
  });

  it('quoting round-trips: unquoting a quoted field gives the field back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = quoteField(s, ',');
        return q === s
          ? !/[,"\r\n]/.test(s)
          : q.startsWith('"') && q.endsWith('"') && q.slice(1, -1).replace(/""/g, '"') === s;
      }),
    );
  });
});

describe('column resolution', () => {
  it('declared columns keep their order and type; extras follow with inferred types; bookkeeping fields are dropped', () => {
    const cols = resolveColumns(COLUMNS, [
      { sampleId: 'a', flag: true, x: 1, label: 'b', axes: [1], expiresAt: 5 },
      { flag: null, x: 2.5, label: 3 },
    ]);
    expect(cols.map((c) => [c.name, c.type])).toEqual([
      ['sampleId', 'string'],
      ['depth', 'int'],
      ['shannon', 'double'],
      ['inMetadata', 'boolean'],
      ['flag', 'boolean'],
      ['x', 'double'],
      ['label', 'string'],
    ]);
  });

  it('an int column holding a non-integer is widened to double rather than rounded', () => {
    expect(resolveColumns([{ name: 'n', type: 'int' }], [{ n: 3 }, { n: 2.5 }])[0]!.type).toBe('double');
    expect(resolveColumns([{ name: 'n', type: 'int' }], [{ n: 3 }, { n: null }])[0]!.type).toBe('int');
  });

  it('cells: numbers and booleans as text in string columns, objects as JSON, unparseable numbers null', () => {
    expect(toCell('string', 3)).toBe('3');
    expect(toCell('string', false)).toBe('false');
    expect(toCell('string', { a: 1 })).toBe('{"a":1}');
    expect(toCell('double', '2.5')).toBe(2.5);
    expect(toCell('double', 'x')).toBeNull();
    expect(toCell('boolean', 'TRUE')).toBe(true);
    expect(toCell('int', undefined)).toBeNull();
    expect(inferType([null, undefined])).toBe('string');
  });
});
