/**
 * MetaboAnalyst upload tables (CSV, or TXT with tabs), with a class label:
 *
 *  - samples in rows ("rowu"/"rowp"): column 1 = sample id, column 2 = class
 *    label, then one column per feature (human_cachexia.csv);
 *  - samples in columns ("colu"/"colp"): row 1 = feature-name header then
 *    sample ids, row 2 = class labels (first cell e.g. `Label`), then one
 *    row per feature.
 *
 * The layout is the one whose label column/row is non-numeric and either
 * named like a class (`Label`, `Class`, `Group`, …) or repeating (labels
 * repeat; a column of compound names does not, so a features-in-rows table
 * with a name column is not mistaken for MetaboAnalyst); the name breaks ties.
 * Numeric labels (paired designs) are read as text.
 */
import { fail } from '../../errors.js';
import {
  type Delimiter,
  detectDecimalComma,
  detectDelimiter,
  indexLines,
  isMissingText,
  isNumberText,
  numericShare,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import type { MetabolomicsTable } from '../matrix.js';
import {
  assembleTable,
  asText,
  type Header,
  headerLocations,
  type MetabolomicsParseOptions,
  type ResolvedParseOptions,
  readBlock,
  readHeaderAt,
  requiredFields,
  resolveParseOptions,
  setFeatureText,
} from './common.js';

/** Header names that announce a class-label column or row. */
export const LABEL_NAME =
  /^(label|labels|class|classes|group|groups|factor|condition|treatment|type|muscle loss|status|phenotype|diagnosis)$/i;
/** Rows probed when deciding the layout. */
const PROBE_ROWS = 200;

/** Which MetaboAnalyst layout a text uses; null when neither label column nor label row is found. */
export function metaboanalystLayout(
  lines: TextLines,
  cells: RowCells,
  decimalComma: boolean,
): 'samples-in-rows' | 'samples-in-columns' | null {
  if (lines.count < 3) return null;
  const header = readHeaderAt(lines, cells, 0).cells;
  if (header.length < 3) return null;
  const columnShare = numericShare(lines, cells, 1, 1 + PROBE_ROWS, header.length, decimalComma);
  const labelColumn =
    columnShare[1]! === 0 &&
    restNumeric(columnShare, 2) &&
    (LABEL_NAME.test(header[1]!) || repeats(secondColumn(lines, cells)));
  const row = cells.load(lines, 1).all();
  const rowNumeric = row.slice(1).filter((c) => !isMissingText(c) && isNumberText(c, decimalComma)).length;
  const labelRow =
    row.length >= 3 &&
    rowNumeric === 0 &&
    secondDataRowNumeric(lines, cells, decimalComma) &&
    (LABEL_NAME.test(row[0]!) || repeats(row.slice(1)));
  if (labelColumn && labelRow)
    return LABEL_NAME.test(row[0]!) && !LABEL_NAME.test(header[1]!) ? 'samples-in-columns' : 'samples-in-rows';
  if (labelColumn) return 'samples-in-rows';
  if (labelRow) return 'samples-in-columns';
  return null;
}

/** True when some value occurs twice: class labels repeat, annotation columns (names, formulas) do not. */
function repeats(values: string[]): boolean {
  return new Set(values).size < values.length;
}

/** The second field of every data line (first PROBE_ROWS). */
function secondColumn(lines: TextLines, cells: RowCells): string[] {
  const out: string[] = [];
  for (let i = 1; i < Math.min(lines.count, 1 + PROBE_ROWS); i++) out.push(cells.load(lines, i).string(1));
  return out;
}

/** True when the fields from `from` on are mostly numeric (NaN = all missing counts as numeric). */
function restNumeric(share: Float64Array, from: number): boolean {
  let n = 0,
    numeric = 0;
  for (let k = from; k < share.length; k++) {
    n++;
    if (!(share[k]! < 0.5)) numeric++;
  }
  return n > 0 && numeric / n >= 0.9;
}

/** True when line 2 (the first feature row of a samples-in-columns file) is numeric after its id. */
function secondDataRowNumeric(lines: TextLines, cells: RowCells, decimalComma: boolean): boolean {
  if (lines.count < 3) return false;
  const row = cells
    .load(lines, 2)
    .all()
    .slice(1)
    .filter((c) => !isMissingText(c));
  return row.length > 0 && row.filter((c) => isNumberText(c, decimalComma)).length / row.length >= 0.9;
}

/** Parses a MetaboAnalyst CSV/TXT table in either orientation. */
export function parseMetaboanalyst(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const delimiter = detectDelimiter(lines);
  const cells = new RowCells(text, delimiter, o.limits);
  const decimalComma = detectDecimalComma(text, delimiter);
  const layout = metaboanalystLayout(lines, cells, decimalComma);
  if (layout === null) {
    const h = lines.count ? readHeaderAt(lines, cells, 0) : { line: 1 };
    fail('MISSING_COLUMN', 'no class-label column (2nd column) or class-label row (2nd row) found', {
      line: h.line,
      column: 1,
      expected: 'MetaboAnalyst layout: sample id, class label, then one column per feature (or the transpose)',
    });
  }
  const h = readHeaderAt(lines, cells, 0);
  return layout === 'samples-in-rows'
    ? samplesInRows(lines, h, delimiter, decimalComma, o)
    : samplesInColumns(lines, cells, h, delimiter, decimalComma, o);
}

/** Column 1 ids, column 2 labels, features from column 3. */
function samplesInRows(
  lines: TextLines,
  h: Header,
  delimiter: Delimiter,
  decimalComma: boolean,
  options: ResolvedParseOptions,
): MetabolomicsTable {
  const featureCols: number[] = [];
  for (let k = 2; k < h.cells.length; k++) if (h.cells[k] !== '') featureCols.push(k);
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: 0,
    valueColumns: featureCols,
    textColumns: [{ name: 'class', column: 1 }],
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'sample',
    options,
  });
  const t = assembleTable({
    limits: options.limits,
    format: 'metaboanalyst',
    featureIds: featureCols.map((k) => h.cells[k]!),
    featureWhere: headerLocations(
      h.line,
      featureCols.map((k) => h.columns[k]!),
    ),
    sampleIds: block.ids,
    sampleWhere: block.where,
    values: block.values,
    quantity: 'intensity',
    rtUnit: null,
    orientation: 'samples-in-rows',
    orientationSource: 'MetaboAnalyst label column (2nd column)',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: headerLocations(
      h.line,
      featureCols.map((k) => h.columns[k]!),
    ),
    block,
  });
  t.samples.classLabel = block.text.class!;
  t.samples.extra[h.cells[1] || 'class'] = block.text.class!;
  return t;
}

