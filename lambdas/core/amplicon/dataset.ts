/**
 * Everything computed for one 16S dataset: alpha metrics and
 * faith_pd, per-feature summaries, taxa at every rank, top taxa and the F/B
 * ratio per sample, optional seeded rarefaction, the three beta distances as
 * QIIME 2 TSV artifacts and their PCoA.
 */

import { gzipSync } from 'fflate';
import { type DataError, fail, tryParse } from '../errors.js';
import { listIds } from '../pipeline/notes.js';
import type { DatasetOutcome, ResultArtifact } from '../results/model.js';
import type { MetadataTable } from '../study/feature-annotations.js';
import type { PhyloTree } from '../study/newick.js';
import type { StudyDesign } from '../study/study-design.js';
import type { FeatureTable } from '../table/feature-table.js';
import { ampliconBeta, STORED_AXES } from './dataset-beta.js';
import { faithPd } from './diversity/faith-pd.js';
import { meanClrPerFeature } from './normalize/clr.js';
import { rarefy } from './normalize/rarefy.js';
import { summarizeAmplicon } from './summarize.js';
import { type CollapsedTable, collapseTable, taxaSummary, topTaxaPerSample } from './taxonomy/collapse.js';
import { fbRatio } from './taxonomy/firmicutes-bacteroidetes.js';
import { RANK_NAMES, rankIndexOf } from './taxonomy/lineage.js';

/** A study file attached to the table; `sameFolder` files must match the table, others are used only if they do. */
export interface Attached<T> {
  value: T;
  source: string;
  sameFolder: boolean;
}

export interface AmpliconContext {
  taxonomy?: Attached<Map<string, string>>;
  tree?: Attached<PhyloTree>;
  metadataSampleIds?: Attached<string[]>;
  /** per-feature annotations (W4M variableMetadata) for metabolomics tables */
  featureMetadata?: Attached<MetadataTable>;
  design?: StudyDesign;
}

/** Ranks whose top taxa are stored per sample. */
export const TOP_TAXA_RANKS = ['phylum', 'genus'] as const;
export const TOP_TAXA_K = 10;

/** The 16S outcome of a parsed table; a study file that contradicts the table (same folder) makes it FAILED. */
export function ampliconOutcome(table: FeatureTable, format: string, ctx: AmpliconContext): DatasetOutcome {
  if (table.sampleIds.length === 0 || table.featureIds.length === 0) {
    return failed(format, {
      code: 'EMPTY_TABLE',
      message: `the table has ${table.featureIds.length} features and ${table.sampleIds.length} samples`,
      line: 0,
      column: 0,
      expected: 'at least one feature and one sample',
    });
  }
  const notes: string[] = [];
  const taxonomy = checkedTaxonomy(table, ctx.taxonomy, notes);
  if (!taxonomy.ok) return failed(format, taxonomy.error);
  const summary = summarizeAmplicon(table, taxonomy.value?.value);
  notes.push(...summary.notes);

  const faith = checkedFaith(table, ctx.tree, notes);
  if (!faith.ok) return failed(format, faith.error);

  const lineages = summary.features.map((f) => f.taxonomy);
  const hasTaxonomy = lineages.some((l) => l !== null);
  const collapsed = hasTaxonomy ? RANK_NAMES.map((_, r) => collapseTable(table, lineages, r)) : [];
  if (!hasTaxonomy)
    notes.push('no taxonomy (in the table or a taxonomy file): taxa, top taxa and F/B ratio not computed');

  const { betaTable, rarefaction } = betaInput(table, summary.integerCounts, ctx.design, notes);
  const beta = ampliconBeta(betaTable, {
    ...(faith.value && ctx.tree ? { tree: ctx.tree.value } : {}),
    axes: ctx.design?.ordinationAxes ?? STORED_AXES,
    seed: ctx.design?.seed ?? 42,
  });
  notes.push(...beta.notes, ...metadataNotes(table.sampleIds, ctx.metadataSampleIds));

  const fb = collapsed.length ? fbRatio(collapsed[rankIndexOf('phylum')]!) : null;
  const meanClr = meanClrPerFeature(table);
  const top = collapsed.length ? topTaxaBySample(collapsed) : null;
  const inMetadata = ctx.metadataSampleIds ? new Set(ctx.metadataSampleIds.value) : null;
  const sampleRows = summary.samples.map((row, j) => ({
    ...row,
    order: j,
    faith_pd: faith.value ? (faith.value[j] ?? null) : null,
    fb_ratio: fb ? fb[j]!.ratio : null,
    ...(inMetadata ? { inMetadata: inMetadata.has(row.sampleId) } : {}),
    ...(beta.axes.has(row.sampleId) ? { axes: beta.axes.get(row.sampleId) } : {}),
    ...(top ? { topTaxa: top.get(row.sampleId) } : {}),
  }));
  const taxaRows = collapsed.flatMap((c) => taxaSummary(c).map((t) => ({ id: `${t.rank}|${t.taxon}`, ...t })));

  return {
    status: 'READY',
    kind: '16s',
    format,
    samples: table.sampleIds.length,
    features: table.featureIds.length,
    sampleRows,
    featureRows: summary.features.map((row, order) => ({ ...row, order, meanClr: finiteOrNull(meanClr[order]!) })),
    notes,
    families: { ORDINATION: beta.ordinationRows, TAXA: taxaRows },
    artifacts: [...beta.artifacts, ...collapsed.map(taxaArtifact)],
    parameters: {
      integerCounts: summary.integerCounts,
      betaInput: rarefaction ? `rarefied to ${rarefaction.depth} reads (seed ${rarefaction.seed})` : 'raw counts',
      ...(rarefaction
        ? {
            rarefactionDepth: rarefaction.depth,
            rarefactionSeed: rarefaction.seed,
            rarefactionDropped: rarefaction.dropped,
          }
        : {}),
      taxonomySource: taxonomy.value?.source ?? (table.taxonomy ? 'table observation metadata' : null),
      treeSource: ctx.tree && faith.value ? ctx.tree.source : null,
      metadataSource: ctx.metadataSampleIds?.source ?? null,
      taxaRanks: collapsed.map((c) => c.rank),
    },
  };
}

