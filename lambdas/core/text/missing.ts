/**
 * The one set of missing-value markers, for every table the project reads: what R (`NA`, `write.table`'s
 * default), pandas (`NaN`, `nan`, `None`), spreadsheets (`#N/A`) and databases (`null`) write for "no value".
 * Cells are compared after trimming and unquoting. Sample metadata adds the descriptive terms people and
 * INSDC use (`missing`, `not applicable`, `not collected`, …; QIIME 2's `#q2:missing INSDC:missing`), and
 * does not read `None` as missing, because in metadata it is a level people use ("supplement: None").
 * docs/metrics.md ("Missing values") states the rules.
 */

/** Spellings of "no value" in numeric cells of any table, exactly as written (`Na`, sodium, is not one). */
export const MISSING_VALUE_MARKERS: ReadonlySet<string> = new Set([
  '',
  'NA',
  'na',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  'NAN',
  'null',
  'NULL',
  'Null',
  '#N/A',
  'None',
]);

/** INSDC missing-value terms (the vocabulary of QIIME 2's `INSDC:missing` scheme), compared case-insensitively. */
export const INSDC_MISSING_TERMS: readonly string[] = [
  'not applicable',
  'missing',
  'not provided',
  'not collected',
  'restricted access',
  'missing: control sample',
  'missing: sample group',
  'missing: synthetic construct',
  'missing: lab stock',
  'missing: third party data',
  'missing: data agreement established pre-2023',
  'missing: endangered species',
  'missing: human-identifiable',
];

const INSDC = new Set(INSDC_MISSING_TERMS);

/** True when a cleaned numeric cell means "no value". */
export function isMissingValue(cell: string): boolean {
  return MISSING_VALUE_MARKERS.has(cell);
}

/** True when a cleaned metadata cell means "no value": the table markers except `None`, and the INSDC terms. */
export function isMissingMetadataValue(cell: string): boolean {
  return (cell !== 'None' && MISSING_VALUE_MARKERS.has(cell)) || INSDC.has(cell.toLowerCase());
}

/** True when a cleaned metadata cell is an INSDC missing term (what `#q2:missing INSDC:missing` declares missing). */
export function isInsdcMissingTerm(cell: string): boolean {
  return INSDC.has(cell.toLowerCase());
}
