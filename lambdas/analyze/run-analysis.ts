/**
 * One study analysis run: load the current inputs, compute the study
 * statistics (core), write the run's rows (hits and correlations indexed by q
 * through GSI1), then flip the study's analysis pointer last.
 */
import { createHash } from 'node:crypto';
import { analyzeStudy, type StudyAnalysis } from '../core/analysis/index.js';
import { SOFTWARE_VERSION } from '../core/version.js';
import { tryParse, type DataError } from '../core/errors.js';
import { correlationsIndexPk, hitsIndexPk, sortableNonNegative, type ResultFamily } from '../adapters/results-keys.js';
import type { Logger } from '../adapters/logger.js';
import { loadStudyInputs, type LoadDeps } from './load-inputs.js';
import type { DatasetPointer } from '../adapters/results-store.js';

export interface AnalysisDeps extends LoadDeps {
  log: Logger;
  now: () => Date;
  supersededTtlSeconds: number;
}

export type AnalysisResult = 'analyzed' | 'unchanged' | 'stale' | 'failed';

/** Dataset kinds the study statistics read. */
const ANALYZED_KINDS = ['design', 'metadata', '16s', 'metabolomics', 'pathways'];

/** The analysis run id: a hash of the current run of every dataset it reads, so an unchanged study is recognised before any object is read. */
function analysisRunId(study: string, runs: Record<string, string>): string {
  return createHash('sha256')
    .update([study, ...Object.entries(runs).sort().map(([d, r]) => `${d}=${r}`), SOFTWARE_VERSION].join('\0'))
    .digest('hex')
    .slice(0, 20);
}

/** Runs (or skips, when its inputs are unchanged) the analysis of one study. */
export async function runStudyAnalysis(deps: AnalysisDeps, study: string, reason: string): Promise<AnalysisResult> {
  const t0 = Date.now();
  const pointers = (await deps.store.listDatasets(study)).filter((d) => d.status === 'READY' && ANALYZED_KINDS.includes(d.kind));
  const runId = analysisRunId(study, Object.fromEntries(pointers.map((d) => [d.datasetId, d.runId])));
  const current = (await deps.store.getStudy(study))?.['analysis'] as { runId?: string; shards?: Record<string, number> } | undefined;
  if (current?.runId === runId) return 'unchanged';
  const loaded = await loadStudyInputs(deps, study, pointers);
  const tLoad = Date.now();
  const computed = tryParse(() => analyzeStudy(loaded.inputs));
  if (!computed.ok) return recordFailedAnalysis(deps, study, runId, loaded.inputsAt, loaded.used, reason, computed.error);
  const analysis = withFeatureNames(computed.value, await featureNames(deps, pointers));
  const tCompute = Date.now();
  const shards = await writeAnalysis(deps, runId, analysis);
  const tWrite = Date.now();

  const at = deps.now().toISOString();
  const pointer = {
    runId,
    inputsAt: loaded.inputsAt,
    analyzedAt: at,
    reason,
    inputs: loaded.used,
    shards,
    status: 'READY',
    design: analysis.design,
    counts: {
      comparisons: analysis.comparisons.length,
      tests: analysis.tests.length,
      hits: analysis.hits.length,
      correlations: analysis.correlations.length,
      pathways: analysis.pathways.length,
    },
    correlationFamilies: analysis.correlationFamilies,
    notes: [...loaded.notes, ...analysis.notes].slice(0, 200),
    softwareVersion: SOFTWARE_VERSION,
    timingsMs: { load: tLoad - t0, compute: tCompute - tLoad, write: tWrite - tCompute },
  };
  const flip = await deps.store.flipStudyAnalysis(study, pointer);
  const expiresAt = Math.floor(deps.now().getTime() / 1000) + deps.supersededTtlSeconds;
  if (flip === 'stale') {
    await deps.store.expireRun(runId, shards, expiresAt);
    return 'stale';
  }
  if (current?.runId && current.shards) {
    await deps.store.expireRun(current.runId, current.shards, expiresAt).catch((e) => deps.log.warn('could not mark superseded analysis for expiry', { error: String(e) }));
  }
  await deps.store.putRunHistory(study, at, runId, { kind: 'analysis', status: 'READY', reason, inputs: loaded.used, counts: pointer.counts, timingsMs: pointer.timingsMs, softwareVersion: SOFTWARE_VERSION });
  deps.log.info('study analyzed', { study, runId, ...pointer.counts, ms: Date.now() - t0 });
  return 'analyzed';
}

