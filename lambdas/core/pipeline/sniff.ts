/**
 * Recognises an upload's format from its content; the file name is used only
 * in messages and by the metabolomics sniffer. gzip is undone first. Rules,
 * in order (docs/formats.md repeats them):
 *
 *  1. no bytes, or only whitespace                       -> EMPTY_FILE
 *  2. HDF5 signature 89 48 44 46 0d 0a 1a 0a             -> biom-hdf5
 *  3. zip signature (a QIIME 2 .qza/.qzv artifact)       -> qiime2-artifact
 *  4. R serialization (saveRDS/save)                     -> UNSUPPORTED_FORMAT
 *  5. NUL bytes or mostly undecodable/control characters -> BINARY_CONTENT
 *  6. first non-whitespace character `{`                 -> biom-json
 *  7. first non-whitespace character `(`                 -> newick when the text
 *     ends with `;`, else INVALID_TREE at the end
 *  8. a tab-separated table, by its first non-blank line and header:
 *     0. (any delimiter) a header naming a feature column and a pathway
 *        column, rows without intensities (`isPathwayMapText`) -> pathway-map
 *     a. first line starts `# Constructed from biom file` -> biom-tsv
 *     The header is the first non-blank line whose first cell is a known ID
 *     header; `#` lines before it are skipped. Then, by the header's cells:
 *     b. a feature-id header and `Taxon`/`taxonomy`     -> qiime2-taxonomy
 *     c. a QIIME 2 ID header a BIOM TSV never uses      -> qiime2-metadata
 *     d. a BIOM TSV header QIIME 2 metadata rejects     -> biom-tsv
 *     e. headers both accept: a `#q2:` directive next -> qiime2-metadata;
 *        exactly `#OTU ID` -> biom-tsv; else biom-tsv when every value cell of
 *        the first 50 rows is a number, qiime2-metadata when any is not.
 *     f. `label`, `Group`, `numOtus` (or an old headerless row: label, group,
 *        numOtus and exactly numOtus numbers)          -> mothur-shared
 *     g. `OTU`, `Size`, `Taxonomy`                       -> mothur-taxonomy
 *  9. any other delimited table (tab, comma, semicolon, space; see
 *     `readTableHead`), by its header and first 50 rows:
 *     a. rank columns after the id (Kingdom/Domain, Phylum, … ) -> ampliseq-taxonomy
 *        when the id column is `ASV_ID`, else dada2-taxonomy
 *     b. all value cells numbers or missing, and the id column `ASV_ID` -> ampliseq-asv-table
 *     c. all value cells numbers or missing, one axis of DNA sequences  -> dada2-seqtab
 *     d. a metabolomics format (`sniffMetabolomicsHook`) -> that format
 *     e. all value cells numbers or missing             -> plain-matrix
 *        (its kind, 16S or metabolomics, is decided by `plainMatrixKind`)
 *     f. a file named *.design with two cells per line  -> mothur-design (no header:
 *        content alone cannot tell it from a table with an unknown header)
 *     g. first column a sample id column ('' of R, sample, sample_id, …) -> csv-metadata
 *     otherwise UNKNOWN_FORMAT quoting the first line.
 */

import { BIOM_TSV_ID_HEADERS, LINEAGE_HEADERS } from '../amplicon/formats/biom-tsv.js';
import { SEQUENCE_HEADERS } from '../amplicon/formats/count-matrix.js';
import { AXIS_SHARE, isDnaSequence, shareOf } from '../amplicon/formats/feature-names.js';
import { isHeaderlessSharedRow, isSharedHeader } from '../amplicon/formats/mothur-shared.js';
import { isConsTaxonomyHeader, isHeaderlessDesign } from '../amplicon/formats/mothur-taxonomy.js';
import { isTaxonomyHeader } from '../amplicon/formats/qiime2-taxonomy.js';
import { rankColumns } from '../amplicon/formats/rank-taxonomy.js';
import { fail } from '../errors.js';
import type { MetabolomicsFormatId } from '../metabolomics/matrix.js';
import type { DatasetKind } from '../results/model.js';
import { isSampleIdHead } from '../study/csv-metadata.js';
import { isPathwayMapText } from '../study/pathway-map.js';
import { isMetadataIdHeader } from '../study/qiime2-metadata.js';
import { delimiterName, isMissingCell, RowCells, readTableHead, type TableHead } from '../text/delimited-table.js';
import { decodeText, gunzipIfNeeded, LineCursor, parseDecimal, splitFields } from '../text/text.js';
import { sniffMetabolomicsHook } from './metabolomics-hook.js';

