/**
 * mothur `.shared` files (https://mothur.org/wiki/shared_file/): tab-separated,
 * header `label  Group  numOtus  Otu001  Otu002 …`, then one row per sample
 * (Group) and label (OTU cutoff), samples in rows. mothur ends every line
 * with a tab; one trailing empty field is ignored. Old files have no header
 * (OTU names are then mothur's own: `Otu` + the number zero-padded to the
 * width of numOtus). mothur writes the header once; the label blocks after
 * the first may have fewer OTUs and then get those generated names too.
 *
 * One label is read: `mothurLabel` when given, else the finest: `unique`
 * (no clustering) if present, else the smallest numeric label (the tightest
 * distance cutoff, e.g. 0.01 before 0.03), else the first label in the file.
 *
 * Shape checks: numOtus must be the same on every row of a label and, for
 * the first label block after a header, equal the header's OTU columns
 * (SHAPE_MISMATCH at the numOtus cell); a row whose values do not number
 * numOtus is RAGGED_ROW when the header agrees with numOtus (the row is
 * short or long), SHAPE_MISMATCH otherwise (no header to arbitrate).
 */
import { fail } from '../../errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../table/feature-table.js';
import { checkId, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import {
  cellTooLong,
  checkLineLimits,
  failNonFinite,
  isInfinite,
  isNonFiniteSpelling,
  LineCursor,
  parseDecimal,
  splitFields,
  tooManyColumns,
} from '../../text/text.js';

/** The fixed first three header cells, compared case-insensitively. */
export const SHARED_HEADER = ['label', 'group', 'numotus'] as const;
const TAB = '\t';
const UNIQUE_LABEL = 'unique';
const DEFAULT_OTU_TAG = 'Otu';
const INITIAL_CAPACITY = 1 << 14;

/** A parsed shared file: the table of one label and every label found. */
export interface MothurShared {
  table: FeatureTable & IdNormalized;
  label: string;
  labels: string[];
}

/** What a read works under: the limits and where changed id spellings go. */
interface ReadContext {
  limits: ParseLimits;
  normalizations: IdNormalization[];
}

/** A header line: OTU names and where they sit. */
interface SharedHeader {
  line: number;
  names: string[];
  columns: number[];
}

/** What the first pass keeps of a data row. */
interface RowInfo {
  line: number;
  start: number;
  end: number;
  label: string;
  group: string;
  groupColumn: number;
  numOtus: number;
  numOtusColumn: number;
  /** the header in force, or null */
  header: SharedHeader | null;
  /** true when no other label's rows sit between this row's header and this row */
  firstBlockOfHeader: boolean;
}

/** True when header cells open a shared file (`label`, `Group`, `numOtus`, any case). */
export function isSharedHeader(cells: readonly string[]): boolean {
  return cells.length >= 3 && SHARED_HEADER.every((h, k) => cells[k]!.trim().toLowerCase() === h);
}

/** True when a headerless first row looks like old mothur output: a label, a group, numOtus, then exactly numOtus numbers. */
export function isHeaderlessSharedRow(cells: readonly string[]): boolean {
  const trimmed = dropTrailingEmpty(cells.map((c) => c.trim()));
  const n = Number(trimmed[2]);
  return (
    trimmed.length > 3 &&
    /^(unique|\d*\.?\d+)$/.test(trimmed[0]!) &&
    trimmed[1] !== '' &&
    Number.isInteger(n) &&
    n === trimmed.length - 3 &&
    trimmed.slice(3).every((c) => !Number.isNaN(parseDecimal(c)))
  );
}

/** Parses shared-file text; `wanted` picks the label (default: the finest). Throws DataErrorSignal on bad input. */
export function parseMothurSharedText(text: string, wanted?: string, limits: Partial<ParseLimits> = {}): MothurShared {
  const ctx: ReadContext = { limits: resolveLimits(limits), normalizations: [] };
  checkLineLimits(text, ctx.limits);
  const rows = scanRows(text, ctx);
  if (rows.length === 0)
    fail('EMPTY_TABLE', 'shared file has no sample rows', { expected: 'label<TAB>Group<TAB>numOtus<TAB>Otu001…' });
  const labels = [...new Set(rows.map((r) => r.label))];
  const label = wanted === undefined ? finestLabel(labels) : matchLabel(labels, wanted);
  const block = rows.filter((r) => r.label === label);
  const names = otuNames(block);
  return { table: { ...readBlock(text, block, names), ...normalizationsField(ctx.normalizations) }, label, labels };
}

/** The finest label: `unique`, else the smallest numeric one, else the first. */
export function finestLabel(labels: readonly string[]): string {
  if (labels.includes(UNIQUE_LABEL)) return UNIQUE_LABEL;
  const numeric = labels.filter((l) => !Number.isNaN(parseDecimal(l)));
  if (numeric.length === 0) return labels[0]!;
  return numeric.reduce((a, b) => (parseDecimal(b) < parseDecimal(a) ? b : a));
}

/** The file's label equal to `wanted` (as text, else as a number); fails UNKNOWN_LABEL. */
function matchLabel(labels: readonly string[], wanted: string): string {
  const exact = labels.find((l) => l === wanted.trim());
  if (exact !== undefined) return exact;
  const v = parseDecimal(wanted);
  const numeric = labels.find((l) => !Number.isNaN(v) && parseDecimal(l) === v);
  if (numeric !== undefined) return numeric;
  return fail(
    'UNKNOWN_LABEL',
    `label '${wanted}' is not in the shared file; it has ${labels.map((l) => `'${l}'`).join(', ')}`,
    {
      expected: `one of ${labels.join(', ')}`,
    },
  );
}

/** First pass: header lines and the first three cells of every data row. */
function scanRows(text: string, ctx: ReadContext): RowInfo[] {
  const rows: RowInfo[] = [];
  const cur = new LineCursor(text);
  let header: SharedHeader | null = null;
  let headerBlockLabel: string | null = null;
  let pastFirstBlock = false;
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    const lead = leadingCells(text, cur.start, cur.end, cur.lineNo, ctx.limits);
    if (isSharedHeader(lead.values)) {
      header = readHeader(text, cur, ctx);
      headerBlockLabel = null;
      pastFirstBlock = false;
      continue;
    }
    const row = rowInfo(cur, lead, header, ctx);
    headerBlockLabel ??= row.label;
    pastFirstBlock ||= row.label !== headerBlockLabel;
    row.firstBlockOfHeader = header !== null && !pastFirstBlock;
    rows.push(row);
  }
  return rows;
}

