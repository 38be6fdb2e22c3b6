/**
 * mzTab-M 2.0 (HUPO-PSI; Hoffmann et al. 2019 Anal Chem), small-molecule
 * summary section. Lines are tab-separated and start with a section tag:
 * MTD metadata, SMH/SML small-molecule header/rows, SFH/SMF feature rows,
 * SEH/SME evidence rows, COM comments; blank lines separate sections and MTD
 * lines may be padded with trailing tabs.
 *
 *  - features: SML rows, id `SML_ID`, name `chemical_name`; m/z and RT
 *    (seconds, `retention_time_in_seconds`) from the first SMF row named in
 *    `SMF_ID_REFS` (`" | "` separates several);
 *  - samples: the `abundance_assay[n]` columns; the id is the MTD
 *    `assay[n]` name, else its `sample_ref`'s `sample[m]` name, else the
 *    file name of its `ms_run_ref`'s location, else `assay[n]`;
 *    `abundance_study_variable[…]` summaries are not samples;
 *  - class label: the `study_variable[j]` whose `assay_refs` name the assay;
 *  - `null` is missing.
 */
import { fail } from '../../errors.js';
import { indexLines, lenientNumber, RowCells, type TextLines } from '../../text/delimited-table.js';
import { type MetabolomicsTable, sampleTypeFromText } from '../matrix.js';
import {
  assembleTable,
  asText,
  headerLocations,
  type MetabolomicsParseOptions,
  type NamedColumn,
  readBlock,
  requiredFields,
  resolveParseOptions,
  setFeatureText,
} from './common.js';

const ABUNDANCE_ASSAY = /^abundance_assay\[(\d+)\]$/;
const INDEXED = /^(assay|sample|ms_run|study_variable)\[(\d+)\](?:-(.+))?$/;
const REF = /(assay|sample|ms_run)\[(\d+)\]/g;
const MULTI = /\s*\|\s*/;
const SML_TEXT_COLUMNS = [
  'SMF_ID_REFS',
  'database_identifier',
  'chemical_formula',
  'chemical_name',
  'adduct_ions',
  'reliability',
  'best_id_confidence_measure',
  'best_id_confidence_value',
  'theoretical_neutral_mass',
];

/** MTD values by key, e.g. 'assay' → index → { '': name, 'sample_ref': 'sample[1]' }. */
type Indexed = Map<string, Map<number, Map<string, string>>>;

/** Line indices per section tag, and the metadata. */
interface Sections {
  mtd: Indexed;
  version: string | null;
  smh: number;
  sml: number[];
  sfh: number;
  smf: number[];
}

/** True when the text is mzTab-M 2.x (an `MTD mzTab-version 2…` line). */
export function isMzTabM(text: string): boolean {
  return /^MTD\tmzTab-version\t\s*2\./m.test(text.slice(0, 64 * 1024));
}

