/**
 * One entry point for every metabolomics table format: sniff (unless the
 * caller names the format), then parse, returning a Result (DataError values
 * with line and column, never exceptions, for bad input).
 */
import { fail, type Result, tryParse } from '../../errors.js';
import { resolveLimits } from '../../text/limits.js';
import { bytesToText } from '../../text/text.js';
import type { MetabolomicsFormatId, MetabolomicsTable, QuantityKind } from '../matrix.js';
import { parseMetaboanalyst } from './metaboanalyst.js';
import { parseMsdial } from './msdial.js';
import { parseMzmine3, parseMzmineLegacy } from './mzmine.js';
import { parseMzTabM } from './mztab.js';
import { type PlainMatrixOptions, parsePlainMatrix } from './plain-matrix.js';
import { sniffMetabolomics } from './sniff.js';
import { parseW4mDataMatrix } from './w4m.js';
import { parseXcms } from './xcms.js';

export type { MetabolomicsParseOptions } from './common.js';
export { parseMetaboanalyst } from './metaboanalyst.js';
export { parseMsdial } from './msdial.js';
export { parseMzmine3, parseMzmineLegacy } from './mzmine.js';
export { parseMzTabM } from './mztab.js';
export { type PlainMatrixOptions, parsePlainMatrix } from './plain-matrix.js';
export { sniffMetabolomics } from './sniff.js';
export { attachW4mMetadata, parseW4mDataMatrix, parseW4mSampleMetadata, parseW4mVariableMetadata } from './w4m.js';
export { parseXcms } from './xcms.js';

/**
 * What a caller may tell the dispatcher: the format (skips sniffing), the
 * plain-matrix orientation hints, `transformed` (study.json declares the
 * table already log-transformed: negative intensities are kept, else they
 * fail NEGATIVE_VALUE) and `limits` (docs/limits.md).
 */
export interface ParseMetabolomicsOptions extends PlainMatrixOptions {
  /** skip sniffing */
  format?: MetabolomicsFormatId;
}

const EXPECTED =
  'an MZmine 3 or MZmine 2/FBMN CSV, an MS-DIAL alignment export, an xcms feature table, a MetaboAnalyst CSV, a W4M dataMatrix, mzTab-M 2.0, or a plain feature × sample matrix';

/** Sniffs and parses `bytes` (gzip and BOM handled) into a table; every data problem comes back as a DataError with `file` set. */
export function parseMetabolomicsTable(
  bytes: Uint8Array,
  fileName: string,
  opts: ParseMetabolomicsOptions = {},
): Result<MetabolomicsTable> {
  return tryParse(() => {
    const text = bytesToText(bytes, resolveLimits(opts.limits));
    if (text.trim() === '') fail('EMPTY_FILE', 'file is empty', { expected: EXPECTED });
    const format = opts.format ?? sniffMetabolomics(text, fileName);
    if (format === null)
      fail('UNKNOWN_FORMAT', 'not a recognised metabolomics table', { line: 1, column: 1, expected: EXPECTED });
    return parseAs(format, text, fileName, opts);
  }, fileName);
}

/** Runs the parser of `format`. */
function parseAs(
  format: MetabolomicsFormatId,
  text: string,
  fileName: string,
  opts: ParseMetabolomicsOptions,
): MetabolomicsTable {
  switch (format) {
    case 'mzmine3':
      return parseMzmine3(text, opts);
    case 'mzmine-legacy':
      return parseMzmineLegacy(text, opts);
    case 'msdial':
      return parseMsdial(text, quantityFromName(fileName), opts);
    case 'xcms':
      return parseXcms(text, opts);
    case 'metaboanalyst':
      return parseMetaboanalyst(text, opts);
    case 'w4m-datamatrix':
      return parseW4mDataMatrix(text, opts);
    case 'mztab-m':
      return parseMzTabM(text, opts);
    case 'plain-matrix':
      return parsePlainMatrix(text, opts);
    case 'w4m-sample-metadata':
    case 'w4m-variable-metadata':
      return fail(
        'UNKNOWN_FORMAT',
        `this is W4M ${format === 'w4m-sample-metadata' ? 'sampleMetadata' : 'variableMetadata'}, not an intensity table; it attaches to the dataMatrix (attachW4mMetadata)`,
        {
          line: 1,
          column: 1,
          expected: 'a W4M dataMatrix',
        },
      );
  }
}

/** MS-DIAL names exports after what they hold (`Height_…`, `Area_…`, `Normalized_…`). */
function quantityFromName(fileName: string): QuantityKind {
  const base = fileName.replace(/^.*[\\/]/, '');
  if (/height/i.test(base)) return 'height';
  if (/area/i.test(base)) return 'area';
  return 'intensity';
}
