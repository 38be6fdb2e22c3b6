/**
 * Beta diversity and ordination of one 16S table: the three docs/metrics.md
 * distances and, with a tree that covers the table, unweighted, weighted
 * (unnormalized, QIIME 2's default) and weighted normalized UniFrac; PCoA of
 * each, NMDS of Bray–Curtis (vegan metaMDS conventions, seeded), and the QIIME 2
 * distance-matrix TSV (gzipped) of each as a result artifact.
 */
import { gzipSync } from 'fflate';
import { nmds } from '../ordination/nmds.js';
import { type Pcoa, pcoa } from '../ordination/pcoa.js';
import type { ResultArtifact } from '../results/model.js';
import type { PhyloTree } from '../study/newick.js';
import type { FeatureTable } from '../table/feature-table.js';
import { brayCurtisAndJaccard } from './diversity/beta/bray-curtis-jaccard.js';
import {
  BETA_METRICS,
  type BetaDiversity,
  type BetaMetric,
  betaDiversity,
  type DistanceMatrix,
  toQiimeTsv,
  withoutEmptySamples,
} from './diversity/beta/index.js';
import { unweightedUnifrac, weightedUnifrac } from './diversity/beta/unifrac.js';

/** Axes stored per sample by default (study.json `ordinationAxes`). */
export const STORED_AXES = 10;
/** Positive eigenvalues stored per ordination at most (the rest are summarised by count). */
export const STORED_EIGENVALUES = 100;
/** NMDS (several random starts) is skipped above this many samples. */
export const MAX_NMDS_SAMPLES = 1000;
/** The UniFrac metrics, by their QIIME 2 names. */
export const UNIFRAC_METRICS = ['unweighted_unifrac', 'weighted_unifrac', 'weighted_normalized_unifrac'] as const;
export type UnifracMetric = (typeof UNIFRAC_METRICS)[number];

/** Options of `ampliconBeta`. */
export interface AmpliconBetaOptions {
  /** a tree with a tip for every feature: adds the UniFrac metrics */
  tree?: PhyloTree;
  /** axes stored per sample @default STORED_AXES */
  axes?: number;
  /** seed of the NMDS random starts @default 42 */
  seed?: number;
  /** NMDS random starts @default 20 */
  nmdsTries?: number;
}

export interface AmpliconBeta {
  artifacts: ResultArtifact[];
  /** one row per metric: eigenvalues, proportion explained, negative-eigenvalue summary */
  ordinationRows: Record<string, unknown>[];
  /** sampleId -> metric -> first axes */
  axes: Map<string, Record<string, number[]>>;
  notes: string[];
}

/** Distances, ordinations and artifacts for every beta metric (UniFrac too when a tree is given). */
export function ampliconBeta(
  table: FeatureTable,
  options: AmpliconBetaOptions = {},
  metrics: readonly BetaMetric[] = Object.keys(BETA_METRICS) as BetaMetric[],
): AmpliconBeta {
  const out: AmpliconBeta = { artifacts: [], ordinationRows: [], axes: new Map(), notes: [] };
  const axes = options.axes ?? STORED_AXES;
  const shared = sharedWalk(table, metrics);
  const matrices: [string, DistanceMatrix, number][] = metrics.map((metric) => {
    const beta = shared.get(metric) ?? betaDiversity(metric, table);
    return [metric, beta.matrix, beta.skipped.length];
  });
  if (options.tree) {
    const { table: used, skipped } = withoutEmptySamples(table);
    for (const metric of UNIFRAC_METRICS) {
      const r =
        metric === 'unweighted_unifrac'
          ? unweightedUnifrac(used, options.tree)
          : weightedUnifrac(used, options.tree, { normalized: metric === 'weighted_normalized_unifrac' });
      if (r.ok) matrices.push([metric, r.value, skipped.length]);
      else out.notes.push(`${metric} not computed: ${r.error.message}`);
    }
  }
  for (const [metric, matrix, skipped] of matrices) {
    const tsv = new TextEncoder().encode(toQiimeTsv(matrix));
    out.artifacts.push({
      name: metric,
      fileName: `${metric}.tsv.gz`,
      contentType: 'text/tab-separated-values',
      contentEncoding: 'gzip',
      body: gzipSync(tsv, { level: 6 }),
    });
    if (skipped) out.notes.push(`${metric}: ${skipped} empty samples left out of the distance matrix`);
    const n = matrix.ids.length;
    if (n < 3) {
      out.notes.push(`${metric}: PCoA needs at least 3 samples (${n})`);
      continue;
    }
    const p = pcoa(matrix, {
      axes: Math.min(axes, n - 1),
      eigenvalues: STORED_EIGENVALUES,
      euclidean: metric === 'aitchison',
    });
    if (p.spectrum === 'estimated')
      out.notes.push(
        `${metric}: PCoA of ${n} samples: proportions explained are approximate (sum of positive eigenvalues estimated as trace(B) minus the ${p.nNegative} most negative eigenvalues)`,
      );
    out.ordinationRows.push(ordinationRow(metric, p));
    addAxes(out.axes, metric, p, axes);
    if (metric === 'bray_curtis') addNmds(out, matrix, options);
  }
  return out;
}

