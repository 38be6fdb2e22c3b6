/**
 * QIIME 2 taxonomy TSV (`FeatureData[Taxonomy]` exported: `Feature ID`,
 * `Taxon`, optional `Confidence`) and biom-format observation metadata of the
 * same shape (`#OTUID`, `taxonomy`, `confidence`). Lines starting with `#`
 * after the header are comments. Taxa are kept as found (trimmed).
 */
import { fail } from '../../errors.js';
import { checkId, type IdNormalization, normalizationsField } from '../../text/ids.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import { bytesToText, checkLineLimits, LineCursor, parseDecimal, splitFields } from '../../text/text.js';

/** First header cells naming the feature id column, compared case-insensitively. */
export const TAXONOMY_ID_HEADERS = [
  'feature id',
  'featureid',
  'feature-id',
  '#otuid',
  '#otu id',
  'otu id',
  '#feature id',
] as const;
/** Second header cells naming the lineage column, compared case-insensitively. */
export const TAXON_HEADERS = ['taxon', 'taxonomy'] as const;

/** Lineage per feature, in file order. */
export interface Taxonomy {
  featureIds: string[];
  taxa: string[];
  /** classifier confidence; null when the column is absent or the cell is empty or not a finite number */
  confidence: (number | null)[];
  /** feature ids whose spelling NFC changed (present only when some did) */
  idNormalizations?: IdNormalization[];
}

/** Parses taxonomy TSV bytes (gzip accepted); throws DataErrorSignal on bad input. */
export function parseTaxonomy(bytes: Uint8Array, _fileName?: string, limits: Partial<ParseLimits> = {}): Taxonomy {
  const lim = resolveLimits(limits);
  return parseTaxonomyText(bytesToText(bytes, lim), lim);
}

/** True when header cells open a taxonomy table: a feature id column followed by a Taxon/taxonomy column. */
export function isTaxonomyHeader(cells: readonly string[]): boolean {
  return (
    cells.length >= 2 &&
    (TAXONOMY_ID_HEADERS as readonly string[]).includes(cells[0]!.trim().toLowerCase()) &&
    (TAXON_HEADERS as readonly string[]).includes(cells[1]!.trim().toLowerCase())
  );
}

/** Parses taxonomy TSV text. */
export function parseTaxonomyText(text: string, limits: Partial<ParseLimits> = {}): Taxonomy {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const split = { limits: lim };
  const normalizations: IdNormalization[] = [];
  const cur = new LineCursor(text);
  while (cur.advance() && cur.isBlank());
  if (cur.lineNo === 0 || cur.isBlank()) fail('EMPTY_FILE', 'taxonomy file has no header');
  const header = splitFields(text, '\t', cur.start, cur.end, { ...split, line: cur.lineNo }).values.map((c) =>
    c.trim(),
  );
  if (!isTaxonomyHeader(header)) {
    const bad = (TAXONOMY_ID_HEADERS as readonly string[]).includes(header[0]!.toLowerCase()) ? 2 : 1;
    const column = bad === 1 ? 1 : (splitFields(text, '\t', cur.start, cur.end).columns[1] ?? cur.end - cur.start + 1);
    fail(
      'WRONG_HEADER',
      `taxonomy header must start with a feature id column and a Taxon column, found ${JSON.stringify(header.slice(0, 3).join('\t'))}`,
      {
        line: cur.lineNo,
        column,
        expected: "'Feature ID<TAB>Taxon[<TAB>Confidence]'",
      },
    );
  }
  const confidenceAt = header.findIndex((h, k) => k >= 2 && h.toLowerCase() === 'confidence');
  const out: Taxonomy = { featureIds: [], taxa: [], confidence: [] };
  const firstLine = new Map<string, number>();
  while (cur.advance()) {
    if (cur.isBlank() || text.charCodeAt(cur.start) === 35) continue;
    const { values, columns } = splitFields(text, '\t', cur.start, cur.end, { ...split, line: cur.lineNo });
    if (values.length !== header.length) {
      fail('RAGGED_ROW', `row has ${values.length} fields, the header has ${header.length}`, {
        line: cur.lineNo,
        column: values.length > header.length ? columns[header.length]! : cur.end - cur.start + 1,
        expected: `${header.length} tab-separated fields`,
      });
    }
    const id = checkId(values[0]!.trim(), 'feature', { line: cur.lineNo, column: 1 }, normalizations, lim);
    if (id === '') fail('MISSING_ID', 'row has no feature id', { line: cur.lineNo, column: 1 });
    const first = firstLine.get(id);
    if (first !== undefined)
      fail('DUPLICATE_ID', `duplicate feature id '${id}' (first on line ${first})`, { line: cur.lineNo, column: 1 });
    firstLine.set(id, cur.lineNo);
    out.featureIds.push(id);
    out.taxa.push(values[1]!.trim());
    out.confidence.push(confidenceAt === -1 ? null : confidenceValue(values[confidenceAt]!));
  }
  if (out.featureIds.length === 0) fail('EMPTY_TABLE', 'taxonomy file has a header but no rows');
  return { ...out, ...normalizationsField(normalizations) };
}

/** A confidence cell as a number; null when empty, not numeric or not finite (QIIME 2 does not validate this column). */
function confidenceValue(cell: string): number | null {
  const v = parseDecimal(cell);
  return Number.isFinite(v) ? v : null;
}
