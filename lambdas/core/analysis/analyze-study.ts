/**
 * Study-level statistics (docs/study-statistics.md): resolve the design, match
 * every dataset's samples to the metadata, then per comparison the alpha
 * tests, PERMANOVA and 16S differential abundance of each 16S dataset, the
 * differential tests and pathway over-representation of each metabolomics
 * dataset, and finally the Spearman families. Pure: no I/O, seeded randomness.
 */

import { UNIFRAC_METRICS } from '../amplicon/dataset-beta.js';
import { ampliconDifferential, type LevelTable } from '../amplicon/differential.js';
import { alphaDiversity } from '../amplicon/diversity/alpha/alpha-diversity.js';
import { BETA_METRICS, betaDiversity } from '../amplicon/diversity/beta/beta-diversity.js';
import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { withoutEmptySamples } from '../amplicon/diversity/beta/samples.js';
import { unweightedUnifrac, weightedUnifrac } from '../amplicon/diversity/beta/unifrac.js';
import { rarefy } from '../amplicon/normalize/rarefy.js';
import { collapseTable } from '../amplicon/taxonomy/collapse.js';
import { rankIndexOf } from '../amplicon/taxonomy/lineage.js';
import { differentialMetabolomics } from '../metabolomics/differential.js';
import type { PhyloTree } from '../study/newick.js';
import { numericColumn } from '../study/qiime2-metadata.js';
import { type FeatureTable, isIntegerTable } from '../table/feature-table.js';
import { ALPHA_TEST_METRICS, alphaTests } from './alpha-tests.js';
import { type ClinicalSource, type MetaboliteSource, studyCorrelations, type TaxaSource } from './correlations.js';
import { columnNamed, resolveStudyDesign } from './design.js';
import { lefseTest } from './lefse-tests.js';
import { oplsTest } from './opls-tests.js';
import { pathwayEnrichment, pathwayLookup } from './pathways.js';
import { anosimTest, type DistanceContext, permanovaTest } from './permanova-tests.js';
import { type DatasetSamples, groupSizes, type Selection, StudySamples, selectSamples } from './samples.js';
import {
  ampliconResponses,
  type ModelDataset,
  metaboliteResponses,
  modelsProblem,
  trialModels,
} from './trial-models.js';
import type {
  AmpliconInput,
  ComparisonRow,
  HitRow,
  LefseRow,
  OplsRow,
  PathwayRow,
  ResolvedComparison,
  ResolvedDesign,
  StudyAnalysis,
  StudyInputs,
  TestRow,
} from './types.js';

/** Sample ids listed in a note before "…". */
const LISTED_IDS = 5;

