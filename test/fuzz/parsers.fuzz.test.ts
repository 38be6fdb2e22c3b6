/**
 * Fuzzing every parser reachable from `parseInput` (and, for metabolomics
 * uploads, `parseMetabolomicsTable` and the W4M metadata readers, as the
 * pipeline calls them next): random bytes, and mutations of the real fixture
 * files (byte flips, truncation, duplicated / removed / swapped lines, huge
 * and non-finite numbers, control and bidi characters, deep JSON nesting,
 * gzip wrapping) must give a parsed value or a located DataError, never a
 * thrown exception. A parsed table must hold only finite, non-negative
 * counts and unique ids without control characters. Inputs are kept small
 * (large fixtures are cut to their first lines and fields) so that no case
 * can run long; seeded, so a failure is reproducible from its seed and path.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import type { DataError } from '../../lambdas/core/errors.js';
import type { MetabolomicsTable } from '../../lambdas/core/metabolomics/matrix.js';
import { type ParsedInput, type ParseHints, parseInput } from '../../lambdas/core/pipeline/index.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { isForbiddenIdChar } from '../../lambdas/core/text/ids.js';
import { readFixture } from '../helpers/fixtures.js';
import { isLocatedDataError } from '../unit/core/text/helpers.js';

const SEED = 20_240_611;

/** One seed input: a fixture (cut down when large), the name it is uploaded under and the hints. */
interface Seed {
  name: string;
  fileName: string;
  bytes: Uint8Array;
  text: boolean;
  hints?: ParseHints;
}

/** The first `lines` lines of a text, each cut to its first `fields` fields (tab- or comma-separated). */
function cutDown(bytes: Uint8Array, lines = 14, fields = 14): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const out = text
    .split('\n')
    .slice(0, lines)
    .map((l) => {
      const d = l.includes('\t') ? '\t' : ',';
      if (!l.includes('"')) return l.split(d).slice(0, fields).join(d);
      // split outside double quotes, so quoted names holding the delimiter stay one field
      const parts = l.match(new RegExp(`"[^"]*"|[^${d}"]+|(?<=${d}|^)(?=${d}|$)`, 'g')) ?? [];
      return parts.slice(0, fields).join(d);
    })
    .join('\n');
  return new TextEncoder().encode(`${out}\n`);
}

const fixture = (set: string, file: string) => readFixture('data', set, file);

