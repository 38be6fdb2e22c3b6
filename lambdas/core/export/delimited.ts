/**
 * CSV and TSV writers in the forms R (read.csv / read.delim) and pandas
 * (read_csv) read natively: a header row, `\n` line ends, booleans as
 * `TRUE`/`FALSE` (R logical; pandas bool), missing values as `NA` (R NA;
 * pandas NaN), doubles in JavaScript's shortest round-trip form, ±∞ as
 * `Inf`/`-Inf` (R and pandas parse both). A field is double-quoted (inner
 * quotes doubled, RFC 4180) only when it holds the separator, a quote or a
 * line break; both readers use `"` as the quote character by default.
 */
import type { Cell, Column, ExportTable } from './columns.js';

/** The text of one cell: NA, TRUE/FALSE, Inf/-Inf, the shortest round-trip double, or the string itself. */
export function formatCell(type: Column['type'], v: Cell): string {
  if (v === null) return 'NA';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return formatNumber(v);
  return type === 'string' ? v : String(v);
}

/** A double as text: `Inf`, `-Inf`, `NA` for NaN, else the shortest string that reads back to the same double. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NA';
  if (x === Number.POSITIVE_INFINITY) return 'Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(x);
}

/** `field` quoted for a file separated by `separator`, when it needs quoting (RFC 4180 style). */
export function quoteField(field: string, separator: string): string {
  if (!field.includes(separator) && !/["\r\n]/.test(field)) return field;
  return `"${field.replace(/"/g, '""')}"`;
}

/** The table as delimited text: header, then one line per row, each ending in `\n`. */
export function toDelimited(table: ExportTable, separator: ',' | '\t'): string {
  const lines = [table.columns.map((c) => quoteField(c.name, separator)).join(separator)];
  for (const row of table.rows) {
    lines.push(
      table.columns.map((c) => quoteField(formatCell(c.type, row[c.name] ?? null), separator)).join(separator),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Comma-separated values (R `read.csv`, pandas `read_csv`). */
export function toCsv(table: ExportTable): string {
  return toDelimited(table, ',');
}

/** Tab-separated values (R `read.delim`, pandas `read_csv(sep="\t")`). */
export function toTsv(table: ExportTable): string {
  return toDelimited(table, '\t');
}
