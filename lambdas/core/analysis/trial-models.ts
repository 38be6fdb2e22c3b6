/**
 * The trial's mixed models and repeated-measures correlations (docs/mixed-models.md, docs/study-statistics.md
 * "Mixed models"): for a study with subject, group and time columns, every response — each tested alpha metric,
 * each genus (clr of the genus counts + 1 over all genera, present in at least `prevalence` of the samples) and each
 * processed metabolite (glog scale) — is fitted as lme4's `y ~ group * time + (1 | subject)` by REML, with time a
 * factor whose reference is the baseline and the reference arm the control-like (last) arm; fixed effects with
 * Satterthwaite t tests and type-III F tests per term, BH q per term across the features of one dataset and level.
 * Each clinical variable is also correlated with every genus and metabolite by rmcorr (the common within-subject
 * slope of `y ~ subject + x`), BH per clinical variable × dataset × level.
 */

import { clrSampleDense } from '../amplicon/normalize/clr.js';
import { collapseTable } from '../amplicon/taxonomy/collapse.js';
import { rankIndexOf } from '../amplicon/taxonomy/lineage.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { isDesignError } from '../stats/mixed-model/design-matrix.js';
import {
  factor,
  factorialDesign,
  fitPreparedMixedModel,
  type MixedModelResult,
  prepareMixedModel,
} from '../stats/mixed-model/index.js';
import { repeatedMeasuresCorrelation } from '../stats/rmcorr.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import { numericColumn } from '../study/qiime2-metadata.js';
import type { FeatureTable } from '../table/feature-table.js';
import { columnNamed } from './design.js';
import { armOrder, columnLevels, sameLevel } from './levels.js';
import type { StudySamples } from './samples.js';
import type { ModelLevel, ModelRow, ResolvedDesign } from './types.js';

/** A response fitted or correlated: its name, level and one value per dataset sample (NaN = not used). */
interface Response {
  level: ModelLevel;
  name: string;
  y: Float64Array;
}

/** The model inputs of one dataset: its sample ids and its responses. */
export interface ModelDataset {
  datasetId: string;
  sampleIds: string[];
  /** ids as the metadata spells them (same order) */
  metadataIds: string[];
  responses: Response[];
}

/** Why the study has no mixed models (null when it has them). */
export function modelsProblem(design: ResolvedDesign): string | null {
  if (!design.subject || !design.group || !design.time || design.baseline === null)
    return 'mixed models need study.json subject, group and time (and a baseline)';
  return null;
}

/** Alpha metrics and genera (clr) of a 16S dataset as model responses. */
export function ampliconResponses(
  datasetId: string,
  table: FeatureTable,
  lineages: (string | null)[],
  alpha: Map<string, Float64Array>,
  prevalence: number,
  metadataIds: string[],
): ModelDataset {
  const responses: Response[] = [...alpha].map(([name, y]) => ({ level: 'alpha' as const, name, y }));
  const hasLineages = lineages.some((l) => l !== null);
  const level: ModelLevel = hasLineages ? 'genus' : 'feature';
  const t = hasLineages ? collapseTable(table, lineages, rankIndexOf('genus')) : { table, taxa: table.featureIds };
  const n = t.table.sampleIds.length;
  const nTaxa = t.table.featureIds.length;
  const clr = new Float64Array(n * nTaxa);
  const present = new Int32Array(nTaxa);
  let nonEmpty = 0;
  for (let j = 0; j < n; j++) {
    if (t.table.indptr[j + 1]! === t.table.indptr[j]!) {
      for (let f = 0; f < nTaxa; f++) clr[f * n + j] = Number.NaN;
      continue;
    }
    nonEmpty++;
    const v = clrSampleDense(t.table, j);
    for (let f = 0; f < nTaxa; f++) clr[f * n + j] = v[f]!;
    for (let k = t.table.indptr[j]!; k < t.table.indptr[j + 1]!; k++) present[t.table.indices[k]!]!++;
  }
  for (let f = 0; f < nTaxa; f++) {
    if (present[f]! < prevalence * nonEmpty || present[f] === 0) continue;
    responses.push({ level, name: t.taxa[f]!, y: clr.subarray(f * n, (f + 1) * n) });
  }
  return { datasetId, sampleIds: table.sampleIds, metadataIds, responses };
}

/** Each processed metabolite (glog scale) as a model response. */
export function metaboliteResponses(
  datasetId: string,
  sampleIds: string[],
  metadataIds: string[],
  featureIds: string[],
  transformed: Float64Array,
): ModelDataset {
  const n = sampleIds.length;
  const p = featureIds.length;
  const responses: Response[] = featureIds.map((name, f) => {
    const y = new Float64Array(n);
    for (let s = 0; s < n; s++) y[s] = transformed[s * p + f]!;
    return { level: 'metabolite' as const, name, y };
  });
  return { datasetId, sampleIds, metadataIds, responses };
}

