/**
 * One malformed input per error, built inline, each checked for its exact
 * code, line and column (0 = not applicable) through the public entry point.
 */

import { parseBiomTsv } from '../../../../lambdas/core/amplicon/formats/biom-tsv.js';
import type { DataError } from '../../../../lambdas/core/errors.js';
import { DataErrorSignal } from '../../../../lambdas/core/errors.js';
import { parseInput } from '../../../../lambdas/core/pipeline/index.js';
import { ACCEPTED_ID_HEADERS, parseMetadata } from '../../../../lambdas/core/study/qiime2-metadata.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The error parseInput returns for `content`; fails the test if parsing succeeds. */
async function errorOf(content: string | Uint8Array, fileName = 'upload.txt'): Promise<DataError> {
  const r = await parseInput(typeof content === 'string' ? utf8(content) : content, fileName);
  if (r.ok) throw new Error(`expected an error, got ${r.value.kind}/${r.value.format}`);
  return r.error;
}

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

/** A 2 x 2 sparse BIOM JSON text; `data` sits on line 6 from column 11, `rows` on line 4 from column 11. */
function biomJson(data: string, rows = '[{"id": "F1"}, {"id": "F2"}]'): string {
  return `{
  "shape": [2, 2],
  "matrix_type": "sparse",
  "rows": ${rows},
  "columns": [{"id": "S1"}, {"id": "S2"}],
  "data": ${data}
}`;
}

describe('file-level problems', () => {
  it('empty file -> EMPTY_FILE', async () => {
    expect(await errorOf(new Uint8Array(0), 'empty.tsv')).toMatchObject({
      code: 'EMPTY_FILE',
      line: 0,
      column: 0,
      file: 'empty.tsv',
    });
  });

  it('whitespace only -> EMPTY_FILE', async () => {
    expect(await errorOf(' \n\r\n\t\n')).toMatchObject({ code: 'EMPTY_FILE', line: 0, column: 0 });
  });

  it('binary garbage with NUL bytes -> BINARY_CONTENT', async () => {
    const garbage = new Uint8Array([0x13, 0x8f, 0x00, 0xff, 0x42, 0x00, 0x07, 0xc3, 0x28, 0x99]);
    expect(await errorOf(garbage, 'table.biom')).toMatchObject({
      code: 'BINARY_CONTENT',
      line: 0,
      column: 0,
      file: 'table.biom',
    });
  });

  it('unrecognised text -> UNKNOWN_FORMAT quoting the first line, listing what was expected', async () => {
    const e = await errorOf('Name\tComment\tOwner\nx\thello\tme\n');
    expect(e).toMatchObject({ code: 'UNKNOWN_FORMAT', line: 1, column: 1 });
    expect(e.message).toContain('"Name\\tComment\\tOwner"');
    expect(e.expected).toContain('BIOM TSV');
    expect(e.expected).toContain('QIIME 2 metadata');
  });
});

describe('BIOM JSON', () => {
  it('truncated JSON -> TRUNCATED_JSON at the point where the text ends', async () => {
    const text = '{\n  "shape": [1, 1],\n  "rows": [\n    {"id": "F1"';
    expect(await errorOf(text, 't.biom')).toMatchObject({ code: 'TRUNCATED_JSON', line: 4, column: 16 });
  });

  it('invalid JSON -> INVALID_JSON at the offending character', async () => {
    expect(await errorOf('{\n  "shape": [1, 1],\n  "rows": [}\n}')).toMatchObject({
      code: 'INVALID_JSON',
      line: 3,
      column: 12,
    });
  });

  it('missing required key -> INVALID_BIOM naming it', async () => {
    const e = await errorOf('{"shape": [1, 1], "columns": [], "data": []}');
    expect(e).toMatchObject({ code: 'INVALID_BIOM', line: 1, column: 1, expected: "'rows'" });
    expect(e.message).toContain("'rows'");
  });

  it('rows disagreeing with shape -> SHAPE_MISMATCH at the shape entry', async () => {
    const e = await errorOf(biomJson('[]', '[{"id": "F1"}, {"id": "F2"}, {"id": "F3"}]'));
    expect(e).toMatchObject({ code: 'SHAPE_MISMATCH', line: 2, column: 13 });
  });

  it('column index out of range -> SHAPE_MISMATCH at the index', async () => {
    expect(await errorOf(biomJson('[[0, 2, 1]]'))).toMatchObject({ code: 'SHAPE_MISMATCH', line: 6, column: 16 });
  });

  it('duplicate feature id -> DUPLICATE_ID at the second id', async () => {
    const e = await errorOf(biomJson('[]', '[{"id": "F1"}, {"id": "F1"}]'));
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 4, column: 33 });
    expect(e.message).toContain("'F1'");
  });

  it('negative count -> NEGATIVE_VALUE at the value', async () => {
    expect(await errorOf(biomJson('[[0, 0, 3], [1, 1, -4]]'))).toMatchObject({
      code: 'NEGATIVE_VALUE',
      line: 6,
      column: 30,
    });
  });

  it('non-numeric count -> NON_NUMERIC_VALUE at the value', async () => {
    expect(await errorOf(biomJson('[[0, 0, "5"]]'))).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 6, column: 19 });
  });
});

