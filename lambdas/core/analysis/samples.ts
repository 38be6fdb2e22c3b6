/**
 * Which samples of a dataset take part in a comparison (docs/study-statistics.md
 * "Samples"): dataset sample ids are matched to metadata ids exactly; samples
 * without metadata, without a group value or outside the `where` filter are
 * left out and counted; paired and change comparisons keep only subjects
 * with both samples.
 */
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import { columnNamed } from './design.js';
import { sameLevel } from './levels.js';
import type { ResolvedComparison, ResolvedDesign } from './types.js';

/** A dataset's samples as the analysis sees them. */
export interface DatasetSamples {
  /** metadata sample id of each dataset sample (the dataset's own id when no map applies) */
  ids: string[];
  /** metadata row of each sample, -1 when the metadata has none */
  row: Int32Array;
  /** 1 when the sample can be used (e.g. not empty) */
  usable: Uint8Array;
}

/** Samples per level (two-group and omnibus comparisons); dataset sample indices. */
export interface GroupSelection {
  kind: 'groups';
  groups: Int32Array[];
}

/** Subjects with a sample in both groups: a[i] and b[i] belong to subject i. */
export interface PairedSelection {
  kind: 'paired';
  a: Int32Array;
  b: Int32Array;
  /** subjects with a sample in only one of the groups */
  unpaired: number;
  /** extra samples of a subject in one group (the first in dataset order is used) */
  duplicates: number;
}

/** Per arm, the (timepoint, baseline) sample pairs of its subjects. */
export interface ChangeSelection {
  kind: 'change';
  at: [Int32Array, Int32Array];
  baseline: [Int32Array, Int32Array];
  /** subjects of either arm at the timepoint without a baseline sample (or the reverse) */
  unpaired: number;
  duplicates: number;
}

export type Selection = GroupSelection | PairedSelection | ChangeSelection;

/** Metadata lookups by column name and sample id. */
export class StudySamples {
  private readonly rowOfId: Map<string, number>;
  private readonly columns = new Map<string, (string | null)[]>();

  constructor(readonly metadata: SampleMetadata | null) {
    this.rowOfId = new Map((metadata?.sampleIds ?? []).map((id, i) => [id, i]));
  }

  /** Metadata row of a sample id, -1 when absent. */
  rowOf(id: string): number {
    return this.rowOfId.get(id) ?? -1;
  }

  /** The values of a column by metadata row (all null when the column or metadata is absent). */
  column(name: string | null): (string | null)[] {
    const key = name ?? '';
    let values = this.columns.get(key);
    if (!values) {
      const c = name && this.metadata ? columnNamed(this.metadata, name) : undefined;
      values = c ? c.values : new Array<string | null>(this.metadata?.sampleIds.length ?? 0).fill(null);
      this.columns.set(key, values);
    }
    return values;
  }

  /** Dataset samples matched to the metadata; `usable` marks the samples a dataset can use. */
  match(ids: string[], usable?: Uint8Array): DatasetSamples {
    return {
      ids,
      row: Int32Array.from(ids, (id) => this.rowOf(id)),
      usable: usable ?? new Uint8Array(ids.length).fill(1),
    };
  }

  /** Every metadata sample as a dataset (for counts on the comparison rows). */
  all(): DatasetSamples {
    return this.match(this.metadata?.sampleIds ?? []);
  }
}

/** True when metadata row `r` satisfies every `where` condition. */
function matchesWhere(meta: StudySamples, where: Record<string, string>, r: number, skip?: string): boolean {
  for (const [name, level] of Object.entries(where))
    if (name !== skip && !sameLevel(meta.column(name)[r] ?? null, level)) return false;
  return true;
}

/** The samples of comparison `c` in a dataset. */
export function selectSamples(
  c: ResolvedComparison,
  design: ResolvedDesign,
  meta: StudySamples,
  ds: DatasetSamples,
): Selection {
  if (c.kind === 'change') return selectChange(c, design, meta, ds);
  if (c.paired) return selectPaired(c, design, meta, ds);
  const factor = meta.column(c.factor);
  const groups = c.groups.map(() => [] as number[]);
  for (let i = 0; i < ds.ids.length; i++) {
    const r = ds.row[i]!;
    if (r < 0 || !ds.usable[i] || !matchesWhere(meta, c.where, r)) continue;
    const k = c.groups.findIndex((g) => sameLevel(factor[r] ?? null, g));
    if (k >= 0) groups[k]!.push(i);
  }
  return { kind: 'groups', groups: groups.map((g) => Int32Array.from(g)) };
}

