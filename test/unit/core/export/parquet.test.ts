/** Parquet writer: typed nullable columns (STRING, DOUBLE, INT64, BOOLEAN) read back by hyparquet with the same values. */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { type Column, exportTable } from '../../../../lambdas/core/export/columns.js';
import { toParquet } from '../../../../lambdas/core/export/parquet.js';

const COLUMNS: Column[] = [
  { name: 'sampleId', type: 'string' },
  { name: 'depth', type: 'int' },
  { name: 'shannon', type: 'double' },
  { name: 'inMetadata', type: 'boolean' },
];

const buffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('toParquet', () => {
  const rows = [
    { sampleId: 'S1', depth: 120, shannon: 2.5, inMetadata: true },
    { sampleId: null, depth: null, shannon: Number.NaN, inMetadata: null },
    { sampleId: 'S3', depth: 4294967295, shannon: -1e-300, inMetadata: false, extra: 'e' },
  ];
  const bytes = toParquet(exportTable('samples', COLUMNS, rows), {
    createdBy: 'biomeflow test',
    metadata: { study: 'st' },
  });

  it('declares every column OPTIONAL with its physical type; strings are UTF-8', () => {
    const meta = parquetMetadata(buffer(bytes));
    const elements = parquetSchema(meta).children.map((c) => c.element);
    expect(elements.map((e) => [e.name, e.type, e.repetition_type, e.converted_type ?? null])).toEqual([
      ['sampleId', 'BYTE_ARRAY', 'OPTIONAL', 'UTF8'],
      ['depth', 'INT64', 'OPTIONAL', null],
      ['shannon', 'DOUBLE', 'OPTIONAL', null],
      ['inMetadata', 'BOOLEAN', 'OPTIONAL', null],
      ['extra', 'BYTE_ARRAY', 'OPTIONAL', 'UTF8'],
    ]);
    expect(meta.created_by).toBe('biomeflow test');
    expect(meta.key_value_metadata).toEqual([
      { key: 'biomeflow.family', value: 'samples' },
      { key: 'study', value: 'st' },
    ]);
    expect(Number(meta.num_rows)).toBe(3);
  });

  it('reads back the same values: nulls (NaN stored as null), 64-bit ints, real booleans', async () => {
    const back = await parquetReadObjects({ file: buffer(bytes) });
    expect(back).toEqual([
      { sampleId: 'S1', depth: 120n, shannon: 2.5, inMetadata: true, extra: null },
      { sampleId: null, depth: null, shannon: null, inMetadata: null, extra: null },
      { sampleId: 'S3', depth: 4294967295n, shannon: -1e-300, inMetadata: false, extra: 'e' },
    ]);
  });

  it('writes an empty family with its schema', async () => {
    const empty = toParquet(exportTable('samples', COLUMNS, []));
    const meta = parquetMetadata(buffer(empty));
    expect(Number(meta.num_rows)).toBe(0);
    expect(parquetSchema(meta).children.map((c) => c.element.name)).toEqual([
      'sampleId',
      'depth',
      'shannon',
      'inMetadata',
    ]);
  });

  it('is deterministic: the same table gives the same bytes', () => {
    const again = toParquet(exportTable('samples', COLUMNS, rows), {
      createdBy: 'biomeflow test',
      metadata: { study: 'st' },
    });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });
});
