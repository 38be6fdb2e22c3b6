/**
 * Parquet writer (hyparquet-writer, Snappy, nullable columns): string →
 * STRING (UTF-8 BYTE_ARRAY), double → DOUBLE, int → INT64, boolean → BOOLEAN.
 * Missing values are Parquet nulls, so pandas/pyarrow, R arrow, DuckDB and
 * Athena see real booleans, integers and NULLs. Uses the package's
 * platform-neutral entry (no file system).
 */
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer/src/index.js';
import type { ColumnType, ExportTable } from './columns.js';

const PARQUET_TYPE = { string: 'STRING', double: 'DOUBLE', int: 'INT64', boolean: 'BOOLEAN' } as const satisfies Record<
  ColumnType,
  ColumnSource['type']
>;

export interface ParquetOptions {
  /** FileMetaData created_by, e.g. 'biomeflow 0.1.0' */
  createdBy?: string;
  /** extra key-value metadata stored in the file footer */
  metadata?: Record<string, string>;
}

/** The table as a Parquet file; every column nullable, ints written as INT64. */
export function toParquet(table: ExportTable, options: ParquetOptions = {}): Uint8Array {
  const columnData: ColumnSource[] = table.columns.map((c) => ({
    name: c.name,
    type: PARQUET_TYPE[c.type],
    nullable: true,
    data: columnValues(table, c.name, c.type),
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    ...(options.createdBy ? { createdBy: options.createdBy } : {}),
    kvMetadata: [
      { key: 'biomeflow.family', value: table.family },
      ...Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    ],
  });
  return new Uint8Array(buffer);
}

/** One column's values in the representation hyparquet-writer expects (bigint for INT64). */
function columnValues(
  table: ExportTable,
  name: string,
  type: ColumnType,
): (string | number | bigint | boolean | null)[] {
  return table.rows.map((row) => {
    const v = row[name] ?? null;
    if (v === null) return null;
    return type === 'int' ? BigInt(v as number) : v;
  });
}
