/**
 * The design a study analysis runs with (docs/study-design.md): study.json's
 * fields where given, trial comparisons generated from its subject / group /
 * time / baseline, and everything else inferred from the metadata. Whatever
 * was inferred, and every comparison that cannot run, is said in `notes`.
 */
import type { MetadataColumn, SampleMetadata } from '../study/qiime2-metadata.js';
import { type Comparison, type StudyDesign, StudyDesignSchema } from '../study/study-design.js';
import { armOrder, columnLevels, comparisonName, findLevel, levelNumber, sameLevel, uniqueName } from './levels.js';
import type { DesignRecord, ResolvedComparison, ResolvedDesign, SkippedColumn } from './types.js';

/** A categorical column with this many levels or fewer (and at least 2) is compared when comparisons are inferred. */
export const MAX_INFERRED_LEVELS = 10;
/** A subject column whose levels each hold at most this many samples is not compared (one group per subject says nothing). */
export const MAX_SAMPLES_PER_SUBJECT_LEVEL = 3;
/** Column names taken as the subject id (compared after lower-casing and removing ' ', '-', '_', '.'). */
const SUBJECT_NAMES = new Set([
  'subject',
  'subjectid',
  'hostsubjectid',
  'participant',
  'participantid',
  'patient',
  'patientid',
  'individual',
  'individualid',
  'host',
  'hostid',
  'donor',
  'donorid',
  'animal',
  'animalid',
  'mouse',
  'mouseid',
  'person',
  'personid',
]);

/** Resolves the design for `metadata`: study.json fields, generated or inferred comparisons and clinical variables. */
export function resolveStudyDesign(metadata: SampleMetadata | null, design: StudyDesign | null): DesignRecord {
  const given = design ?? StudyDesignSchema.parse({});
  const notes: string[] = [];
  const inferredFields: string[] = [];
  const base = baseDesign(given);
  if (!metadata) {
    notes.push(
      'no sample metadata: no comparisons and no clinical correlations (datasets are still correlated on shared sample ids)',
    );
    return {
      resolved: {
        ...base,
        subject: given.subject ?? null,
        group: given.group ?? null,
        time: given.time ?? null,
        baseline: given.baseline ?? null,
      },
      inferred: false,
      inferredFields,
      notes,
    };
  }
  const roles = resolveRoles(metadata, given, notes, inferredFields);
  let comparisons: ResolvedComparison[];
  let inferred = false;
  const skippedColumns: SkippedColumn[] = [];
  if (given.comparisons) comparisons = explicitComparisons(metadata, given.comparisons, roles, notes);
  else if (roles.group || roles.time) comparisons = trialComparisons(metadata, roles, notes);
  else {
    comparisons = inferComparisons(metadata, roles.subject, notes, skippedColumns);
    inferred = true;
    inferredFields.push('comparisons');
  }
  const clinical = given.clinical
    ? explicitClinical(metadata, given.clinical, notes)
    : inferClinical(metadata, roles, notes);
  if (!given.clinical) inferredFields.push('clinical');
  return {
    resolved: { ...base, ...roles, comparisons, clinical },
    inferred,
    inferredFields,
    notes,
    ...(inferred ? { skippedColumns } : {}),
  };
}

/** Subject, group, time and baseline column roles. */
interface Roles {
  subject: string | null;
  group: string | null;
  time: string | null;
  baseline: string | null;
}

/** The numeric settings, copied from the validated design. */
function baseDesign(d: StudyDesign): Omit<ResolvedDesign, 'subject' | 'group' | 'time' | 'baseline'> {
  return {
    comparisons: [],
    clinical: [],
    prevalence: d.prevalence,
    rarefactionDepth: d.rarefactionDepth ?? null,
    permutations: d.permutations,
    oplsPermutations: d.oplsPermutations,
    minObserved: d.minObserved,
    seed: d.seed,
    correlationQ: d.correlationQ,
    topCorrelationsPerFeature: d.topCorrelationsPerFeature,
    pathwayHitQ: d.pathwayHitQ,
    pathways: d.pathways ?? null,
  };
}

/** The metadata column named `name`, or undefined. */
export function columnNamed(metadata: SampleMetadata, name: string): MetadataColumn | undefined {
  return metadata.columns.find((c) => c.name === name);
}

