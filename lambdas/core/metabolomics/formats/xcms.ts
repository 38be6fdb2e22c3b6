/**
 * xcms feature tables as R writes them (features in rows; RT in seconds):
 *
 *  - `featureValues(x)` through `write.csv` (corner cell `""`) or
 *    `write.table` (header one cell short); row names are feature ids,
 *    `FT001` (xcms ≥ 3) or `M<mz>T<rt>` from `groupnames()`; `NA` is missing;
 *  - the same with `featureDefinitions(x)` bound in front (`mzmed`, `mzmin`,
 *    `mzmax`, `rtmed`, `rtmin`, `rtmax`, `npeaks`, one count column per
 *    sample group, `ms_level`; the `peakidx` list column dropped or written);
 *  - `diffreport()` / `peakTable()` output: `name`, `fold`, `tstat`, `pvalue`,
 *    (`anova`), `mzmed`…`npeaks` (or `mz`, `rt`, …), per-group counts, then
 *    one column per sample (and `metlin` links when asked).
 *
 * The per-group count columns follow `npeaks`: every value is an integer
 * between 0 and that row's npeaks. They are taken up to the first column that
 * breaks this; the remaining numeric columns are the samples.
 */
import { fail } from '../../errors.js';
import {
  detectDecimalComma,
  detectDelimiter,
  indexLines,
  lenientNumber,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import type { MetabolomicsTable } from '../matrix.js';
import {
  alignShortHeader,
  assembleTable,
  asText,
  findColumn,
  headerLocations,
  type MetabolomicsParseOptions,
  type NamedColumn,
  readBlock,
  readHeaderAt,
  requiredFields,
  resolveParseOptions,
  setFeatureText,
} from './common.js';

/** Column names xcms writes that are not samples. */
export const XCMS_FEATURE_COLUMNS: ReadonlySet<string> = new Set([
  'name',
  'fold',
  'tstat',
  'pvalue',
  'anova',
  'mzmed',
  'mzmin',
  'mzmax',
  'rtmed',
  'rtmin',
  'rtmax',
  'mz',
  'rt',
  'npeaks',
  'peakidx',
  'ms_level',
  'metlin',
  'isotopes',
  'adduct',
  'pcgroup',
]);
/** Feature ids xcms makes: FT0001 (featureDefinitions) or M<mz>T<rt>[_n] (groupnames). */
export const XCMS_FEATURE_ID = /^(FT\d+|M\d+(\.\d+)?T\d+(\.\d+)?(_\d+)?)$/;
const GROUPNAME = /^M(\d+(?:\.\d+)?)T(\d+(?:\.\d+)?)(?:_\d+)?$/;
/** Rows examined to find the per-group count columns. */
const COUNT_PROBE_ROWS = 500;

/** Parses an xcms feature table (featureValues / featureDefinitions / diffreport layouts). */
export function parseXcms(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const delimiter = detectDelimiter(lines);
  const cells = new RowCells(text, delimiter, o.limits);
  const h = readHeaderAt(lines, cells, 0);
  if (XCMS_FEATURE_ID.test(h.cells[0]!)) {
    fail(
      'WRONG_HEADER',
      `the first line is the row of feature '${h.cells[0]}': the header line with the sample names is missing`,
      {
        line: h.line,
        column: 1,
        expected: 'a header line naming the samples',
      },
    );
  }
  alignShortHeader(h, lines, cells, 1);
  const names = h.cells.map((c) => c.toLowerCase());
  const nameCol = names.indexOf('name');
  const idCol = nameCol !== -1 ? nameCol : 0;
  const decimalComma = detectDecimalComma(text, delimiter);
  const counts = groupCountColumns(lines, cells, names, decimalComma);
  const samples: number[] = [];
  names.forEach((n, k) => {
    if (k === idCol || (k === 0 && nameCol !== -1) || n === '' || XCMS_FEATURE_COLUMNS.has(n) || counts.includes(k))
      return;
    samples.push(k);
  });
  if (samples.length === 0) {
    fail('MISSING_COLUMN', 'no sample columns: every column is a feature definition', {
      line: h.line,
      column: 1,
      expected: 'one intensity column per sample',
    });
  }
  const textColumns: NamedColumn[] = h.cells
    .map((name, column) => ({ name, column }))
    .filter((c) => c.column !== idCol && c.name !== '' && !samples.includes(c.column));
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: idCol,
    valueColumns: samples,
    textColumns,
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'feature',
    options: o,
  });
  const t = assembleTable({
    limits: o.limits,
    format: 'xcms',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: samples.map((k) => h.cells[k]!),
    sampleWhere: headerLocations(
      h.line,
      samples.map((k) => h.columns[k]!),
    ),
    values: block.values,
    quantity: 'intensity',
    rtUnit: 's',
    orientation: 'features-in-rows',
    orientationSource: 'xcms layout',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  const mz = findColumn(h.cells, 'mzmed') !== -1 ? 'mzmed' : 'mz';
  const rt = findColumn(h.cells, 'rtmed') !== -1 ? 'rtmed' : 'rt';
  setFeatureText(t, block.text, { mz, rt });
  if (!(mz in block.text)) mzRtFromGroupNames(t);
  return t;
}

/** Field indices of the per-group peak-count columns right after `npeaks` (empty when there is no npeaks column). */
function groupCountColumns(lines: TextLines, cells: RowCells, names: string[], decimalComma: boolean): number[] {
  const np = names.indexOf('npeaks');
  if (np === -1) return [];
  const out: number[] = [];
  for (let k = np + 1; k < names.length; k++) {
    if (XCMS_FEATURE_COLUMNS.has(names[k]!)) continue;
    if (!isCountColumn(lines, cells, np, k, decimalComma)) break;
    out.push(k);
  }
  return out;
}

/** True when every probed row holds an integer 0 ≤ v ≤ npeaks in field k. */
function isCountColumn(lines: TextLines, cells: RowCells, np: number, k: number, decimalComma: boolean): boolean {
  const to = Math.min(lines.count, 1 + COUNT_PROBE_ROWS);
  if (to <= 1) return false;
  for (let i = 1; i < to; i++) {
    cells.load(lines, i);
    const v = lenientNumber(cells.raw(k));
    const n = lenientNumber(cells.raw(np));
    if (!Number.isInteger(v) || v < 0 || !(v <= n) || (decimalComma && cells.raw(k).includes('.'))) return false;
  }
  return true;
}

/** m/z and RT (seconds) read back from `M<mz>T<rt>` ids when the table has no mz/rt columns. */
function mzRtFromGroupNames(t: MetabolomicsTable): void {
  t.featureIds.forEach((id, f) => {
    const m = GROUPNAME.exec(id);
    if (!m) return;
    t.features.mz[f] = Number(m[1]);
    t.features.rt[f] = Number(m[2]);
  });
}
