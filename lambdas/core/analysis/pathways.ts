/**
 * Pathway over-representation of one metabolomics comparison (docs/study-statistics.md
 * "Pathways"): universe = tested features that map to any pathway; hits = those
 * with q below `pathwayHitQ` in either test; per pathway with at least one hit,
 * the hypergeometric upper tail (MetaboAnalyst `CalculateOraScore`); BH over
 * those pathways.
 */
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { hypergeometricOra } from '../stats/hypergeometric-ora.js';
import type { HitRow, PathwayInput, PathwayRow } from './types.js';

/** Looks a feature up exactly, then by its trimmed lower-case form. */
export function pathwayLookup(map: Map<string, string[]>): (feature: string) => string[] | undefined {
  const folded = new Map<string, string[]>();
  for (const [k, v] of map) for (const s of v) append(folded, k.trim().toLowerCase(), s);
  return (feature) => map.get(feature) ?? folded.get(feature.trim().toLowerCase());
}

/** Appends `value` to the list at `key`. */
function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when the row's first or second test has q below `threshold`. */
function isHit(row: HitRow, threshold: number): boolean {
  return (row.q !== null && row.q < threshold) || (row.secondQ !== null && row.secondQ < threshold);
}

/** ORA rows of one comparison × dataset from its hit rows (every tested feature); empty when nothing maps or nothing is a hit. */
export function pathwayEnrichment(
  rows: HitRow[],
  pathways: PathwayInput,
  threshold: number,
  lookup = pathwayLookup(pathways.featureToPathways),
): PathwayRow[] {
  const members = new Map<string, string[]>();
  const hitMembers = new Map<string, string[]>();
  let universe = 0,
    drawn = 0;
  for (const row of rows) {
    if (row.p === null && row.secondP === null) continue;
    const sets = lookup(row.feature);
    if (!sets || sets.length === 0) continue;
    universe++;
    const hit = isHit(row, threshold);
    if (hit) drawn++;
    for (const s of new Set(sets)) {
      append(members, s, row.feature);
      if (hit) append(hitMembers, s, row.feature);
    }
  }
  if (drawn === 0 || rows.length === 0) return [];
  const { comparison, datasetId } = rows[0]!;
  const tested = [...hitMembers.keys()].sort();
  const results = tested.map((pathway) =>
    hypergeometricOra(hitMembers.get(pathway)!.length, members.get(pathway)!.length, drawn, universe),
  );
  const q = benjaminiHochberg(results.map((r) => r.p));
  return tested.map((pathway, k) => ({
    comparison,
    datasetId,
    pathwayDataset: pathways.datasetId,
    pathway,
    hits: results[k]!.hits,
    setSize: results[k]!.setSize,
    drawn,
    universe,
    expected: results[k]!.expected,
    p: results[k]!.p,
    q: q[k]!,
    hitFeatures: hitMembers.get(pathway)!.join(' | '),
  }));
}
