/** Renders flat rows as an aligned table, TSV or JSON. */
export type OutputFormat = 'table' | 'tsv' | 'json';

/** Column order: the union of keys in first-seen order. */
export function columnsOf(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Formats rows; numbers keep full precision in TSV and JSON, and are shortened to 6 significant digits in tables. */
export function renderRows(rows: Record<string, unknown>[], format: OutputFormat, columns = columnsOf(rows)): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'tsv') {
    const lines = [
      columns.join('\t'),
      ...rows.map((r) => columns.map((c) => cell(r[c]).replace(/[\t\n]/g, ' ')).join('\t')),
    ];
    return `${lines.join('\n')}\n`;
  }
  const text = rows.map((r) =>
    columns.map((c) => (typeof r[c] === 'number' ? shortNumber(r[c] as number) : cell(r[c]))),
  );
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...text.map((t) => t[i]!.length))));
  const fmt = (vals: string[]) =>
    vals
      .map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[fmt(columns), fmt(widths.map((w) => '-'.repeat(w))), ...text.map(fmt)].join('\n')}\n`;
}

function shortNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