/** Runs every study-level analysis on the inputs. */
export function analyzeStudy(inputs: StudyInputs): StudyAnalysis {
  const record = resolveStudyDesign(inputs.metadata, inputs.design);
  const design = record.resolved;
  const meta = new StudySamples(inputs.metadata);
  const notes: string[] = [];
  const comparisons = design.comparisons.map((c) => comparisonRow(c, selectSamples(c, design, meta, meta.all())));
  const tests: TestRow[] = [];
  const hits: HitRow[] = [];
  const pathways: PathwayRow[] = [];
  const lefse: LefseRow[] = [];
  const opls: OplsRow[] = [];
  const taxa: TaxaSource[] = [];
  const withModels = modelsProblem(design) === null;
  const modelInputs: ModelDataset[] = [];
  for (const input of inputs.amplicon) {
    const ds = prepareAmplicon(input, design, meta, notes);
    taxa.push(ds.correlated);
    for (const c of design.comparisons) ampliconComparison(c, ds, design, meta, tests, hits, notes);
    if (input.lineages.some((l) => l !== null))
      for (const c of design.comparisons) ampliconLefse(c, input, ds, design, meta, lefse, notes);
    if (withModels)
      modelInputs.push(
        ampliconResponses(
          input.datasetId,
          input.table,
          input.lineages,
          alphaOnTable(ds, input.table),
          design.prevalence,
          ds.raw.ids,
        ),
      );
  }
  const metabolites: MetaboliteSource[] = [];
  const lookup = inputs.pathways ? pathwayLookup(inputs.pathways.featureToPathways) : null;
  for (const input of inputs.metabolomics) {
    const ids = input.sampleIds.map((id) => input.sampleIdMap?.get(id) ?? id);
    metabolites.push({ datasetId: input.datasetId, ids, data: input });
    if (withModels)
      modelInputs.push(metaboliteResponses(input.datasetId, input.sampleIds, ids, input.featureIds, input.transformed));
    const samples = meta.match(ids);
    noteUnmatched(input.datasetId, ids, samples, meta, notes);
    const mapped = lookup ? input.featureIds.filter((f) => (lookup(f)?.length ?? 0) > 0).length : 0;
    if (inputs.pathways && mapped === 0)
      notes.push(
        `pathway map ${inputs.pathways.datasetId}: none of the ${input.featureIds.length} features of ${input.datasetId} is in the map`,
      );
    for (const c of design.comparisons) {
      if (c.kind === 'omnibus') continue;
      const sel = selectSamples(c, design, meta, samples);
      if (!runnable(c, sel, input.datasetId, notes)) continue;
      const rows = differentialMetabolomics(c, sel, input, input.datasetId);
      const model = oplsTest(c, sel, input, design, input.datasetId, notes);
      append(opls, model.rows);
      withVip(rows, input.featureIds, model.vip);
      append(hits, rows);
      if (inputs.pathways && lookup && mapped > 0)
        append(pathways, pathwayEnrichment(rows, inputs.pathways, design.pathwayHitQ, lookup));
    }
  }
  if (inputs.pathways && inputs.metabolomics.length === 0)
    notes.push(`pathway map ${inputs.pathways.datasetId}: no metabolomics dataset to test`);
  noteMetadataWithoutData(inputs, meta, notes);
  const correlations = studyCorrelations(clinicalSources(inputs, design), taxa, metabolites, design, notes);
  const models = trialModels(modelInputs, design, meta, inputs.metadata, notes);
  return {
    design: record,
    comparisons: comparisons.map(withoutNaN),
    tests: tests.map(withoutNaN),
    hits: hits.map((h) => withoutNaN(flagLowObserved(h, design.minObserved))),
    correlations: correlations.rows.map(withoutNaN),
    correlationFamilies: correlations.families,
    pathways: pathways.map(withoutNaN),
    models: models.map(withoutNaN),
    lefse: lefse.map(withoutNaN),
    opls: opls.map(withoutNaN),
    notes,
  };
}

/** Adds the comparison's OPLS-DA / PLS-DA VIP to its metabolite hit rows (null where no model was built). */
function withVip(
  rows: HitRow[],
  featureIds: string[],
  vip: { vip: Float64Array | null; vipOrthogonal: Float64Array | null; vipPls: Float64Array | null },
): void {
  const index = new Map(featureIds.map((f, k) => [f, k]));
  for (const r of rows) {
    const k = index.get(r.feature)!;
    r.vip = vip.vip ? vip.vip[k]! : null;
    r.vipOrthogonal = vip.vipOrthogonal ? vip.vipOrthogonal[k]! : null;
    r.vipPls = vip.vipPls ? vip.vipPls[k]! : null;
  }
}

/** The tested alpha metrics per sample of the raw table (NaN for samples the diversity table dropped). */
function alphaOnTable(ds: PreparedAmplicon, table: FeatureTable): Map<string, Float64Array> {
  if (ds.diversityIds === table.sampleIds) return ds.alpha;
  const position = new Map(ds.diversityIds.map((id, k) => [id, k]));
  const out = new Map<string, Float64Array>();
  for (const [name, values] of ds.alpha)
    out.set(
      name,
      Float64Array.from(table.sampleIds, (id) => (position.has(id) ? values[position.get(id)!]! : Number.NaN)),
    );
  return out;
}

/** Marks a hit whose feature was observed in fewer than `min` samples of either group. */
function flagLowObserved(h: HitRow, min: number): HitRow {
  h.lowObserved = h.observedA < min || h.observedB < min;
  return h;
}

/** Appends rows one by one (a spread of a large family would exceed the argument limit). */
function append<T>(target: T[], rows: T[]): void {
  for (const r of rows) target.push(r);
}

