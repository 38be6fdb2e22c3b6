/**
 * What the names on one axis of a plain table look like: DNA sequences
 * (DADA2 uses the amplicon itself as the ASV name), lineage strings, or
 * OTU/ASV identifiers. Used to tell the feature axis from the sample axis.
 */

/** Shortest name read as a DNA sequence: shorter strings of A/C/G/T are too easily words or codes. */
const MIN_SEQUENCE_LENGTH = 20;
const DNA = new RegExp(`^[ACGTUNRYSWKMBDHV]{${MIN_SEQUENCE_LENGTH},}$`, 'i');
const RANK_PREFIX = /^[a-z]{1,2}__/;
const FEATURE_ID = /^(otu|asv|zotu|esv|sv|phylotype|feature)[\s_.-]?\d+$/i;
const MD5_HEX = /^[0-9a-f]{32}$/i;
/** Share of an axis's names that must fit a pattern before the axis is read as features. */
export const AXIS_SHARE = 0.5;

/** True for a nucleotide sequence used as a name (IUPAC codes, at least 20 letters). */
export function isDnaSequence(name: string): boolean {
  return DNA.test(name);
}

/** True for a lineage string: ranks joined by ';' or '|', or a rank-prefixed name such as `g__Bacteroides`. */
export function isLineage(name: string): boolean {
  if (RANK_PREFIX.test(name)) return true;
  const parts = name.split(/[;|]/);
  return parts.length >= 2 && parts.filter((p) => p.trim() !== '').length >= 2;
}

/** True for an OTU/ASV identifier: `Otu0001`, `ASV_12`, `Zotu3`, or a 32-digit MD5 hash (QIIME 2, nf-core/ampliseq). */
export function isFeatureIdLike(name: string): boolean {
  return FEATURE_ID.test(name) || MD5_HEX.test(name);
}

/** Fraction of `names` for which `test` holds (0 for no names). */
export function shareOf(names: readonly string[], test: (name: string) => boolean): number {
  if (names.length === 0) return 0;
  let n = 0;
  for (const name of names) if (test(name)) n++;
  return n / names.length;
}
