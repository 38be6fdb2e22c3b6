/**
 * MZmine feature tables, features in rows, columns found by name:
 *
 *  - MZmine 3 "modular" CSV export: `id`, `mz`, `rt` (minutes) and per-file
 *    `datafile:<file>:area` / `datafile:<file>:height` (other `datafile:`
 *    columns such as `:feature_state`, `:rt`, `:mz` are ignored). Area is
 *    preferred when both exist; `quantity` records which was read.
 *  - MZmine 2 / MZmine 3 "legacy" / GNPS FBMN quantification table:
 *    `row ID`, `row m/z`, `row retention time` (minutes), `<file> Peak area`
 *    (or `Peak height`), IIMN columns (`correlation group ID`, `best ion`,
 *    `partners`, …) kept as feature extras, MZmine 2's trailing comma on every
 *    line (an empty last header cell) ignored.
 *
 * Sample ids are the file names as written (`Sample1.mzML`); prefixes and
 * suffixes are removed from the column name only.
 */
import { fail } from '../../errors.js';
import {
  detectDecimalComma,
  detectDelimiter,
  indexLines,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import type { MetabolomicsTable, QuantityKind } from '../matrix.js';
import {
  assembleTable,
  asText,
  findColumn,
  type Header,
  headerLocations,
  type MetabolomicsParseOptions,
  type NamedColumn,
  type ResolvedParseOptions,
  readBlock,
  readHeaderAt,
  requiredFields,
  resolveParseOptions,
  setFeatureText,
} from './common.js';

const DATAFILE_VALUE = /^datafile:(.+):(area|height)$/;
const DATAFILE_ANY = /^datafile:/;
const LEGACY_VALUE = /^(.+?)\s+Peak (area|height)$/i;
const LEGACY_PER_FILE = /\sPeak\s\S/;
const MZMINE3_NAME_COLUMNS = [
  'compound_db_identity:compound_db_identity',
  'spectral_db_matches:compound_name',
  'lipid_annotations:lipid_annotations',
  'compound_name',
];
const LEGACY_NAME_COLUMNS = ['row identity (main ID)', 'row identity', 'row identity (all IDs)', 'compound_name'];

/** Sample columns of one quantity: area when any exist, else height. */
function pickQuantity<T extends { kind: string }>(found: T[]): { kind: QuantityKind; columns: T[] } {
  const areas = found.filter((c) => c.kind.toLowerCase() === 'area');
  if (areas.length > 0) return { kind: 'area', columns: areas };
  return { kind: 'height', columns: found.filter((c) => c.kind.toLowerCase() === 'height') };
}

/** Parses an MZmine 3 CSV export (`datafile:<file>:area` columns). */
export function parseMzmine3(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const delimiter = detectDelimiter(lines);
  const h = readHeaderAt(lines, new RowCells(text, delimiter, o.limits), 0);
  const id = requireColumn(h, 'id', "MZmine 3 'id' column");
  const found: { kind: string; file: string; k: number }[] = [];
  h.cells.forEach((c, k) => {
    const m = DATAFILE_VALUE.exec(c);
    if (m) found.push({ file: m[1]!, kind: m[2]!, k });
  });
  if (found.length === 0) missingSamples(h, "'datafile:<file>:area' or 'datafile:<file>:height' columns");
  const { kind, columns } = pickQuantity(found);
  const textColumns: NamedColumn[] = h.cells
    .map((name, column) => ({ name, column }))
    .filter((c) => c.column !== id && c.name !== '' && !DATAFILE_ANY.test(c.name));
  const t = readFeatures(lines, delimiter, h, id, columns, textColumns, kind, 'mzmine3', o);
  return t;
}

/** Parses an MZmine 2 / legacy / GNPS FBMN quantification table (`row ID`, `<file> Peak area`). */
export function parseMzmineLegacy(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const delimiter = detectDelimiter(lines);
  const h = readHeaderAt(lines, new RowCells(text, delimiter, o.limits), 0);
  const id = requireColumn(h, 'row ID', "'row ID' column");
  const found: { kind: string; file: string; k: number }[] = [];
  h.cells.forEach((c, k) => {
    const m = LEGACY_VALUE.exec(c);
    if (m) found.push({ file: m[1]!, kind: m[2]!, k });
  });
  if (found.length === 0) missingSamples(h, "'<file> Peak area' or '<file> Peak height' columns");
  const { kind, columns } = pickQuantity(found);
  const textColumns: NamedColumn[] = h.cells
    .map((name, column) => ({ name, column }))
    .filter((c) => c.column !== id && c.name !== '' && !LEGACY_PER_FILE.test(c.name));
  return readFeatures(lines, delimiter, h, id, columns, textColumns, kind, 'mzmine-legacy', o);
}

/** Shared body: one feature per line after the header. */
function readFeatures(
  lines: TextLines,
  delimiter: ReturnType<typeof detectDelimiter>,
  h: Header,
  id: number,
  samples: { file: string; k: number }[],
  textColumns: NamedColumn[],
  quantity: QuantityKind,
  format: 'mzmine3' | 'mzmine-legacy',
  options: ResolvedParseOptions,
): MetabolomicsTable {
  const decimalComma = detectDecimalComma(lines.text, delimiter);
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: id,
    valueColumns: samples.map((s) => s.k),
    textColumns,
    maxFields: h.cells[h.cells.length - 1] === '' ? -1 : h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'feature',
    options,
  });
  const t = assembleTable({
    limits: options.limits,
    format,
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: samples.map((s) => s.file),
    sampleWhere: headerLocations(
      h.line,
      samples.map((s) => h.columns[s.k]!),
    ),
    values: block.values,
    quantity,
    rtUnit: 'min',
    orientation: 'features-in-rows',
    orientationSource: `${format} layout`,
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  const roles =
    format === 'mzmine3'
      ? { mz: 'mz', rt: 'rt', name: MZMINE3_NAME_COLUMNS }
      : { mz: 'row m/z', rt: 'row retention time', name: LEGACY_NAME_COLUMNS };
  setFeatureText(t, block.text, roles);
  return t;
}

/** Index of a required header cell; MISSING_COLUMN at the header otherwise. */
function requireColumn(h: Header, name: string, what: string): number {
  const k = findColumn(h.cells, name);
  if (k === -1)
    fail('MISSING_COLUMN', `header has no ${what}`, { line: h.line, column: 1, expected: `a '${name}' column` });
  return k;
}

/** MISSING_COLUMN: no sample intensity columns in the header. */
function missingSamples(h: Header, expected: string): never {
  return fail('MISSING_COLUMN', `no sample intensity columns found in the header`, {
    line: h.line,
    column: 1,
    expected,
  });
}