/** A row with every non-finite number (NaN, ±Infinity) replaced by null. */
function withoutNaN<T extends object>(row: T): T {
  const r = row as Record<string, unknown>;
  for (const k of Object.keys(r)) if (typeof r[k] === 'number' && !Number.isFinite(r[k])) r[k] = null;
  return row;
}

/** The comparison's row, with its sample counts in the metadata. */
function comparisonRow(c: ResolvedComparison, sel: Selection): ComparisonRow {
  const sizes = groupSizes(sel);
  const two = c.kind !== 'omnibus';
  return {
    name: c.name,
    kind: c.kind,
    factor: c.factor,
    groupA: two ? c.groups[0]! : '',
    groupB: two ? c.groups[1]! : '',
    levels: c.groups.join(' | '),
    nLevels: c.groups.length,
    where: Object.entries(c.where)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    paired: c.paired,
    origin: c.origin,
    nA: two ? sizes[0]! : null,
    nB: two ? sizes[1]! : null,
    n: sizes.reduce((a, b) => a + b, 0),
  };
}

/** A 16S dataset ready for the comparisons: sample matching, alpha values, distance matrices and the tested levels. */
interface PreparedAmplicon {
  datasetId: string;
  /** raw table's samples (differential abundance) */
  raw: DatasetSamples;
  /** the table diversity runs on (rarefied when the design says so) */
  diversity: DatasetSamples;
  alpha: Map<string, Float64Array>;
  /** the sample ids `alpha` is aligned to (the diversity table's) */
  diversityIds: string[];
  distances: DistanceContext[];
  levels: LevelTable[];
  correlated: TaxaSource;
}

/** Per-sample totals of a table. */
function sampleDepths(table: FeatureTable): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = 0; j < out.length; j++)
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) out[j]! += table.data[p]!;
  return out;
}

/** Prepares one 16S dataset (see PreparedAmplicon). */
function prepareAmplicon(
  input: AmpliconInput,
  design: ResolvedDesign,
  meta: StudySamples,
  notes: string[],
): PreparedAmplicon {
  const { table, datasetId } = input;
  const depth = sampleDepths(table);
  const raw = meta.match(
    table.sampleIds,
    Uint8Array.from(depth, (d) => (d > 0 ? 1 : 0)),
  );
  noteUnmatched(datasetId, table.sampleIds, raw, meta, notes);
  const empty = table.sampleIds.filter((_, j) => !(depth[j]! > 0));
  if (empty.length)
    notes.push(`${datasetId}: ${empty.length} empty samples left out of every test (${listIds(empty)})`);
  const integer = isIntegerTable(table);
  const divTable = diversityTable(table, integer, design, datasetId, notes);
  const diversity =
    divTable === table
      ? raw
      : meta.match(
          divTable.sampleIds,
          Uint8Array.from(sampleDepths(divTable), (d) => (d > 0 ? 1 : 0)),
        );
  const needsDistances = design.comparisons.some((c) => c.kind !== 'change');
  const hasLineages = input.lineages.some((l) => l !== null);
  if (!hasLineages)
    notes.push(`${datasetId}: no taxonomy; differential abundance at feature level only, correlations on features`);
  const levels: LevelTable[] = [{ level: 'feature', table }];
  if (hasLineages)
    for (const level of ['genus', 'phylum'] as const)
      levels.push({ level, table: collapseTable(table, input.lineages, rankIndexOf(level)).table });
  const correlatedLevel = levels.find((l) => l.level === 'genus') ?? levels[0]!;
  return {
    datasetId,
    raw,
    diversity,
    alpha: alphaValues(divTable, integer),
    diversityIds: divTable.sampleIds,
    distances: needsDistances ? distanceContexts(divTable, diversity, design, meta, input.tree, datasetId, notes) : [],
    levels,
    correlated: {
      datasetId,
      level: correlatedLevel.level === 'genus' ? 'genus' : 'feature',
      table: correlatedLevel.table,
      ids: raw.ids,
      usable: raw.usable,
    },
  };
}

