/**
 * Sample and feature metadata that attach to an intensity table: W4M
 * `sampleMetadata` / `variableMetadata`, GNPS FBMN metadata (`filename`
 * column), or any delimited table with ids in its first column. Attaching
 * never changes the intensities; it returns a new table object that shares
 * the values array and carries the extra annotations.
 */
import { fail } from '../errors.js';
import {
  alignShortHeader,
  asText,
  checkUnique,
  findColumn,
  readHeaderAt,
  requiredFields,
} from '../metabolomics/formats/common.js';
import { type MetabolomicsTable, sampleTypeFromText } from '../metabolomics/matrix.js';
import { reconcileSampleNames, type SampleReconciliation } from '../metabolomics/reconcile.js';
import { detectDelimiter, indexLines, isMissingText, lenientNumber, RowCells } from '../text/delimited-table.js';
import { checkId, type IdAxis, type IdNormalization, normalizationsField } from '../text/ids.js';
import { type ParseLimits, resolveLimits } from '../text/limits.js';

/** A metadata table: ids in file order and one text column per header cell. */
export interface MetadataTable {
  idColumn: string;
  ids: string[];
  columns: { name: string; values: (string | null)[] }[];
  /** ids whose spelling NFC changed (present only when some did) */
  idNormalizations?: IdNormalization[];
}

/** How `parseMetadataTable` reads: which axis its ids name (for the id rule's messages; default 'sample') and the limits. */
export interface MetadataTableOptions {
  axis?: IdAxis;
  limits?: Partial<ParseLimits>;
}

/** Which metadata columns carry the per-sample roles; found by name when not given. */
export interface SampleRoleColumns {
  classColumn?: string;
  sampleTypeColumn?: string;
  injectionOrderColumn?: string;
  batchColumn?: string;
}

const FBMN_ID_COLUMN = 'filename';
const CLASS_NAME = /^(class|group|label|condition|treatment)$/i;
const SAMPLE_TYPE_NAME = /^(sample[ _.]?type|file[ _.]?type|type)$/i;
const INJECTION_NAME = /^(injection[ _.]?order|run[ _.]?order)$/i;
const BATCH_NAME = /^batch([ _.]?id)?$/i;
const MZ_NAME = /^(mz|m\/z|mzmed)$/i;
const RT_NAME = /^(rt|rtmed|retention[ _.]?time)$/i;
const NAME_NAME = /^(name|compound[ _.]?name|metabolite[ _.]?name)$/i;

/**
 * Parses a delimited metadata table; ids come from `idColumn`, else a
 * `filename` column (FBMN), else the first column. Ids follow the id rule
 * (NFC); a row with fewer fields than the header, or a value beyond it,
 * fails RAGGED_ROW.
 */
export function parseMetadataTable(
  input: string | Uint8Array,
  idColumn?: string,
  options: MetadataTableOptions = {},
): MetadataTable {
  const limits = resolveLimits(options.limits);
  const axis = options.axis ?? 'sample';
  const text = asText(input, limits);
  const lines = indexLines(text);
  const delimiter = detectDelimiter(lines);
  const cells = new RowCells(text, delimiter, limits);
  const h = readHeaderAt(lines, cells, 0);
  alignShortHeader(h, lines, cells, 1);
  const idAt =
    idColumn !== undefined ? findColumn(h.cells, idColumn) : Math.max(0, findColumn(h.cells, FBMN_ID_COLUMN));
  if (idAt === -1)
    fail('MISSING_COLUMN', `metadata has no '${idColumn}' column`, {
      line: h.line,
      column: 1,
      expected: `an id column '${idColumn}'`,
    });
  const n = lines.count - 1;
  const ids: string[] = [];
  const where = { line: new Int32Array(n), column: new Int32Array(n) };
  const columns = h.cells.map((name) => ({ name, values: new Array<string | null>(n).fill(null) }));
  const normalizations: IdNormalization[] = [];
  const nFields = requiredFields(h.cells);
  for (let r = 0; r < n; r++) {
    cells.load(lines, r + 1);
    checkRowWidth(cells, nFields, h.cells.length);
    const raw = cells.optional(idAt);
    if (raw === null)
      fail('MISSING_ID', 'metadata row has an empty id', {
        line: cells.lineNo,
        column: cells.column(Math.min(idAt, cells.count - 1)),
        expected: `a ${axis} id`,
      });
    const id = checkId(raw, axis, { line: cells.lineNo, column: cells.column(idAt) }, normalizations, limits);
    ids.push(id);
    where.line[r] = cells.lineNo;
    where.column[r] = cells.column(idAt);
    for (let k = 0; k < columns.length; k++) columns[k]!.values[r] = cells.optional(k);
  }
  checkUnique(ids, where, axis);
  return {
    idColumn: h.cells[idAt]!,
    ids,
    columns: columns.filter((c, k) => k !== idAt && c.name !== ''),
    ...normalizationsField(normalizations),
  };
}

