/**
 * A plain feature × sample matrix as R (`write.csv`, `write.table` with its
 * header one cell short), Excel (`;` and decimal commas in many locales,
 * quoted, space-padded) or pandas (`to_csv`) write it, in either orientation.
 * The first column holds row ids; the header holds column ids.
 *
 * Orientation, first rule that decides:
 *  1. the caller says so (`orientation`);
 *  2. study sample ids (`sampleIds`) match more header cells than first-column
 *     ids (samples in columns), or the reverse (see reconcileSampleNames);
 *  3. raw-file names (`.mzML`, ` Peak area`, …) among the header cells or
 *     among the row ids;
 *  4. a guess: more rows than columns means features in rows (untargeted
 *     tables have more features than samples); an ORIENTATION_GUESSED
 *     warning records it.
 *
 * Columns that are mostly non-numeric, or named like annotations (`mz`,
 * `rt`, `name`, … with samples in columns; `class`, `batch`, … with samples
 * in rows) are kept as text; the others hold intensities.
 */
import { fail } from '../../errors.js';
import {
  type Delimiter,
  detectDecimalComma,
  detectDelimiter,
  indexLines,
  lenientNumber,
  numericShare,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import { type MetabolomicsTable, type RtUnit, sampleTypeFromText, type TableWarning } from '../matrix.js';
import { reconcileSampleNames } from '../reconcile.js';
import {
  alignShortHeader,
  assembleTable,
  asText,
  type Header,
  headerLocations,
  type MetabolomicsParseOptions,
  type NamedColumn,
  type ResolvedParseOptions,
  readBlock,
  readHeaderAt,
  rejectNumericHeader,
  requiredFields,
  requireValueColumns,
  resolveParseOptions,
  setFeatureText,
} from './common.js';
import { LABEL_NAME } from './metaboanalyst.js';

/** Options a caller may pass to settle the orientation (and the shared parse options). */
export interface PlainMatrixOptions extends MetabolomicsParseOptions {
  /** study sample ids (e.g. from the metadata); the side that matches more of them holds the samples */
  sampleIds?: readonly string[];
  orientation?: MetabolomicsTable['orientation'];
}

const FEATURE_ANNOTATION =
  /^(m\/?z|mzmed|mass|exact[ _.]?mass|rt|rtmed|retention[ _.]?time.*|rt[ _.]?\(?(min|s|sec|seconds|minutes)\)?|name|compound([ _.]?name)?|metabolite([ _.]?name)?|annotation|formula|adduct|inchikey|smiles|hmdb|kegg)$/i;
const SAMPLE_ANNOTATION =
  /^(injection[ _.]?order|run[ _.]?order|order|batch([ _.]?id)?|sample[ _.]?type|file[ _.]?type)$/i;
const RAW_FILE_NAME = /(\.(mzml|mzxml|raw|d|wiff|wiff2|cdf|mzdata)|\s+peak (area|height))$/i;
const MZ_NAME = /^(m\/?z|mzmed|mass)$/i;
const RT_NAME = /^(rt|rtmed|retention[ _.]?time.*|rt[ _.]?\(?(min|s|sec|seconds|minutes)\)?)$/i;
const NAME_NAME = /^(name|compound([ _.]?name)?|metabolite([ _.]?name)?|annotation)$/i;
/** Rows probed to tell text columns from intensity columns. */
const PROBE_ROWS = 200;

/** Parses a plain matrix; see the module doc for how the orientation is chosen. */
export function parsePlainMatrix(input: string | Uint8Array, opts: PlainMatrixOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  if (lines.count === 1)
    fail('EMPTY_TABLE', 'the matrix has a header line but no data rows', {
      line: lines.lineNo[0]!,
      column: 1,
      expected: 'a header line and at least one row',
    });
  const delimiter = detectDelimiter(lines);
  const cells = new RowCells(text, delimiter, o.limits);
  const decimalComma = detectDecimalComma(text, delimiter);
  const h = readHeaderAt(lines, cells, 0);
  rejectNumericHeader(h, decimalComma);
  const rStyle = alignShortHeader(h, lines, cells, 1);
  const share = numericShare(lines, cells, 1, 1 + PROBE_ROWS, h.cells.length, decimalComma);
  const { orientation, source, guessed } = chooseOrientation(lines, cells, h, share, opts);
  const t =
    orientation === 'features-in-rows'
      ? featuresInRows(lines, h, share, delimiter, decimalComma, o)
      : samplesInRows(lines, h, share, delimiter, decimalComma, o);
  t.orientationSource = source + (rStyle ? '; header one cell short (R write.table)' : '');
  if (guessed) t.warnings.push(guessWarning(orientation, h.line));
  return t;
}

/** The orientation, why, and whether it was a guess. */
function chooseOrientation(
  lines: TextLines,
  cells: RowCells,
  h: Header,
  share: Float64Array,
  opts: PlainMatrixOptions,
): { orientation: MetabolomicsTable['orientation']; source: string; guessed: boolean } {
  if (opts.orientation) return { orientation: opts.orientation, source: 'given by the caller', guessed: false };
  const columnIds = h.cells.slice(1).filter((c) => c !== '');
  const rowIds = firstColumn(lines, cells);
  if (opts.sampleIds && opts.sampleIds.length > 0) {
    const inHeader = reconcileSampleNames(columnIds, opts.sampleIds).mapping.size;
    const inRows = reconcileSampleNames(rowIds, opts.sampleIds).mapping.size;
    if (inHeader > inRows)
      return {
        orientation: 'features-in-rows',
        source: `${inHeader} header cells match study sample ids`,
        guessed: false,
      };
    if (inRows > inHeader)
      return { orientation: 'samples-in-rows', source: `${inRows} row ids match study sample ids`, guessed: false };
  }
  const filesInHeader = columnIds.filter((c) => RAW_FILE_NAME.test(c)).length;
  const filesInRows = rowIds.filter((c) => RAW_FILE_NAME.test(c)).length;
  if (filesInHeader > filesInRows)
    return { orientation: 'features-in-rows', source: 'header cells are raw-file names', guessed: false };
  if (filesInRows > filesInHeader)
    return { orientation: 'samples-in-rows', source: 'row ids are raw-file names', guessed: false };
  let valueColumns = 0;
  for (let k = 1; k < h.cells.length; k++) if (isValueColumn(h, share, k, FEATURE_ANNOTATION)) valueColumns++;
  return rowIds.length >= valueColumns
    ? {
        orientation: 'features-in-rows',
        source: `guessed: ${rowIds.length} rows >= ${valueColumns} columns`,
        guessed: true,
      }
    : {
        orientation: 'samples-in-rows',
        source: `guessed: ${rowIds.length} rows < ${valueColumns} columns`,
        guessed: true,
      };
}

/** The first cell of every data line. */
function firstColumn(lines: TextLines, cells: RowCells): string[] {
  const out: string[] = [];
  for (let i = 1; i < lines.count; i++) out.push(cells.firstField(lines, i));
  return out;
}

/** ORIENTATION_GUESSED at the header. */
function guessWarning(orientation: string, line: number): TableWarning {
  return {
    code: 'ORIENTATION_GUESSED',
    message: `orientation guessed as ${orientation}; pass the study's sample ids (or name the orientation) to settle it`,
    line,
    column: 1,
  };
}

/** True when column k holds intensities: mostly numeric (or all missing) and not named like `pattern`. */
function isValueColumn(h: Header, share: Float64Array, k: number, annotation: RegExp): boolean {
  return h.cells[k] !== '' && !(share[k]! < 0.5) && !annotation.test(h.cells[k]!);
}

/** Rows are features, value columns are samples. */
function featuresInRows(
  lines: TextLines,
  h: Header,
  share: Float64Array,
  delimiter: Delimiter,
  decimalComma: boolean,
  options: ResolvedParseOptions,
): MetabolomicsTable {
  const { values, text } = splitColumns(h, share, FEATURE_ANNOTATION);
  requireValueColumns(values, h, 'sample');
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: 0,
    valueColumns: values,
    textColumns: text,
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'feature',
    options,
  });
  const t = assembleTable({
    limits: options.limits,
    format: 'plain-matrix',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: values.map((k) => h.cells[k]!),
    sampleWhere: headerLocations(
      h.line,
      values.map((k) => h.columns[k]!),
    ),
    values: block.values,
    quantity: 'intensity',
    rtUnit: null,
    orientation: 'features-in-rows',
    orientationSource: '',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  const names = text.map((c) => c.name);
  const rt = names.find((n) => RT_NAME.test(n));
  setFeatureText(t, block.text, {
    mz: names.find((n) => MZ_NAME.test(n)),
    rt,
    name: names.filter((n) => NAME_NAME.test(n)),
  });
  t.features.rtUnit = rt ? rtUnitFromName(rt) : null;
  return t;
}

/** Rows are samples, value columns are features. */
function samplesInRows(
  lines: TextLines,
  h: Header,
  share: Float64Array,
  delimiter: Delimiter,
  decimalComma: boolean,
  options: ResolvedParseOptions,
): MetabolomicsTable {
  const annotation = new RegExp(`${LABEL_NAME.source}|${SAMPLE_ANNOTATION.source}`, 'i');
  const { values, text } = splitColumns(h, share, annotation);
  requireValueColumns(values, h, 'feature');
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: 0,
    valueColumns: values,
    textColumns: text,
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'sample',
    options,
  });
  const where = headerLocations(
    h.line,
    values.map((k) => h.columns[k]!),
  );
  const t = assembleTable({
    limits: options.limits,
    format: 'plain-matrix',
    featureIds: values.map((k) => h.cells[k]!),
    featureWhere: where,
    sampleIds: block.ids,
    sampleWhere: block.where,
    values: block.values,
    quantity: 'intensity',
    rtUnit: null,
    orientation: 'samples-in-rows',
    orientationSource: '',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: where,
    block,
  });
  for (const c of text) {
    const vals = block.text[c.name]!;
    t.samples.extra[c.name] = vals;
    if (LABEL_NAME.test(c.name) && t.samples.classLabel.every((x) => x === null)) t.samples.classLabel = vals;
    if (/order/i.test(c.name)) t.samples.injectionOrder = Float64Array.from(vals, (v) => lenientNumber(v));
    if (/^batch/i.test(c.name)) t.samples.batch = vals;
    if (/type/i.test(c.name)) t.samples.sampleType = vals.map(sampleTypeFromText);
  }
  return t;
}

/** Field indices of intensity columns and of text columns (named, non-empty header). */
function splitColumns(h: Header, share: Float64Array, annotation: RegExp): { values: number[]; text: NamedColumn[] } {
  const values: number[] = [];
  const text: NamedColumn[] = [];
  for (let k = 1; k < h.cells.length; k++) {
    if (isValueColumn(h, share, k, annotation)) values.push(k);
    else if (h.cells[k] !== '') text.push({ name: h.cells[k]!, column: k });
  }
  return { values, text };
}

/** 'min' or 's' when an RT column's name says so. */
function rtUnitFromName(name: string): RtUnit {
  if (/min/i.test(name)) return 'min';
  if (/(\(s\)|_s$|sec)/i.test(name)) return 's';
  return null;
}