/** The raw table, or its rarefaction to design.rarefactionDepth (integer tables only). */
function diversityTable(
  table: FeatureTable,
  integer: boolean,
  design: ResolvedDesign,
  datasetId: string,
  notes: string[],
): FeatureTable {
  if (design.rarefactionDepth === null) return table;
  if (!integer) {
    notes.push(`${datasetId}: not rarefied (the table is not integer counts); diversity on the table as uploaded`);
    return table;
  }
  const r = rarefy(table, design.rarefactionDepth, design.seed);
  if (r.dropped.length)
    notes.push(
      `${datasetId}: ${r.dropped.length} samples below the rarefaction depth ${design.rarefactionDepth} left out of alpha and beta diversity (${listIds(r.dropped)})`,
    );
  return r.table;
}

/** The tested alpha metrics per sample (NaN where undefined); chao1 only for integer tables. */
function alphaValues(table: FeatureTable, integer: boolean): Map<string, Float64Array> {
  const metrics = alphaDiversity(table, { integerCounts: integer });
  const out = new Map<string, Float64Array>();
  for (const name of ALPHA_TEST_METRICS) {
    if (name === 'chao1' && !integer) continue;
    out.set(
      name,
      Float64Array.from(metrics, (m) => m[name] ?? Number.NaN),
    );
  }
  return out;
}

/** Distance matrices of every beta metric (and UniFrac with a tree) with their sample maps and subject strata. */
function distanceContexts(
  table: FeatureTable,
  samples: DatasetSamples,
  design: ResolvedDesign,
  meta: StudySamples,
  tree: PhyloTree | undefined,
  datasetId: string,
  notes: string[],
): DistanceContext[] {
  const subject = design.subject ? meta.column(design.subject) : null;
  const matrices: [string, DistanceMatrix][] = Object.keys(BETA_METRICS).map((metric) => [
    metric,
    betaDiversity(metric, table).matrix,
  ]);
  if (tree) {
    const used = withoutEmptySamples(table).table;
    for (const metric of UNIFRAC_METRICS) {
      const r =
        metric === 'unweighted_unifrac'
          ? unweightedUnifrac(used, tree)
          : weightedUnifrac(used, tree, { normalized: metric === 'weighted_normalized_unifrac' });
      if (r.ok) matrices.push([metric, r.value]);
      else notes.push(`${datasetId}: ${metric} not computed: ${r.error.message}`);
    }
  }
  return matrices.map(([metric, matrix]) => {
    const position = new Map(matrix.ids.map((id, m) => [id, m]));
    const matrixIndex = Int32Array.from(table.sampleIds, (id) => position.get(id) ?? -1);
    let strata: Int32Array | null = null;
    if (subject) {
      const codes = new Map<string, number>();
      strata = new Int32Array(matrix.ids.length);
      table.sampleIds.forEach((_, s) => {
        const m = matrixIndex[s]!;
        if (m < 0) return;
        const r = samples.row[s]!;
        const key = r >= 0 && subject[r] != null ? `s:${subject[r]}` : `u:${s}`;
        if (!codes.has(key)) codes.set(key, codes.size);
        strata![m] = codes.get(key)!;
      });
    }
    return { metric, matrix, matrixIndex, strata };
  });
}

/** Alpha tests, PERMANOVA and differential abundance of one comparison on one 16S dataset. */
function ampliconComparison(
  c: ResolvedComparison,
  ds: PreparedAmplicon,
  design: ResolvedDesign,
  meta: StudySamples,
  tests: TestRow[],
  hits: HitRow[],
  notes: string[],
): void {
  const sel = selectSamples(c, design, meta, ds.diversity);
  if (runnable(c, sel, ds.datasetId, notes)) {
    for (const [metric, values] of ds.alpha) append(tests, alphaTests(c, sel, metric, values, ds.datasetId));
    if (c.kind !== 'change')
      for (const ctx of ds.distances) {
        const r = permanovaTest(c, sel, ctx, design, ds.datasetId);
        if (typeof r === 'string') notes.push(`${c.name} on ${ds.datasetId}: PERMANOVA ${ctx.metric} not run: ${r}`);
        else tests.push(r);
        const a = anosimTest(c, sel, ctx, design, ds.datasetId);
        if (typeof a === 'string') notes.push(`${c.name} on ${ds.datasetId}: ANOSIM ${ctx.metric} not run: ${a}`);
        else tests.push(a);
      }
  }
  if (c.kind === 'omnibus' || c.kind === 'change') return;
  const rawSel = ds.raw === ds.diversity ? sel : selectSamples(c, design, meta, ds.raw);
  if (rawSel.kind === 'change' || !runnableQuiet(c, rawSel)) return;
  for (const level of ds.levels) append(hits, ampliconDifferential(c, rawSel, level, design.prevalence, ds.datasetId));
}