const SEEDS: Seed[] = [
  {
    name: 'BIOM JSON (min sparse)',
    fileName: 'table.biom',
    bytes: fixture('biom-format-examples', 'min_sparse_otu_table.biom'),
    text: true,
  },
  {
    name: 'BIOM JSON (rich sparse)',
    fileName: 'table.biom',
    bytes: fixture('biom-format-examples', 'rich_sparse_otu_table.biom'),
    text: true,
  },
  {
    name: 'BIOM JSON (gzip, no type)',
    fileName: 'table.json.gz',
    bytes: readFixture('data', 'biom-format-examples', 'tests_test.json.gz'),
    text: false,
  },
  {
    name: 'BIOM HDF5 (min sparse)',
    fileName: 'table.biom',
    bytes: fixture('biom-format-examples', 'min_sparse_otu_table_hdf5.biom'),
    text: false,
  },
  {
    name: 'BIOM HDF5 (rich sparse)',
    fileName: 'table.biom',
    bytes: fixture('biom-format-examples', 'rich_sparse_otu_table_hdf5.biom'),
    text: false,
  },
  {
    name: 'BIOM TSV',
    fileName: 'feature-table.tsv',
    bytes: cutDown(fixture('globalpatterns', 'GlobalPatterns_feature-table.tsv')),
    text: true,
  },
  {
    name: 'QIIME 2 artifact',
    fileName: 'table.qza',
    bytes: fixture('qiime2-moving-pictures', 'table.qza'),
    text: false,
  },
  {
    name: 'QIIME 2 metadata',
    fileName: 'sample-metadata.tsv',
    bytes: fixture('qiime2-moving-pictures', 'sample-metadata.tsv'),
    text: true,
  },
  {
    name: 'QIIME 2 taxonomy',
    fileName: 'taxonomy.tsv',
    bytes: cutDown(fixture('qiime2-moving-pictures', 'taxonomy.tsv'), 30),
    text: true,
  },
  {
    name: 'Newick',
    fileName: 'tree.nwk',
    bytes: new TextEncoder().encode(smallTree(new TextDecoder().decode(fixture('qiime2-moving-pictures', 'tree.nwk')))),
    text: true,
  },
  {
    name: 'mothur shared',
    fileName: 'final.shared',
    bytes: smallShared(fixture('mothur-mouse-f3-2012', 'final.an.0.03.subsample.0.03.pick.shared'), 10, 16),
    text: true,
  },
  {
    name: 'mothur design',
    fileName: 'mouse.sex_time.design',
    bytes: fixture('mothur-mouse-f3-2012', 'mouse.sex_time.design'),
    text: true,
  },
  {
    name: 'DADA2 seqtab',
    fileName: 'seqtab_nochim.csv',
    bytes: cutDown(fixture('dada2-tutorial-mouse', 'seqtab_nochim.csv'), 8, 10),
    text: true,
  },
  {
    name: 'DADA2 taxonomy',
    fileName: 'taxa.csv',
    bytes: cutDown(fixture('dada2-tutorial-mouse', 'taxa.csv'), 12),
    text: true,
  },
  { name: 'CSV metadata', fileName: 'samdf.csv', bytes: fixture('dada2-tutorial-mouse', 'samdf.csv'), text: true },
  {
    name: 'MetaboAnalyst',
    fileName: 'human_cachexia.csv',
    bytes: cutDown(fixture('metaboanalyst-cachexia', 'human_cachexia.csv'), 12, 12),
    text: true,
  },
  {
    name: 'plain matrix (FBMN)',
    fileName: 'FeatureMatrix.csv',
    bytes: cutDown(fixture('fbmn-stats-dom-interlab', 'FeatureMatrix.csv'), 8, 10000),
    text: true,
    hints: { kind: 'metabolomics' },
  },
  {
    name: 'MS-DIAL',
    fileName: 'Height_0.txt',
    bytes: cutDown(fixture('msdial-alignment-lcms', 'MSDIAL_Alignment_result_LC-MS.txt'), 14, 43),
    text: true,
  },
  {
    name: 'mzTab-M (MTBLS263)',
    fileName: 'MTBLS263.mztab',
    bytes: fixture('mztab-m-examples', 'MTBLS263.mztab'),
    text: true,
  },
  {
    name: 'mzTab-M (gcxgc)',
    fileName: 'gcxgc.mztab',
    bytes: fixture('mztab-m-examples', 'gcxgc-ms-example.mztab'),
    text: true,
  },
  {
    name: 'W4M dataMatrix',
    fileName: 'dataMatrix.tsv',
    bytes: cutDown(fixture('w4m-sacurine', 'dataMatrix.tsv'), 10, 12),
    text: true,
  },
  {
    name: 'W4M sampleMetadata',
    fileName: 'sampleMetadata.tsv',
    bytes: cutDown(fixture('w4m-sacurine', 'sampleMetadata.tsv'), 20),
    text: true,
  },
  {
    name: 'W4M variableMetadata',
    fileName: 'variableMetadata.tsv',
    bytes: cutDown(fixture('w4m-sacurine', 'variableMetadata.tsv'), 20),
    text: true,
  },
  {
    name: 'MZmine 2 (legacy)',
    fileName: 'quant.csv',
    bytes: new TextEncoder().encode(
      'row ID,row m/z,row retention time,a.mzML Peak area,b.mzML Peak area,\n1,100.1,1.5,500,600,\n2,200.2,2.5,0,700,\n3,300.3,3.5,800,NA,\n',
    ),
    text: true,
  },
  {
    name: 'pathway map',
    fileName: 'pathways.tsv',
    bytes: new TextEncoder().encode(
      'featureId\tpathway\nHMDB0000122\tGlycolysis | Galactose metabolism\nHMDB0000094\tCitrate cycle (TCA cycle)\n',
    ),
    text: true,
  },
];
/** The first `lines` lines of a mothur .shared file with their first `otus` OTUs, numOtus set to match. */
function smallShared(bytes: Uint8Array, lines: number, otus: number): Uint8Array {
  const rows = new TextDecoder().decode(bytes).split('\n').slice(0, lines);
  const out = rows.map((r, k) => {
    const cells = r.split('\t').slice(0, 3 + otus);
    if (k > 0) cells[2] = String(otus);
    return cells.join('\t');
  });
  return new TextEncoder().encode(`${out.join('\n')}\n`);
}