/** The formats this layer recognises itself. */
export const FORMAT_IDS = [
  'biom-json',
  'biom-tsv',
  'biom-hdf5',
  'qiime2-taxonomy',
  'qiime2-metadata',
  'qiime2-artifact',
  'newick',
  'mothur-shared',
  'mothur-taxonomy',
  'mothur-design',
  'dada2-seqtab',
  'dada2-taxonomy',
  'ampliseq-asv-table',
  'ampliseq-taxonomy',
  'plain-matrix',
  'csv-metadata',
  'pathway-map',
  'feature-annotations',
] as const;

/**
 * First header cells that name a *feature* id column: QIIME 2's feature metadata headers and the first column of
 * metabolite annotation tables and compound maps (compared lower-cased, ' ', '-', '_' and '.' removed).
 */
const FEATURE_ID_HEADERS = new Set(['featureid', 'compound', 'compoundid', 'metabolite', 'metaboliteid', 'feature']);

/** True when a delimited table's first header cell names a feature id column. */
export function isFeatureIdHeader(cell: string): boolean {
  return FEATURE_ID_HEADERS.has(
    cell
      .trim()
      .toLowerCase()
      .replace(/[\s._-]/g, ''),
  );
}
/** A format of this layer. */
export type OwnFormatId = (typeof FORMAT_IDS)[number];
/** What sniffing can return: one of this layer's formats or a metabolomics format (parsed by lambdas/core/metabolomics). */
export type FormatId = OwnFormatId | MetabolomicsFormatId;

/** What an unrecognised file could have been, for error messages. */
export const EXPECTED_FORMATS =
  "BIOM 1.0 JSON, BIOM 2.1 HDF5, BIOM TSV ('#OTU ID' header), QIIME 2 taxonomy TSV ('Feature ID', 'Taxon'), QIIME 2 metadata TSV ('sample-id' header), " +
  'QIIME 2 artifact (.qza), Newick tree, mothur .shared / .cons.taxonomy / .design, DADA2 seqtab or taxa CSV, nf-core/ampliseq ASV_table.tsv / ASV_tax.tsv, ' +
  'a plain sample x feature count matrix (CSV/TSV), sample metadata CSV (first column sample id), ' +
  "a feature -> pathway map ('featureId' and 'pathway' columns)";

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** Local file header, and the end record of an empty archive. */
const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];
/** Starts of R's serialization formats: saveRDS (XDR, ASCII, native binary) and save (RData). */
const R_SIGNATURES = [
  'X\n\0\0\0',
  'A\n2\n',
  'A\n3\n',
  'B\n\x02\0\0\0',
  'B\n\x03\0\0\0',
  'RDX2\n',
  'RDX3\n',
  'RDA2\n',
  'RDA3\n',
  'RDB2\n',
  'RDB3\n',
].map((s) => Array.from(s, (c) => c.charCodeAt(0)));
/** Bytes of a text file examined when sniffing (extended to hold at least SNIFF_MIN_LINES whole lines). */
const SNIFF_BYTES = 256 * 1024;
const SNIFF_MIN_LINES = 3;
/** Data rows examined to decide on a table's content. */
const SNIFF_ROWS = 50;
const BIOM_PREAMBLE = '# Constructed from biom file';
const HASH = 35;
const LF = 10;
const ASV_ID = 'asv_id';
/** A headerless two-column table is a mothur design only under this name: content alone cannot tell it from a table with an unknown header. */
const DESIGN_FILE = /\.design(\.gz)?$/i;

/** The format of `bytes` (gzip undone first); throws DataErrorSignal when none fits. */
export function sniffFormat(bytes: Uint8Array, fileName = ''): FormatId {
  return sniffPlainBytes(gunzipIfNeeded(bytes), fileName);
}

/** True for a format another module parses (anything but this layer's own). */
export function isMetabolomicsFormat(format: FormatId): format is Exclude<MetabolomicsFormatId, OwnFormatId> {
  return !(FORMAT_IDS as readonly string[]).includes(format);
}

/** The format of bytes that are not gzip-compressed. */
export function sniffPlainBytes(bytes: Uint8Array, fileName = ''): FormatId {
  if (bytes.length === 0) fail('EMPTY_FILE', 'file is empty', { expected: EXPECTED_FORMATS });
  if (startsWith(bytes, HDF5_SIGNATURE)) return 'biom-hdf5';
  if (ZIP_SIGNATURES.some((s) => startsWith(bytes, s))) return 'qiime2-artifact';
  if (R_SIGNATURES.some((s) => startsWith(bytes, s))) rSerialized();
  const text = sniffText(bytes);
  const first = firstNonWhitespace(text);
  if (first === -1) fail('EMPTY_FILE', 'file holds only whitespace', { expected: EXPECTED_FORMATS });
  if (text[first] === '{') return 'biom-json';
  if (text[first] === '(') return sniffNewick(bytes);
  return sniffTable(text, fileName);
}

