/**
 * LEfSe's input: the abundance of every clade at every rank, per sample, as
 * `lefse_format_input.py` builds it (Segata et al. 2011, LEfSe 1.1.2):
 * a clade is the sum of the features below it, its key is a lineage prefix,
 * and values are scaled per sample so that the top-level clades sum to
 * `normalization` (`-o 1000000`).
 */
import type { FeatureTable } from '../../table/feature-table.js';
import { KEY_SEPARATOR, keyFromRanks, parseLineage } from '../taxonomy/lineage.js';

/** LEfSe's usual per-sample total (`lefse_format_input.py -o 1000000`). */
export const LEFSE_NORMALIZATION = 1_000_000;
/** Genus: the 0-based rank index of the deepest clades by default. */
export const GENUS_RANK_INDEX = 5;
/** Relative spread (population sd / mean) below which LEfSe rounds a feature to 6 decimals. */
const NEAR_CONSTANT_CV = 1e-10;

/** Clade abundances, dense and clade-major: the value of clade c in sample j is `values[c · sampleIds.length + j]`. */
export interface LefseClades {
  /** lineage-prefix keys (ranks joined by ';', unassigned ranks `__`), sorted by code point so a parent precedes its children */
  clades: string[];
  /** number of ranks in each key (1 = kingdom … rankIndex + 1) */
  levels: Int32Array;
  sampleIds: string[];
  /** clades.length × sampleIds.length, clade-major */
  values: Float64Array;
  /** per-sample total the values were scaled to, or null when left as summed counts */
  normalization: number | null;
}

/** Options of `buildLefseClades`. */
export interface LefseCladeOptions {
  /** deepest rank, 0-based (genus = 5, the default); lineages are padded with `__` to it */
  rankIndex?: number;
  /** per-sample total (default 1e6, LEfSe `-o 1000000`); null keeps the summed counts */
  normalization?: number | null;
  /** the samples to use, in this order (default: all, in table order); LEfSe sees only these */
  sampleIds?: readonly string[];
}

/**
 * Sums the features of `table` into every clade of their lineage keys
 * (`taxonKeyAtRank` keys at `rankIndex` and all their prefixes; a feature with
 * a null lineage is fully unassigned) and scales each sample as
 * `lefse_format_input.py -o <normalization>` does.
 */
export function buildLefseClades(
  table: FeatureTable,
  lineages: readonly (string | null)[],
  options: LefseCladeOptions = {},
): LefseClades {
  const rankIndex = options.rankIndex ?? GENUS_RANK_INDEX;
  const normalization = options.normalization === undefined ? LEFSE_NORMALIZATION : options.normalization;
  if (lineages.length !== table.featureIds.length)
    throw new RangeError(`lineages has ${lineages.length} entries, the table has ${table.featureIds.length} features`);
  if (!Number.isInteger(rankIndex) || rankIndex < 0)
    throw new RangeError(`rankIndex must be an integer >= 0, got ${rankIndex}`);
  const columns = selectSamples(table, options.sampleIds);
  const { clades, levels, featureClades } = cladeIndex(lineages, rankIndex);
  const values = sumIntoClades(table, columns, featureClades, clades.length, rankIndex + 1);
  const sampleIds = Array.from(columns, (j) => table.sampleIds[j]!);
  const out: LefseClades = { clades, levels, sampleIds, values, normalization: null };
  return normalization === null ? out : normalizeClades(out, normalization);
}

/** Every prefix key of every feature, sorted, and per feature the clade index of each of its rankIndex + 1 prefixes (feature-major). */
function cladeIndex(lineages: readonly (string | null)[], rankIndex: number) {
  const depth = rankIndex + 1;
  const prefixesOfLineage = new Map<string | null, string[]>();
  const perFeature: string[][] = lineages.map((lineage) => {
    const key = lineage ?? null;
    let prefixes = prefixesOfLineage.get(key);
    if (prefixes === undefined) {
      prefixes = lineagePrefixes(parseLineage(lineage), rankIndex);
      prefixesOfLineage.set(key, prefixes);
    }
    return prefixes;
  });
  const clades = [...new Set(perFeature.flat())].sort(byCodePoint);
  const indexOf = new Map<string, number>();
  clades.forEach((c, k) => indexOf.set(c, k));
  const levels = Int32Array.from(clades, (c) => c.split(KEY_SEPARATOR).length);
  const featureClades = new Int32Array(lineages.length * depth);
  perFeature.forEach((prefixes, i) => prefixes.forEach((p, l) => (featureClades[i * depth + l] = indexOf.get(p)!)));
  return { clades, levels, featureClades };
}