/** A valid tree over the first 40 tips of a Newick text (the real tree is one 47 KB line): their labels and branch lengths under one root. */
function smallTree(newick: string): string {
  const tips = [...newick.matchAll(/[(,]([^(),:;]+):([0-9.eE-]+)/g)].slice(0, 40).map((m) => `${m[1]}:${m[2]}`);
  return `((${tips.slice(0, 20).join(',')}):0.1,(${tips.slice(20).join(',')}):0.2);\n`;
}

/** Replacements for a number: overflow, non-finite spellings, negatives, not-quite numbers. */
const BAD_NUMBERS = [
  '1e400',
  '-1e400',
  '1e308',
  '9'.repeat(400),
  'NaN',
  'Inf',
  '-Infinity',
  '-0',
  '-5',
  '0x10',
  '1,5',
  '',
  '""',
  '1e',
  '.',
];
/** Characters to insert: controls, bidi, BOM, quotes and structure characters. */
const INSERTS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u0085',
  '\ufeff',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '"',
  ',',
  ';',
  ' ',
  'é',
  'e\u0301',
  '#',
  '[',
  '{',
  '(',
  ')',
];

type Mutation =
  | { kind: 'flip'; at: number[]; xor: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'line'; op: 'duplicate' | 'remove' | 'swap'; a: number; b: number }
  | { kind: 'number'; which: number; by: number }
  | { kind: 'insert'; at: number; what: number; times: number }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'gzip'; cut: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    xor: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 8, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('line' as const),
    op: fc.constantFrom('duplicate' as const, 'remove' as const, 'swap' as const),
    a: fc.nat(),
    b: fc.nat(),
  }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), by: fc.nat({ max: BAD_NUMBERS.length - 1 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    what: fc.nat({ max: INSERTS.length - 1 }),
    times: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(10, 1000, 100_000) }),
  fc.record({ kind: fc.constant('gzip' as const), cut: fc.nat() }),
);

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Applies one mutation; text mutations decode and re-encode (invalid UTF-8 becomes U+FFFD, itself a mutation). */
function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  switch (m.kind) {
    case 'flip': {
      const out = bytes.slice();
      if (n > 0) m.at.forEach((p, i) => (out[p % n] = out[p % n]! ^ m.xor[i]!));
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, n === 0 ? 0 : m.at % n);
    case 'line': {
      const lines = dec.decode(bytes).split('\n');
      const a = m.a % lines.length,
        b = m.b % lines.length;
      if (m.op === 'duplicate') lines.splice(a, 0, lines[a]!);
      else if (m.op === 'remove') lines.splice(a, 1);
      else [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return enc.encode(lines.join('\n'));
    }
    case 'number': {
      const text = dec.decode(bytes);
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      if (numbers.length === 0) return bytes;
      const hit = numbers[m.which % numbers.length]!;
      return enc.encode(text.slice(0, hit.index) + BAD_NUMBERS[m.by] + text.slice(hit.index! + hit[0].length));
    }
    case 'insert': {
      const text = dec.decode(bytes);
      const at = text.length === 0 ? 0 : m.at % text.length;
      return enc.encode(text.slice(0, at) + INSERTS[m.what]!.repeat(m.times) + text.slice(at));
    }
    case 'nest': {
      const text = dec.decode(bytes);
      const values = [...text.matchAll(/[[:]\s*/g)];
      if (values.length === 0) return enc.encode('['.repeat(m.depth) + text + ']'.repeat(m.depth));
      const hit = values[m.at % values.length]!;
      const at = hit.index! + hit[0].length;
      return enc.encode(`${text.slice(0, at) + '['.repeat(m.depth)}1${']'.repeat(m.depth)},${text.slice(at)}`);
    }
    case 'gzip': {
      const gz = gzipSync(bytes, { level: 1 });
      return m.cut % 3 === 0 ? gz.subarray(0, m.cut % gz.length) : gz;
    }
  }
}

/** Ids a parse produced must be unique and free of control and bidi characters. */
function checkIds(ids: readonly string[], what: string): void {
  if (new Set(ids).size !== ids.length) throw new Error(`${what}: duplicate ids`);
  for (const id of ids)
    for (let i = 0; i < id.length; i++)
      if (isForbiddenIdChar(id.charCodeAt(i)))
        throw new Error(`${what}: forbidden character in id ${JSON.stringify(id)}`);
}

/** A parsed feature table: finite, positive stored values, valid CSC structure, clean unique ids. */
function checkFeatureTable(t: FeatureTable): void {
  checkIds(t.featureIds, 'features');
  checkIds(t.sampleIds, 'samples');
  if (t.indptr.length !== t.sampleIds.length + 1 || t.indptr[0] !== 0) throw new Error('indptr');
  for (let j = 0; j < t.sampleIds.length; j++) if (t.indptr[j + 1]! < t.indptr[j]!) throw new Error('indptr decreases');
  for (let k = 0; k < t.data.length; k++) {
    if (!(Number.isFinite(t.data[k]) && t.data[k]! > 0)) throw new Error(`stored value ${t.data[k]}`);
    if (!(t.indices[k]! >= 0 && t.indices[k]! < t.featureIds.length)) throw new Error('index out of range');
  }
}

/** A parsed intensity table: no infinite value, negatives only when declared transformed, clean unique ids. */
function checkMetabolomicsTable(t: MetabolomicsTable, transformed: boolean): void {
  checkIds(t.featureIds, 'features');
  checkIds(t.sampleIds, 'samples');
  if (t.values.length !== t.featureIds.length * t.sampleIds.length) throw new Error('values size');
  for (const v of t.values) {
    if (v === Infinity || v === -Infinity) throw new Error('infinite intensity');
    if (v < 0 && !transformed) throw new Error('negative intensity');
  }
}

/** The whole path of one upload; throws (fails the property) on anything but a value or a located DataError. */
async function parseAll(bytes: Uint8Array, fileName: string, hints: ParseHints, transformed: boolean): Promise<void> {
  const expectLocated = (e: DataError) => {
    if (!isLocatedDataError(e)) throw new Error(`badly formed data error ${JSON.stringify(e)}`);
  };
  const r = await parseInput(bytes, fileName, { ...hints, ...(transformed ? { transformed } : {}) });
  if (!r.ok) return expectLocated(r.error);
  const v: ParsedInput = r.value;
  if (v.kind === '16s') return checkFeatureTable(v.table);
  if (v.kind === 'taxonomy') return checkIds(v.taxonomy.featureIds, 'taxonomy');
  if (v.kind === 'metadata') return checkIds(v.metadata.sampleIds, 'metadata');
  if (v.kind === 'feature-metadata') return checkIds(v.featureMetadata.ids, 'feature metadata');
  if (v.kind !== 'metabolomics') return;
  checkMetabolomicsTable(v.table, transformed);
}

describe('fuzzing the parsers behind parseInput', () => {
  it('every seed parses as it is (so the mutations start from valid inputs)', async () => {
    for (const s of SEEDS) {
      const r = await parseInput(s.bytes, s.fileName, s.hints ?? {});
      if (!r.ok) throw new Error(`${s.name}: ${r.error.code} ${r.error.message}`);
    }
  });

  it.each(SEEDS.map((s, i) => [s.name, s, i] as const))(
    '%s: mutations give a value or a located DataError',
    async (_name, seed, i) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (mutations, transformed) => {
            let bytes = seed.bytes;
            for (const m of mutations)
              if (seed.text || m.kind === 'flip' || m.kind === 'truncate' || m.kind === 'gzip')
                bytes = mutate(bytes, m);
            await parseAll(bytes, seed.fileName, seed.hints ?? {}, transformed);
          },
        ),
        { seed: SEED + i, numRuns: seed.text ? 400 : 150 },
      );
    },
  );

  it('random bytes under every file name give a value or a located DataError', async () => {
    const names = [...new Set(SEEDS.map((s) => s.fileName)), 'upload', 'x.qza', 'metabolomics/x.csv', '16s/x.csv'];
    const prefixes = [
      [],
      [0x1f, 0x8b, 8, 0],
      [0x50, 0x4b, 3, 4],
      [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a],
      [0x7b],
      [0x28],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom(...prefixes),
        fc.uint8Array({ maxLength: 2048 }),
        async (fileName, prefix, body) => {
          await parseAll(Uint8Array.from([...prefix, ...body]), fileName, {}, false);
        },
      ),
      { seed: SEED - 1, numRuns: 2000 },
    );
  });

  it('random printable tables (any delimiter, quotes, numbers, controls) give a value or a located DataError', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        ...BAD_NUMBERS,
        '0',
        '1',
        '2.5',
        'NA',
        'x',
        'OTU_1',
        '"a,b"',
        '#OTU ID',
        'sample-id',
        'Feature ID',
        'Taxon',
        'label',
        'Group',
        'numOtus',
        'Alignment ID',
        'row ID',
        'SML',
      ),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\t', ',', ';', ' '),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom('t.tsv', 't.csv', 'metabolomics/t.csv', '16s/t.csv', 'x.design', 'dataMatrix.tsv'),
        async (rows, d, nl, fileName) => {
          await parseAll(enc.encode(rows.map((r) => r.join(d)).join(nl) + nl), fileName, {}, false);
        },
      ),
      { seed: SEED - 2, numRuns: 2000 },
    );
  });
});
