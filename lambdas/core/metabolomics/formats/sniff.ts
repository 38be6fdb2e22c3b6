/**
 * Recognises a metabolomics table by content (the file name only settles
 * the W4M table kinds, which content alone cannot tell apart from other
 * tables). Rules, in order, on the first 256 KiB:
 *
 *  1. `MTD⇥mzTab-version⇥2.…`                                  → mztab-m
 *  2. a line among the first 20 whose first tab cell is `Alignment ID` → msdial
 *  3. by the header (first non-blank line) cells:
 *     a. `id` and `datafile:<file>:area|height`                → mzmine3
 *     b. `row ID` and `row m/z` or `<file> Peak area|height`   → mzmine-legacy
 *     c. file name contains sampleMetadata / variableMetadata  → w4m-sample-metadata / w4m-variable-metadata
 *        (also when the corner cell says so)
 *     d. file name contains dataMatrix, or corner cell `dataMatrix` → w4m-datamatrix
 *     e. `mzmed` and `rtmed`; or `name`, `fold`, `tstat`, `pvalue`; or
 *        `mz`…`npeaks`; or every row id of the first rows is an xcms feature
 *        id (`FT0001`, `M123T456`)                              → xcms
 *     f. a BIOM / QIIME 2 header (`#OTU ID`, `# Constructed from biom`,
 *        `feature-id`, `sample-id`, a `#q2:` directive …)        → null (not ours)
 *     g. a class-label column (2nd) or row (2nd) and numbers elsewhere → metaboanalyst
 *     h. at least one data row and mostly numeric cells beyond the first column → plain-matrix
 *        (ambiguous with a 16S count matrix: the caller decides the kind by path, docs/design.md)
 *  4. anything else → null.
 */

import {
  detectDecimalComma,
  detectDelimiter,
  indexLines,
  numericShare,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import type { MetabolomicsFormatId } from '../matrix.js';
import { alignShortHeader, readHeaderAt } from './common.js';
import { metaboanalystLayout } from './metaboanalyst.js';
import { isMzTabM } from './mztab.js';
import { XCMS_FEATURE_ID } from './xcms.js';

const SNIFF_CHARS = 256 * 1024;
const MSDIAL_SEARCH_LINES = 20;
const PROBE_ROWS = 50;
/** Corner cells only BIOM TSV and QIIME 2 metadata use. */
const FOREIGN_HEADERS = new Set([
  '#otu id',
  '#otuid',
  'otu id',
  '#feature id',
  'feature-id',
  'sample-id',
  '#sampleid',
  '#sample id',
]);

/** The metabolomics format of `text` (see module doc), or null. */
export function sniffMetabolomics(text: string, fileName = ''): MetabolomicsFormatId | null {
  const head = sniffWindow(text);
  if (head.trim() === '') return null;
  if (isMzTabM(head)) return 'mztab-m';
  const lines = indexLines(head);
  if (isMsdial(lines)) return 'msdial';
  const delimiter = detectDelimiter(lines);
  const cells = new RowCells(head, delimiter);
  const h = readHeaderAt(lines, cells, 0);
  const lower = h.cells.map((c) => c.toLowerCase());
  if (lower.includes('id') && lower.some((c) => /^datafile:.+:(area|height)$/.test(c))) return 'mzmine3';
  if (lower.includes('row id') && (lower.includes('row m/z') || lower.some((c) => /\speak (area|height)$/.test(c))))
    return 'mzmine-legacy';
  const w4m = w4mKind(fileName, lower[0] ?? '');
  if (w4m) return w4m;
  if (isXcms(lower, lines, cells)) return 'xcms';
  if (
    /^# constructed from biom/i.test(head.trimStart()) ||
    FOREIGN_HEADERS.has(lower[0] ?? '') ||
    /\n\s*#q2:/.test(head.slice(0, 4096))
  )
    return null;
  if (lines.count < 2 || h.cells.length < 2) return null;
  const decimalComma = detectDecimalComma(head, delimiter);
  if (metaboanalystLayout(lines, cells, decimalComma)) return 'metaboanalyst';
  return isNumericMatrix(lines, cells, h.cells.length, decimalComma) ? 'plain-matrix' : null;
}

/** The text cut to whole lines within SNIFF_CHARS, BOM dropped. */
function sniffWindow(text: string): string {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.length <= SNIFF_CHARS) return t;
  const cut = t.lastIndexOf('\n', SNIFF_CHARS);
  return cut === -1 ? t.slice(0, SNIFF_CHARS) : t.slice(0, cut + 1);
}

/** Rule 2. */
function isMsdial(lines: TextLines): boolean {
  const cells = new RowCells(lines.text, '\t');
  for (let i = 0; i < Math.min(lines.count, MSDIAL_SEARCH_LINES); i++)
    if (cells.load(lines, i).string(0) === 'Alignment ID') return true;
  return false;
}

/** Rules 3c and 3d. */
function w4mKind(fileName: string, corner: string): MetabolomicsFormatId | null {
  const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
  if (base.includes('samplemetadata') || corner === 'samplemetadata') return 'w4m-sample-metadata';
  if (base.includes('variablemetadata') || corner === 'variablemetadata') return 'w4m-variable-metadata';
  if (base.includes('datamatrix') || corner === 'datamatrix') return 'w4m-datamatrix';
  return null;
}

/** Rule 3e. */
function isXcms(lower: string[], lines: TextLines, cells: RowCells): boolean {
  const has = (...names: string[]) => names.every((n) => lower.includes(n));
  if (
    has('mzmed', 'rtmed') ||
    has('name', 'fold', 'tstat', 'pvalue') ||
    has('mz', 'mzmin', 'mzmax', 'rt', 'rtmin', 'rtmax', 'npeaks')
  )
    return true;
  const to = Math.min(lines.count, 1 + PROBE_ROWS);
  if (to < 2) return false;
  for (let i = 1; i < to; i++) if (!XCMS_FEATURE_ID.test(cells.load(lines, i).string(0))) return false;
  return true;
}

/** Rule 3h: data rows whose cells beyond the first column are at least half numeric, in at least one column. */
function isNumericMatrix(lines: TextLines, cells: RowCells, nHeader: number, decimalComma: boolean): boolean {
  const h = readHeaderAt(lines, cells, 0);
  alignShortHeader(h, lines, cells, 1);
  const share = numericShare(lines, cells, 1, 1 + PROBE_ROWS, Math.max(nHeader, h.cells.length), decimalComma);
  let numeric = 0,
    text = 0;
  for (let k = 1; k < share.length; k++) {
    if (share[k]! >= 0.5) numeric++;
    else if (share[k]! < 0.5) text++;
  }
  return numeric >= 1 && numeric >= text;
}