/** The keys of ranks 0..l for l = 0..rankIndex (`keyFromRanks`, padded with `__`). */
export function lineagePrefixes(ranks: readonly string[], rankIndex: number): string[] {
  const full = keyFromRanks(ranks, rankIndex).split(KEY_SEPARATOR);
  const out = new Array<string>(rankIndex + 1);
  for (let l = 0; l <= rankIndex; l++) out[l] = full.slice(0, l + 1).join(KEY_SEPARATOR);
  return out;
}

/** Table column of each requested sample (all columns when none are named); throws on an unknown or repeated id. */
function selectSamples(table: FeatureTable, ids: readonly string[] | undefined): Int32Array {
  if (ids === undefined) return Int32Array.from(table.sampleIds, (_, j) => j);
  const column = new Map(table.sampleIds.map((id, j) => [id, j]));
  const seen = new Set<string>();
  return Int32Array.from(ids, (id) => {
    const j = column.get(id);
    if (j === undefined) throw new RangeError(`sample '${id}' is not in the table`);
    if (seen.has(id)) throw new RangeError(`sample '${id}' is requested twice`);
    seen.add(id);
    return j;
  });
}

/** v_cj = Σ_{features i under clade c} n_ij (exact for integer counts below 2^53), for the chosen columns. */
function sumIntoClades(
  table: FeatureTable,
  columns: Int32Array,
  featureClades: Int32Array,
  nClades: number,
  depth: number,
): Float64Array {
  const nS = columns.length;
  const out = new Float64Array(nClades * nS);
  for (let j = 0; j < nS; j++) {
    const col = columns[j]!;
    for (let p = table.indptr[col]!; p < table.indptr[col + 1]!; p++) {
      const base = table.indices[p]! * depth;
      const v = table.data[p]!;
      for (let l = 0; l < depth; l++) out[featureClades[base + l]! * nS + j]! += v;
    }
  }
  return out;
}

/**
 * LEfSe's `numerical_values`: v_cj · (norm / m_j), m_j = Σ of the level-1
 * clades in sample j when the keys are hierarchical (Σ(level − 1) > #clades),
 * else of all clades (also when every such m_j is 0); an empty sample stays 0.
 * A clade whose population sd / mean < 1e-10 is then rounded to 6 decimals
 * (Python `round`, half to even).
 */
export function normalizeClades(input: LefseClades, normalization: number): LefseClades {
  const { levels, sampleIds } = input;
  const nS = sampleIds.length;
  const nC = levels.length;
  const values = Float64Array.from(input.values);
  let dots = 0;
  for (let c = 0; c < nC; c++) dots += levels[c]! - 1;
  const hierarchical = dots > nC;
  let totals = sampleTotals(values, levels, nS, hierarchical);
  if (hierarchical && totals.every((m) => m === 0)) totals = sampleTotals(values, levels, nS, false);
  const multiplier = totals.map((m) => (m === 0 ? 0 : normalization / m));
  for (let c = 0; c < nC; c++) {
    const row = values.subarray(c * nS, (c + 1) * nS);
    for (let j = 0; j < nS; j++) row[j] = row[j]! * multiplier[j]!;
    if (isNearConstant(row)) for (let j = 0; j < nS; j++) row[j] = roundHalfEven(row[j]! * 1e6) / 1e6;
  }
  return { ...input, values, normalization };
}

/** m_j = Σ_c v_cj over the level-1 clades (or all clades when `topOnly` is false). */
function sampleTotals(values: Float64Array, levels: Int32Array, nS: number, topOnly: boolean): number[] {
  const totals = new Array<number>(nS).fill(0);
  for (let c = 0; c < levels.length; c++) {
    if (topOnly && levels[c] !== 1) continue;
    for (let j = 0; j < nS; j++) totals[j] += values[c * nS + j]!;
  }
  return totals;
}

/** numpy `mean(x) != 0 and std(x) / mean(x) < 1e-10` (population sd). */
function isNearConstant(x: Float64Array): boolean {
  const n = x.length;
  if (n === 0) return false;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  if (mean === 0) return false;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / n) / mean < NEAR_CONSTANT_CV;
}

/** Python 3 `round(x)`: nearest integer, halves to the even one. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Code-point order (Python `sorted` on str). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