/** The first three cells of a line (the rest is not split). */
function leadingCells(
  text: string,
  start: number,
  end: number,
  line: number,
  limits: ParseLimits,
): { values: string[]; columns: number[] } {
  const values: string[] = [];
  const columns: number[] = [];
  let pos = start;
  for (let k = 0; k < 3 && pos <= end; k++) {
    let stop = text.indexOf(TAB, pos);
    if (stop === -1 || stop > end) stop = end;
    if (stop - pos > limits.maxCellLength) cellTooLong(line, pos - start + 1, stop - pos, limits);
    values.push(text.slice(pos, stop));
    columns.push(pos - start + 1);
    pos = stop + 1;
  }
  return { values, columns };
}

/** The OTU names of a header line, checked as feature ids, unique and non-empty. */
function readHeader(text: string, cur: LineCursor, ctx: ReadContext): SharedHeader {
  const { values, columns } = splitFields(text, TAB, cur.start, cur.end, { limits: ctx.limits, line: cur.lineNo });
  const names = dropTrailingEmpty(values.map((v) => v.trim())).slice(3);
  const seen = new Map<string, number>();
  names.forEach((raw, k) => {
    const at = { line: cur.lineNo, column: columns[k + 3]! };
    const name = checkId(raw, 'feature', at, ctx.normalizations, ctx.limits);
    names[k] = name;
    if (name === '') fail('MISSING_ID', `header column ${k + 4} has no OTU name`, at);
    const first = seen.get(name);
    if (first !== undefined) fail('DUPLICATE_ID', `duplicate OTU name '${name}' (first at column ${first})`, at);
    seen.set(name, at.column);
  });
  return { line: cur.lineNo, names, columns: columns.slice(3, 3 + names.length) };
}