/** Role columns from study.json (checked to exist), the subject inferred when absent, the baseline defaulted to the first time level. */
function resolveRoles(metadata: SampleMetadata, d: StudyDesign, notes: string[], inferredFields: string[]): Roles {
  const named = (field: 'subject' | 'group' | 'time'): string | null => {
    const name = d[field];
    if (name === undefined) return null;
    if (columnNamed(metadata, name)) return name;
    notes.push(`study.json ${field} '${name}' is not a metadata column; ignored`);
    return null;
  };
  let subject = named('subject');
  const group = named('group');
  const time = named('time');
  if (subject === null && d.subject === undefined) {
    const found = inferSubject(metadata);
    if (found) {
      subject = found.column;
      inferredFields.push('subject');
      notes.push(`subject column inferred: '${found.column}' (${found.why})`);
    }
  }
  let baseline: string | null = null;
  if (time !== null) {
    const column = columnNamed(metadata, time)!;
    if (d.baseline !== undefined) {
      baseline = findLevel(column, d.baseline);
      if (baseline === null)
        notes.push(
          `study.json baseline '${d.baseline}' is not a level of '${time}'; no within-arm or change-from-baseline comparisons`,
        );
    } else {
      baseline = columnLevels(column)[0] ?? null;
      if (baseline !== null) {
        inferredFields.push('baseline');
        notes.push(`baseline inferred: '${baseline}', the first level of '${time}' in natural order`);
      }
    }
  }
  return { subject, group, time, baseline };
}

/** Number of samples per level of a column (levels by exact text; missing values left out). */
function levelCounts(column: MetadataColumn): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Subject id column: by name (SUBJECT_NAMES, with a repeated level), else by structure (docs/study-design.md "Subject column"). */
export function inferSubject(metadata: SampleMetadata): { column: string; why: string } | null {
  for (const c of metadata.columns) {
    const key = c.name.toLowerCase().replace(/[\s._-]/g, '');
    if (SUBJECT_NAMES.has(key) && [...levelCounts(c).values()].some((n) => n >= 2))
      return { column: c.name, why: 'named like a subject id, with repeated samples' };
  }
  let best: { column: string; levels: number } | null = null;
  for (const c of metadata.columns) {
    const counts = levelCounts(c);
    const sizes = [...counts.values()];
    const repeated = [...counts.keys()].filter((k) => counts.get(k)! >= 2);
    if (counts.size < 3 || sizes.some((n) => n > MAX_SAMPLES_PER_SUBJECT_LEVEL) || repeated.length * 2 < counts.size)
      continue;
    if (!variesWithinLevels(metadata, c, repeated)) continue;
    if (!best || counts.size > best.levels) best = { column: c.name, levels: counts.size };
  }
  return best
    ? {
        column: best.column,
        why: `every level has at most ${MAX_SAMPLES_PER_SUBJECT_LEVEL} samples, most levels repeat, and other columns vary within them (repeated measures)`,
      }
    : null;
}

/** True when some other column takes two values within at least half of the `repeated` levels of `c`. */
function variesWithinLevels(metadata: SampleMetadata, c: MetadataColumn, repeated: string[]): boolean {
  const rowsOf = new Map<string, number[]>(repeated.map((l) => [l, []]));
  c.values.forEach((v, i) => v !== null && rowsOf.get(v)?.push(i));
  return metadata.columns.some((other) => {
    if (other === c) return false;
    let varying = 0;
    for (const rows of rowsOf.values()) if (new Set(rows.map((i) => other.values[i])).size > 1) varying++;
    return varying * 2 >= repeated.length;
  });
}

/** study.json comparisons, each checked against the metadata; unusable ones are noted and skipped. */
function explicitComparisons(
  metadata: SampleMetadata,
  list: Comparison[],
  roles: Roles,
  notes: string[],
): ResolvedComparison[] {
  const taken = new Set<string>();
  const out: ResolvedComparison[] = [];
  for (const c of list) {
    const skip = (why: string) => notes.push(`comparison '${c.name}' skipped: ${why}`);
    if (taken.has(c.name)) {
      skip('another comparison has the same name');
      continue;
    }
    const factor = columnNamed(metadata, c.factor);
    if (!factor) {
      skip(`'${c.factor}' is not a metadata column`);
      continue;
    }
    const groups = c.groups.map((g) => findLevel(factor, g));
    if (groups.some((g) => g === null)) {
      skip(
        `'${c.factor}' has no level ${c.groups
          .filter((_, k) => groups[k] === null)
          .map((g) => `'${g}'`)
          .join(' or ')}`,
      );
      continue;
    }
    const where = checkedWhere(metadata, c.where, skip);
    if (!where) continue;
    const kind = c.kind ?? (c.paired ? 'within' : 'between');
    if ((c.paired || kind === 'change') && !roles.subject) {
      skip(`${kind === 'change' ? 'a change from baseline' : 'pairing'} needs a subject column (study.json "subject")`);
      continue;
    }
    if (kind === 'change') {
      const why = changeProblem(c, roles, where);
      if (why) {
        skip(why);
        continue;
      }
    }
    if (c.paired && kind !== 'within')
      notes.push(`comparison '${c.name}': "paired" applies to within comparisons only; ignored for kind '${kind}'`);
    taken.add(c.name);
    out.push({
      name: c.name,
      kind,
      factor: c.factor,
      groups: groups as string[],
      where,
      paired: kind === 'within' ? c.paired : false,
      origin: 'study.json',
    });
  }
  return out;
}

