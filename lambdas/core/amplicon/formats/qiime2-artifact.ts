/**
 * QIIME 2 artifacts (`.qza`): a zip archive with one top-level folder named
 * by the artifact's UUID, holding `metadata.yaml` (`uuid`, `type`, `format`),
 * `VERSION`, `provenance/…` and the payload under `data/`. Only the root
 * `metadata.yaml` and the files directly under `data/` are decompressed.
 *
 * Accepted semantic types and their payload:
 *   FeatureTable[Frequency]  data/feature-table.biom (BIOM 2.1 HDF5, or BIOM 1.0 JSON in old artifacts)
 *   FeatureData[Taxonomy]    data/taxonomy.tsv
 *   Phylogeny[Rooted]        data/tree.nwk
 * Any other type (including Visualization, i.e. a `.qzv`) is UNSUPPORTED_ARTIFACT.
 *
 * The archive is read from its central directory (ZIP64 records included);
 * the wanted entries are inflated through a capped stream that shares one
 * allowance for the archive's size (`inflateAllowance`): a declared size
 * beyond it fails INFLATE_LIMIT before anything is inflated, and so does
 * output beyond it whatever the entries declare.
 */
import { DataErrorSignal, fail, printable } from '../../errors.js';
import { type InflateBudget, inflateLimit, inflateRawCapped } from '../../text/inflate.js';
import { inflateAllowance, type ParseLimits, resolveLimits } from '../../text/limits.js';
import { decodeText, LineCursor } from '../../text/text.js';

/** Semantic types this layer reads, and the payload file of each under `data/`. */
export const ARTIFACT_PAYLOADS = {
  'FeatureTable[Frequency]': 'feature-table.biom',
  'FeatureData[Taxonomy]': 'taxonomy.tsv',
  'Phylogeny[Rooted]': 'tree.nwk',
} as const;
export type ArtifactType = keyof typeof ARTIFACT_PAYLOADS;

const ACCEPTED = Object.keys(ARTIFACT_PAYLOADS).join(', ');
const END_OF_CENTRAL_DIRECTORY = [0x50, 0x4b, 0x05, 0x06];
/** The end-of-central-directory record is 22 bytes plus a comment of at most 65535 bytes. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;
/** What to do instead, for types people commonly upload. */
const TYPE_HINTS: Record<string, string> = {
  'Phylogeny[Unrooted]': 'root it first (qiime phylogeny midpoint-root)',
  Visualization: 'a .qzv is a visualization; upload the .qza it was made from',
  'FeatureTable[RelativeFrequency]': 'upload the FeatureTable[Frequency] it was made from',
};

/** Who the artifact is: from its metadata.yaml. */
export interface ArtifactInfo {
  uuid: string;
  type: ArtifactType;
  format: string | null;
}

/** An artifact's identity and the bytes of its payload file. */
export interface ArtifactPayload {
  info: ArtifactInfo;
  /** path of the payload inside the zip, for messages */
  path: string;
  bytes: Uint8Array;
}

/** Opens a .qza: checks the layout and the type and returns the payload. Throws DataErrorSignal on bad input. */
export function readArtifact(bytes: Uint8Array, limits: Partial<ParseLimits> = {}): ArtifactPayload {
  const lim = resolveLimits(limits);
  const eocd = endOfCentralDirectory(bytes);
  if (eocd === -1) {
    fail(
      'TRUNCATED_FILE',
      `zip archive of ${bytes.length} bytes has no end-of-central-directory record: the upload is incomplete`,
      {
        expected: 'a complete QIIME 2 artifact (.qza)',
      },
    );
  }
  const entries = centralDirectory(bytes, eocd);
  const names = entries.map((e) => e.name);
  const root = singleRoot(names);
  const metadataPath = `${root}/metadata.yaml`;
  const budget: InflateBudget = {
    remaining: inflateAllowance(bytes.length, lim),
    exceeded: (reached, declared) => inflateLimit('zip archive', reached, bytes.length, lim, declared),
  };
  const byName = new Map(entries.map((e) => [e.name, e]));
  const yamlEntry = byName.get(metadataPath);
  if (!yamlEntry) invalidArtifact(`no ${metadataPath}`);
  const info = readMetadataYaml(decodeText(entryBytes(bytes, yamlEntry, budget), lim), metadataPath);
  const path = `${root}/data/${ARTIFACT_PAYLOADS[info.type]}`;
  const payloadEntry = byName.get(path);
  if (!payloadEntry) invalidArtifact(`a ${info.type} artifact must hold ${path}; it has ${dataFiles(names, root)}`);
  return { info, path, bytes: entryBytes(bytes, payloadEntry, budget) };
}