/** Bray–Curtis and Jaccard from one walk of the posting lists when both are wanted (bit-identical to computing them apart). */
function sharedWalk(table: FeatureTable, metrics: readonly BetaMetric[]): Map<BetaMetric, BetaDiversity> {
  if (!metrics.includes('bray_curtis') || !metrics.includes('jaccard')) return new Map();
  const both = brayCurtisAndJaccard(table);
  return new Map<BetaMetric, BetaDiversity>([
    ['bray_curtis', both.brayCurtis],
    ['jaccard', both.jaccard],
  ]);
}

/** NMDS of Bray–Curtis (k = 2), stored like an ordination with metric 'nmds'. */
function addNmds(out: AmpliconBeta, matrix: DistanceMatrix, options: AmpliconBetaOptions): void {
  const n = matrix.ids.length;
  if (n > MAX_NMDS_SAMPLES) {
    out.notes.push(
      `nmds: skipped for ${n} samples (limit ${MAX_NMDS_SAMPLES}: ${options.nmdsTries ?? 20} random starts each cost O(n^2) per iteration)`,
    );
    return;
  }
  if (n < 4) return;
  const seed = options.seed ?? 42;
  const r = nmds(matrix, { k: 2, seed, tries: options.nmdsTries ?? 20 });
  if (!r.ok) {
    out.notes.push(`nmds: not computed: ${r.error.message}`);
    return;
  }
  const m = r.value;
  out.ordinationRows.push({
    id: 'nmds',
    metric: 'nmds',
    method: 'nmds',
    distance: 'bray_curtis',
    samples: n,
    axes: m.k,
    stress: m.stress,
    tries: m.tries,
    converged: m.converged,
    seed: m.seed,
    eigenvalues: [],
    proportionExplained: [],
    nNegativeEigenvalues: 0,
    mostNegativeEigenvalue: 0,
  });
  matrix.ids.forEach((id, s) => {
    const row = out.axes.get(id) ?? {};
    row.nmds = Array.from(m.points.subarray(s * m.k, (s + 1) * m.k));
    out.axes.set(id, row);
  });
}

/** The stored summary of one PCoA (docs/metrics.md Ordination). */
function ordinationRow(metric: string, p: Pcoa): Record<string, unknown> {
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

function addAxes(axes: Map<string, Record<string, number[]>>, metric: string, p: Pcoa, stored: number): void {
  const k = Math.min(stored, p.nAxes);
  p.ids.forEach((id, s) => {
    const row = axes.get(id) ?? {};
    row[metric] = Array.from(p.coordinates.subarray(s * p.nAxes, s * p.nAxes + k));
    axes.set(id, row);
  });
}
