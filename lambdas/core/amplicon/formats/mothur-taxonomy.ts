/**
 * mothur's per-OTU consensus taxonomy (`classify.otu` → `.cons.taxonomy`):
 * header `OTU  Size  Taxonomy`, then e.g.
 * `Otu001  12288  Bacteria(100);"Bacteroidetes"(100);…;`. Lines are split at
 * tabs only (mothur does not quote fields; quotes inside names are part of
 * the name). The lineage is kept exactly as written, bootstrap suffixes,
 * quotes and trailing `;` included; ranks are normalised later (docs/metrics.md,
 * Taxonomy). Also mothur's headerless two-column `.design` file
 * (`group<TAB>treatment`), read as sample metadata.
 */
import { fail } from '../../errors.js';
import type { SampleMetadata } from '../../study/qiime2-metadata.js';
import { checkId, type IdNormalization, normalizationsField } from '../../text/ids.js';
import { DEFAULT_LIMITS, type ParseLimits, resolveLimits } from '../../text/limits.js';
import { cellTooLong, checkLineLimits, LineCursor, tooManyColumns } from '../../text/text.js';
import type { Taxonomy } from './qiime2-taxonomy.js';

/** The cons.taxonomy header cells, compared case-insensitively. */
export const CONS_TAXONOMY_HEADER = ['otu', 'size', 'taxonomy'] as const;
/** Column name given to the second column of a headerless design file. */
export const DESIGN_COLUMN = 'treatment';
const TAB = '\t';

/** One line (number `line`) split at tabs, with the 1-based column of each cell; trailing empty cells dropped; the limits' field and cell caps apply. */
function tabCells(
  text: string,
  start: number,
  end: number,
  line: number,
  limits: ParseLimits,
): { values: string[]; columns: number[] } {
  const values: string[] = [];
  const columns: number[] = [];
  const overflow = tabPastLimit(text, start, end, limits.maxColumns);
  if (overflow !== -1) tooManyColumns(line, overflow - start + 1, limits);
  let pos = start;
  for (;;) {
    let stop = text.indexOf(TAB, pos);
    if (stop === -1 || stop > end) stop = end;
    if (stop - pos > limits.maxCellLength) cellTooLong(line, pos - start + 1, stop - pos, limits);
    values.push(text.slice(pos, stop).trim());
    columns.push(pos - start + 1);
    if (stop >= end) break;
    pos = stop + 1;
  }
  while (values.length > 1 && values[values.length - 1] === '') {
    values.pop();
    columns.pop();
  }
  return { values, columns };
}

/** Offset where tab-separated field `max + 1` of `text[start, end)` starts (mothur does not quote), or -1; counts without allocating. */
function tabPastLimit(text: string, start: number, end: number, max: number): number {
  if (end - start < max) return -1;
  let n = 1;
  for (let t = text.indexOf(TAB, start); t !== -1 && t < end; t = text.indexOf(TAB, t + 1)) if (++n > max) return t + 1;
  return -1;
}

/** True when header cells open a cons.taxonomy file. */
export function isConsTaxonomyHeader(cells: readonly string[]): boolean {
  return cells.length >= 3 && CONS_TAXONOMY_HEADER.every((h, k) => cells[k]!.trim().toLowerCase() === h);
}

