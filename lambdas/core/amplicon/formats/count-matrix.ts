/**
 * Count matrices in delimited text, in either orientation: DADA2's seqtab
 * (`write.csv(seqtab.nochim)`: samples in rows, ASV sequences as column
 * names), nf-core/ampliseq's `ASV_table.tsv` (`ASV_ID` then one column per
 * sample) and plain sample × taxon tables from R, pandas or Excel. See
 * `readTableHead` for the header and delimiter rules.
 *
 * Which axis holds the features, in order: the caller says so (ampliseq);
 * the axis whose names match more of the study's sample ids is the sample
 * axis; the axis whose names are mostly DNA sequences, then lineage
 * strings, then OTU/ASV ids, is the feature axis; else the longer axis
 * (a 16S table has more taxa than samples), and rows on a tie.
 */
import { fail } from '../../errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../table/feature-table.js';
import {
  checkFieldCount,
  checkHeaderNames,
  forEachRow,
  isMissingCell,
  type RowCells,
  readTableHead,
  type TableHead,
} from '../../text/delimited-table.js';
import { checkId, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import {
  cellTooLong,
  checkLineLimits,
  failNonFinite,
  isInfinite,
  isNonFiniteSpelling,
  LineCursor,
  readQuoted,
} from '../../text/text.js';
import { LINEAGE_HEADERS } from './biom-tsv.js';
import { AXIS_SHARE, isDnaSequence, isFeatureIdLike, isLineage, shareOf } from './feature-names.js';

/** Header names of columns that annotate features (sequence, lineage) rather than hold counts, compared case-insensitively. */
export const SEQUENCE_HEADERS = ['sequence', 'seq'] as const;

const QUOTE = 34;
const INITIAL_CAPACITY = 1 << 14;

/** Which axis of the text holds the features, and why. */
export interface MatrixOrientation {
  featuresIn: 'rows' | 'columns';
  reason: string;
}

/** A parsed count matrix and how it was read. */
export interface CountMatrix {
  table: FeatureTable & IdNormalized;
  orientation: MatrixOrientation;
}

/** Options for `parseCountMatrixText`. */
export interface CountMatrixOptions {
  /** fixed orientation (a format that defines it); otherwise decided as the module doc says */
  featuresIn?: 'rows' | 'columns';
  /** sample ids from the study's metadata */
  studySampleIds?: readonly string[];
  /** overrides of the parse limits (docs/limits.md) */
  limits?: Partial<ParseLimits>;
}

/** Row ids of the data lines, with their line numbers. */
interface RowIds {
  ids: string[];
  lines: number[];
}

/** Parses a count matrix; throws DataErrorSignal on bad input. */
export function parseCountMatrixText(text: string, options: CountMatrixOptions = {}): CountMatrix {
  const limits = resolveLimits(options.limits);
  checkLineLimits(text, limits);
  const head = readTableHead(text, limits);
  if (!head)
    fail('EMPTY_TABLE', 'no header and data rows found', { expected: 'a header line and at least one data row' });
  const annotations = annotationColumns(head.names);
  const columnNorms: IdNormalization[] = [];
  checkHeaderNames(head, 'column', new Set(annotations.all), { axis: 'feature', out: columnNorms, limits });
  const valueColumns = head.names.map((_, k) => k).filter((k) => !annotations.all.includes(k));
  if (valueColumns.length === 0)
    fail('EMPTY_TABLE', 'the header names no count columns', { line: head.headerLine, column: 1 });
  const rowNorms: IdNormalization[] = [];
  const rows = readRowIds(text, head, limits, rowNorms);
  if (rows.ids.length === 0)
    fail('EMPTY_TABLE', 'the table has a header but no data rows', { line: head.headerLine, column: 1 });
  const columnNames = valueColumns.map((k) => head.names[k]!);
  const orientation = options.featuresIn
    ? { featuresIn: options.featuresIn, reason: 'fixed by the format' }
    : decideOrientation(rows.ids, columnNames, options.studySampleIds);
  const table = readCounts(text, head, rows, valueColumns, orientation, annotations.lineage, limits);
  const featuresInRows = orientation.featuresIn === 'rows';
  const normalizations = [
    ...columnNorms.map((n) => ({ ...n, axis: featuresInRows ? ('sample' as const) : ('feature' as const) })),
    ...rowNorms.map((n) => ({ ...n, axis: featuresInRows ? ('feature' as const) : ('sample' as const) })),
  ];
  return { table: { ...table, ...normalizationsField(normalizations) }, orientation };
}

/** Indices (into `names`) of sequence and lineage columns; `lineage` is the lineage column or -1. */
function annotationColumns(names: readonly string[]): { all: number[]; lineage: number } {
  const lower = names.map((n) => n.toLowerCase());
  const lineage = lower.findIndex((n) => (LINEAGE_HEADERS as readonly string[]).includes(n));
  const sequences = lower.flatMap((n, k) => ((SEQUENCE_HEADERS as readonly string[]).includes(n) ? [k] : []));
  return { all: lineage === -1 ? sequences : [...sequences, lineage], lineage };
}

/** First cell of every data row (cheap: the rest of the line is not split); checks ids pass the id rule and are present and unique. */
function readRowIds(text: string, head: TableHead, limits: ParseLimits, normalizations: IdNormalization[]): RowIds {
  const out: RowIds = { ids: [], lines: [] };
  const firstLine = new Map<string, number>();
  const cur = new LineCursor(text);
  const delim = head.delimiter.charCodeAt(0);
  const cell: string[] = [];
  while (cur.advance()) {
    if (cur.lineNo <= head.headerLine || cur.isBlank()) continue;
    let id: string;
    if (text.charCodeAt(cur.start) === QUOTE) {
      cell.length = 0;
      readQuoted(text, cur.start, cur.end, delim, cell);
      id = cell[0]!.trim();
    } else {
      let stop = text.indexOf(head.delimiter, cur.start);
      if (stop === -1 || stop > cur.end) stop = cur.end;
      if (stop - cur.start > limits.maxCellLength) cellTooLong(cur.lineNo, 1, stop - cur.start, limits);
      id = text.slice(cur.start, stop).trim();
    }
    id = checkId(id, 'sample', { line: cur.lineNo, column: 1 }, normalizations, limits);
    if (id === '') fail('MISSING_ID', 'row has no id in its first field', { line: cur.lineNo, column: 1 });
    const first = firstLine.get(id);
    if (first !== undefined)
      fail('DUPLICATE_ID', `duplicate row id '${id}' (first on line ${first})`, { line: cur.lineNo, column: 1 });
    firstLine.set(id, cur.lineNo);
    out.ids.push(id);
    out.lines.push(cur.lineNo);
  }
  return out;
}

/** Which axis holds the features (see the module doc for the order of rules). */
export function decideOrientation(
  rowNames: readonly string[],
  columnNames: readonly string[],
  studySampleIds?: readonly string[],
): MatrixOrientation {
  if (studySampleIds && studySampleIds.length > 0) {
    const known = new Set(studySampleIds);
    const rowHits = rowNames.filter((n) => known.has(n)).length;
    const columnHits = columnNames.filter((n) => known.has(n)).length;
    if (rowHits > columnHits)
      return { featuresIn: 'columns', reason: `${rowHits} row names are sample ids of the study's metadata` };
    if (columnHits > rowHits)
      return { featuresIn: 'rows', reason: `${columnHits} column names are sample ids of the study's metadata` };
  }
  const tests: [string, (name: string) => boolean][] = [
    ['DNA sequences', isDnaSequence],
    ['lineage strings', isLineage],
    ['OTU/ASV ids', isFeatureIdLike],
  ];
  for (const [what, test] of tests) {
    const inRows = shareOf(rowNames, test);
    const inColumns = shareOf(columnNames, test);
    if (inRows >= AXIS_SHARE && inRows > inColumns) return { featuresIn: 'rows', reason: `row names are ${what}` };
    if (inColumns >= AXIS_SHARE && inColumns > inRows)
      return { featuresIn: 'columns', reason: `column names are ${what}` };
  }
  if (columnNames.length > rowNames.length)
    return {
      featuresIn: 'columns',
      reason: 'no names identify the axes; the longer axis (columns) is taken as features',
    };
  return {
    featuresIn: 'rows',
    reason: 'no names identify the axes; the longer axis (rows, or rows on a tie) is taken as features',
  };
}

/** Second pass: every value cell into a FeatureTable with the decided orientation. */
function readCounts(
  text: string,
  head: TableHead,
  rows: RowIds,
  valueColumns: number[],
  orientation: MatrixOrientation,
  lineageColumn: number,
  limits: ParseLimits,
): FeatureTable {
  const columnNames = valueColumns.map((k) => head.names[k]!);
  const featuresInRows = orientation.featuresIn === 'rows';
  const featureIds = featuresInRows ? rows.ids : columnNames;
  const sampleIds = featuresInRows ? columnNames : rows.ids;
  const builder = new FeatureTableBuilder(featureIds, sampleIds, INITIAL_CAPACITY);
  const lineages: (string | null)[] = [];
  const decimalComma = head.delimiter === ';';
  let r = 0;
  forEachRow(
    text,
    head,
    (cells) => {
      checkFieldCount(cells, head.nFields, head.delimiter);
      for (let j = 0; j < valueColumns.length; j++) {
        const k = valueColumns[j]! + 1;
        const v = countCell(cells, k, decimalComma);
        if (v === 0) continue;
        if (featuresInRows) builder.add(r, j, v);
        else builder.add(j, r, v);
      }
      if (featuresInRows && lineageColumn !== -1) lineages.push(cells.value(lineageColumn + 1) || null);
      r++;
    },
    limits,
  );
  return builder.build(featureTaxonomy(featureIds, featuresInRows && lineageColumn !== -1 ? lineages : null));
}

/** Lineages for the features: from a lineage column, else the feature names themselves when they are lineage strings. */
function featureTaxonomy(
  featureIds: readonly string[],
  fromColumn: (string | null)[] | null,
): (string | null)[] | undefined {
  if (fromColumn) return fromColumn;
  if (shareOf(featureIds, isLineage) < AXIS_SHARE) return undefined;
  return featureIds.map((id) => (isLineage(id) ? id : null));
}

/** A count cell: a finite, non-negative decimal (a decimal comma is accepted in semicolon-separated files). */
function countCell(cells: RowCells, k: number, decimalComma: boolean): number {
  let v = cells.number(k);
  if (Number.isNaN(v) && decimalComma) v = decimalCommaNumber(cells.value(k));
  if (v >= 0 && v !== Infinity) return v;
  const raw = cells.value(k);
  if (isInfinite(v) || isNonFiniteSpelling(raw))
    failNonFinite(raw, 'count', { line: cells.lineNo, column: cells.column(k) });
  const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  const at = { line: cells.lineNo, column: cells.column(k), expected: 'a non-negative number' };
  if (v < 0) fail('NEGATIVE_VALUE', `negative count ${shown}`, at);
  if (isMissingCell(raw))
    fail('NON_NUMERIC_VALUE', `missing value ${shown} in a count table (write 0 for an absent feature)`, at);
  return fail('NON_NUMERIC_VALUE', `${shown} is not a number`, at);
}

/** `1,5` read as 1.5; NaN for anything else. */
function decimalCommaNumber(cell: string): number {
  return /^[+-]?\d+,\d+$/.test(cell) ? Number(cell.replace(',', '.')) : NaN;
}