/** The full collapsed table of one rank as relative abundances (taxa × samples TSV, gzipped): what `taxa --per-sample --all` reads. */
function taxaArtifact(c: CollapsedTable): ResultArtifact {
  const t = c.table;
  const depth = new Float64Array(t.sampleIds.length);
  for (let j = 0; j < depth.length; j++) for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) depth[j]! += t.data[p]!;
  const lines = [`#taxon\t${t.sampleIds.join('\t')}`];
  const rows = c.taxa.map(() => new Float64Array(t.sampleIds.length));
  for (let j = 0; j < depth.length; j++)
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++)
      rows[t.indices[p]!]![j] = depth[j]! > 0 ? t.data[p]! / depth[j]! : 0;
  c.taxa.forEach((taxon, f) => lines.push(`${taxon}\t${Array.from(rows[f]!).join('\t')}`));
  const body = gzipSync(new TextEncoder().encode(`${lines.join('\n')}\n`), { level: 6 });
  return {
    name: `taxa_${c.rank}`,
    fileName: `taxa_${c.rank}.tsv.gz`,
    contentType: 'text/tab-separated-values',
    contentEncoding: 'gzip',
    body,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function failed(format: string, error: DataError): DatasetOutcome {
  return { status: 'FAILED', kind: '16s', format, error };
}

/**
 * The taxonomy to use: a taxonomy file in the table's folder must name every
 * feature of the table (QIIME 2 `taxa collapse` refuses otherwise); one from
 * elsewhere is used only when it does, else the table's own lineages.
 */
function checkedTaxonomy(table: FeatureTable, t: Attached<Map<string, string>> | undefined, notes: string[]) {
  return tryParse((): Attached<Map<string, string>> | undefined => {
    if (!t) return undefined;
    const missing = table.featureIds.filter((id) => !t.value.has(id));
    if (!missing.length) return t;
    if (t.sameFolder) {
      fail(
        'UNKNOWN_FEATURE',
        `${missing.length} of ${table.featureIds.length} table features have no lineage in ${t.source}: ${listIds(missing)}`,
        {
          expected: `a taxonomy file naming every feature id of the table (or move ${t.source} out of the table's folder)`,
        },
      );
    }
    notes.push(`${t.source} lacks ${missing.length} of this table's features; not used`);
    return undefined;
  });
}

/** faith_pd per sample when a tree is attached; a tree in the table's folder missing tips fails the table (as QIIME 2 does). */
function checkedFaith(table: FeatureTable, t: Attached<PhyloTree> | undefined, notes: string[]) {
  return tryParse((): (number | null)[] | null => {
    if (!t) {
      notes.push('no tree in the study: faith_pd not computed');
      return null;
    }
    if (t.sameFolder) return faithPd(table, t.value);
    const r = tryParse(() => faithPd(table, t.value));
    if (r.ok) return r.value;
    notes.push(`${t.source} is not a tree of this table's features (${r.error.message}); faith_pd not computed`);
    return null;
  });
}

/** The table beta diversity runs on: rarefied when study.json sets a depth (counts only), else the raw counts. */
function betaInput(table: FeatureTable, integerCounts: boolean, design: StudyDesign | undefined, notes: string[]) {
  const depth = design?.rarefactionDepth;
  if (!depth) return { betaTable: table, rarefaction: null };
  if (!integerCounts) {
    notes.push(`rarefaction to ${depth} skipped: the table holds non-integer values`);
    return { betaTable: table, rarefaction: null };
  }
  const r = rarefy(table, depth, design.seed);
  if (r.dropped.length)
    notes.push(
      `rarefaction to ${depth}: ${r.dropped.length} samples below the depth left out of beta diversity: ${listIds(r.dropped)}`,
    );
  return { betaTable: r.table, rarefaction: r };
}

/** sampleId -> rank -> { taxon: relative abundance } for the top taxa (and 'Other'). */
function topTaxaBySample(collapsed: CollapsedTable[]): Map<string, Record<string, Record<string, number>>> {
  const out = new Map<string, Record<string, Record<string, number>>>();
  for (const rank of TOP_TAXA_RANKS) {
    const top = topTaxaPerSample(collapsed[rankIndexOf(rank)]!, TOP_TAXA_K);
    const k = top.taxa.length;
    top.sampleIds.forEach((id, j) => {
      const row = out.get(id) ?? {};
      row[rank] = Object.fromEntries(top.taxa.map((taxon, t) => [taxon, top.relativeAbundance[j * k + t]!]));
      out.set(id, row);
    });
  }
  return out;
}

/** Notes naming table samples without a metadata row and metadata rows without a sample (reported, never fatal). */
function metadataNotes(sampleIds: string[], meta: Attached<string[]> | undefined): string[] {
  if (!meta) return ['no sample metadata in the study yet'];
  const inMeta = new Set(meta.value);
  const inTable = new Set(sampleIds);
  const missing = sampleIds.filter((id) => !inMeta.has(id));
  const extra = meta.value.filter((id) => !inTable.has(id));
  const notes: string[] = [];
  if (missing.length) notes.push(`${missing.length} table samples have no row in ${meta.source}: ${listIds(missing)}`);
  if (extra.length)
    notes.push(`${extra.length} rows of ${meta.source} have no sample in this table: ${listIds(extra)}`);
  return notes;
}