/** Parses `.cons.taxonomy` text; throws DataErrorSignal on bad input. */
export function parseMothurTaxonomyText(text: string, limits: Partial<ParseLimits> = {}): Taxonomy {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const normalizations: IdNormalization[] = [];
  const cur = new LineCursor(text);
  while (cur.advance() && cur.isBlank());
  const header = tabCells(text, cur.start, cur.end, cur.lineNo, lim);
  if (cur.lineNo === 0 || !isConsTaxonomyHeader(header.values)) {
    fail(
      'WRONG_HEADER',
      `a cons.taxonomy file starts with OTU, Size, Taxonomy; found ${JSON.stringify(header.values.slice(0, 3).join('\t'))}`,
      {
        line: Math.max(cur.lineNo, 1),
        column: 1,
        expected: "'OTU<TAB>Size<TAB>Taxonomy'",
      },
    );
  }
  const out: Taxonomy = { featureIds: [], taxa: [], confidence: [] };
  const firstLine = new Map<string, number>();
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    const { values, columns } = tabCells(text, cur.start, cur.end, cur.lineNo, lim);
    if (values.length !== 3) {
      fail('RAGGED_ROW', `row has ${values.length} fields, a cons.taxonomy row has 3`, {
        line: cur.lineNo,
        column: values.length > 3 ? columns[3]! : cur.end - cur.start + 1,
        expected: 'OTU<TAB>Size<TAB>Taxonomy',
      });
    }
    const id = checkId(values[0]!, 'feature', { line: cur.lineNo, column: 1 }, normalizations, lim);
    if (id === '') fail('MISSING_ID', 'row has no OTU name', { line: cur.lineNo, column: 1 });
    const first = firstLine.get(id);
    if (first !== undefined)
      fail('DUPLICATE_ID', `duplicate OTU '${id}' (first on line ${first})`, { line: cur.lineNo, column: 1 });
    firstLine.set(id, cur.lineNo);
    out.featureIds.push(id);
    out.taxa.push(values[2]!);
    out.confidence.push(null);
  }
  if (out.featureIds.length === 0)
    fail('EMPTY_TABLE', 'cons.taxonomy file has a header but no OTUs', { line: cur.lineNo, column: 1 });
  return { ...out, ...normalizationsField(normalizations) };
}

/** True when every non-blank line of `text` has exactly two non-empty tab-separated cells, none a lineage, with unique first cells. */
export function isHeaderlessDesign(text: string): boolean {
  const cur = new LineCursor(text);
  const seen = new Set<string>();
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    const { values } = tabCells(text, cur.start, cur.end, cur.lineNo, DEFAULT_LIMITS);
    if (values.length !== 2 || values.some((v) => v === '' || v.includes(';')) || seen.has(values[0]!)) return false;
    seen.add(values[0]!);
  }
  return seen.size > 0;
}

/** Parses a headerless mothur design file (`group<TAB>treatment` per line); throws DataErrorSignal on bad input. */
export function parseMothurDesignText(text: string, limits: Partial<ParseLimits> = {}): SampleMetadata {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const normalizations: IdNormalization[] = [];
  const sampleIds: string[] = [];
  const values: (string | null)[] = [];
  const firstLine = new Map<string, number>();
  const cur = new LineCursor(text);
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    const cells = tabCells(text, cur.start, cur.end, cur.lineNo, lim);
    if (cells.values.length !== 2) {
      fail('RAGGED_ROW', `row has ${cells.values.length} fields, a design row has 2 (group, treatment)`, {
        line: cur.lineNo,
        column: cells.values.length > 2 ? cells.columns[2]! : cur.end - cur.start + 1,
        expected: 'group<TAB>treatment',
      });
    }
    const id = checkId(cells.values[0]!, 'sample', { line: cur.lineNo, column: 1 }, normalizations, lim);
    if (id === '') fail('MISSING_ID', 'row has no group (sample name)', { line: cur.lineNo, column: 1 });
    const first = firstLine.get(id);
    if (first !== undefined)
      fail('DUPLICATE_ID', `duplicate group '${id}' (first on line ${first})`, { line: cur.lineNo, column: 1 });
    firstLine.set(id, cur.lineNo);
    sampleIds.push(id);
    values.push(cells.values[1]! === '' ? null : cells.values[1]!);
  }
  if (sampleIds.length === 0) fail('EMPTY_FILE', 'design file has no rows');
  return {
    idHeader: 'group',
    sampleIds,
    columns: [{ name: DESIGN_COLUMN, type: 'categorical', values }],
    ...normalizationsField(normalizations),
  };
}
