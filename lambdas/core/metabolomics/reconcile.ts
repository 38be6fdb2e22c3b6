/**
 * Matching the sample names of an intensity table to the sample ids of the
 * study metadata. Tools name samples after raw files and decorate them
 * (`datafile:S1.mzML:area`, `S1.mzML Peak area`, `S1.raw`); metadata
 * usually has the bare name (or, for GNPS FBMN, the file name in a
 * `filename` column). Matching runs in three rounds, each one-to-one and
 * only over names still unmatched: exact; after `canonicalSampleName` on
 * both sides; the same case-insensitively. A name whose key is shared by two
 * candidates on either side is left unmatched rather than guessed.
 */

/** Raw-data file extensions removed when comparing names (a trailing `.gz` first). */
export const RAW_FILE_EXTENSIONS = [
  'mzML',
  'mzXML',
  'mzData',
  'raw',
  'd',
  'wiff',
  'wiff2',
  'cdf',
  'abf',
  'mgf',
] as const;
const EXTENSION = new RegExp(`\\.(${RAW_FILE_EXTENSIONS.join('|')})$`, 'i');

/** Table sample id → metadata sample id, and what is left on each side. */
export interface SampleReconciliation {
  mapping: Map<string, string>;
  unmatchedTable: string[];
  unmatchedMetadata: string[];
}

/** A name without tool decoration: `datafile:` prefix, `:area`/`:height`, ` Peak area`/` Peak height`, folders, `.gz`, raw-file extension. */
export function canonicalSampleName(name: string): string {
  let t = name.trim();
  t = t.replace(/^datafile:/i, '').replace(/:(area|height)$/i, '');
  t = t.replace(/\s+Peak (area|height)$/i, '');
  t = t.replace(/^.*[\\/]/, '');
  t = t.replace(/\.gz$/i, '').replace(EXTENSION, '');
  return t.trim();
}

/** Matches table sample ids to metadata sample ids (see module doc). */
export function reconcileSampleNames(
  tableSampleIds: readonly string[],
  metadataSampleIds: readonly string[],
): SampleReconciliation {
  const mapping = new Map<string, string>();
  const usedMeta = new Set<string>();
  const rounds: ((s: string) => string)[] = [
    (s) => s,
    canonicalSampleName,
    (s) => canonicalSampleName(s).toLowerCase(),
  ];
  for (const key of rounds) {
    const table = tableSampleIds.filter((id) => !mapping.has(id));
    const meta = metadataSampleIds.filter((id) => !usedMeta.has(id));
    const metaByKey = uniqueKeys(meta, key);
    const tableByKey = uniqueKeys(table, key);
    for (const [k, id] of tableByKey) {
      const m = metaByKey.get(k);
      if (m === undefined || id === null || m === null) continue;
      mapping.set(id, m);
      usedMeta.add(m);
    }
  }
  return {
    mapping,
    unmatchedTable: tableSampleIds.filter((id) => !mapping.has(id)),
    unmatchedMetadata: metadataSampleIds.filter((id) => !usedMeta.has(id)),
  };
}

/** key → the one name with that key, or null when several names share it. */
function uniqueKeys(names: readonly string[], key: (s: string) => string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const n of names) {
    const k = key(n);
    out.set(k, out.has(k) ? null : n);
  }
  return out;
}