/** Parses the small-molecule section of an mzTab-M 2.0 file. */
export function parseMzTabM(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const cells = new RowCells(text, '\t', o.limits);
  const sec = readSections(lines, cells);
  if (sec.smh === -1) {
    fail('WRONG_HEADER', 'no small-molecule header line (SMH)', {
      line: sec.sml.length ? lines.lineNo[sec.sml[0]!]! : 1,
      column: 1,
      expected: "an 'SMH' line before the 'SML' rows",
    });
  }
  cells.load(lines, sec.smh);
  const header = cells.all();
  const headerColumns = header.map((_, k) => cells.column(k));
  const smhLine = cells.lineNo;
  const assays = header
    .map((c, k) => ({ n: Number(ABUNDANCE_ASSAY.exec(c)?.[1] ?? NaN), k }))
    .filter((a) => !Number.isNaN(a.n));
  if (assays.length === 0)
    fail('MISSING_COLUMN', "SMH has no 'abundance_assay[n]' columns", {
      line: smhLine,
      column: 1,
      expected: 'abundance_assay[1] …',
    });
  const idCol = header.indexOf('SML_ID');
  if (idCol === -1)
    fail('MISSING_COLUMN', "SMH has no 'SML_ID' column", { line: smhLine, column: 1, expected: 'SML_ID' });
  if (sec.sml.length === 0)
    fail('EMPTY_TABLE', 'no SML rows', { line: smhLine, column: 1, expected: 'small-molecule rows' });
  const textColumns: NamedColumn[] = SML_TEXT_COLUMNS.map((name) => ({ name, column: header.indexOf(name) })).filter(
    (c) => c.column !== -1,
  );
  const smlLines = subset(lines, sec.sml);
  const block = readBlock({
    lines: smlLines,
    from: 0,
    to: smlLines.count,
    delimiter: '\t',
    decimalComma: false,
    idColumn: idCol,
    valueColumns: assays.map((a) => a.k),
    textColumns,
    maxFields: header.length,
    minFields: requiredFields(header),
    what: 'feature',
    options: o,
  });
  const t = assembleTable({
    limits: o.limits,
    format: 'mztab-m',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: uniqueNames(assays.map((a) => assayName(sec.mtd, a.n))),
    sampleWhere: headerLocations(
      smhLine,
      assays.map((a) => headerColumns[a.k]!),
    ),
    values: block.values,
    quantity: 'abundance',
    rtUnit: 's',
    orientation: 'features-in-rows',
    orientationSource: 'mzTab-M small-molecule section',
    decimalComma: false,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
  setFeatureText(t, block.text, { name: ['chemical_name'] });
  setMzRtFromFeatures(t, block.text.SMF_ID_REFS, lines, cells, sec);
  setAssayInfo(
    t,
    sec.mtd,
    assays.map((a) => a.n),
  );
  return t;
}

/** One pass over the lines: MTD entries and where each section's lines are. */
function readSections(lines: TextLines, cells: RowCells): Sections {
  const sec: Sections = { mtd: new Map(), version: null, smh: -1, sml: [], sfh: -1, smf: [] };
  for (let i = 0; i < lines.count; i++) {
    const s = lines.start[i]!;
    const tag = lines.text.slice(s, s + 3);
    if (tag === 'MTD') readMtd(sec, cells.load(lines, i));
    else if (tag === 'SMH' && sec.smh === -1) sec.smh = i;
    else if (tag === 'SML') sec.sml.push(i);
    else if (tag === 'SFH' && sec.sfh === -1) sec.sfh = i;
    else if (tag === 'SMF') sec.smf.push(i);
  }
  return sec;
}

/** Records one MTD key/value (indexed keys such as `assay[1]-sample_ref` by kind, index and suffix). */
function readMtd(sec: Sections, cells: RowCells): void {
  const key = cells.string(1);
  const value = cells.count > 2 ? cells.string(2) : '';
  if (key === 'mzTab-version') sec.version = value;
  const m = INDEXED.exec(key);
  if (!m) return;
  const byIndex = sec.mtd.get(m[1]!) ?? new Map<number, Map<string, string>>();
  sec.mtd.set(m[1]!, byIndex);
  const entry = byIndex.get(Number(m[2])) ?? new Map<string, string>();
  byIndex.set(Number(m[2]), entry);
  entry.set(m[3] ?? '', value);
}

/** MTD value of `kind[index]-suffix` ('' suffix = the entry's own value). */
function mtd(m: Indexed, kind: string, index: number, suffix = ''): string | undefined {
  const v = m.get(kind)?.get(index)?.get(suffix);
  return v === '' ? undefined : v;
}

/** First `[n]` index of `kind` referenced in a reference list such as 'sample[2]'. */
function firstRef(refs: string | undefined, kind: string): number | undefined {
  if (!refs) return undefined;
  for (const m of refs.matchAll(REF)) if (m[1] === kind) return Number(m[2]);
  return undefined;
}

/** Sample id of assay n (see module doc). */
function assayName(m: Indexed, n: number): string {
  const own = mtd(m, 'assay', n);
  if (own) return own;
  const sample = firstRef(mtd(m, 'assay', n, 'sample_ref'), 'sample');
  const sampleName = sample !== undefined ? mtd(m, 'sample', sample) : undefined;
  if (sampleName) return sampleName;
  const run = firstRef(mtd(m, 'assay', n, 'ms_run_ref'), 'ms_run');
  const location = run !== undefined ? mtd(m, 'ms_run', run, 'location') : undefined;
  if (location) return fileName(location);
  return `assay[${n}]`;
}

/** Last path segment of a file URI, percent-decoded. */
function fileName(location: string): string {
  const last =
    location
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? location;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Names made unique by suffixing repeats with their position. */
function uniqueNames(names: string[]): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  return names.map((n, i) => (count.get(n)! > 1 ? `${n} (${i + 1})` : n));
}

/** Lines `indices` of `lines` as their own TextLines. */
function subset(lines: TextLines, indices: number[]): TextLines {
  const pick = (a: Int32Array) => Int32Array.from(indices, (i) => a[i]!);
  return {
    text: lines.text,
    start: pick(lines.start),
    end: pick(lines.end),
    lineNo: pick(lines.lineNo),
    count: indices.length,
  };
}

/** m/z and RT of each SML row from its first referenced SMF row. */
function setMzRtFromFeatures(
  t: MetabolomicsTable,
  refs: (string | null)[] | undefined,
  lines: TextLines,
  cells: RowCells,
  sec: Sections,
): void {
  if (!refs || sec.sfh === -1) return;
  const header = cells.load(lines, sec.sfh).all();
  const idK = header.indexOf('SMF_ID'),
    mzK = header.indexOf('exp_mass_to_charge'),
    rtK = header.indexOf('retention_time_in_seconds');
  if (idK === -1) return;
  const byId = new Map<string, { mz: number; rt: number }>();
  for (const i of sec.smf) {
    cells.load(lines, i);
    byId.set(cells.string(idK), {
      mz: mzK === -1 ? NaN : lenientNumber(cells.optional(mzK)),
      rt: rtK === -1 ? NaN : lenientNumber(cells.optional(rtK)),
    });
  }
  refs.forEach((r, f) => {
    const first = r?.split(MULTI)[0];
    const smf = first === undefined ? undefined : byId.get(first);
    if (!smf) return;
    t.features.mz[f] = smf.mz;
    t.features.rt[f] = smf.rt;
  });
}

/** Class label (study variable), sample name, type and raw file of each assay column. */
function setAssayInfo(t: MetabolomicsTable, m: Indexed, assays: number[]): void {
  const variableOf = new Map<number, string>();
  for (const [j, entry] of m.get('study_variable') ?? []) {
    const name = entry.get('') || `study_variable[${j}]`;
    for (const ref of (entry.get('assay_refs') ?? '').matchAll(REF))
      if (ref[1] === 'assay' && !variableOf.has(Number(ref[2]))) variableOf.set(Number(ref[2]), name);
  }
  const n = assays.length;
  const extra = {
    assay: new Array<string | null>(n).fill(null),
    ms_run_location: new Array<string | null>(n).fill(null),
  };
  assays.forEach((a, s) => {
    t.samples.classLabel[s] = variableOf.get(a) ?? null;
    t.samples.sampleType[s] = sampleTypeFromText(variableOf.get(a));
    extra.assay[s] = `assay[${a}]`;
    const run = firstRef(mtd(m, 'assay', a, 'ms_run_ref'), 'ms_run');
    extra.ms_run_location[s] = (run !== undefined ? mtd(m, 'ms_run', run, 'location') : undefined) ?? null;
  });
  Object.assign(t.samples.extra, extra);
}