/** A data row's label, group (checked as a sample id) and numOtus (at most maxColumns). */
function rowInfo(
  cur: LineCursor,
  lead: { values: string[]; columns: number[] },
  header: SharedHeader | null,
  ctx: ReadContext,
): RowInfo {
  if (lead.values.length < 3) {
    fail('RAGGED_ROW', `row has ${lead.values.length} fields; a shared row starts with label, Group and numOtus`, {
      line: cur.lineNo,
      column: cur.end - cur.start + 1,
      expected: 'label<TAB>Group<TAB>numOtus<TAB>counts…',
    });
  }
  const numOtus = parseDecimal(lead.values[2]!);
  if (!Number.isInteger(numOtus) || numOtus < 0) {
    fail('NON_NUMERIC_VALUE', `numOtus is ${JSON.stringify(lead.values[2])}, not a whole number`, {
      line: cur.lineNo,
      column: lead.columns[2]!,
      expected: 'the number of OTU columns',
    });
  }
  if (numOtus > ctx.limits.maxColumns) tooManyColumns(cur.lineNo, lead.columns[2]!, ctx.limits);
  return {
    line: cur.lineNo,
    start: cur.start,
    end: cur.end,
    label: lead.values[0]!.trim(),
    group: checkId(
      lead.values[1]!.trim(),
      'sample',
      { line: cur.lineNo, column: lead.columns[1]! },
      ctx.normalizations,
      ctx.limits,
    ),
    groupColumn: lead.columns[1]!,
    numOtus,
    numOtusColumn: lead.columns[2]!,
    header,
    firstBlockOfHeader: false,
  };
}

/** OTU names for one label block, after its shape checks. */
function otuNames(block: RowInfo[]): string[] {
  const first = block[0]!;
  for (const r of block) {
    if (r.numOtus !== first.numOtus) {
      fail(
        'SHAPE_MISMATCH',
        `numOtus is ${r.numOtus} but ${first.numOtus} on line ${first.line} (same label '${r.label}')`,
        {
          line: r.line,
          column: r.numOtusColumn,
          expected: `numOtus ${first.numOtus}`,
        },
      );
    }
  }
  const header = first.header;
  if (header && header.names.length === first.numOtus) return header.names;
  if (header && first.firstBlockOfHeader) {
    fail(
      'SHAPE_MISMATCH',
      `numOtus is ${first.numOtus} but the header on line ${header.line} names ${header.names.length} OTU columns`,
      {
        line: first.line,
        column: first.numOtusColumn,
        expected: `numOtus ${header.names.length}`,
      },
    );
  }
  return generatedNames(first.numOtus, header ? otuTag(header.names[0]) : DEFAULT_OTU_TAG);
}

/** mothur's OTU names when the file gives none: tag + 1-based number zero-padded to the width of the count. */
function generatedNames(n: number, tag: string): string[] {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => tag + String(i + 1).padStart(width, '0'));
}

/** The letters of an OTU name (`Otu`, `PhyloType`), as mothur derives its tag. */
function otuTag(name: string | undefined): string {
  const letters = (name ?? '').replace(/[^A-Za-z]/g, '');
  return letters === '' ? DEFAULT_OTU_TAG : letters;
}

