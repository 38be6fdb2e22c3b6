/**
 * One study analysis run: load the current inputs, compute the study
 * statistics (core), write the run's rows (hits and correlations indexed by q
 * through GSI1), then flip the study's analysis pointer last.
 */

import { internalError } from '../adapters/faults.js';
import type { Clock, Logger } from '../adapters/ports.js';
import { correlationsIndexPk, hitsIndexPk, sortableNonNegative } from '../adapters/results-keys.js';
import { runIdOf } from '../adapters/run-id.js';
import { analyzeStudy, type StudyAnalysis } from '../core/analysis/index.js';
import { type DataError, tryParse } from '../core/errors.js';
import {
  type AnalysisRunRef,
  analysisPointerOf,
  analysisRunHistory,
  failedAnalysisPointer,
} from '../core/pipeline/analysis-run.js';
import {
  analysisRunIdParts,
  featureNameIndex,
  planStudyInputs,
  withFeatureNames,
} from '../core/pipeline/study-inputs.js';
import type { ResultFamily } from '../core/results/model.js';
import type { DatasetPointer, FamilyRow } from '../core/results/records.js';
import { exportStudy } from '../query/export-data.js';
import { type LoadDeps, loadStudyInputs } from './load-inputs.js';

export interface AnalysisDeps extends LoadDeps {
  log: Logger;
  clock: Clock;
  supersededTtlSeconds: number;
}

export type AnalysisResult = 'analyzed' | 'unchanged' | 'stale' | 'failed';

/** Runs (or skips, when its inputs are unchanged) the analysis of one study. */
export async function runStudyAnalysis(deps: AnalysisDeps, study: string, reason: string): Promise<AnalysisResult> {
  const ms = () => deps.clock.now().getTime();
  const t0 = ms();
  const plan = planStudyInputs(await deps.store.listDatasets(study));
  // the run id hashes the current run of every dataset read, so an unchanged study is recognised before any object is read
  const runId = runIdOf(analysisRunIdParts(study, plan.analyzed));
  const current = (await deps.store.getStudy(study))?.analysis;
  if (current?.runId === runId) return 'unchanged';
  const loaded = await loadStudyInputs(deps, plan);
  const tLoad = ms();
  const ref: AnalysisRunRef = { runId, inputsAt: loaded.inputsAt, inputs: loaded.used, reason };
  let computed: ReturnType<typeof tryParse<StudyAnalysis>>;
  try {
    computed = tryParse(() => analyzeStudy(loaded.inputs));
  } catch (e) {
    // safety net: the inputs are read, so an exception here comes from the data (or a bug), never from infrastructure
    deps.log.error('internal error computing a study analysis; recorded as FAILED INTERNAL', {
      study,
      error: String(e),
    });
    return recordFailedAnalysis(deps, study, ref, internalError(e, study));
  }
  if (!computed.ok) return recordFailedAnalysis(deps, study, ref, computed.error);
  const analysis = withFeatureNames(computed.value, featureNameIndex(await featureRows(deps, plan.analyzed)));
  const tCompute = ms();
  const shards = await writeAnalysis(deps, runId, analysis);
  const tWrite = ms();

  const at = deps.clock.now().toISOString();
  const pointer = analysisPointerOf(ref, at, analysis, loaded.notes, shards, {
    load: tLoad - t0,
    compute: tCompute - tLoad,
    write: tWrite - tCompute,
  });
  const flip = await deps.store.flipStudyAnalysis(study, pointer);
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + deps.supersededTtlSeconds;
  if (flip === 'stale') {
    await deps.store.expireRun(runId, shards, expiresAt);
    return 'stale';
  }
  if (current) {
    await deps.store
      .expireRun(current.runId, current.shards, expiresAt)
      .catch((e) => deps.log.warn('could not mark superseded analysis for expiry', { error: String(e) }));
  }
  await deps.store.putRunHistory(study, at, runId, analysisRunHistory(pointer));
  await writeStudyExports(deps, study);
  deps.log.info('study analyzed', { study, runId, ...pointer.counts, ms: ms() - t0 });
  return 'analyzed';
}