/** The `where` filter with each level in the metadata's spelling; null (after `skip`) when a column or level does not exist. */
function checkedWhere(
  metadata: SampleMetadata,
  where: Record<string, string>,
  skip: (why: string) => void,
): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [name, level] of Object.entries(where)) {
    const column = columnNamed(metadata, name);
    const found = column ? findLevel(column, level) : null;
    if (!column) {
      skip(`where: '${name}' is not a metadata column`);
      return null;
    }
    if (found === null) {
      skip(`where: '${name}' has no level '${level}'`);
      return null;
    }
    out[name] = found;
  }
  return out;
}

/** Why a change-from-baseline comparison cannot run, or null. */
function changeProblem(c: Comparison, roles: Roles, where: Record<string, string>): string | null {
  if (!roles.time || roles.baseline === null)
    return 'a change from baseline needs study.json "time" and a valid "baseline"';
  if (c.factor === roles.time)
    return `the factor of a change from baseline is the arm, not the time column '${roles.time}'`;
  const t = where[roles.time];
  if (t === undefined) return `a change from baseline names its timepoint in where, e.g. {"${roles.time}": "<level>"}`;
  if (sameLevel(t, roles.baseline)) return 'the timepoint of a change from baseline is the baseline itself';
  return null;
}

/** Trial comparisons from group / time / baseline (docs/study-design.md "Generated comparisons"). */
function trialComparisons(metadata: SampleMetadata, roles: Roles, notes: string[]): ResolvedComparison[] {
  const { group, time, baseline, subject } = roles;
  const arms = group ? armOrder(columnLevels(columnNamed(metadata, group)!)) : [];
  const times = time ? columnLevels(columnNamed(metadata, time)!) : [];
  const later = times.filter((t) => baseline !== null && !sameLevel(t, baseline));
  const taken = new Set<string>();
  const out: ResolvedComparison[] = [];
  const add = (c: Omit<ResolvedComparison, 'origin' | 'name'>, change?: { time: string; from: string; to: string }) =>
    out.push({
      ...c,
      name: uniqueName(comparisonName(c.factor, c.groups, c.where, change), taken),
      origin: 'generated',
    });
  const armPairs = pairsOf(arms);
  if (group && arms.length < 2)
    notes.push(`group column '${group}' has ${arms.length} level(s): no between-arm comparisons`);
  const atTimes: (string | null)[] = time ? times : [null];
  for (const t of atTimes) {
    const where = t === null ? {} : { [time!]: t };
    for (const [a, b] of armPairs) add({ kind: 'between', factor: group!, groups: [a, b], where, paired: false });
    if (arms.length >= 3) add({ kind: 'omnibus', factor: group!, groups: arms, where, paired: false });
  }
  if (time && baseline !== null) {
    const within = group ? arms : [null];
    if (!subject)
      notes.push(`no subject column: timepoints are compared unpaired and no change from baseline is computed`);
    for (const arm of within)
      for (const t of later)
        add({
          kind: 'within',
          factor: time,
          groups: [t, baseline],
          where: arm === null ? {} : { [group!]: arm },
          paired: subject !== null,
        });
    if (subject && group)
      for (const t of later)
        for (const [a, b] of armPairs)
          add(
            { kind: 'change', factor: group, groups: [a, b], where: { [time]: t }, paired: false },
            { time, from: baseline, to: t },
          );
  }
  notes.push(
    `${out.length} comparisons generated from study.json${group ? ` group '${group}'` : ''}${time ? ` time '${time}'` : ''}${baseline !== null ? ` baseline '${baseline}'` : ''}${subject ? ` subject '${subject}'` : ''}`,
  );
  return out;
}

/** Every unordered pair (a, b) of `levels`, a before b. */
function pairsOf(levels: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < levels.length; i++)
    for (let j = i + 1; j < levels.length; j++) out.push([levels[i]!, levels[j]!]);
  return out;
}

/**
 * Comparisons inferred from the metadata: each categorical column with 2..MAX_INFERRED_LEVELS levels (docs/study-design.md
 * "Inferred comparisons"). A column that splits the samples exactly as an earlier one does is compared once: it is recorded as an
 * alias of the first. Every column not compared is listed in `skipped` with its reason.
 */
