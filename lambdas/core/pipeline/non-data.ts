/**
 * Files a lab commonly leaves in a study folder that are not data: documents, spreadsheets, images, notebooks,
 * operating-system litter. Such a file is recorded as an IGNORED dataset with its reason and never fails a run;
 * an unknown *text table* is still parsed and FAILS with its reason (docs/formats.md "Files that are not data").
 */

/** Extensions (lower case) of files that are not data, with the reason given. */
const NOT_DATA: readonly [RegExp, string][] = [
  [/\.(md|markdown|rst|pdf|docx?|odt|rtf|pptx?|odp|html?)$/, 'a document, not a data table'],
  [/\.(xlsx|xlsm|xls|ods|numbers)$/, 'a spreadsheet workbook: save the sheet as CSV or TSV to have it read'],
  [/\.(png|jpe?g|gif|svg|tiff?|bmp|webp|heic|eps)$/, 'an image'],
  [/\.(ipynb|r|rmd|py|sh|log|bak|tmp|swp)$/, 'a script, notebook or log file'],
];
/** File names that are operating-system or editor litter, or read-me files without an extension. */
const LITTER = /^(\.ds_store|thumbs\.db|desktop\.ini|\._.*|~\$.*|(readme|license|licence|changelog|notes)(\.txt)?)$/;

/** Why the file at `path` is not data, or null when it may be. */
export function notDataReason(path: string): string | null {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  if (LITTER.test(name))
    return name.startsWith('.') || name.startsWith('~$') || name === 'thumbs.db' || name === 'desktop.ini'
      ? 'operating-system or editor litter'
      : 'a read-me or notes file, not a data table';
  for (const [pattern, reason] of NOT_DATA) if (pattern.test(name)) return reason;
  return null;
}