/** True when `bytes` begins with `signature`. */
function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** Fails UNSUPPORTED_FORMAT for an R object file, saying how to write the table as text. */
function rSerialized(): never {
  return fail(
    'UNSUPPORTED_FORMAT',
    'file is an R object (saveRDS/save), which only R can read; write the table as text instead, e.g. write.csv(seqtab.nochim, "seqtab.csv") and write.csv(taxa, "taxa.csv")',
    { expected: 'a text table such as write.csv writes' },
  );
}

/** The decoded start of the file: at least SNIFF_BYTES and SNIFF_MIN_LINES lines, cut back to whole lines when the file is longer. */
function sniffText(bytes: Uint8Array): string {
  if (bytes.length <= SNIFF_BYTES) return decodeText(bytes);
  let end = 0;
  for (let k = 0; k < SNIFF_MIN_LINES && end !== -1; k++) {
    const nl = bytes.indexOf(LF, end);
    end = nl === -1 ? -1 : nl + 1;
  }
  if (end === -1 || end >= bytes.length) return decodeText(bytes);
  const text = decodeText(bytes.subarray(0, Math.max(end, SNIFF_BYTES)));
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

/** Offset of the first non-whitespace character, or -1. */
function firstNonWhitespace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : -1;
}

/** Rule 7: text opening with `(` is a Newick tree when it ends with `;`. */
function sniffNewick(bytes: Uint8Array): FormatId {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 32 || bytes[end - 1] === 9 || bytes[end - 1] === 10 || bytes[end - 1] === 13))
    end--;
  if (bytes[end - 1] === 0x3b) return 'newick';
  const text = decodeText(bytes.subarray(0, end));
  const lines = text.split(/\r\n|\r|\n/);
  return fail('INVALID_TREE', "text starts like a Newick tree but does not end with ';' (an incomplete upload?)", {
    line: lines.length,
    column: lines[lines.length - 1]!.length + 1,
    expected: "a Newick tree ending with ';'",
  });
}

/** Rule 8: which tab-separated format the header and first rows describe; rule 9 when none. */
function sniffTable(text: string, fileName: string): FormatId {
  if (isPathwayMapText(text)) return 'pathway-map';
  const cur = new LineCursor(text);
  let first = true;
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    if (first && cur.line.startsWith(BIOM_PREAMBLE)) return 'biom-tsv';
    first = false;
    const cells = splitFields(text, '\t', cur.start, cur.end).values.map((c) => c.trim());
    const id = cells[0]!;
    if (isTaxonomyHeader(cells)) return 'qiime2-taxonomy';
    const biomHeader = (BIOM_TSV_ID_HEADERS as readonly string[]).includes(id.toLowerCase());
    const metadataHeader = isMetadataIdHeader(id);
    if (!biomHeader && id.toLowerCase().replace(/[\s._-]/g, '') === 'featureid' && !isNumericTable(text))
      return 'feature-annotations';
    if (metadataHeader && !biomHeader) return 'qiime2-metadata';
    if (biomHeader && !metadataHeader) return 'biom-tsv';
    if (biomHeader) return sharedHeaderFormat(cur, cells);
    if (isSharedHeader(cells)) return 'mothur-shared';
    if (isConsTaxonomyHeader(cells)) return 'mothur-taxonomy';
    if (text.charCodeAt(cur.start) === HASH) continue;
    if (isHeaderlessSharedRow(cells)) return 'mothur-shared';
    return sniffDelimited(text, fileName, cur);
  }
  return fail('UNKNOWN_FORMAT', 'no header line found: the file holds only comments', {
    line: 1,
    column: 1,
    expected: EXPECTED_FORMATS,
  });
}

/** True when the rows after the header hold only numbers past the first column (a count table, not annotations). */
function isNumericTable(text: string): boolean {
  const head = readTableHead(text);
  const sample = head ? sampleRows(text, head) : null;
  return Boolean(sample?.numeric);
}

/** Rule 8e: a header both BIOM TSV and QIIME 2 metadata accept; the cursor is on the header. */
function sharedHeaderFormat(cur: LineCursor, header: string[]): FormatId {
  if (!cur.advance()) return 'biom-tsv';
  if (cur.line.trimStart().startsWith('#q2:')) return 'qiime2-metadata';
  if (header[0] === '#OTU ID') return 'biom-tsv';
  const lastValue = LINEAGE_HEADERS.some((h) => h === header[header.length - 1]!.toLowerCase())
    ? header.length - 1
    : header.length;
  let rows = 0;
  do {
    if (cur.isBlank() || cur.text.charCodeAt(cur.start) === HASH) continue;
    const cells = splitFields(cur.text, '\t', cur.start, cur.end).values;
    for (let k = 1; k < lastValue; k++) if (Number.isNaN(parseDecimal(cells[k] ?? ''))) return 'qiime2-metadata';
    rows++;
  } while (rows < SNIFF_ROWS && cur.advance());
  return lastValue > 1 || rows === 0 ? 'biom-tsv' : 'qiime2-metadata';
}

