/**
 * The project's rule for the kind of a plain sample × feature matrix, whose
 * content alone cannot say whether it holds 16S counts or metabolite
 * intensities (docs/formats.md, "Which kind a plain matrix is"):
 *
 *  1. the kind study.json gives the file (`hints.kind`);
 *  2. else the path: the file name, then its folders from the innermost
 *     outwards; the first segment that names exactly one kind decides
 *     (a segment naming both is skipped);
 *  3. else the dataset fails AMBIGUOUS_KIND with a message saying how to
 *     name the file or folder.
 */
import { fail } from '../errors.js';
import type { TableKind } from '../results/model.js';

/** What a plain matrix can hold: one of the table kinds. */
export type PlainMatrixKind = TableKind;

/** What the caller knows about an upload beyond its bytes. */
export interface ParseHints {
  /** the object's path (key), e.g. `studies/trial/16s/genus.csv`; defaults to the file name */
  path?: string;
  /** the file's kind as study.json names it */
  kind?: PlainMatrixKind;
  /** sample ids from the study's metadata, used to find the sample axis of a plain matrix */
  studySampleIds?: string[];
  /** the mothur `.shared` label (cutoff) to read; default the finest */
  mothurLabel?: string;
  /** study.json declares this metabolomics table already transformed: negative intensities are kept */
  transformed?: boolean;
}

/** Words in a file or folder name that mark 16S data (matched as substrings, any case). */
export const AMPLICON_WORDS = ['16s', 'amplicon', 'otu', 'asv', 'genera', 'genus', 'taxa'] as const;
/** Words in a file or folder name that mark metabolomics data (matched as substrings, any case). */
export const METABOLOMICS_WORDS = ['metabolom', 'mtb', 'lcms', 'nmr', 'metabolite'] as const;

const STUDY_PREFIX = /^studies\/[^/]+\//;

/** The kind of a plain matrix at `path` and why; fails AMBIGUOUS_KIND when nothing decides. */
export function plainMatrixKind(path: string, hints: ParseHints = {}): { kind: PlainMatrixKind; reason: string } {
  if (hints.kind) return { kind: hints.kind, reason: `study.json names the file's kind '${hints.kind}'` };
  const byPath = pathKind(path);
  if (byPath) return byPath;
  return fail(
    'AMBIGUOUS_KIND',
    `'${path}' is a plain sample x feature matrix, and neither study.json nor its path says whether it holds 16S counts or metabolite intensities; ` +
      `put it in a folder (or give it a name) containing ${AMPLICON_WORDS.join(', ')} for 16S, or ${METABOLOMICS_WORDS.join(', ')} for metabolomics, ` +
      `e.g. 16s/${baseName(path)} or metabolomics/${baseName(path)}, or name its kind in study.json`,
    { expected: 'a path naming the kind (16s/…, metabolomics/…) or a kind for the file in study.json' },
  );
}

/** The kind the path names (the file name, then its folders from the innermost outwards), or null when none does. */
export function pathKind(path: string): { kind: PlainMatrixKind; reason: string } | null {
  const segments = path
    .replace(/\\/g, '/')
    .replace(STUDY_PREFIX, '')
    .split('/')
    .filter((s) => s !== '');
  for (let i = segments.length - 1; i >= 0; i--) {
    const kind = segmentKind(segments[i]!);
    if (kind)
      return {
        kind,
        reason: `${i === segments.length - 1 ? 'file' : 'folder'} name '${segments[i]}' marks ${kind === '16s' ? '16S' : 'metabolomics'} data`,
      };
  }
  return null;
}

/** The kind one path segment names, or null when it names none or both. */
function segmentKind(segment: string): PlainMatrixKind | null {
  const s = segment.toLowerCase();
  const isAmplicon = AMPLICON_WORDS.some((w) => s.includes(w));
  const isMetabolomics = METABOLOMICS_WORDS.some((w) => s.includes(w));
  if (isAmplicon === isMetabolomics) return null;
  return isAmplicon ? '16s' : 'metabolomics';
}

/** The last segment of a path. */
function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] || path;
}