/**
 * A data problem in the study as a whole (e.g. a design the data cannot support) is recorded on the study as a
 * FAILED analysis with its error, like a FAILED dataset: no retries, no dead letters, no crash loop.
 */
async function recordFailedAnalysis(deps: AnalysisDeps, study: string, runId: string, inputsAt: string, inputs: Record<string, string>, reason: string, error: DataError): Promise<AnalysisResult> {
  const at = deps.now().toISOString();
  const flip = await deps.store.flipStudyAnalysis(study, { runId, status: 'FAILED', error, inputsAt, analyzedAt: at, reason, inputs, shards: {}, softwareVersion: SOFTWARE_VERSION });
  if (flip === 'stale') return 'stale';
  await deps.store.putRunHistory(study, at, runId, { kind: 'analysis', status: 'FAILED', reason, inputs, error, softwareVersion: SOFTWARE_VERSION });
  deps.log.warn('study analysis FAILED on its data', { study, runId, code: error.code, message: error.message });
  return 'failed';
}

/** datasetId -> featureId -> annotation (metabolite name) from the metabolomics datasets' feature rows. */
async function featureNames(deps: AnalysisDeps, pointers: DatasetPointer[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const d of pointers.filter((p) => p.kind === 'metabolomics' && p.shards['FEATURES'])) {
    const rows = await deps.store.readFamily(d.runId, 'FEATURES', d.shards['FEATURES']!);
    out.set(d.datasetId, new Map(rows.filter((r) => typeof r['annotation'] === 'string').map((r) => [String(r['featureId']), String(r['annotation'])])));
  }
  return out;
}

/** Adds the metabolite name (when the table annotates it) to hits and correlations, so volcano plots and tables can label points. */
function withFeatureNames(a: StudyAnalysis, names: Map<string, Map<string, string>>): StudyAnalysis {
  const nameOf = (datasetId: unknown, feature: unknown) => names.get(String(datasetId))?.get(String(feature)) ?? null;
  return {
    ...a,
    hits: a.hits.map((h) => ({ ...h, featureName: nameOf(h.datasetId, h.feature) })),
    correlations: a.correlations.map((c) => ({ ...c, xName: nameOf(c.xDataset, c.x), yName: nameOf(c.yDataset, c.y) })),
  };
}

/** Writes every family of an analysis run; hits and correlations get GSI1 keys ranked by q. */
async function writeAnalysis(deps: AnalysisDeps, runId: string, a: StudyAnalysis): Promise<Record<string, number>> {
  const shards: Record<string, number> = {};
  const write = async (family: ResultFamily, rows: Record<string, unknown>[], idOf: (r: Record<string, unknown>) => string) => {
    if (rows.length) shards[family] = await deps.store.writeFamily(runId, family, rows, idOf);
  };
  const rows = <T extends object>(xs: T[]) => xs as unknown as Record<string, unknown>[];
  await write('COMPARISONS', rows(a.comparisons), (r) => String(r['name']));
  await write('TESTS', rows(a.tests), (r) => String(r['id']));
  await write(
    'HITS',
    a.hits.map((h) => ({
      ...h,
      GSI1PK: hitsIndexPk(runId, String(h.comparison)),
      GSI1SK: `${sortableNonNegative(Number(h.q))}#${h.datasetId}#${h.level}#${h.feature}`,
    })),
    (r) => [r['comparison'], r['datasetId'], r['level'], r['feature']].join('|'),
  );
  // each pair twice (x→y and y→x) so that "correlations of one feature" is one GSI1 query
  await write(
    'CORRELATIONS',
    a.correlations.flatMap((c) => [
      { ...c, mirror: false, GSI1PK: correlationsIndexPk(runId, String(c.x)), GSI1SK: `${sortableNonNegative(Number(c.q))}#${c.y}` },
      { ...c, mirror: true, GSI1PK: correlationsIndexPk(runId, String(c.y)), GSI1SK: `${sortableNonNegative(Number(c.q))}#${c.x}` },
    ]),
    (r) => [r['family'], r['mirror'] ? r['y'] : r['x'], r['mirror'] ? r['x'] : r['y'], r['mirror'] ? 'm' : 'o'].join('|'),
  );
  await write('PATHWAYS', rows(a.pathways), (r) => [r['comparison'], r['datasetId'], r['pathway']].join('|'));
  return shards;
}