/** RAGGED_ROW for a row with fewer than `needed` fields, or a non-empty field beyond the header's `width`. */
function checkRowWidth(cells: RowCells, needed: number, width: number): void {
  if (cells.count < needed) {
    fail('RAGGED_ROW', `metadata row has ${cells.count} fields; the header has ${needed}`, {
      line: cells.lineNo,
      column: cells.endColumn(),
      expected: `${needed} fields`,
    });
  }
  for (let k = width; k < cells.count; k++) {
    if (!cells.isEmpty(k))
      fail('RAGGED_ROW', `metadata row has a value in field ${k + 1}, beyond the header's ${width}`, {
        line: cells.lineNo,
        column: cells.column(k),
        expected: `${width} fields`,
      });
  }
}

/** The column called `name`, else the first whose name matches `pattern`. */
function roleColumn(
  m: MetadataTable,
  name: string | undefined,
  pattern: RegExp,
): MetadataTable['columns'][number] | undefined {
  if (name !== undefined) {
    const c = m.columns.find((x) => x.name === name);
    if (!c)
      fail('MISSING_COLUMN', `metadata has no column '${name}'`, {
        line: 1,
        column: 1,
        expected: `a '${name}' column`,
      });
    return c;
  }
  return m.columns.find((x) => pattern.test(x.name));
}

/** Attaches sample metadata by reconciled sample names; every metadata column becomes a sample extra; roles fill class, type, order, batch. */
export function attachSampleMetadata(
  table: MetabolomicsTable,
  metadata: MetadataTable,
  roles: SampleRoleColumns = {},
): { table: MetabolomicsTable; reconciliation: SampleReconciliation } {
  const reconciliation = reconcileSampleNames(table.sampleIds, metadata.ids);
  if (reconciliation.mapping.size === 0) {
    fail('NO_SAMPLES_MATCHED', `none of the ${table.sampleIds.length} table samples matches a metadata id`, {
      expected: `metadata ids such as '${table.sampleIds[0] ?? ''}'`,
    });
  }
  const row = new Map(metadata.ids.map((id, r) => [id, r]));
  const rowOf = table.sampleIds.map((s) => {
    const m = reconciliation.mapping.get(s);
    return m === undefined ? -1 : row.get(m)!;
  });
  const pick = (c: MetadataTable['columns'][number] | undefined) =>
    c ? rowOf.map((r) => (r === -1 ? null : c.values[r]!)) : null;
  const samples = { ...table.samples, extra: { ...table.samples.extra } };
  for (const c of metadata.columns) samples.extra[c.name] = pick(c)!;
  const cls = pick(roleColumn(metadata, roles.classColumn, CLASS_NAME));
  if (cls) samples.classLabel = cls;
  const type = pick(roleColumn(metadata, roles.sampleTypeColumn, SAMPLE_TYPE_NAME));
  if (type) samples.sampleType = type.map((v, s) => sampleTypeFromText(v) ?? table.samples.sampleType[s]!);
  const order = pick(roleColumn(metadata, roles.injectionOrderColumn, INJECTION_NAME));
  if (order) samples.injectionOrder = Float64Array.from(order, (v) => lenientNumber(v));
  const batch = pick(roleColumn(metadata, roles.batchColumn, BATCH_NAME));
  if (batch) samples.batch = batch;
  return { table: { ...table, samples }, reconciliation };
}

/** Attaches feature metadata (W4M variableMetadata) by feature id (exact, then trimmed case-insensitive); mz / rt / name columns fill the annotations. */
export function attachFeatureMetadata(
  table: MetabolomicsTable,
  metadata: MetadataTable,
): { table: MetabolomicsTable; unmatchedFeatures: string[] } {
  const exact = new Map(metadata.ids.map((id, r) => [id, r]));
  const loose = new Map(metadata.ids.map((id, r) => [id.trim().toLowerCase(), r]));
  const rowOf = table.featureIds.map((f) => exact.get(f) ?? loose.get(f.trim().toLowerCase()) ?? -1);
  const features = {
    ...table.features,
    mz: table.features.mz.slice(),
    rt: table.features.rt.slice(),
    name: table.features.name.slice(),
    extra: { ...table.features.extra },
  };
  for (const c of metadata.columns) {
    const vals = rowOf.map((r) => (r === -1 ? null : c.values[r]!));
    if (MZ_NAME.test(c.name)) vals.forEach((v, f) => v !== null && (features.mz[f] = lenientNumber(v)));
    else if (RT_NAME.test(c.name)) vals.forEach((v, f) => v !== null && (features.rt[f] = lenientNumber(v)));
    else if (NAME_NAME.test(c.name)) vals.forEach((v, f) => v !== null && !isMissingText(v) && (features.name[f] = v));
    features.extra[c.name] = vals;
  }
  return { table: { ...table, features }, unmatchedFeatures: table.featureIds.filter((_, f) => rowOf[f] === -1) };
}
