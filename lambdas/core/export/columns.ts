/**
 * Typed export tables (docs/exports.md): a family's rows with an ordered list of
 * typed columns. Declared columns come first, in schema order, with their
 * declared type; any other scalar field found on the rows follows in
 * first-seen order with an inferred type, so nothing a row carries is lost.
 */

/** Column types every writer supports; Parquet: STRING, DOUBLE, INT64, BOOLEAN (all nullable). */
export type ColumnType = 'string' | 'double' | 'int' | 'boolean';

/** One column of a family: its name, type and a one-line meaning for the docs and the Glue table. */
export interface Column {
  name: string;
  type: ColumnType;
  doc?: string;
}

/** A value as the writers see it: null is missing (NA in text, null in Parquet). */
export type Cell = string | number | boolean | null;

/** A family's rows ready for a writer: `rows[i][column.name]` is already a `Cell` of the column's type. */
export interface ExportTable {
  family: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

/** Fields of stored rows that are storage bookkeeping, never exported. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'expiresAt',
  'mirror',
  'axes',
  'topTaxa',
]);

/** The columns of `rows`: `declared` first, then every other non-bookkeeping field in first-seen order with its inferred type. */
export function resolveColumns(
  declared: readonly Column[],
  rows: readonly Record<string, unknown>[],
  skip: ReadonlySet<string> = BOOKKEEPING_FIELDS,
): Column[] {
  const known = new Set(declared.map((c) => c.name));
  const extra = new Map<string, unknown[]>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (known.has(name) || skip.has(name)) continue;
      const values = extra.get(name);
      if (values) values.push(value);
      else extra.set(name, [value]);
    }
  }
  const columns = declared.map((c) =>
    c.type === 'int' && rows.some((r) => !isIntCompatible(r[c.name])) ? { ...c, type: 'double' as const } : c,
  );
  for (const [name, values] of extra) columns.push({ name, type: inferType(values) });
  return columns;
}

/** An inferred type: boolean when every present value is a boolean, double when every one is a number, else string. */
export function inferType(values: readonly unknown[]): ColumnType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.length && present.every((v) => typeof v === 'number')) return 'double';
  return 'string';
}

/** True when `v` can be stored in an int column without loss: missing, or a safe integer. */
function isIntCompatible(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'number' && Number.isSafeInteger(v)) ||
    (typeof v === 'number' && Number.isNaN(v))
  );
}

/** `v` as a cell of `type`: NaN and undefined become null; numbers and booleans become text in string columns; other objects JSON. */
export function toCell(type: ColumnType, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return JSON.stringify(v);
    case 'double':
    case 'int': {
      const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return Number.isNaN(x) ? null : x;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'TRUE') return true;
      if (v === 'false' || v === 'FALSE') return false;
      return null;
  }
}

/** Builds an export table: the resolved columns and every row reduced to cells of those columns (absent fields are null). */
export function exportTable(
  family: string,
  declared: readonly Column[],
  rows: readonly Record<string, unknown>[],
): ExportTable {
  const columns = resolveColumns(declared, rows);
  return {
    family,
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, toCell(c.type, r[c.name])]))),
  };
}