/** Mixed models and rmcorr rows for every dataset; notes say what was skipped. */
export function trialModels(
  datasets: ModelDataset[],
  design: ResolvedDesign,
  meta: StudySamples,
  metadata: SampleMetadata | null,
  notes: string[],
): ModelRow[] {
  const why = modelsProblem(design);
  if (why || !metadata) {
    if (datasets.length) notes.push(`no mixed models: ${why ?? 'no sample metadata'}`);
    return [];
  }
  const rows: ModelRow[] = [];
  const arms = armOrder(columnLevels(columnNamed(metadata, design.group!)!));
  const times = columnLevels(columnNamed(metadata, design.time!)!);
  const referenceArm = arms[arms.length - 1]!;
  const baseline = times.find((t) => sameLevel(t, design.baseline!)) ?? times[0]!;
  const clinical = design.clinical.map((name) => ({ name, values: numericColumn(columnNamed(metadata, name)!) }));
  for (const ds of datasets) {
    const samples = meta.match(ds.metadataIds);
    const at = (column: string) => {
      const values = meta.column(column);
      return ds.metadataIds.map((_, s) => (samples.row[s]! >= 0 ? values[samples.row[s]!]! : null));
    };
    const subjectLabels = at(design.subject!);
    const subjectCode = new Map<string, number>();
    const subject = Int32Array.from(subjectLabels, (v) =>
      v === null ? -1 : (subjectCode.get(v) ?? subjectCode.set(v, subjectCode.size).get(v)!),
    );
    const arm = factor(
      design.group!,
      at(design.group!).map((v) => (v === null ? null : (arms.find((a) => sameLevel(v, a)) ?? v))),
      { levels: arms, reference: referenceArm },
    );
    const time = factor(
      design.time!,
      at(design.time!).map((v) => (v === null ? null : (times.find((t) => sameLevel(v, t)) ?? v))),
      { levels: times, reference: baseline },
    );
    if (isDesignError(arm) || isDesignError(time)) {
      notes.push(
        `${ds.datasetId}: no mixed models: ${isDesignError(arm) ? arm.message : (time as { message: string }).message}`,
      );
      continue;
    }
    const fixed = factorialDesign([arm, time]);
    if (isDesignError(fixed)) {
      notes.push(`${ds.datasetId}: no mixed models: ${fixed.message}`);
      continue;
    }
    const prepared = prepareMixedModel(fixed, subject);
    if (isDesignError(prepared) || 'ok' in prepared) {
      notes.push(`${ds.datasetId}: no mixed models: ${prepared.message}`);
      continue;
    }
    const failed = new Map<string, number>();
    const start = rows.length;
    for (const r of ds.responses) {
      const fit = fitPreparedMixedModel(prepared, r.y);
      if (!fit.ok) {
        failed.set(fit.reason, (failed.get(fit.reason) ?? 0) + 1);
        continue;
      }
      pushFit(rows, ds.datasetId, r, fit);
    }
    for (const [reason, count] of failed)
      notes.push(`${ds.datasetId}: ${count} responses without a mixed model (${reason})`);
    addQ(rows, start);
    const rmStart = rows.length;
    for (const c of clinical) {
      const x = Float64Array.from(ds.metadataIds, (_, s) =>
        samples.row[s]! >= 0 ? c.values[samples.row[s]!]! : Number.NaN,
      );
      for (const r of ds.responses) {
        if (r.level === 'alpha') continue;
        const keep = [...x.keys()].filter(
          (s) => Number.isFinite(x[s]!) && Number.isFinite(r.y[s]!) && subject[s]! >= 0,
        );
        // rmcorr's lm(clinical ~ subject + feature): the slope is the clinical change per unit of the feature
        const res = repeatedMeasuresCorrelation(
          keep.map((s) => r.y[s]!),
          keep.map((s) => x[s]!),
          Int32Array.from(keep, (s) => subject[s]!),
        );
        if (!('r' in res)) continue;
        rows.push({
          id: `${ds.datasetId}|${r.level}|${r.name}|rmcorr|${c.name}`,
          datasetId: ds.datasetId,
          level: r.level,
          response: r.name,
          test: 'rmcorr',
          term: c.name,
          estimate: res.slope,
          se: null,
          statistic: res.r,
          df: res.df,
          numDF: null,
          p: res.p,
          q: null,
          nObs: res.nObs,
          nSubjects: res.nSubjects,
          varSubject: null,
          varResidual: null,
          singular: null,
        });
      }
    }
    addQ(rows, rmStart);
  }
  return rows;
}

/** The t and F rows of one fit. */
function pushFit(rows: ModelRow[], datasetId: string, r: Response, fit: Extract<MixedModelResult, { ok: true }>): void {
  const base = {
    datasetId,
    level: r.level,
    response: r.name,
    nObs: fit.nObs,
    nSubjects: fit.nSubjects,
    varSubject: fit.varSubject,
    varResidual: fit.varResidual,
    singular: fit.singular,
    q: null,
  };
  for (const e of fit.fixed)
    rows.push({
      ...base,
      id: `${datasetId}|${r.level}|${r.name}|t|${e.term}`,
      test: 't',
      term: e.term,
      estimate: e.estimate,
      se: e.se,
      statistic: e.t,
      df: e.df,
      numDF: null,
      p: e.p,
    });
  for (const a of fit.anova)
    rows.push({
      ...base,
      id: `${datasetId}|${r.level}|${r.name}|F|${a.term}`,
      test: 'F',
      term: a.term,
      estimate: null,
      se: null,
      statistic: a.F,
      df: a.denDF,
      numDF: a.numDF,
      p: a.p,
    });
}

/** BH q per (level, test, term) over the rows from `start`, alpha metrics left without q. */
function addQ(rows: ModelRow[], start: number): void {
  const families = new Map<string, number[]>();
  for (let i = start; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.level === 'alpha' || r.p === null || !Number.isFinite(r.p)) continue;
    const key = `${r.level}|${r.test}|${r.term}`;
    (families.get(key) ?? families.set(key, []).get(key)!).push(i);
  }
  for (const idx of families.values()) {
    const q = benjaminiHochberg(idx.map((i) => rows[i]!.p!));
    idx.forEach((i, k) => (rows[i]!.q = q[k]!));
  }
}