/**
 * Refreshes `exports/<study>/…` (Parquet per result family and the tool files, docs/exports.md) from the results now
 * current. Exports are derived data: a failure is logged and retried by the next analysis, never fails this one.
 */
async function writeStudyExports(deps: AnalysisDeps, study: string): Promise<void> {
  try {
    const reader = async (key: string, versionId?: string | null) =>
      (await deps.objects.get(key, versionId ?? null)).bytes;
    const objects = await exportStudy(deps.store, reader, study, 'parquet');
    for (const o of objects) await deps.objects.put(o.path, o.body, o.contentType);
  } catch (e) {
    deps.log.warn('exports not written', { study, error: String(e) });
  }
}

/**
 * A data problem in the study as a whole (e.g. a design the data cannot support) is recorded on the study as a
 * FAILED analysis with its error, like a FAILED dataset: no retries, no dead letters, no crash loop.
 */
async function recordFailedAnalysis(
  deps: AnalysisDeps,
  study: string,
  ref: AnalysisRunRef,
  error: DataError,
): Promise<AnalysisResult> {
  const at = deps.clock.now().toISOString();
  const pointer = failedAnalysisPointer(ref, at, error);
  const flip = await deps.store.flipStudyAnalysis(study, pointer);
  if (flip === 'stale') return 'stale';
  await deps.store.putRunHistory(study, at, ref.runId, analysisRunHistory(pointer));
  deps.log.warn('study analysis FAILED on its data', {
    study,
    runId: ref.runId,
    code: error.code,
    message: error.message,
  });
  return 'failed';
}

/** The FEATURES rows of the metabolomics datasets (their metabolite names label hits and correlations). */
async function featureRows(
  deps: AnalysisDeps,
  pointers: readonly DatasetPointer[],
): Promise<Map<string, FamilyRow<'FEATURES'>[]>> {
  const out = new Map<string, FamilyRow<'FEATURES'>[]>();
  for (const d of pointers) {
    const shards = d.shards.FEATURES;
    if (d.kind === 'metabolomics' && shards)
      out.set(d.datasetId, await deps.store.readFamily(d.runId, 'FEATURES', shards));
  }
  return out;
}

/** Writes every family of an analysis run; hits and correlations get GSI1 keys ranked by q. */
async function writeAnalysis(deps: AnalysisDeps, runId: string, a: StudyAnalysis): Promise<Record<string, number>> {
  const shards: Record<string, number> = {};
  const write = async <T extends object>(family: ResultFamily, rows: T[], idOf: (r: T) => string) => {
    if (rows.length) shards[family] = await deps.store.writeFamily(runId, family, rows, idOf);
  };
  await write('COMPARISONS', a.comparisons, (r) => r.name);
  await write('TESTS', a.tests, (r) => r.id);
  await write(
    'HITS',
    a.hits.map((h) => ({
      ...h,
      GSI1PK: hitsIndexPk(runId, h.comparison),
      GSI1SK: `${sortableNonNegative(Number(h.q))}#${h.datasetId}#${h.level}#${h.feature}`,
    })),
    (r) => [r.comparison, r.datasetId, r.level, r.feature].join('|'),
  );
  // each pair twice (x→y and y→x) so that "correlations of one feature" is one GSI1 query
  await write(
    'CORRELATIONS',
    a.correlations.flatMap((c) => [
      {
        ...c,
        mirror: false,
        GSI1PK: correlationsIndexPk(runId, c.x),
        GSI1SK: `${sortableNonNegative(Number(c.q))}#${c.y}`,
      },
      {
        ...c,
        mirror: true,
        GSI1PK: correlationsIndexPk(runId, c.y),
        GSI1SK: `${sortableNonNegative(Number(c.q))}#${c.x}`,
      },
    ]),
    (r) => [r.family, r.mirror ? r.y : r.x, r.mirror ? r.x : r.y, r.mirror ? 'm' : 'o'].join('|'),
  );
  await write('PATHWAYS', a.pathways, (r) => [r.comparison, r.datasetId, r.pathway].join('|'));
  await write('MODELS', a.models, (r) => r.id);
  await write('LEFSE', a.lefse, (r) => r.id);
  await write('OPLS', a.opls, (r) => r.id);
  return shards;
}
