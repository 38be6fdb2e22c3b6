/**
 * Lineage strings to docs/metrics.md taxon keys. A lineage is split on ';' and read
 * by position: rank i of the string is rank i of `RANK_NAMES`, whatever its
 * prefix says (QIIME 2 `taxa collapse` does the same). This covers prefixed
 * Greengenes (`k__X; p__Y`), SILVA 138 / GTDB (`d__X;p__Y`, `p__Firmicutes_A`),
 * SILVA 132 (`D_0__X;D_1__Y`), mothur/RDP (`Bacteria(100);Firmicutes(99);`) and
 * unprefixed DADA2 lineages (`Bacteria;Bacteroidota;…`, NA for missing ranks).
 */

/** Rank names by position; index 0 is kingdom (domain in SILVA 138 / GTDB). */
export const RANK_NAMES = ['kingdom', 'phylum', 'class', 'order', 'family', 'genus', 'species'] as const;
export type RankName = (typeof RANK_NAMES)[number];

/** Key text of an unassigned rank (docs/metrics.md, test/fixtures/<set>/reference READMEs). */
export const UNASSIGNED = '__';
/** Separator of ranks in a taxon key (no space, as in the reference files). */
export const KEY_SEPARATOR = ';';

/** A classifier confidence at the end of a rank: mothur/RDP `Firmicutes(100)`, `(99.5)`. */
const BOOTSTRAP_SUFFIX = /\(\s*\d+(?:\.\d*)?\s*\)$/;
/** Rank bodies that mean "no assignment" (compared lower-cased); `<X>_unclassified` is checked apart. */
const PLACEHOLDERS = new Set(['', 'na', 'unclassified', 'unassigned']);
const LONGEST_PLACEHOLDER = 'unclassified'.length;
/** mothur's `<Parent>_unclassified` ending (compared lower-cased). */
const UNCLASSIFIED_SUFFIX = '_unclassified';
/** Characters stripped from both ends of a rank: ASCII quotes. */
const QUOTES = /^["']+|["']+$/g;
const SINGLE_QUOTE = 39,
  DOUBLE_QUOTE = 34,
  RIGHT_PAREN = 41,
  UNDERSCORE = 95;

/** Index of a rank name in `RANK_NAMES`; 'domain' is an alias of kingdom (0). */
export function rankIndexOf(name: RankName | 'domain'): number {
  return name === 'domain' ? 0 : RANK_NAMES.indexOf(name);
}

/** Name of a rank index (`rank<i+1>` beyond species). */
export function rankName(rankIndex: number): string {
  return RANK_NAMES[rankIndex] ?? `rank${rankIndex + 1}`;
}

/** A rank as written minus surrounding whitespace, quotes and a trailing `(nn)` bootstrap value. */
export function cleanRank(raw: string): string {
  let r = unquote(raw.trim());
  if (r.charCodeAt(r.length - 1) === RIGHT_PAREN) r = unquote(r.replace(BOOTSTRAP_SUFFIX, '').trim());
  return r;
}

/** `r` without leading and trailing ASCII quotes (then trimmed); `r` itself when it has none. */
function unquote(r: string): string {
  return isQuote(r.charCodeAt(0)) || isQuote(r.charCodeAt(r.length - 1)) ? r.replace(QUOTES, '').trim() : r;
}

/** ' or ". */
function isQuote(c: number): boolean {
  return c === SINGLE_QUOTE || c === DOUBLE_QUOTE;
}

/**
 * Length of a rank prefix: bare `__`, one letter + `__` (`k__`, `d__`, `p__`)
 * or SILVA 132's letter + `_<digits>__` (`D_0__`); 0 when there is none.
 */
function prefixLength(rank: string): number {
  if (rank.startsWith('__')) return 2;
  if (!isAsciiLetter(rank.charCodeAt(0))) return 0;
  let i = 1;
  if (rank.charCodeAt(1) === UNDERSCORE && isDigit(rank.charCodeAt(2))) {
    i = 3;
    while (isDigit(rank.charCodeAt(i))) i++;
  }
  return rank.startsWith('__', i) ? i + 2 : 0;
}

/** A-Z or a-z. */
function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** 0-9. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The rank text after its prefix: 'p__Firmicutes_A' → 'Firmicutes_A', 'D_1__Firmicutes' → 'Firmicutes'. */
export function stripRankPrefix(rank: string): string {
  const n = prefixLength(rank);
  return n === 0 ? rank : rank.slice(n).trim();
}

/** True for an unassigned rank: '', a bare prefix, NA, unclassified, `<X>_unclassified`, Unassigned (also after a prefix). */
export function isUnassignedRank(cleaned: string): boolean {
  const body = stripRankPrefix(cleaned);
  if (body.length <= LONGEST_PLACEHOLDER && PLACEHOLDERS.has(body.toLowerCase())) return true;
  return (
    body.length >= UNCLASSIFIED_SUFFIX.length &&
    body.slice(-UNCLASSIFIED_SUFFIX.length).toLowerCase() === UNCLASSIFIED_SUFFIX
  );
}

/** One rank as it appears in a key: the cleaned text, or `__` when unassigned. */
export function normalizeRank(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return UNASSIGNED;
  const r = cleanRank(raw);
  return isUnassignedRank(r) ? UNASSIGNED : r;
}

/** Every rank of a lineage, normalised, in order (no padding); [] for null. */
export function parseLineage(lineage: string | null | undefined): string[] {
  if (lineage === null || lineage === undefined) return [];
  return lineage.split(';').map(normalizeRank);
}

/** The key of normalised ranks at `rankIndex`: ranks 0..rankIndex, padded with `__`, joined with ';'. */
export function keyFromRanks(ranks: readonly string[], rankIndex: number): string {
  assertRankIndex(rankIndex);
  const parts = new Array<string>(rankIndex + 1);
  for (let i = 0; i <= rankIndex; i++) parts[i] = ranks[i] ?? UNASSIGNED;
  return parts.join(KEY_SEPARATOR);
}

/** Taxon key of a lineage at a 0-based rank index (phylum = 1, genus = 5); null → fully unassigned key. */
export function taxonKeyAtRank(lineage: string | null | undefined, rankIndex: number): string {
  assertRankIndex(rankIndex);
  const ranks = lineage === null || lineage === undefined ? [] : lineage.split(';', rankIndex + 1).map(normalizeRank);
  return keyFromRanks(ranks, rankIndex);
}

/** The key of a feature with no assignment at any rank up to `rankIndex` (`__;__;…`). */
export function unassignedKey(rankIndex: number): string {
  return keyFromRanks([], rankIndex);
}

/** Ranks given as separate cells (DADA2 `assignTaxonomy` columns, NA as null) to one lineage string. */
export function lineageFromRanks(ranks: readonly (string | null | undefined)[]): string {
  return ranks.map(normalizeRank).join(KEY_SEPARATOR);
}

/** Throws unless `rankIndex` is a non-negative integer. */
function assertRankIndex(rankIndex: number): void {
  if (!Number.isInteger(rankIndex) || rankIndex < 0)
    throw new RangeError(`rank index must be an integer >= 0, got ${rankIndex}`);
}
