/** Level order, level matching and comparison names (docs/study-design.md "Levels"). */
import type { MetadataColumn } from '../study/qiime2-metadata.js';

/** Level names read as a control or reference group; such a level is put second (B) in a generated two-group comparison. */
const CONTROL_LEVELS = new Set([
  'control',
  'controls',
  'ctrl',
  'placebo',
  'vehicle',
  'sham',
  'untreated',
  'reference',
  'normal',
  'healthy',
  'hc',
  'wt',
  'wildtype',
  'wild-type',
  'baseline',
  'none',
  'no',
  'false',
  'f',
  'absent',
  'negative',
  'neg',
]);

/** A level as a number when it is a plain decimal, else NaN. */
export function levelNumber(level: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(level.trim()) ? Number(level) : Number.NaN;
}

/** True when a metadata value is the level: equal text, or equal numbers ("12" and "12.0"). */
export function sameLevel(value: string | null, level: string): boolean {
  if (value === null) return false;
  if (value === level) return true;
  const a = levelNumber(value),
    b = levelNumber(level);
  return !Number.isNaN(a) && a === b;
}

/** Code-point order (Python's `sorted` on str). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Levels in natural order: ascending numbers when every level is a number, else code-point order. */
export function naturalOrder(levels: Iterable<string>): string[] {
  const list = [...new Set(levels)];
  return list.every((l) => !Number.isNaN(levelNumber(l)))
    ? list.sort((a, b) => levelNumber(a) - levelNumber(b) || byCodePoint(a, b))
    : list.sort(byCodePoint);
}

/** Natural order with control-like levels (CONTROL_LEVELS) moved last, so two-group effects read as "other − control". */
export function armOrder(levels: Iterable<string>): string[] {
  const ordered = naturalOrder(levels);
  const isControl = (l: string) => CONTROL_LEVELS.has(l.trim().toLowerCase());
  return [...ordered.filter((l) => !isControl(l)), ...ordered.filter(isControl)];
}

/** Distinct non-missing values of a column, in natural order (numbers compared as numbers, so "6" and "6.0" are one level). */
export function columnLevels(column: MetadataColumn): string[] {
  const seen: string[] = [];
  for (const v of column.values) if (v !== null && !seen.some((s) => sameLevel(v, s))) seen.push(v);
  return naturalOrder(seen);
}

/** The column's own spelling of `level`, or null when no value matches it. */
export function findLevel(column: MetadataColumn, level: string): string | null {
  for (const v of column.values) if (sameLevel(v, level)) return v;
  return null;
}

/**
 * The name of a generated or inferred comparison: `<column>: <A> vs <B>` (A − B is the effect's direction),
 * `<column>: all <k> levels` for an omnibus test, then `| <col> = <level>` for each restriction and
 * `| change <time> <baseline> → <t>` for a change from baseline.
 */
export function comparisonName(
  column: string,
  groups: readonly string[],
  where: Record<string, string> = {},
  change?: { time: string; from: string; to: string },
): string {
  const parts = [
    groups.length === 2 ? `${column}: ${groups[0]} vs ${groups[1]}` : `${column}: all ${groups.length} levels`,
  ];
  for (const [col, level] of Object.entries(where))
    if (!(change && col === change.time)) parts.push(`${col} = ${level}`);
  if (change) parts.push(`change ${change.time} ${change.from} → ${change.to}`);
  return parts.join(' | ');
}

/** A comparison name from parts: characters outside [A-Za-z0-9._-] become '_' (ComparisonSchema's alphabet). */
export function safeName(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/** `name`, or `name-2`, `name-3`, … when taken; records the result in `taken`. */
export function uniqueName(name: string, taken: Set<string>): string {
  let out = name || 'comparison';
  for (let k = 2; taken.has(out); k++) out = `${name}-${k}`;
  taken.add(out);
  return out;
}
