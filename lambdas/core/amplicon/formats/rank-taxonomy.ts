/**
 * Taxonomy tables with one column per rank: DADA2's `assignTaxonomy` result
 * written by R (`write.csv(taxa)`: row names are the ASV sequences, columns
 * Kingdom … Genus/Species, `NA` where unassigned) and nf-core/ampliseq's
 * `ASV_tax*.tsv` (`ASV_ID`, Kingdom/Domain … Species, `confidence`, per-rank
 * `*_confidence`, `sequence`; empty where unassigned).
 *
 * The rank columns are the run of columns right after the id column, up to
 * the first column that is not a rank (`confidence`, `*_confidence`,
 * `sequence`, `Species_exact`, `boot.*`). The lineage keeps every rank
 * column in order, each as `<prefix>__<name>` joined with "; " (QIIME 2's
 * Greengenes/SILVA style): Domain d, Kingdom k, Phylum p, Class c, Order o,
 * Family f, Genus g, Species s; another rank name is its own prefix
 * (`supergroup__Alveolata`). An unassigned rank (NA or empty) is the bare
 * prefix (`g__`); a name already carrying a `x__` prefix is kept as is.
 */
import { fail } from '../../errors.js';
import { checkFieldCount, forEachRow, isMissingCell, readTableHead } from '../../text/delimited-table.js';
import { checkId, type IdNormalization, normalizationsField } from '../../text/ids.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import { checkLineLimits } from '../../text/text.js';
import type { Taxonomy } from './qiime2-taxonomy.js';

/** Rank column names (lower case) and the prefix each gets in a lineage. */
export const RANK_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['domain', 'd'],
  ['kingdom', 'k'],
  ['phylum', 'p'],
  ['class', 'c'],
  ['order', 'o'],
  ['family', 'f'],
  ['genus', 'g'],
  ['species', 's'],
]);
/** Ranks one of which a rank table must have, so that e.g. metadata with `Class` and `Order` columns is not mistaken for one. */
const TOP_RANKS = ['domain', 'kingdom', 'phylum'];
/** Known rank columns a table needs to be read as a rank table. */
const MIN_KNOWN_RANKS = 3;
const NOT_A_RANK = /^(confidence|sequence|seq|species_exact|.*_confidence|boot\..*)$/i;
const RANK_SEPARATOR = '; ';
const PREFIXED = /^[a-z]+__/;

/** Indices (into the header names after the id column) of the rank columns; null when the header is not a rank table's. */
export function rankColumns(names: readonly string[]): number[] | null {
  const run: number[] = [];
  for (let k = 0; k < names.length && !NOT_A_RANK.test(names[k]!) && names[k] !== ''; k++) run.push(k);
  const known = run.map((k) => names[k]!.toLowerCase()).filter((n) => RANK_PREFIXES.has(n));
  if (known.length < MIN_KNOWN_RANKS || !known.some((n) => TOP_RANKS.includes(n))) return null;
  return run;
}

/** Parses a rank-per-column taxonomy table; throws DataErrorSignal on bad input. */
export function parseRankTaxonomyText(text: string, limits: Partial<ParseLimits> = {}): Taxonomy {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const normalizations: IdNormalization[] = [];
  const head = readTableHead(text, lim);
  if (!head)
    fail('EMPTY_TABLE', 'no header and data rows found', {
      expected: 'a header with rank columns (Kingdom, Phylum, …) and one row per feature',
    });
  const ranks = rankColumns(head.names);
  if (!ranks) {
    fail(
      'WRONG_HEADER',
      `header has no rank columns after the id column (found ${JSON.stringify(head.names.slice(0, 4).join(', '))})`,
      {
        line: head.headerLine,
        column: head.nameColumns[0] ?? 1,
        expected: 'Kingdom (or Domain), Phylum, Class, Order, Family, Genus[, Species]',
      },
    );
  }
  const prefixes = ranks.map((k) => rankPrefix(head.names[k]!));
  const confidenceAt = head.names.findIndex((n) => n.toLowerCase() === 'confidence');
  const out: Taxonomy = { featureIds: [], taxa: [], confidence: [] };
  const firstLine = new Map<string, number>();
  forEachRow(
    text,
    head,
    (cells) => {
      checkFieldCount(cells, head.nFields, head.delimiter);
      const id = checkId(cells.value(0), 'feature', { line: cells.lineNo, column: 1 }, normalizations, lim);
      if (id === '') fail('MISSING_ID', 'row has no feature id', { line: cells.lineNo, column: 1 });
      const first = firstLine.get(id);
      if (first !== undefined)
        fail('DUPLICATE_ID', `duplicate feature id '${id.slice(0, 40)}' (first on line ${first})`, {
          line: cells.lineNo,
          column: 1,
        });
      firstLine.set(id, cells.lineNo);
      out.featureIds.push(id);
      out.taxa.push(ranks.map((k, i) => rankName(prefixes[i]!, cells.value(k + 1))).join(RANK_SEPARATOR));
      out.confidence.push(confidenceAt === -1 ? null : confidenceCell(cells.value(confidenceAt + 1)));
    },
    lim,
  );
  if (out.featureIds.length === 0)
    fail('EMPTY_TABLE', 'taxonomy table has a header but no rows', { line: head.headerLine, column: 1 });
  return { ...out, ...normalizationsField(normalizations) };
}

/** The lineage prefix of a rank column, `__` included. */
function rankPrefix(header: string): string {
  const lower = header.toLowerCase();
  return `${RANK_PREFIXES.get(lower) ?? lower}__`;
}

/** One rank of a lineage: the bare prefix when unassigned, the name as is when already prefixed. */
function rankName(prefix: string, cell: string): string {
  if (isMissingCell(cell)) return prefix;
  return PREFIXED.test(cell) ? cell : prefix + cell;
}

/** A confidence cell as a number; null when empty or not numeric. */
function confidenceCell(cell: string): number | null {
  const v = cell === '' ? NaN : Number(cell);
  return Number.isFinite(v) ? v : null;
}
