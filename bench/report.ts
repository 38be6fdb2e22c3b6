/**
 * Study report at the motivating trial's scale: 600 samples (200 subjects × 3
 * timepoints, 2 arms), 2000 genus-level features, 5000 metabolites (the seeded
 * `benchmarkStudyInputs` of bench/study.ts). The dataset rows come from the
 * same core functions ingest uses (ampliconOutcome: alpha, PCoA of 3
 * distances, top genera; PCA of the metabolomics matrix), the analysis from
 * analyzeStudy (99 permutations, to keep the bench short; the report does not
 * depend on the count). Reports seconds to build the rows and analysis, to
 * render the report (vega-lite compile + vega SVG for every chart), and its size.
 */

import { ampliconOutcome } from '../lambdas/core/amplicon/dataset.js';
import { analyzeStudy, type StudyAnalysis, type StudyInputs } from '../lambdas/core/analysis/index.js';
import { pca } from '../lambdas/core/ordination/pca.js';
import { renderStudyReport } from '../lambdas/core/report/render.js';
import type {
  AmpliconSampleRow,
  MetabolomicsSampleRow,
  ReportData,
  ReportOrdination,
  ReportTopTaxon,
} from '../lambdas/core/report/types.js';
import { benchmarkStudyInputs } from './study.js';

/** Wall-clock seconds of one call. */
async function time<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, value };
}

/** ReportData of a study computed in memory: what loadReportData would read back after ingest and analysis. */
export function reportDataInMemory(
  study: string,
  inputs: StudyInputs,
  analysis: StudyAnalysis,
  generatedAt: string,
): ReportData {
  const samples: ReportData['samples'] = [];
  const ordinations: ReportOrdination[] = [];
  const topGenera: ReportTopTaxon[] = [];
  const datasets: ReportData['datasets'] = [];
  const provenance = (key: string, parameters: Record<string, unknown>) => ({
    key,
    versionId: null,
    sha256: '0'.repeat(64),
    size: 0,
    version: 'bench',
    parameters: parameters as never,
    inputs: [],
  });
  for (const a of inputs.amplicon) {
    const taxonomy = new Map(a.table.featureIds.map((id, i) => [id, a.lineages[i] ?? 'Unassigned']));
    const o = ampliconOutcome(a.table, 'biom-json', {
      taxonomy: { value: taxonomy, source: 'taxonomy.tsv', sameFolder: true },
      metadataSampleIds: { value: inputs.metadata!.sampleIds, source: 'metadata.tsv', sameFolder: false },
    });
    if (o.status !== 'READY') throw new Error(`bench table ${o.status}`);
    datasets.push({
      datasetId: a.datasetId,
      kind: '16s',
      format: 'biom-json',
      status: 'READY',
      samples: o.samples,
      features: o.features,
      runId: 'bench',
      updatedAt: generatedAt,
      notes: o.notes,
      error: null,
      provenance: provenance(a.datasetId, o.parameters),
    });
    const rows = o.sampleRows as unknown as (AmpliconSampleRow & {
      axes?: Record<string, number[]>;
      topTaxa?: Record<string, Record<string, number>>;
    })[];
    samples.push({ datasetId: a.datasetId, kind: '16s', rows: rows.map(({ axes: _a, topTaxa: _t, ...r }) => r) });
    for (const ord of o.families?.ORDINATION ?? []) {
      const metric = String(ord.metric);
      ordinations.push({
        datasetId: a.datasetId,
        metric,
        method: 'pcoa',
        eigenvalues: ord.eigenvalues as number[],
        proportionExplained: ord.proportionExplained as number[],
        stress: null,
        samples: rows.flatMap((r) => (r.axes?.[metric] ? [{ sampleId: r.sampleId, axes: r.axes[metric]! }] : [])),
      });
    }
    for (const r of rows)
      for (const [taxon, relativeAbundance] of Object.entries(r.topTaxa?.genus ?? {}))
        topGenera.push({ datasetId: a.datasetId, sampleId: r.sampleId, taxon, relativeAbundance });
  }
  for (const m of inputs.metabolomics) {
    const nS = m.sampleIds.length;
    const nF = m.featureIds.length;
    const rows: MetabolomicsSampleRow[] = m.sampleIds.map((sampleId, s) => {
      let total = 0;
      for (let f = 0; f < nF; f++) total += m.normalized[s * nF + f]!;
      return {
        sampleId,
        order: s,
        totalIntensity: total,
        missingFraction: 0,
        metadataId: sampleId,
        sampleType: null,
        classLabel: null,
        processed: true,
      };
    });
    samples.push({ datasetId: m.datasetId, kind: 'metabolomics', rows });
    const p = pca(m.transformed, nS, nF, 5);
    ordinations.push({
      datasetId: m.datasetId,
      metric: 'pca',
      method: 'pca',
      eigenvalues: Array.from(p.variance),
      proportionExplained: Array.from(p.proportion),
      stress: null,
      samples: m.sampleIds.map((sampleId, s) => ({
        sampleId,
        axes: Array.from(p.scores.subarray(s * p.nComponents, (s + 1) * p.nComponents)),
      })),
    });
    datasets.push({
      datasetId: m.datasetId,
      kind: 'metabolomics',
      format: 'mzmine3',
      status: 'READY',
      samples: nS,
      features: nF,
      runId: 'bench',
      updatedAt: generatedAt,
      notes: [],
      error: null,
      provenance: provenance(m.datasetId, {}),
    });
  }
  const meta = inputs.metadata!;
  return {
    studyId: study,
    generatedAt,
    datasets,
    samples,
    ordinations,
    topGenera,
    metadata: {
      datasetId: 'metadata.tsv',
      columns: meta.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: meta.sampleIds.map((sampleId, i) => ({
        sampleId,
        values: Object.fromEntries(meta.columns.map((c) => [c.name, c.values[i] ?? null])),
      })),
    },
    analysis: {
      runId: 'bench',
      status: 'READY',
      error: null,
      analyzedAt: generatedAt,
      softwareVersion: 'bench',
      inputs: Object.fromEntries(datasets.map((d) => [d.datasetId, d.runId])),
      design: analysis.design,
      notes: analysis.notes,
      comparisons: analysis.comparisons,
      tests: analysis.tests,
      hits: analysis.hits,
      correlations: analysis.correlations,
      correlationFamilies: analysis.correlationFamilies,
      pathways: analysis.pathways,
      models: analysis.models,
      lefse: analysis.lefse,
    },
    notes: [],
  };
}

/** Seconds to prepare and render the report of a 600-sample study, and its size in MB. */
export async function benchReport(): Promise<Record<string, number>> {
  const base = benchmarkStudyInputs(200, 2000, 5000, 7);
  const inputs: StudyInputs = { ...base, design: { ...base.design!, permutations: 99 } };
  const analysis = await time(() => analyzeStudy(inputs));
  const data = await time(() => reportDataInMemory('bench-600', inputs, analysis.value, '2024-01-01T00:00:00.000Z'));
  const html = await time(() => renderStudyReport(data.value));
  const again = await time(() => renderStudyReport(data.value));
  return {
    'report 600 samples: analyzeStudy (s)': analysis.seconds,
    'report 600 samples: dataset rows, PCoA, PCA (s)': data.seconds,
    'report 600 samples: render (s)': html.seconds,
    'report 600 samples: render, second run (s)': again.seconds,
    'report 600 samples: HTML size (MB)': Buffer.byteLength(html.value) / 1e6,
    'report 600 samples: charts': (html.value.match(/<figure /g) ?? []).length,
    'report 600 samples: hits': analysis.value.hits.length,
  };
}
