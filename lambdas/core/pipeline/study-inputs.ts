/**
 * What the study statistics read, as pure decisions over the dataset pointers:
 * which design, metadata, tables and pathway map (`planStudyInputs`), how each
 * table is parsed again (the same study files and hints its dataset run used),
 * and what each parsed dataset gives `analyzeStudy` (`studyInputOf`). The
 * analyze handler only reads the objects and rows these name.
 */

import type { AmpliconInput, MetabolomicsInput, StudyAnalysis } from '../analysis/types.js';
import { ANALYZED_KINDS } from '../results/model.js';
import type { DatasetPointer, FamilyRow } from '../results/records.js';
import type { PhyloTree } from '../study/newick.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import type { StudyDesign } from '../study/study-design.js';
import { SOFTWARE_VERSION } from '../version.js';
import { metabolomicsStudyInput, prepareMetabolomics } from './metabolomics-step.js';
import type { ParseResult } from './parse-input.js';
import { type AttachedFile, attachStudyFiles, designOf, PARSE_HINT_KINDS } from './study-files.js';

/** The study metadata file the analysis prefers. */
export const STUDY_METADATA_FILE = 'metadata.tsv';
/**
 * Metadata formats the study statistics read. W4M sampleMetadata attaches to the tables of its folder (sample
 * names, orientation) but is not the study's metadata for comparisons: the analysis has never read it.
 */
const NOT_STUDY_METADATA = new Set(['w4m-sample-metadata']);

/** What one analysis run reads. */
export interface StudyInputPlan {
  /** READY datasets of the kinds the analysis reads: their runs make the analysis run id */
  analyzed: DatasetPointer[];
  design: { pointer: DatasetPointer; design: StudyDesign } | null;
  metadata: DatasetPointer | null;
  /** 16S tables, then metabolomics tables, each with the study files that settle how it is parsed */
  tables: { pointer: DatasetPointer; files: AttachedFile[]; tree: AttachedFile | null }[];
  pathways: DatasetPointer | null;
}

/** The READY datasets whose current runs the analysis depends on. */
export function analyzedDatasets(datasets: readonly DatasetPointer[]): DatasetPointer[] {
  return datasets.filter((d) => d.status === 'READY' && ANALYZED_KINDS.some((k) => k === d.kind));
}

/** The dataset at `preferredId` when present, else the most recently updated. */
export function preferred(ds: readonly DatasetPointer[], preferredId?: string): DatasetPointer | undefined {
  return (
    ds.find((d) => d.datasetId === preferredId) ?? [...ds].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]
  );
}

/** Design: study.json; metadata: metadata.tsv, else the newest; pathway map: the one study.json names, else the newest. */
export function planStudyInputs(datasets: readonly DatasetPointer[]): StudyInputPlan {
  const analyzed = analyzedDatasets(datasets);
  const designPointer = analyzed.find((d) => d.kind === 'design');
  const design = designPointer ? designOf(designPointer) : null;
  const metadata =
    preferred(
      analyzed.filter((d) => d.kind === 'metadata' && !NOT_STUDY_METADATA.has(d.format)),
      STUDY_METADATA_FILE,
    ) ?? null;
  const tableOf = (pointer: DatasetPointer) => {
    const attached = attachStudyFiles(pointer.datasetId, analyzed);
    return {
      pointer,
      files: attached.filter((f) => PARSE_HINT_KINDS.includes(f.kind)),
      tree: pointer.kind === '16s' ? (attached.find((f) => f.kind === 'tree') ?? null) : null,
    };
  };
  return {
    analyzed,
    design: designPointer && design ? { pointer: designPointer, design } : null,
    metadata,
    tables: [...analyzed.filter((d) => d.kind === '16s'), ...analyzed.filter((d) => d.kind === 'metabolomics')].map(
      tableOf,
    ),
    pathways:
      preferred(
        analyzed.filter((d) => d.kind === 'pathways'),
        design?.pathways,
      ) ?? null,
  };
}

