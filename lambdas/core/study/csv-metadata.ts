/**
 * Sample metadata in a delimited table that is not QIIME 2 metadata: R's
 * `write.csv(sample_data)` (an empty first header cell over the row names,
 * e.g. DADA2's `samdf.csv`), or a CSV/TSV whose first column is named like
 * a sample id column (`sample`, `sample_id`, `SampleID`, `group`, GNPS's `filename`, …). Cells
 * are trimmed; empty cells, the table markers (`NA`, `NaN`, `null`, `N/A`, …)
 * and the INSDC terms are missing (`isMissingMetadataValue`, as in QIIME 2
 * metadata by default), and counted; a column is numeric when every
 * non-missing value is a decimal number.
 */
import { fail } from '../errors.js';
import {
  checkFieldCount,
  checkHeaderNames,
  forEachRow,
  readTableHead,
  type TableHead,
} from '../text/delimited-table.js';
import { checkId, type IdNormalization, normalizationsField } from '../text/ids.js';
import { type ParseLimits, resolveLimits } from '../text/limits.js';
import { isMissingMetadataValue } from '../text/missing.js';
import { checkLineLimits, parseDecimal } from '../text/text.js';
import {
  checkNumericCell,
  isMetadataIdHeader,
  type MetadataColumn,
  type MissingCount,
  type SampleMetadata,
} from './qiime2-metadata.js';

/** First header cells (any case) that name a sample id column here besides QIIME 2's own ID headers; '' is R's row-name column. */
export const CSV_SAMPLE_ID_HEADERS = [
  '',
  'sample',
  'samples',
  'sample_id',
  'sample.id',
  'sample id',
  'group',
  'filename',
] as const;

/** True when a table head's id column is a sample id column. */
export function isSampleIdHead(head: TableHead): boolean {
  return (
    head.shortHeader ||
    isMetadataIdHeader(head.idHeader) ||
    (CSV_SAMPLE_ID_HEADERS as readonly string[]).includes(head.idHeader.toLowerCase())
  );
}

/** Parses delimited sample metadata; throws DataErrorSignal on bad input. */
export function parseCsvMetadataText(text: string, limits: Partial<ParseLimits> = {}): SampleMetadata {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const normalizations: IdNormalization[] = [];
  const head = readTableHead(text, lim);
  if (!head)
    fail('INVALID_METADATA', 'no header and data rows found', { expected: 'a header line and one row per sample' });
  checkHeaderNames(head, 'column');
  const sampleIds: string[] = [];
  const cellsByColumn: (string | null)[][] = head.names.map(() => []);
  const markers: Record<string, number>[] = head.names.map(() => ({}));
  const firstLine = new Map<string, number>();
  forEachRow(
    text,
    head,
    (cells) => {
      checkFieldCount(cells, head.nFields, head.delimiter);
      const id = checkId(cells.value(0), 'sample', { line: cells.lineNo, column: 1 }, normalizations, lim);
      if (id === '') fail('MISSING_ID', 'row has values but no sample id', { line: cells.lineNo, column: 1 });
      const first = firstLine.get(id);
      if (first !== undefined)
        fail('DUPLICATE_ID', `duplicate sample id '${id}' (first on line ${first})`, { line: cells.lineNo, column: 1 });
      firstLine.set(id, cells.lineNo);
      sampleIds.push(id);
      for (let k = 0; k < head.names.length; k++) {
        const v = cells.value(k + 1).trim();
        const missing = isMissingMetadataValue(v);
        if (missing) markers[k]![v] = (markers[k]![v] ?? 0) + 1;
        else checkNumericCell(v, { line: cells.lineNo, column: cells.column(k + 1) });
        cellsByColumn[k]!.push(missing ? null : v);
      }
    },
    lim,
  );
  if (sampleIds.length === 0)
    fail('INVALID_METADATA', 'metadata has a header but no samples', { line: head.headerLine, column: 1 });
  const columns = head.names.map((name, k) => inferColumn(name, cellsByColumn[k]!));
  const missing: MissingCount[] = head.names.flatMap((name, k) =>
    Object.keys(markers[k]!).length ? [{ column: name, scheme: 'default' as const, markers: markers[k]! }] : [],
  );
  return {
    idHeader: head.idHeader,
    sampleIds,
    columns,
    ...(missing.length ? { missing } : {}),
    ...normalizationsField(normalizations),
  };
}

/** A column typed numeric when every non-missing value is a number, else categorical. */
function inferColumn(name: string, values: (string | null)[]): MetadataColumn {
  const numeric = values.every((v) => v === null || !Number.isNaN(parseDecimal(v)));
  return { name, type: numeric ? 'numeric' : 'categorical', values };
}
