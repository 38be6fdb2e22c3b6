/**
 * MS-DIAL "Export → Alignment result" text (LC-MS and GC-MS), tab-separated:
 *
 *  - optional sample-information rows above the header: empty cells, then a
 *    label (`Class`, `File type`, `Injection order`, `Batch ID`) in the column
 *    just before the first sample column, then one value per column;
 *  - the header row, found by its first cell `Alignment ID`;
 *  - annotation columns (`Average Rt(min)`, `Average Mz` for LC, `Quant mass`
 *    and `Average RI` for GC, `Metabolite name`, …, spectra), then samples,
 *    then per-class summary columns (Average / Stdev), which reuse the class
 *    names as headers and are excluded: their `Batch ID` cell is `Average` or
 *    `Stdev`, or their `File type` cell is NA.
 *
 * RT is in minutes. `Metabolite name = Unknown` is no annotation.
 */
import { fail } from '../../errors.js';
import { detectDecimalComma, indexLines, isMissingText, lenientNumber, RowCells } from '../../text/delimited-table.js';
import { type MetabolomicsTable, type QuantityKind, sampleTypeFromText } from '../matrix.js';
import {
  assembleTable,
  asText,
  findColumn,
  headerLocations,
  type MetabolomicsParseOptions,
  type NamedColumn,
  readBlock,
  requiredFields,
  resolveParseOptions,
  setFeatureText,
} from './common.js';

const HEADER_FIRST_CELL = 'Alignment ID';
/** The header is searched for in this many non-blank lines. */
const MAX_PREAMBLE_LINES = 20;
const SPECTRUM_COLUMNS = ['MS/MS spectrum', 'EI spectrum', 'MS1 isotopic spectrum'];
const SUMMARY_BATCH_CELLS = /^(average|stdev|sd|mean)$/i;
const NAME_COLUMNS = ['Metabolite name'];

/** Sample-information rows by label: label → cell text per header field index. */
type Preamble = Map<string, string[]>;

