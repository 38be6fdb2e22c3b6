/**
 * Beta diversity and ordination of one 16S table: the three METRICS.md
 * distances, PCoA of each, and the QIIME 2 distance-matrix TSV (gzipped) of
 * each as a result artifact.
 */
import { gzipSync } from 'fflate';
import { BETA_METRICS, betaDiversity, toQiimeTsv, type BetaDiversity, type BetaMetric } from '../diversity/beta/index.js';
import { brayCurtisAndJaccard } from '../diversity/beta/bray-curtis-jaccard.js';
import { pcoa, type Pcoa } from '../ordination/pcoa.js';
import type { FeatureTable } from '../table/feature-table.js';
import type { ResultArtifact } from '../results/model.js';

/** Axes stored per sample (PCoA computes only these eigenvectors: block Lanczos, any sample count). */
export const STORED_AXES = 10;
/** Eigenvalues stored per ordination (the rest are summarised by count). */
export const STORED_EIGENVALUES = 100;

export interface AmpliconBeta {
  artifacts: ResultArtifact[];
  /** one row per metric: eigenvalues, proportion explained, negative-eigenvalue summary */
  ordinationRows: Record<string, unknown>[];
  /** sampleId -> metric -> first axes */
  axes: Map<string, Record<string, number[]>>;
  notes: string[];
}

/** Distances, ordinations and artifacts for every beta metric. */
export function ampliconBeta(table: FeatureTable, metrics: readonly BetaMetric[] = Object.keys(BETA_METRICS) as BetaMetric[]): AmpliconBeta {
  const out: AmpliconBeta = { artifacts: [], ordinationRows: [], axes: new Map(), notes: [] };
  const shared = sharedWalk(table, metrics);
  for (const metric of metrics) {
    const beta = shared.get(metric) ?? betaDiversity(metric, table);
    const tsv = new TextEncoder().encode(toQiimeTsv(beta.matrix));
    out.artifacts.push({ name: metric, fileName: `${metric}.tsv.gz`, contentType: 'text/tab-separated-values', contentEncoding: 'gzip', body: gzipSync(tsv, { level: 6 }) });
    if (beta.skipped.length) out.notes.push(`${metric}: ${beta.skipped.length} empty samples left out of the distance matrix`);
    const n = beta.matrix.ids.length;
    if (n < 3) {
      out.notes.push(`${metric}: PCoA needs at least 3 samples (${n})`);
      continue;
    }
    const p = pcoa(beta.matrix, { axes: STORED_AXES, eigenvalues: STORED_EIGENVALUES, euclidean: metric === 'aitchison' });
    if (p.spectrum === 'estimated')
      out.notes.push(
        `${metric}: PCoA of ${n} samples: proportions explained are approximate (sum of positive eigenvalues estimated as trace(B) minus the ${p.nNegative} most negative eigenvalues; the negative-eigenvalue count covers only those)`,
      );
    out.ordinationRows.push(ordinationRow(metric, p));
    addAxes(out.axes, metric, p);
  }
  return out;
}

/** Bray–Curtis and Jaccard from one walk of the posting lists when both are wanted (bit-identical to computing them apart). */
function sharedWalk(table: FeatureTable, metrics: readonly BetaMetric[]): Map<BetaMetric, BetaDiversity> {
  if (!metrics.includes('bray_curtis') || !metrics.includes('jaccard')) return new Map();
  const both = brayCurtisAndJaccard(table);
  return new Map<BetaMetric, BetaDiversity>([['bray_curtis', both.brayCurtis], ['jaccard', both.jaccard]]);
}

/** The stored summary of one PCoA (METRICS.md Ordination). */
function ordinationRow(metric: BetaMetric, p: Pcoa): Record<string, unknown> {
  const k = Math.min(STORED_EIGENVALUES, p.nPositive);
  return {
    id: metric,
    metric,
    method: 'pcoa',
    samples: p.ids.length,
    axes: p.nAxes,
    spectrum: p.spectrum,
    eigenvalues: Array.from(p.eigenvalues.subarray(0, k)),
    proportionExplained: Array.from(p.proportionExplained.subarray(0, k)),
    nNegativeEigenvalues: p.nNegative,
    mostNegativeEigenvalue: p.mostNegative,
  };
}

function addAxes(axes: Map<string, Record<string, number[]>>, metric: BetaMetric, p: Pcoa): void {
  const k = Math.min(STORED_AXES, p.nAxes);
  p.ids.forEach((id, s) => {
    const row = axes.get(id) ?? {};
    row[metric] = Array.from(p.coordinates.subarray(s * p.nAxes, s * p.nAxes + k));
    axes.set(id, row);
  });
}