/** LEfSe of one comparison on one 16S dataset (raw counts, per million), rows appended to `lefse`. */
function ampliconLefse(
  c: ResolvedComparison,
  input: AmpliconInput,
  ds: PreparedAmplicon,
  design: ResolvedDesign,
  meta: StudySamples,
  lefse: LefseRow[],
  notes: string[],
): void {
  if (c.kind === 'change') return;
  const sel = selectSamples(c, design, meta, ds.raw);
  if (!runnableQuiet(c, sel)) return;
  const rows = lefseTest(c, sel, input.table, input.lineages, design, ds.datasetId);
  if (typeof rows === 'string') notes.push(`${c.name} on ${ds.datasetId}: LEfSe not run: ${rows}`);
  else append(lefse, rows);
}

/** True when every compared group has a sample (omnibus: at least two groups). */
function runnableQuiet(c: ResolvedComparison, sel: Selection): boolean {
  const sizes = groupSizes(sel);
  return c.kind === 'omnibus' ? sizes.filter((n) => n > 0).length >= 2 : sizes.every((n) => n > 0);
}

/** `runnableQuiet`, noting a skipped comparison and subjects without both samples. */
function runnable(c: ResolvedComparison, sel: Selection, datasetId: string, notes: string[]): boolean {
  if (sel.kind !== 'groups' && sel.unpaired > 0)
    notes.push(`${c.name} on ${datasetId}: ${sel.unpaired} subjects without both samples left out`);
  if (sel.kind !== 'groups' && sel.duplicates > 0)
    notes.push(
      `${c.name} on ${datasetId}: ${sel.duplicates} repeated samples of a subject at one level ignored (the first is used)`,
    );
  if (runnableQuiet(c, sel)) return true;
  notes.push(
    `${c.name} on ${datasetId}: skipped, too few samples (${groupSizes(sel)
      .map((n, k) => `${c.groups[k]}: ${n}`)
      .join(', ')})`,
  );
  return false;
}

/** "a, b, c, d, e, …". */
function listIds(ids: string[]): string {
  return ids.slice(0, LISTED_IDS).join(', ') + (ids.length > LISTED_IDS ? ', …' : '');
}

/** Notes the samples of a dataset that have no metadata row (when there is metadata). */
function noteUnmatched(
  datasetId: string,
  ids: string[],
  samples: DatasetSamples,
  meta: StudySamples,
  notes: string[],
): void {
  if (!meta.metadata) return;
  const missing = ids.filter((_, k) => samples.row[k]! < 0);
  if (missing.length)
    notes.push(
      `${datasetId}: ${missing.length} of ${ids.length} samples have no metadata row and are left out of comparisons (${listIds(missing)})`,
    );
}

/** Notes the metadata samples found in no dataset. */
function noteMetadataWithoutData(inputs: StudyInputs, _meta: StudySamples, notes: string[]): void {
  if (!inputs.metadata) return;
  const seen = new Set<string>();
  for (const a of inputs.amplicon) for (const id of a.table.sampleIds) seen.add(id);
  for (const m of inputs.metabolomics) for (const id of m.sampleIds) seen.add(m.sampleIdMap?.get(id) ?? id);
  const absent = inputs.metadata.sampleIds.filter((id) => !seen.has(id));
  if (absent.length)
    notes.push(
      `metadata: ${absent.length} of ${inputs.metadata.sampleIds.length} samples are in no dataset (${listIds(absent)})`,
    );
}

/** Each clinical variable's value per metadata sample id (missing values left out). */
function clinicalSources(inputs: StudyInputs, design: ResolvedDesign): ClinicalSource[] {
  const md = inputs.metadata;
  if (!md) return [];
  return design.clinical.map((name) => {
    const column = columnNamed(md, name)!;
    const values = numericColumn(column);
    const valueBySample = new Map<string, number>();
    md.sampleIds.forEach((id, r) => Number.isFinite(values[r]!) && valueBySample.set(id, values[r]!));
    return { name, valueOf: valueBySample };
  });
}
