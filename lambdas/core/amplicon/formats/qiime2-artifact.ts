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
 */
import { unzipSync } from 'fflate';
import { DataErrorSignal, fail } from '../../errors.js';
import { LineCursor, decodeText } from '../../text/text.js';

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
const WANTED_ENTRY = /^[^/]+\/(metadata\.yaml|data\/[^/]+)$/;
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
export function readArtifact(bytes: Uint8Array): ArtifactPayload {
  if (!hasEndOfCentralDirectory(bytes)) {
    fail('TRUNCATED_FILE', `zip archive of ${bytes.length} bytes has no end-of-central-directory record: the upload is incomplete`, {
      expected: 'a complete QIIME 2 artifact (.qza)',
    });
  }
  const { names, files } = unzipWanted(bytes);
  const root = singleRoot(names);
  const metadataPath = `${root}/metadata.yaml`;
  const yaml = files[metadataPath];
  if (!yaml) invalidArtifact(`no ${metadataPath}`);
  const info = readMetadataYaml(decodeText(yaml), metadataPath);
  const path = `${root}/data/${ARTIFACT_PAYLOADS[info.type]}`;
  const payload = files[path];
  if (!payload) invalidArtifact(`a ${info.type} artifact must hold ${path}; it has ${dataFiles(names, root)}`);
  return { info, path, bytes: payload };
}

/** True when an end-of-central-directory signature sits in the last 64 KB of a zip. */
function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - EOCD_SEARCH_BYTES);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (END_OF_CENTRAL_DIRECTORY.every((b, k) => bytes[i + k] === b)) return true;
  }
  return false;
}

/** Every entry name, and the contents of the root metadata.yaml and data/ files. */
function unzipWanted(bytes: Uint8Array): { names: string[]; files: Record<string, Uint8Array> } {
  const names: string[] = [];
  try {
    const files = unzipSync(bytes, {
      filter: (entry) => {
        names.push(entry.name);
        return WANTED_ENTRY.test(entry.name);
      },
    });
    return { names, files };
  } catch (e) {
    return invalidArtifact(`the zip archive cannot be read (${(e as Error).message})`);
  }
}

/** The one top-level folder of the archive. */
function singleRoot(names: string[]): string {
  const roots = [...new Set(names.map((n) => n.split('/')[0]!))];
  if (roots.length !== 1 || !names.some((n) => n.includes('/'))) {
    const shown = roots.slice(0, 5).join(', ') + (roots.length > 5 ? ', …' : '');
    invalidArtifact(`a QIIME 2 artifact holds exactly one top-level folder (its UUID); this zip has ${roots.length} top-level entries (${shown})`);
  }
  return roots[0]!;
}

/** The `data/` file names under `root`, for messages. */
function dataFiles(names: string[], root: string): string {
  const data = names.filter((n) => n.startsWith(`${root}/data/`) && !n.endsWith('/')).map((n) => n.slice(root.length + 1));
  return data.length ? data.slice(0, 5).join(', ') : 'no data files';
}

/** uuid, type and format from metadata.yaml (flat `key: value` lines); the type must be one this layer reads. */
function readMetadataYaml(text: string, path: string): ArtifactInfo {
  const fields = new Map<string, { value: string; line: number; column: number }>();
  const cur = new LineCursor(text);
  while (cur.advance()) {
    const m = /^([A-Za-z_]+):[ \t]*(.*?)\s*$/.exec(cur.line);
    if (m) fields.set(m[1]!, { value: unquote(m[2]!), line: cur.lineNo, column: cur.line.indexOf(m[2]!, m[1]!.length + 1) + 1 });
  }
  const type = fields.get('type');
  if (!type || type.value === '') invalidArtifact(`${path} has no 'type'`);
  if (!Object.hasOwn(ARTIFACT_PAYLOADS, type.value)) {
    const hint = Object.hasOwn(TYPE_HINTS, type.value) ? `; ${TYPE_HINTS[type.value]}` : '';
    fail('UNSUPPORTED_ARTIFACT', `${path} declares type ${type.value}, which is not read here (accepted: ${ACCEPTED})${hint}`, {
      line: type.line,
      column: type.column,
      expected: ACCEPTED,
    });
  }
  return { uuid: fields.get('uuid')?.value ?? '', type: type.value as ArtifactType, format: fields.get('format')?.value || null };
}

/** A YAML scalar without surrounding single or double quotes. */
function unquote(s: string): string {
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** Fails INVALID_ARTIFACT. */
function invalidArtifact(why: string): never {
  return fail('INVALID_ARTIFACT', `not a readable QIIME 2 artifact: ${why}`, { expected: `a QIIME 2 artifact (.qza) of type ${ACCEPTED}` });
}

/** Runs a payload parser, naming the payload file in any data error it signals. */
export async function withinPayload<T>(path: string, parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (e) {
    if (e instanceof DataErrorSignal) throw new DataErrorSignal({ ...e.error, message: `${path}: ${e.error.message}` });
    throw e;
  }
}