/** Subjects with a sample in group A and in group B (within the `where` filter). */
function selectPaired(
  c: ResolvedComparison,
  design: ResolvedDesign,
  meta: StudySamples,
  ds: DatasetSamples,
): PairedSelection {
  const factor = meta.column(c.factor);
  const subject = meta.column(design.subject);
  const sides = [new Map<string, number>(), new Map<string, number>()];
  let duplicates = 0;
  for (let i = 0; i < ds.ids.length; i++) {
    const r = ds.row[i]!;
    const s = r >= 0 ? subject[r] : null;
    if (s == null || !ds.usable[i] || !matchesWhere(meta, c.where, r)) continue;
    const k = c.groups.findIndex((g) => sameLevel(factor[r] ?? null, g));
    if (k < 0) continue;
    if (sides[k]!.has(s)) duplicates++;
    else sides[k]!.set(s, i);
  }
  return { kind: 'paired', ...pairUp(sides[0]!, sides[1]!), duplicates };
}

/** Aligned sample indices of the subjects present in both maps (in the order of `a`), and the count of the others. */
function pairUp(a: Map<string, number>, b: Map<string, number>): { a: Int32Array; b: Int32Array; unpaired: number } {
  const xs: number[] = [],
    ys: number[] = [];
  for (const [s, i] of a) {
    const j = b.get(s);
    if (j !== undefined) {
      xs.push(i);
      ys.push(j);
    }
  }
  return { a: Int32Array.from(xs), b: Int32Array.from(ys), unpaired: a.size + b.size - 2 * xs.length };
}

/** Per arm, subjects with a sample at the comparison's timepoint and one at baseline (same other `where` conditions). */
function selectChange(
  c: ResolvedComparison,
  design: ResolvedDesign,
  meta: StudySamples,
  ds: DatasetSamples,
): ChangeSelection {
  const time = design.time!;
  const t = c.where[time]!;
  const factor = meta.column(c.factor);
  const subject = meta.column(design.subject);
  const times = meta.column(time);
  const atT = new Map<string, number>();
  const atBase = new Map<string, number>();
  let duplicates = 0;
  for (let i = 0; i < ds.ids.length; i++) {
    const r = ds.row[i]!;
    const s = r >= 0 ? subject[r] : null;
    if (s == null || !ds.usable[i] || !matchesWhere(meta, c.where, r, time)) continue;
    const target = sameLevel(times[r] ?? null, t) ? atT : sameLevel(times[r] ?? null, design.baseline!) ? atBase : null;
    if (!target) continue;
    if (target.has(s)) duplicates++;
    else target.set(s, i);
  }
  const arms = [
    [[], []],
    [[], []],
  ] as [number[], number[]][];
  let unpaired = 0;
  for (const [s, i] of atT) {
    const k = c.groups.findIndex((g) => sameLevel(factor[ds.row[i]!] ?? null, g));
    const j = atBase.get(s);
    if (k < 0) continue;
    if (j === undefined) unpaired++;
    else {
      arms[k]![0].push(i);
      arms[k]![1].push(j);
    }
  }
  for (const [s, j] of atBase)
    if (!atT.has(s) && c.groups.some((g) => sameLevel(factor[ds.row[j]!] ?? null, g))) unpaired++;
  return {
    kind: 'change',
    at: [Int32Array.from(arms[0]![0]), Int32Array.from(arms[1]![0])],
    baseline: [Int32Array.from(arms[0]![1]), Int32Array.from(arms[1]![1])],
    unpaired,
    duplicates,
  };
}

/** Sizes of the groups a selection compares: [A, B] (subjects for paired and change), or one per level. */
export function groupSizes(sel: Selection): number[] {
  if (sel.kind === 'groups') return sel.groups.map((g) => g.length);
  if (sel.kind === 'paired') return [sel.a.length, sel.b.length];
  return [sel.at[0].length, sel.at[1].length];
}