/** Offset of the end-of-central-directory record (searched in the last 64 KB), or -1. */
function endOfCentralDirectory(bytes: Uint8Array): number {
  const from = Math.max(0, bytes.length - EOCD_SEARCH_BYTES);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (END_OF_CENTRAL_DIRECTORY.every((b, k) => bytes[i + k] === b)) return i;
  }
  return -1;
}

/** One central-directory record: what is needed to find and inflate the entry. */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const ZIP64_EXTRA = 0x0001;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 1;

/** Little-endian readers that fail INVALID_ARTIFACT instead of reading past the end. */
function u16(b: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > b.length) badZip('a record runs past the end of the file');
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > b.length) badZip('a record runs past the end of the file');
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

/** Every entry of the central directory the end record (at `eocd`) points to, ZIP64 sizes and offsets resolved. */
function centralDirectory(bytes: Uint8Array, eocd: number): ZipEntry[] {
  let count = u16(bytes, eocd + 10);
  let size = u32(bytes, eocd + 12);
  let offset = u32(bytes, eocd + 16);
  if (
    (count === U16_MAX || size === U32_MAX || offset === U32_MAX) &&
    eocd >= 20 &&
    u32(bytes, eocd - 20) === ZIP64_LOCATOR
  ) {
    const end64 = u64(bytes, eocd - 12);
    if (u32(bytes, end64) !== ZIP64_END) badZip('the ZIP64 end record is missing');
    count = u64(bytes, end64 + 32);
    size = u64(bytes, end64 + 40);
    offset = u64(bytes, end64 + 48);
  }
  if (offset + size > bytes.length) badZip('the central directory lies outside the file');
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = offset;
  while (at < offset + size && entries.length < count) {
    if (u32(bytes, at) !== CENTRAL_HEADER) badZip(`no central-directory record at byte ${at}`);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    if (at + 46 + nameLength + extraLength > bytes.length)
      badZip('a central-directory record runs past the end of the file');
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    };
    applyZip64Extra(entry, bytes, at + 46 + nameLength, extraLength);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Replaces 0xFFFFFFFF sizes and offsets by the 64-bit values of the ZIP64 extra field (in its fixed order). */
function applyZip64Extra(e: ZipEntry, bytes: Uint8Array, from: number, length: number): void {
  if (e.size !== U32_MAX && e.compressedSize !== U32_MAX && e.localOffset !== U32_MAX) return;
  for (let at = from; at + 4 <= from + length; ) {
    const id = u16(bytes, at);
    const n = u16(bytes, at + 2);
    if (id === ZIP64_EXTRA) {
      let k = at + 4;
      if (e.size === U32_MAX) (e.size = u64(bytes, k)), (k += 8);
      if (e.compressedSize === U32_MAX) (e.compressedSize = u64(bytes, k)), (k += 8);
      if (e.localOffset === U32_MAX) e.localOffset = u64(bytes, k);
      return;
    }
    at += 4 + n;
  }
}

/** The contents of one entry: stored bytes as they are, DEFLATE through the capped inflater (spending `budget`). */
function entryBytes(bytes: Uint8Array, e: ZipEntry, budget: InflateBudget): Uint8Array {
  if (e.flags & ENCRYPTED_FLAG) badZip(`${e.name} is encrypted`);
  if (u32(bytes, e.localOffset) !== LOCAL_HEADER) badZip(`no local header for ${e.name}`);
  const start = e.localOffset + 30 + u16(bytes, e.localOffset + 26) + u16(bytes, e.localOffset + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) badZip(`${e.name} runs past the end of the file`);
  const data = bytes.subarray(start, end);
  if (e.method === STORED) {
    if (e.size !== e.compressedSize)
      badZip(`stored entry ${e.name} declares ${e.size} bytes but holds ${e.compressedSize}`);
    if (e.size > budget.remaining) budget.exceeded(e.size, true);
    budget.remaining -= e.size;
    return data;
  }
  if (e.method !== DEFLATED)
    badZip(`${e.name} uses compression method ${e.method}; only stored and DEFLATE entries are read`);
  const out = inflateRawCapped(data, e.size, budget);
  if (!out) badZip(`${e.name} is damaged: its DEFLATE data do not inflate to the ${e.size} bytes it declares`);
  return out;
}

/** Fails INVALID_ARTIFACT for an archive whose structure cannot be followed. */
function badZip(why: string): never {
  return invalidArtifact(`the zip archive cannot be read (${why})`);
}

/** The one top-level folder of the archive. */
function singleRoot(names: string[]): string {
  const roots = [...new Set(names.map((n) => n.split('/')[0]!))];
  if (roots.length !== 1 || !names.some((n) => n.includes('/'))) {
    const shown = roots.slice(0, 5).join(', ') + (roots.length > 5 ? ', …' : '');
    invalidArtifact(
      `a QIIME 2 artifact holds exactly one top-level folder (its UUID); this zip has ${roots.length} top-level entries (${shown})`,
    );
  }
  return roots[0]!;
}

/** The `data/` file names under `root`, for messages. */
function dataFiles(names: string[], root: string): string {
  const data = names
    .filter((n) => n.startsWith(`${root}/data/`) && !n.endsWith('/'))
    .map((n) => n.slice(root.length + 1));
  return data.length ? data.slice(0, 5).join(', ') : 'no data files';
}

/** uuid, type and format from metadata.yaml (flat `key: value` lines); the type must be one this layer reads. */
function readMetadataYaml(text: string, path: string): ArtifactInfo {
  const fields = new Map<string, { value: string; line: number; column: number }>();
  const cur = new LineCursor(text);
  while (cur.advance()) {
    const m = /^([A-Za-z_]+):[ \t]*(.*?)\s*$/.exec(cur.line);
    if (m)
      fields.set(m[1]!, {
        value: unquote(m[2]!),
        line: cur.lineNo,
        column: cur.line.indexOf(m[2]!, m[1]!.length + 1) + 1,
      });
  }
  const type = fields.get('type');
  if (!type || type.value === '') invalidArtifact(`${path} has no 'type'`);
  if (!Object.hasOwn(ARTIFACT_PAYLOADS, type.value)) {
    const hint = Object.hasOwn(TYPE_HINTS, type.value) ? `; ${TYPE_HINTS[type.value]}` : '';
    fail(
      'UNSUPPORTED_ARTIFACT',
      `${path} declares type ${type.value}, which is not read here (accepted: ${ACCEPTED})${hint}`,
      {
        line: type.line,
        column: type.column,
        expected: ACCEPTED,
      },
    );
  }
  return {
    uuid: fields.get('uuid')?.value ?? '',
    type: type.value as ArtifactType,
    format: fields.get('format')?.value || null,
  };
}

/** A YAML scalar without surrounding single or double quotes. */
function unquote(s: string): string {
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** Fails INVALID_ARTIFACT. */
function invalidArtifact(why: string): never {
  return fail('INVALID_ARTIFACT', `not a readable QIIME 2 artifact: ${why}`, {
    expected: `a QIIME 2 artifact (.qza) of type ${ACCEPTED}`,
  });
}

/** Runs a payload parser, naming the payload file in any data error it signals. */
export async function withinPayload<T>(path: string, parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (e) {
    if (e instanceof DataErrorSignal)
      throw new DataErrorSignal({ ...e.error, message: printable(`${path}: ${e.error.message}`) });
    throw e;
  }
}