describe('BIOM TSV', () => {
  it('wrong header after the biom preamble -> WRONG_HEADER', async () => {
    const e = await errorOf('# Constructed from biom file\nOTU_ID\tS1\nF1\t1\n');
    expect(e).toMatchObject({ code: 'WRONG_HEADER', line: 2, column: 1, expected: "'#OTU ID'" });
  });

  it('missing header -> WRONG_HEADER at line 1', () => {
    expect(signalled(() => parseBiomTsv(utf8('F1\t1\t2\nF2\t0\t3\n')))).toMatchObject({
      code: 'WRONG_HEADER',
      line: 1,
      column: 1,
      expected: "'#OTU ID'",
    });
  });

  it('duplicate feature id -> DUPLICATE_ID', async () => {
    const e = await errorOf('#OTU ID\tS1\tS2\nF1\t1\t2\nF2\t0\t1\nF1\t3\t4\n');
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 4, column: 1 });
    expect(e.message).toContain('line 2');
  });

  it('duplicate sample id -> DUPLICATE_ID at the second header cell', async () => {
    const e = await errorOf('#OTU ID\tS1\tS1\nF1\t1\t2\n');
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 1, column: 12 });
    expect(e.message).toContain("'S1'");
  });

  it('negative count -> NEGATIVE_VALUE', async () => {
    expect(await errorOf('#OTU ID\tS1\tS2\nF1\t1\t-2\n')).toMatchObject({ code: 'NEGATIVE_VALUE', line: 2, column: 6 });
  });

  it('non-numeric count -> NON_NUMERIC_VALUE', async () => {
    const e = await errorOf('#OTU ID\tS1\tS2\r\nF1\t1\tabc\r\n');
    expect(e).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 2, column: 6 });
    expect(e.message).toContain('"abc"');
  });

  it('ragged row, a field short -> RAGGED_ROW just past the line end', async () => {
    const e = await errorOf('#OTU ID\tS1\tS2\nF1\t1\n');
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 5 });
    expect(e.message).toBe('row has 2 fields, the header has 3');
  });

  it('ragged row, a field too many -> RAGGED_ROW at the extra field', async () => {
    expect(await errorOf('#OTU ID\tS1\tS2\nF1\t1\t2\t3\n')).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 8 });
  });

  it('header only -> EMPTY_TABLE', async () => {
    expect(await errorOf('#OTU ID\tS1\tS2\n')).toMatchObject({ code: 'EMPTY_TABLE', line: 0, column: 0 });
  });
});

describe('QIIME 2 metadata', () => {
  it('bad ID header -> INVALID_METADATA listing the accepted headers', () => {
    const e = signalled(() => parseMetadata(utf8('SampleName\tbody-site\nS1\tgut\n')));
    expect(e).toMatchObject({ code: 'INVALID_METADATA', line: 1, column: 1, expected: ACCEPTED_ID_HEADERS });
  });

  it('bad ID header through parseInput -> UNKNOWN_FORMAT (nothing identifies the file as metadata)', async () => {
    const e = await errorOf('SampleName\tbody-site\nS1\tgut\n', 'metadata.tsv');
    expect(e).toMatchObject({ code: 'UNKNOWN_FORMAT', line: 1, column: 1, file: 'metadata.tsv' });
  });

  it('numeric column with text -> NON_NUMERIC_VALUE at the cell', async () => {
    const e = await errorOf('sample-id\tage\n#q2:types\tnumeric\nS1\t12\nS2\ttwelve\n', 'metadata.tsv');
    expect(e).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 4, column: 4, file: 'metadata.tsv' });
  });

  it('duplicate sample id -> DUPLICATE_ID', async () => {
    expect(await errorOf('sample-id\tsite\nS1\tgut\nS1\tskin\n')).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
  });

  it('ragged row -> RAGGED_ROW at the first extra non-empty cell', async () => {
    expect(await errorOf('sample-id\tsite\nS1\tgut\t\tx\n')).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 9 });
  });
});
