/**
 * Recognises an upload's format from its content; the file name is used only
 * in messages. gzip is undone first. Rules, in order (docs/formats.md repeats them):
 *
 *  1. no bytes, or only whitespace                       -> EMPTY_FILE
 *  2. HDF5 signature 89 48 44 46 0d 0a 1a 0a             -> biom-hdf5
 *  3. zip signature (a QIIME 2 .qza/.qzv artifact)       -> UNSUPPORTED_ARTIFACT
 *  4. NUL bytes or mostly undecodable/control characters -> BINARY_CONTENT
 *  5. first non-whitespace character `{`                 -> biom-json
 *  6. otherwise a tab-separated table.
 *     a. first non-blank line starts `# Constructed from biom file` -> biom-tsv
 *     The header is the first non-blank line whose first cell is a known ID
 *     header; `#` lines before it are skipped. Any other line first ->
 *     UNKNOWN_FORMAT quoting it. Then, by the header's cells:
 *     b. first cell a feature-id header and second cell `Taxon`/`taxonomy`
 *        (any case)                                      -> qiime2-taxonomy
 *     c. first cell a QIIME 2 ID header that a BIOM TSV never uses (id,
 *        sampleid, sample id, sample-id, featureid, feature-id, #SampleID,
 *        #Sample ID, sample_name)                        -> qiime2-metadata
 *     d. first cell a BIOM TSV header QIIME 2 metadata rejects (`OTU ID`,
 *        `#Feature ID`, or `#OTU ID`/`#OTUID` in another letter case)
 *                                                        -> biom-tsv
 *     e. headers both accept (`#OTU ID`, `#OTUID`, `Feature ID` in any case):
 *        the line right after the header is a `#q2:` directive -> qiime2-metadata;
 *        the header is exactly `#OTU ID` (what biom-format writes) -> biom-tsv;
 *        else biom-tsv when every value cell (all but the id and a trailing
 *        taxonomy/ConsensusLineage/Taxon column) of the first 50 data rows is
 *        a number, or there are no data rows; otherwise qiime2-metadata
 *        (feature metadata).
 */
import { fail } from '../errors.js';
import { BIOM_TSV_ID_HEADERS, LINEAGE_HEADERS } from './biom-tsv.js';
import { isMetadataIdHeader } from './qiime2-metadata.js';
import { isTaxonomyHeader } from './qiime2-taxonomy.js';
import { LineCursor, decodeText, gunzipIfNeeded, parseDecimal, splitFields } from './text.js';

/** The formats this layer recognises. */
export const FORMAT_IDS = ['biom-json', 'biom-tsv', 'biom-hdf5', 'qiime2-taxonomy', 'qiime2-metadata'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** What an unrecognised file could have been, for error messages. */
export const EXPECTED_FORMATS =
  "BIOM 1.0 JSON, BIOM 2.1 HDF5, BIOM TSV ('#OTU ID' header), QIIME 2 taxonomy TSV ('Feature ID', 'Taxon'), QIIME 2 metadata TSV ('sample-id' header)";

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Bytes of a text file examined when sniffing. */
const SNIFF_BYTES = 256 * 1024;
/** Data rows examined to tell a BIOM TSV from feature metadata. */
const SNIFF_ROWS = 50;
const BIOM_PREAMBLE = '# Constructed from biom file';
const HASH = 35;

/** The format of `bytes` (gzip undone first); throws DataErrorSignal when none fits. */
export function sniffFormat(bytes: Uint8Array, _fileName?: string): FormatId {
  return sniffPlainBytes(gunzipIfNeeded(bytes));
}

/** The format of bytes that are not gzip-compressed. */
export function sniffPlainBytes(bytes: Uint8Array): FormatId {
  if (bytes.length === 0) fail('EMPTY_FILE', 'file is empty', { expected: EXPECTED_FORMATS });
  if (startsWith(bytes, HDF5_SIGNATURE)) return 'biom-hdf5';
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    fail('UNSUPPORTED_ARTIFACT', 'file is a zip archive (a QIIME 2 .qza?); export the table with `qiime tools export` and upload the .biom or .tsv', {
      expected: EXPECTED_FORMATS,
    });
  }
  const text = sniffText(bytes);
  const first = firstNonWhitespace(text);
  if (first === -1) fail('EMPTY_FILE', 'file holds only whitespace', { expected: EXPECTED_FORMATS });
  if (text[first] === '{') return 'biom-json';
  return sniffTable(text);
}

/** True when `bytes` begins with `signature`. */
function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** The decoded start of the file, cut back to whole lines when the file is longer. */
function sniffText(bytes: Uint8Array): string {
  if (bytes.length <= SNIFF_BYTES) return decodeText(bytes);
  const text = decodeText(bytes.subarray(0, SNIFF_BYTES));
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline === -1 ? text : text.slice(0, lastNewline + 1);
}

/** Offset of the first non-whitespace character, or -1. */
function firstNonWhitespace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : -1;
}

/** Rule 6: which tab-separated format the header and first rows describe. */
function sniffTable(text: string): FormatId {
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
    if (metadataHeader && !biomHeader) return 'qiime2-metadata';
    if (biomHeader && !metadataHeader) return 'biom-tsv';
    if (biomHeader) return sharedHeaderFormat(cur, cells);
    if (text.charCodeAt(cur.start) !== HASH) unknownFormat(cur);
  }
  return fail('UNKNOWN_FORMAT', 'no header line found: the file holds only comments', { line: 1, column: 1, expected: EXPECTED_FORMATS });
}

/** Rule 6e: a header both BIOM TSV and QIIME 2 metadata accept; the cursor is on the header. */
function sharedHeaderFormat(cur: LineCursor, header: string[]): FormatId {
  if (!cur.advance()) return 'biom-tsv';
  if (cur.line.trimStart().startsWith('#q2:')) return 'qiime2-metadata';
  if (header[0] === '#OTU ID') return 'biom-tsv';
  const lastValue = LINEAGE_HEADERS.some((h) => h === header[header.length - 1]!.toLowerCase()) ? header.length - 1 : header.length;
  let rows = 0;
  do {
    if (cur.isBlank() || cur.text.charCodeAt(cur.start) === HASH) continue;
    const cells = splitFields(cur.text, '\t', cur.start, cur.end).values;
    for (let k = 1; k < lastValue; k++) if (Number.isNaN(parseDecimal(cells[k] ?? ''))) return 'qiime2-metadata';
    rows++;
  } while (rows < SNIFF_ROWS && cur.advance());
  return lastValue > 1 || rows === 0 ? 'biom-tsv' : 'qiime2-metadata';
}

/** Fails UNKNOWN_FORMAT quoting the current line. */
function unknownFormat(cur: LineCursor): never {
  const line = cur.line;
  const shown = JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line);
  const commaHint = !line.includes('\t') && line.includes(',') ? ' (it looks comma-separated; these formats are tab-separated)' : '';
  return fail('UNKNOWN_FORMAT', `unrecognised content; first line is ${shown}${commaHint}`, {
    line: cur.lineNo,
    column: 1,
    expected: EXPECTED_FORMATS,
  });
}