/** What the analysis reads of a dataset besides its object: the study metadata and design, and the lineages (16S FEATURES rows). */
export interface StudyInputContext {
  metadata: SampleMetadata | null;
  design: StudyDesign | null;
  featureRows?: readonly FamilyRow<'FEATURES'>[];
  /** the tree attached to a 16S table (UniFrac in the study statistics when it covers the table) */
  tree?: PhyloTree | null;
}

/** One table's share of the study inputs, or a note saying why it is left out. */
export type TableStudyInput =
  | { kind: '16s'; input: AmpliconInput }
  | { kind: 'metabolomics'; input: MetabolomicsInput }
  | { kind: 'skipped'; note: string };

/**
 * The per-kind dispatch of the analysis: a 16S table with the lineage stored per feature, a metabolomics table
 * processed with the study's options and matched to the study metadata (`prepareMetabolomics`, as in ingest).
 */
export function studyInputOf(pointer: DatasetPointer, parsed: ParseResult, ctx: StudyInputContext): TableStudyInput {
  const skipped = { kind: 'skipped' as const, note: `${pointer.datasetId}: could not be re-read for the analysis` };
  if (!parsed.ok || parsed.value.kind !== pointer.kind) return skipped;
  const p = parsed.value;
  if (p.kind === '16s') {
    const lineage = new Map((ctx.featureRows ?? []).map((f) => [f.featureId, f.taxonomy ?? null]));
    return {
      kind: '16s',
      input: {
        datasetId: pointer.datasetId,
        table: p.table,
        lineages: p.table.featureIds.map((id) => lineage.get(id) ?? null),
        ...(ctx.tree ? { tree: ctx.tree } : {}),
      },
    };
  }
  if (p.kind === 'metabolomics') {
    const prepared = prepareMetabolomics(p.table, pointer.datasetId, {
      ...(ctx.metadata ? { metadataSampleIds: ctx.metadata.sampleIds } : {}),
      ...(ctx.design?.metabolomics ? { options: ctx.design.metabolomics } : {}),
    });
    return prepared.ok
      ? { kind: 'metabolomics', input: metabolomicsStudyInput(pointer.datasetId, prepared.value) }
      : skipped;
  }
  return skipped;
}

/** The newest updatedAt among the datasets used (orders analysis runs: an older analysis never replaces a newer one). */
export function inputsAtOf(datasets: readonly DatasetPointer[], used: Readonly<Record<string, string>>): string {
  // biome-ignore lint/complexity/useMathMinMax: ISO 8601 strings compare as text; Math.max would coerce them to NaN
  return datasets.filter((d) => used[d.datasetId]).reduce((m, d) => (d.updatedAt > m ? d.updatedAt : m), '');
}

/** What the analysis run id hashes: the study, the current run of every dataset it reads (sorted) and the software version. */
export function analysisRunIdParts(study: string, analyzed: readonly DatasetPointer[]): string[] {
  const runs = Object.fromEntries(analyzed.map((d) => [d.datasetId, d.runId]));
  return [
    study,
    ...Object.entries(runs)
      .sort()
      .map(([d, r]) => `${d}=${r}`),
    SOFTWARE_VERSION,
  ];
}

/** datasetId -> featureId -> metabolite name, from the FEATURES rows of the metabolomics datasets. */
export function featureNameIndex(
  rowsByDataset: ReadonlyMap<string, readonly FamilyRow<'FEATURES'>[]>,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [datasetId, rows] of rowsByDataset) {
    out.set(
      datasetId,
      new Map(rows.flatMap((r) => (typeof r.annotation === 'string' ? [[r.featureId, r.annotation] as const] : []))),
    );
  }
  return out;
}

/** Adds the metabolite name (when the table annotates it) to hits and correlations, so volcano plots and tables can label points. */
export function withFeatureNames(
  a: StudyAnalysis,
  names: ReadonlyMap<string, ReadonlyMap<string, string>>,
): StudyAnalysis {
  const nameOf = (datasetId: string, feature: string) => names.get(datasetId)?.get(feature) ?? null;
  return {
    ...a,
    hits: a.hits.map((h) => ({ ...h, featureName: nameOf(h.datasetId, h.feature) })),
    correlations: a.correlations.map((c) => ({ ...c, xName: nameOf(c.xDataset, c.x), yName: nameOf(c.yDataset, c.y) })),
  };
}
