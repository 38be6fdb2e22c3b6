/**
 * Study metadata for export: joined onto sample-level rows as `meta_<column>`
 * (numeric QIIME 2 columns as doubles, categorical as strings, missing as
 * null), and in long form (one row per sample × column) for engines whose
 * schema is fixed across studies (Athena).
 */
import { numericColumn, type SampleMetadata } from '../study/qiime2-metadata.js';
import type { Column } from './columns.js';
import { METADATA_PREFIX } from './schemas.js';

/** Metadata ready for joins: typed values per column and the row of each sample id. */
export interface MetadataJoin {
  columns: Column[];
  values: (string | number | null)[][];
  rowOf: Map<string, number>;
}

/** The join columns (`meta_<name>`, double for numeric columns, string otherwise) and their values. */
export function metadataJoin(md: SampleMetadata): MetadataJoin {
  const columns: Column[] = md.columns.map((c) => ({
    name: METADATA_PREFIX + c.name,
    type: c.type === 'numeric' ? 'double' : 'string',
    doc: `study metadata column '${c.name}' (${c.type})`,
  }));
  const values = md.columns.map((c) => {
    if (c.type !== 'numeric') return c.values.slice();
    const x = numericColumn(c);
    return Array.from(x, (v) => (Number.isNaN(v) ? null : v));
  });
  return { columns, values, rowOf: new Map(md.sampleIds.map((id, r) => [id, r])) };
}

/** `rows` with the metadata columns of the sample `idOf(row)` appended (null when the sample has no metadata row). */
export function withMetadata(
  rows: readonly Record<string, unknown>[],
  join: MetadataJoin,
  idOf: (row: Record<string, unknown>) => string | null,
): Record<string, unknown>[] {
  return rows.map((row) => {
    const id = idOf(row);
    const r = id === null ? undefined : join.rowOf.get(id);
    const out: Record<string, unknown> = { ...row };
    join.columns.forEach((c, k) => {
      out[c.name] = r === undefined ? null : join.values[k]![r];
    });
    return out;
  });
}

/** Long form: one row per sample × column (file order), the value as written and, for numeric columns, as a number. */
export function metadataRows(md: SampleMetadata, datasetId: string): Record<string, unknown>[] {
  const numeric = md.columns.map((c) => (c.type === 'numeric' ? numericColumn(c) : null));
  const out: Record<string, unknown>[] = [];
  md.sampleIds.forEach((sampleId, r) => {
    md.columns.forEach((c, k) => {
      const x = numeric[k]?.[r];
      out.push({
        sampleId,
        datasetId,
        column: c.name,
        type: c.type,
        value: c.values[r] ?? null,
        numericValue: x === undefined || Number.isNaN(x) ? null : x,
      });
    });
  });
  return out;
}