function inferComparisons(
  metadata: SampleMetadata,
  subject: string | null,
  notes: string[],
  skipped: SkippedColumn[],
): ResolvedComparison[] {
  const taken = new Set<string>();
  const out: ResolvedComparison[] = [];
  const byPartition = new Map<string, ResolvedComparison>();
  for (const column of metadata.columns) {
    if (column.type !== 'categorical') {
      skipped.push({ column: column.name, reason: 'numeric (a clinical variable, not a grouping)' });
      continue;
    }
    const counts = levelCounts(column);
    const nonMissing = column.values.filter((v) => v !== null).length;
    const why = skipReason(column, counts, nonMissing, subject);
    if (why) {
      skipped.push({ column: column.name, reason: why });
      notes.push(`column '${column.name}' not compared: ${why}`);
      continue;
    }
    const levels = armOrder(columnLevels(column));
    const kind = levels.length === 2 ? 'between' : 'omnibus';
    const name = comparisonName(column.name, levels);
    const key = partitionKey(column);
    const same = byPartition.get(key);
    if (same) {
      (same.aliases ??= []).push(name);
      skipped.push({
        column: column.name,
        reason: `splits the samples exactly as '${same.factor}' does: compared once, as '${same.name}'`,
      });
      notes.push(
        `column '${column.name}' not compared separately: same partition as '${same.factor}' ('${name}' is an alias of '${same.name}')`,
      );
      continue;
    }
    const c: ResolvedComparison = {
      name: uniqueName(name, taken),
      kind,
      factor: column.name,
      groups: levels,
      where: {},
      paired: false,
      origin: 'inferred',
    };
    byPartition.set(key, c);
    out.push(c);
  }
  notes.push(`comparisons inferred from the metadata: ${out.map((c) => c.name).join(', ') || 'none'}`);
  return out;
}

/** The partition a column makes of the samples, as a canonical string: each sample's group numbered by first appearance (missing = -). */
function partitionKey(column: MetadataColumn): string {
  const first: string[] = [];
  return column.values
    .map((v) => {
      if (v === null) return '-';
      let k = first.findIndex((s) => sameLevel(v, s));
      if (k === -1) k = first.push(v) - 1;
      return String(k);
    })
    .join(',');
}

/** Why an inferred comparison does not use `column`, or null. */
function skipReason(
  column: MetadataColumn,
  counts: Map<string, number>,
  nonMissing: number,
  subject: string | null,
): string | null {
  const levels = columnLevels(column).length;
  if (levels < 2) return 'constant';
  if (levels === nonMissing) return 'unique per sample';
  if (levels > MAX_INFERRED_LEVELS) return `${levels} levels (more than ${MAX_INFERRED_LEVELS})`;
  if (column.name === subject && [...counts.values()].every((n) => n <= MAX_SAMPLES_PER_SUBJECT_LEVEL))
    return `subject column with at most ${MAX_SAMPLES_PER_SUBJECT_LEVEL} samples per subject`;
  return null;
}

/** study.json clinical variables that exist and hold at least 3 numbers. */
function explicitClinical(metadata: SampleMetadata, names: string[], notes: string[]): string[] {
  return names.filter((name) => {
    const column = columnNamed(metadata, name);
    const why = !column ? 'is not a metadata column' : clinicalProblem(column);
    if (why) notes.push(`clinical variable '${name}' skipped: ${why}`);
    return !why;
  });
}

/** Why a column cannot be a clinical variable, or null. */
function clinicalProblem(column: MetadataColumn): string | null {
  const present = column.values.filter((v): v is string => v !== null);
  const numbers = present.map(levelNumber);
  if (numbers.some(Number.isNaN)) return 'has values that are not numbers';
  if (numbers.length < 3) return 'fewer than 3 values';
  if (new Set(numbers).size < 2) return 'constant';
  return null;
}

/** Every numeric column but the subject, group and time columns, when study.json names no clinical variables. */
function inferClinical(metadata: SampleMetadata, roles: Roles, notes: string[]): string[] {
  const roleColumns = new Set([roles.subject, roles.group, roles.time]);
  const out = metadata.columns
    .filter((c) => c.type === 'numeric' && !roleColumns.has(c.name) && clinicalProblem(c) === null)
    .map((c) => c.name);
  notes.push(
    `clinical variables inferred (numeric metadata columns${roleColumns.size > 1 ? ' other than subject, group and time' : ''}): ${out.join(', ') || 'none'}`,
  );
  return out;
}