/** Second pass: the counts of one label block. */
function readBlock(text: string, block: RowInfo[], names: string[]): FeatureTable {
  const groups = block.map((r) => r.group);
  checkGroups(block);
  const builder = new FeatureTableBuilder(names, groups, INITIAL_CAPACITY);
  const headerAgrees = block[0]!.header?.names.length === names.length;
  block.forEach((row, s) => readCounts(text, row, s, builder, headerAgrees));
  return builder.build();
}

/** Fails on an empty or repeated Group within the label. */
function checkGroups(block: RowInfo[]): void {
  const firstLine = new Map<string, number>();
  for (const r of block) {
    const at = { line: r.line, column: r.groupColumn };
    if (r.group === '') fail('MISSING_ID', 'row has no Group (sample name)', at);
    const first = firstLine.get(r.group);
    if (first !== undefined)
      fail('DUPLICATE_ID', `Group '${r.group}' appears twice for label '${r.label}' (first on line ${first})`, at);
    firstLine.set(r.group, r.line);
  }
}

/** Reads the count cells of one row into sample `s`, scanning tabs without splitting the line. */
function readCounts(text: string, row: RowInfo, s: number, builder: FeatureTableBuilder, headerAgrees: boolean): void {
  const end = text.charCodeAt(row.end - 1) === 9 ? row.end - 1 : row.end;
  let pos = row.start;
  for (let k = 0; k < 3 && pos !== -1; k++) {
    const tab = text.indexOf(TAB, pos);
    pos = tab === -1 || tab >= end ? -1 : tab + 1;
  }
  const got = pos === -1 ? 0 : countFields(text, pos, end);
  if (got !== row.numOtus) wrongCount(text, row, got, end, headerAgrees);
  for (let f = 0; f < row.numOtus; f++) {
    let stop = text.indexOf(TAB, pos);
    if (stop === -1 || stop > end) stop = end;
    const v = parseDecimal(text, pos, stop);
    if (v >= 0 && v !== Infinity) builder.add(f, s, v);
    else badCount(text.slice(pos, stop), v, { line: row.line, column: pos - row.start + 1 });
    pos = stop + 1;
  }
}

/** Number of tab-separated fields in `text[start, end)`. */
function countFields(text: string, start: number, end: number): number {
  let n = 1;
  for (let t = text.indexOf(TAB, start); t !== -1 && t < end; t = text.indexOf(TAB, t + 1)) n++;
  return n;
}

/** Fails NON_FINITE_VALUE, NEGATIVE_VALUE or NON_NUMERIC_VALUE for a count cell. */
function badCount(cell: string, v: number, where: { line: number; column: number }): never {
  if (isInfinite(v) || isNonFiniteSpelling(cell.trim())) failNonFinite(cell, 'count', where);
  const at = { ...where, expected: 'a non-negative count' };
  if (v < 0) fail('NEGATIVE_VALUE', `negative count ${JSON.stringify(cell)}`, at);
  return fail(
    'NON_NUMERIC_VALUE',
    cell.trim() === '' ? 'empty count cell' : `${JSON.stringify(cell)} is not a number`,
    at,
  );
}

/** Fails for a row with `got` values instead of numOtus: RAGGED_ROW when the header agrees with numOtus, else SHAPE_MISMATCH. */
function wrongCount(text: string, row: RowInfo, got: number, end: number, headerAgrees: boolean): never {
  const expected = `${row.numOtus} counts after label, Group and numOtus`;
  if (headerAgrees) {
    const { columns } = splitFields(text, TAB, row.start, end);
    return fail('RAGGED_ROW', `row has ${got} counts, the header and numOtus say ${row.numOtus}`, {
      line: row.line,
      column: got > row.numOtus ? columns[row.numOtus + 3]! : end - row.start + 1,
      expected,
    });
  }
  return fail('SHAPE_MISMATCH', `numOtus is ${row.numOtus} but the row has ${got} counts`, {
    line: row.line,
    column: row.numOtusColumn,
    expected,
  });
}

/** The cells without trailing empty ones. */
function dropTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === '') n--;
  return cells.slice(0, n);
}
