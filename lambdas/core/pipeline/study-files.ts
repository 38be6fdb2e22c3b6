/**
 * Which study files a table is computed with, and what they give it (the
 * decision in docs/architecture.md, "How study files attach to tables"): for
 * each kind of study file, the nearest READY one wins — the table's own
 * folder, then the closest enclosing folder, then the study root, then the
 * most recently updated. Both handlers use these: ingest to compute a table,
 * the analysis to re-read it with the same parse hints.
 */

import {
  isStudyFileKind,
  isTableKind,
  STUDY_FILE_KINDS,
  type StudyFileKind,
  type TableKind,
} from '../results/model.js';
import type { DatasetPointer } from '../results/records.js';
import { isTransformedTable, type StudyDesign, StudyDesignSchema } from '../study/study-design.js';
import type { OutcomeContext } from './dataset-outcome.js';
import type { ParsedInput, SniffedInput } from './parse-input.js';
import type { ParseHints } from './plain-matrix-kind.js';

/** A study file attached to a table: the nearest READY file of its kind. */
export interface AttachedFile {
  kind: StudyFileKind;
  pointer: DatasetPointer;
  /** in the table's own folder: such a file must fit the table (see the decision) */
  sameFolder: boolean;
}

/** A study file with what reading it gave: the parsed file, or null (a design comes validated from its pointer; an unreadable file is skipped). */
export interface LoadedStudyFile {
  file: AttachedFile;
  parsed: ParsedInput | null;
}

/** The folder of a dataset id ('.' at the study root), as POSIX dirname. */
export function folderOf(datasetId: string): string {
  const slash = datasetId.lastIndexOf('/');
  return slash === -1 ? '.' : slash === 0 ? '/' : datasetId.slice(0, slash);
}

/** The last segment of a key or dataset id, as POSIX basename. */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** How near a study file is to a table's folder: its own folder (1000), then the closest enclosing folder (1 + depth), the study root (1), anything else (0). */
export function closeness(datasetId: string, tableDir: string): number {
  const dir = folderOf(datasetId);
  if (dir === tableDir) return 1000;
  if (dir === '.') return 1;
  return tableDir.startsWith(`${dir}/`) ? 1 + dir.split('/').length : 0;
}

/** The study files `datasetId` uses, one per kind: the nearest READY one, ties broken by the most recently updated. */
export function attachStudyFiles(datasetId: string, datasets: readonly DatasetPointer[]): AttachedFile[] {
  const dir = folderOf(datasetId);
  const out: AttachedFile[] = [];
  for (const kind of STUDY_FILE_KINDS) {
    const candidates = datasets.filter((d) => d.kind === kind && d.status === 'READY' && d.datasetId !== datasetId);
    if (!candidates.length) continue;
    candidates.sort(
      (a, b) => closeness(b.datasetId, dir) - closeness(a.datasetId, dir) || b.updatedAt.localeCompare(a.updatedAt),
    );
    const c = candidates[0]!;
    out.push({ kind, pointer: c, sameFolder: folderOf(c.datasetId) === dir });
  }
  return out;
}

/** The runs of the attached files as `kind:runId`, in kind order: part of the table's run id, and how a change is noticed. */
export function studyFileRuns(files: readonly AttachedFile[]): string[] {
  return files.map((c) => `${c.kind}:${c.pointer.runId}`);
}

/** True when the study files a table would use now differ from those it was computed with. */
export function studyFilesChanged(used: readonly AttachedFile[], latest: readonly AttachedFile[]): boolean {
  return studyFileRuns(used).join(',') !== studyFileRuns(latest).join(',');
}

/** Study files only matter to tables: true unless the upload is sniffed as a kind that is not a table. */
export function needsStudyFiles(sniffed: SniffedInput): boolean {
  return !sniffed.ok || sniffed.kind === null || isTableKind(sniffed.kind);
}

/** Kinds of study file that settle how a table is parsed (its kind, orientation and mothur label). */
export const PARSE_HINT_KINDS: readonly StudyFileKind[] = ['metadata', 'design'];

/** True when the file's content has to be read (a design comes validated from its pointer). */
export function mustRead(file: AttachedFile): boolean {
  return file.kind !== 'design';
}

/** The validated design recorded on a study.json dataset, or null. */
export function designOf(pointer: DatasetPointer): StudyDesign | null {
  const d = StudyDesignSchema.safeParse(pointer.provenance.parameters.design);
  return d.success ? d.data : null;
}

/** What the attached files give a table: lineages, tree, metadata sample ids, feature annotations (same folder only) and the design. */
export function studyFileContext(loaded: readonly LoadedStudyFile[]): OutcomeContext {
  const ctx: OutcomeContext = {};
  for (const { file, parsed } of loaded) {
    if (file.kind === 'design') {
      const design = designOf(file.pointer);
      if (design) ctx.design = design;
      continue;
    }
    if (!parsed) continue;
    const attached = <T>(value: T) => ({ value, source: file.pointer.datasetId, sameFolder: file.sameFolder });
    if (parsed.kind === 'taxonomy') {
      const t = parsed.taxonomy;
      ctx.taxonomy = attached(new Map(t.featureIds.map((id, i) => [id, t.taxa[i]!])));
    } else if (parsed.kind === 'metadata') ctx.metadataSampleIds = attached(parsed.metadata.sampleIds);
    else if (parsed.kind === 'tree') ctx.tree = attached(parsed.tree);
    else if (parsed.kind === 'feature-metadata' && file.sameFolder)
      ctx.featureMetadata = attached(parsed.featureMetadata);
  }
  return ctx;
}

/** How a table at `key` is parsed: its kind from study.json, the sample ids of its metadata, the mothur label. */
export function parseHintsFor(key: string, datasetId: string, ctx: OutcomeContext): ParseHints {
  const kind = ctx.design ? kindFromStudyJson(ctx.design.kinds, datasetId) : undefined;
  return {
    path: key,
    ...(kind ? { kind } : {}),
    ...(ctx.metadataSampleIds ? { studySampleIds: ctx.metadataSampleIds.value } : {}),
    ...(ctx.design?.mothurLabel ? { mothurLabel: ctx.design.mothurLabel } : {}),
    ...(ctx.design && isTransformedTable(ctx.design, datasetId) ? { transformed: true } : {}),
  };
}

/**
 * The kind study.json `kinds` gives a dataset: its exact path first, else the first glob that matches it
 * (`*` any characters but `/`, `**` any characters, `?` one character; e.g. `"metabolomics/*.biom": "metabolomics"`).
 */
export function kindFromStudyJson(
  kinds: Readonly<Record<string, TableKind>>,
  datasetId: string,
): TableKind | undefined {
  if (Object.hasOwn(kinds, datasetId)) return kinds[datasetId];
  for (const [pattern, kind] of Object.entries(kinds))
    if (/[*?]/.test(pattern) && globRegExp(pattern).test(datasetId)) return kind;
  return undefined;
}

/** A path glob as an anchored regular expression. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Tables to recompute after `changed` flipped: every READY table of the study when a READY study file changed, else none. */
export function tablesToReprocess(changed: DatasetPointer, datasets: readonly DatasetPointer[]): DatasetPointer[] {
  if (changed.status !== 'READY' || !isStudyFileKind(changed.kind)) return [];
  return datasets.filter((d) => isTableKind(d.kind) && d.status === 'READY');
}