/** Rule 9: a delimited table that no header above identifies; `cur` is on its first content line. */
function sniffDelimited(text: string, fileName: string, cur: LineCursor): FormatId {
  const head = readTableHead(text);
  const sample = head ? sampleRows(text, head) : null;
  if (head && sample) {
    const idHeader = head.idHeader.toLowerCase();
    if (rankColumns(head.names)) return idHeader === ASV_ID ? 'ampliseq-taxonomy' : 'dada2-taxonomy';
    if (sample.numeric && idHeader === ASV_ID) return 'ampliseq-asv-table';
    if (
      sample.numeric &&
      (shareOf(head.names, isDnaSequence) >= AXIS_SHARE || shareOf(sample.ids, isDnaSequence) >= AXIS_SHARE)
    )
      return 'dada2-seqtab';
  }
  const metabolomics = sniffMetabolomicsHook(text, fileName);
  if (metabolomics && metabolomics !== 'plain-matrix') return metabolomics;
  if (sample?.numeric) return 'plain-matrix';
  if (head && isFeatureIdHeader(head.idHeader)) return 'feature-annotations';
  if (DESIGN_FILE.test(fileName) && isHeaderlessDesign(text)) return 'mothur-design';
  if (head && isSampleIdHead(head)) return 'csv-metadata';
  if (metabolomics) return metabolomics;
  return unknownFormat(cur, head);
}

/** Row ids of the first data rows, and whether all their value cells (sequence and lineage columns aside) are numbers or missing. */
function sampleRows(text: string, head: TableHead): { ids: string[]; numeric: boolean } | null {
  const skip = new Set<string>([...SEQUENCE_HEADERS, ...LINEAGE_HEADERS]);
  const valueCells = head.names.flatMap((n, k) => (skip.has(n.toLowerCase()) ? [] : [k + 1]));
  const cells = new RowCells(text, head.delimiter);
  const cur = new LineCursor(text);
  const ids: string[] = [];
  let numeric = valueCells.length > 0;
  while (ids.length < SNIFF_ROWS && cur.advance()) {
    if (cur.lineNo <= head.headerLine || cur.isBlank()) continue;
    cells.loadRange(cur.start, cur.end, cur.lineNo);
    ids.push(cells.value(0));
    for (const k of valueCells) {
      if (!numeric || k >= cells.count) break;
      if (Number.isNaN(cells.number(k)) && !isMissingCell(cells.raw(k)) && !isDecimalComma(cells.value(k), head))
        numeric = false;
    }
  }
  return ids.length === 0 ? null : { ids, numeric };
}

/** True for a decimal-comma number (`1,5`) in a semicolon-separated table. */
function isDecimalComma(cell: string, head: TableHead): boolean {
  return head.delimiter === ';' && /^[+-]?\d+,\d+$/.test(cell);
}

/** Fails UNKNOWN_FORMAT quoting the current line. */
function unknownFormat(cur: LineCursor, head: TableHead | null): never {
  const line = cur.line;
  const shown = JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
  const what = head
    ? `unrecognised ${delimiterName(head.delimiter)}-separated table: its values are not all numbers and its first column ${JSON.stringify(head.idHeader)} is not a sample id column (e.g. sample-id)`
    : 'unrecognised content';
  return fail('UNKNOWN_FORMAT', `${what}; first line is ${shown}`, {
    line: cur.lineNo,
    column: 1,
    expected: EXPECTED_FORMATS,
  });
}

/** What a format is for, so a file that fails to parse is still labelled (e.g. a truncated BIOM is a FAILED '16s' dataset); null when it depends on the content (artifacts, plain matrices). */
export function kindOfFormat(format: FormatId): DatasetKind | null {
  switch (format) {
    case 'biom-json':
    case 'biom-tsv':
    case 'biom-hdf5':
    case 'mothur-shared':
    case 'dada2-seqtab':
    case 'ampliseq-asv-table':
      return '16s';
    case 'qiime2-taxonomy':
    case 'mothur-taxonomy':
    case 'dada2-taxonomy':
    case 'ampliseq-taxonomy':
      return 'taxonomy';
    case 'qiime2-metadata':
    case 'mothur-design':
    case 'csv-metadata':
    case 'w4m-sample-metadata':
      return 'metadata';
    case 'w4m-variable-metadata':
    case 'feature-annotations':
      return 'feature-metadata';
    case 'newick':
      return 'tree';
    case 'pathway-map':
      return 'pathways';
    case 'qiime2-artifact':
    case 'plain-matrix':
      return null;
    default:
      return 'metabolomics';
  }
}