/** Row 1 sample ids, row 2 labels, features from row 3. */
function samplesInColumns(
  lines: TextLines,
  cells: RowCells,
  h: Header,
  delimiter: Delimiter,
  decimalComma: boolean,
  options: ResolvedParseOptions,
): MetabolomicsTable {
  const sampleCols: number[] = [];
  for (let k = 1; k < h.cells.length; k++) if (h.cells[k] !== '') sampleCols.push(k);
  const labels = cells.load(lines, 1);
  const classLabel = sampleCols.map((k) => labels.optional(k));
  const labelName = labels.string(0) || 'class';
  const block = readBlock({
    lines,
    from: 2,
    to: lines.count,
    delimiter,
    decimalComma,
    idColumn: 0,
    valueColumns: sampleCols,
    textColumns: [],
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'feature',
    options,
  });
  const t = assembleTable({
    limits: options.limits,
    format: 'metaboanalyst',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: sampleCols.map((k) => h.cells[k]!),
    sampleWhere: headerLocations(
      h.line,
      sampleCols.map((k) => h.columns[k]!),
    ),
    values: block.values,
    quantity: 'intensity',
    rtUnit: null,
    orientation: 'features-in-rows',
    orientationSource: 'MetaboAnalyst label row (2nd row)',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  t.samples.classLabel = classLabel;
  t.samples.extra[labelName] = classLabel;
  setFeatureText(t, block.text, {});
  return t;
}
