import { gzipSync } from 'fflate';
import { type DataError, DataErrorSignal } from '../../../../lambdas/core/errors.js';
import {
  ByteLineCursor,
  DecimalCellScanner,
  decodeText,
  gunzipIfNeeded,
  LineCursor,
  lineColumnAt,
  parseDecimal,
  splitFields,
  textBytes,
} from '../../../../lambdas/core/text/text.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The DataError a throwing call signals. */
function signalled(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error;
    throw e;
  }
  throw new Error('expected a DataErrorSignal');
}

/** Every line a cursor yields, with its number. */
function lines(text: string): [number, string][] {
  const cur = new LineCursor(text);
  const out: [number, string][] = [];
  while (cur.advance()) out.push([cur.lineNo, cur.line]);
  return out;
}

describe('parseDecimal', () => {
  it('parses integer-valued strings exactly', () => {
    expect(parseDecimal('12')).toBe(12);
    expect(parseDecimal('12.0')).toBe(12);
    expect(parseDecimal('2.6E5')).toBe(260000);
    expect(parseDecimal('2.6e+5')).toBe(260000);
    expect(parseDecimal('1.')).toBe(1);
    expect(parseDecimal('+7')).toBe(7);
    expect(parseDecimal('  27.0 ')).toBe(27);
  });

  it('gives the same double as Number() for fractions, long mantissas and large exponents', () => {
    const cases = [
      '0.1',
      '.5',
      '-0.3',
      '686.9547325102881',
      '0.9916072061317569',
      '12345678901234567890',
      '1e-30',
      '3.5e300',
      '4.9e-324',
      '0.000001234',
    ];
    for (const s of cases) expect(parseDecimal(s)).toBe(Number(s));
  });

  it('agrees with Number() on 20 000 random decimals', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 20000; k++) {
      const s = (next() * 10 ** Math.floor(next() * 12)).toFixed(Math.floor(next() * 10));
      expect(parseDecimal(s)).toBe(Number(s));
    }
  });

  it('rejects what is not a plain decimal number', () => {
    for (const s of ['', ' ', 'NA', 'nan', 'Infinity', '0x10', '1,000', '1e', '--1', '.', '1.2.3', '12abc'])
      expect(parseDecimal(s)).toBeNaN();
  });

  it('reads only the given range', () => {
    expect(parseDecimal('12\t345', 0, 2)).toBe(12);
    expect(parseDecimal('12\t345', 3, 6)).toBe(345);
  });
});

describe('DecimalCellScanner', () => {
  it('parses one tab-delimited cell of bytes and stops at the tab', () => {
    const bytes = utf8('27.0\t2.6E5\t-3\tx1\t');
    const s = new DecimalCellScanner();
    expect(s.scan(bytes, 0)).toBe(27);
    expect(s.end).toBe(4);
    expect(s.scan(bytes, 5)).toBe(260000);
    expect(s.end).toBe(10);
    expect(s.scan(bytes, 11)).toBe(-3);
    expect(s.scan(bytes, 14)).toBeNaN();
    expect(s.scan(bytes, 17)).toBeNaN();
  });

  it('ends a cell at CR, LF or the end of the bytes', () => {
    const s = new DecimalCellScanner();
    expect(s.scan(utf8('5\r\n'), 0)).toBe(5);
    expect(s.scan(utf8('0.25\n'), 0)).toBe(0.25);
    expect(s.scan(utf8('1234567890123456789'), 0)).toBe(Number('1234567890123456789'));
  });
});

describe('splitFields', () => {
  it('reports the 1-based column where each field starts', () => {
    expect(splitFields('#OTU ID\tS1\tS2')).toEqual({ values: ['#OTU ID', 'S1', 'S2'], columns: [1, 9, 12] });
  });

  it('keeps tabs, commas and doubled quotes inside a quoted field', () => {
    const f = splitFields('S1\t"Pine soil,\tpH ""4.9"""\tx');
    expect(f.values).toEqual(['S1', 'Pine soil,\tpH "4.9"', 'x']);
    expect(f.columns).toEqual([1, 4, 28]);
  });

  it('splits on another delimiter and keeps empty trailing fields', () => {
    expect(splitFields('a,"b,c",,', ',').values).toEqual(['a', 'b,c', '', '']);
  });

  it('splits a range of a larger text', () => {
    const text = 'x\ta\tb\ny';
    expect(splitFields(text, '\t', 0, 5)).toEqual({ values: ['x', 'a', 'b'], columns: [1, 3, 5] });
  });
});

describe('LineCursor', () => {
  it('handles LF, CRLF and a missing final newline', () => {
    expect(lines('a\nb\r\nc')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(lines('a\r\n\r\nb\r\n')).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b'],
    ]);
  });

  it('handles classic Mac CR line ends', () => {
    expect(lines('a\rb\r')).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('has a byte twin that reports character columns', () => {
    const cur = new ByteLineCursor(utf8('héllo\tx\r\nz'));
    expect(cur.advance()).toBe(true);
    expect(cur.line).toBe('héllo\tx');
    expect(cur.columnOf(cur.start + 7)).toBe(7);
    expect(cur.advance()).toBe(true);
    expect([cur.lineNo, cur.line]).toEqual([2, 'z']);
    expect(cur.advance()).toBe(false);
  });
});

describe('lineColumnAt', () => {
  it('maps an offset to line and column', () => {
    expect(lineColumnAt('ab\ncd\r\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd\r\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('ab\ncd\r\nef', 8)).toEqual({ line: 3, column: 2 });
  });
});

describe('decoding', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
    expect(Array.from(textBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])))).toEqual([0x61]);
  });

  it('rejects NUL bytes and UTF-16 as binary', () => {
    expect(signalled(() => decodeText(new Uint8Array([0x61, 0x00, 0x62]))).code).toBe('BINARY_CONTENT');
    expect(signalled(() => decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).message).toMatch(/UTF-16/);
  });

  it('rejects bytes that are mostly invalid UTF-8, but tolerates a stray Latin-1 byte', () => {
    const garbage = Uint8Array.from({ length: 200 }, (_, i) => 0x80 + ((i * 37) % 0x7f));
    expect(signalled(() => decodeText(garbage)).code).toBe('BINARY_CONTENT');
    expect(decodeText(new Uint8Array([...utf8('sample '), 0xe9, ...utf8(' a long enough line of text')]))).toBe(
      'sample \ufffd a long enough line of text',
    );
  });

  it('rejects text full of control characters', () => {
    expect(signalled(() => decodeText(Uint8Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x01 : 0x41)))).code).toBe(
      'BINARY_CONTENT',
    );
  });
});

describe('gunzipIfNeeded', () => {
  const plain = utf8('#OTU ID\tS1\nF1\t3\n'.repeat(50));
  const gz = gzipSync(plain);

  it('inflates gzip and passes other bytes through', () => {
    expect(Array.from(gunzipIfNeeded(gz))).toEqual(Array.from(plain));
    expect(gunzipIfNeeded(plain)).toBe(plain);
  });

  it('reports a cut-off gzip stream as TRUNCATED_FILE', () => {
    expect(signalled(() => gunzipIfNeeded(gz.subarray(0, gz.length - 3))).code).toBe('TRUNCATED_FILE');
    expect(signalled(() => gunzipIfNeeded(gz.subarray(0, 6))).code).toBe('TRUNCATED_FILE');
  });

  it('reports a damaged gzip stream as INVALID_GZIP', () => {
    const bad = gz.slice();
    bad[3] = 0xff;
    expect(signalled(() => gunzipIfNeeded(bad)).code).toBe('INVALID_GZIP');
  });
});