/** Parses an MS-DIAL alignment result; `quantity` records what the file name or caller says (height, area), else 'intensity'. */
export function parseMsdial(
  input: string | Uint8Array,
  quantity: QuantityKind = 'intensity',
  opts: MetabolomicsParseOptions = {},
): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const cells = new RowCells(text, '\t', o.limits);
  const headerAt = findHeaderLine(lines, cells);
  const preamble = readPreamble(lines, cells, headerAt);
  cells.load(lines, headerAt);
  const header = cells.all();
  const columns = header.map((_, k) => cells.column(k));
  const headerLine = cells.lineNo;
  const firstSample = firstSampleColumn(header, preamble.labelColumn, headerLine);
  const sampleCols = sampleColumns(header, preamble.rows, firstSample);
  if (sampleCols.length === 0) {
    fail('MISSING_COLUMN', 'no sample columns after the annotation columns', {
      line: headerLine,
      column: columns[firstSample - 1] ?? 1,
      expected: 'sample intensity columns',
    });
  }
  const textColumns: NamedColumn[] = header
    .slice(1, firstSample)
    .map((name, k) => ({ name, column: k + 1 }))
    .filter((c) => c.name !== '' && !SPECTRUM_COLUMNS.includes(c.name));
  const decimalComma = detectDecimalComma(text, '\t');
  const block = readBlock({
    lines,
    from: headerAt + 1,
    to: lines.count,
    delimiter: '\t',
    decimalComma,
    idColumn: 0,
    valueColumns: sampleCols,
    textColumns,
    maxFields: header.length,
    minFields: requiredFields(header),
    what: 'feature',
    options: o,
  });
  const t = assembleTable({
    limits: o.limits,
    format: 'msdial',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: sampleCols.map((k) => header[k]!),
    sampleWhere: headerLocations(
      headerLine,
      sampleCols.map((k) => columns[k]!),
    ),
    values: block.values,
    quantity,
    rtUnit: 'min',
    orientation: 'features-in-rows',
    orientationSource: 'MS-DIAL layout',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  const mz = findColumn(header, 'Average Mz') !== -1 ? 'Average Mz' : 'Quant mass';
  setFeatureText(t, block.text, { mz, rt: 'Average Rt(min)', name: NAME_COLUMNS });
  setSampleInfo(t, preamble.rows, sampleCols);
  return t;
}

/** Index of the `Alignment ID` line; WRONG_HEADER when absent. */
function findHeaderLine(lines: ReturnType<typeof indexLines>, cells: RowCells): number {
  const limit = Math.min(lines.count, MAX_PREAMBLE_LINES);
  for (let i = 0; i < limit; i++) if (cells.load(lines, i).string(0) === HEADER_FIRST_CELL) return i;
  return fail('WRONG_HEADER', `no header row starting with '${HEADER_FIRST_CELL}' in the first ${limit} lines`, {
    line: lines.count ? lines.lineNo[0]! : 1,
    column: 1,
    expected: "an MS-DIAL alignment export: a header row whose first cell is 'Alignment ID'",
  });
}

/** The sample-information rows: their label column and cells by label. */
function readPreamble(
  lines: ReturnType<typeof indexLines>,
  cells: RowCells,
  headerAt: number,
): { labelColumn: number; rows: Preamble } {
  const rows: Preamble = new Map();
  let labelColumn = -1;
  for (let i = 0; i < headerAt; i++) {
    const all = cells.load(lines, i).all();
    const k = all.findIndex((c) => c !== '');
    if (k === -1) continue;
    if (labelColumn === -1) labelColumn = k;
    if (k !== labelColumn) {
      fail(
        'WRONG_HEADER',
        `sample-information label '${all[k]}' is in column ${k + 1}, the others in column ${labelColumn + 1}`,
        {
          line: cells.lineNo,
          column: cells.column(k),
          expected: 'all sample-information labels in one column',
        },
      );
    }
    rows.set(all[k]!.toLowerCase(), all);
  }
  return { labelColumn, rows };
}

/** First sample field: after the preamble's label column, else after the last spectrum column. */
function firstSampleColumn(header: string[], labelColumn: number, line: number): number {
  if (labelColumn >= 0) return labelColumn + 1;
  let last = -1;
  for (const name of SPECTRUM_COLUMNS) last = Math.max(last, header.indexOf(name));
  if (last === -1) {
    fail(
      'MISSING_COLUMN',
      'cannot tell where the sample columns start: no sample-information rows and no spectrum column',
      {
        line,
        column: 1,
        expected: "'MS/MS spectrum' or 'EI spectrum' before the sample columns",
      },
    );
  }
  return last + 1;
}

/** Sample fields from `first` on, without the Average / Stdev summary columns. */
function sampleColumns(header: string[], rows: Preamble, first: number): number[] {
  const batch = rows.get('batch id');
  const type = rows.get('file type');
  const out: number[] = [];
  const seen = new Set<string>();
  for (let k = first; k < header.length; k++) {
    if (header[k] === '') continue;
    if (batch && SUMMARY_BATCH_CELLS.test(batch[k] ?? '')) continue;
    if (type && isMissingText(type[k] ?? '')) continue;
    if (!batch && !type && seen.has(header[k]!)) break;
    seen.add(header[k]!);
    out.push(k);
  }
  return out;
}

/** Class, file type, injection order and batch of each sample from the preamble. */
function setSampleInfo(t: MetabolomicsTable, rows: Preamble, cols: number[]): void {
  const get = (label: string, k: number): string | null => {
    const v = rows.get(label)?.[k];
    return v === undefined || isMissingText(v) ? null : v;
  };
  cols.forEach((k, s) => {
    t.samples.classLabel[s] = get('class', k);
    t.samples.sampleType[s] = sampleTypeFromText(get('file type', k));
    t.samples.injectionOrder[s] = lenientNumber(get('injection order', k));
    t.samples.batch[s] = get('batch id', k);
    const type = get('file type', k);
    if (type !== null) (t.samples.extra['File type'] ??= new Array(cols.length).fill(null))[s] = type;
  });
}
