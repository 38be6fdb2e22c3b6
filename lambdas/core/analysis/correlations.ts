/**
 * The study's Spearman families (docs/study-statistics.md "Correlations"):
 * each clinical variable against each 16S dataset's genera and each
 * metabolomics dataset's metabolites, and each 16S dataset's genera against
 * each metabolomics dataset's metabolites on their shared sample ids. Genera:
 * relative abundance over all features of the sample, prevalence-filtered over
 * the family's samples; metabolites: the glog values; constant variables are
 * left out. One BH family per pair of sources.
 */

import { type RankedVariables, rankVariables } from '../stats/rank-variables.js';
import { type FamilyOptions, spearmanFamily } from '../stats/spearman-family.js';
import type { FeatureTable } from '../table/feature-table.js';
import type {
  CorrelationFamilyRow,
  CorrelationLevel,
  CorrelationRow,
  MetabolomicsInput,
  ResolvedDesign,
} from './types.js';

/** A 16S source: counts at the correlated level and the id (metadata id) of each sample; unusable samples (empty) marked. */
export interface TaxaSource {
  datasetId: string;
  level: CorrelationLevel;
  table: FeatureTable;
  ids: string[];
  usable: Uint8Array;
}

/** A metabolomics source with the id (metadata id) of each sample. */
export interface MetaboliteSource {
  datasetId: string;
  ids: string[];
  data: MetabolomicsInput;
}

/** A clinical variable: its value per metadata sample id (NaN when missing). */
export interface ClinicalSource {
  name: string;
  valueOf: Map<string, number>;
}

/** One side of a family before ranking: variable ids and their values over the family's samples (rows × n). */
export interface Side {
  ids: string[];
  values: Float64Array;
  /** variables left out before ranking (prevalence filter) */
  filtered: number;
}

/** A side ranked over a set of samples: what it excluded before ranking, and the ranks. */
interface RankedSide {
  samples: Int32Array;
  filtered: number;
  ranked: RankedVariables;
}

/** Ranked sides per source, reused while a source is asked for the same samples again (clinical variables without missing values). */
class RankedSides {
  private readonly last = new Map<string, RankedSide>();

  /** The ranked side of source `key` over `samples`, built by `build` unless the previous request had the same samples. */
  get(key: string, samples: Int32Array, build: () => Side): RankedSide {
    const previous = this.last.get(key);
    if (previous && sameIndices(previous.samples, samples)) return previous;
    const side = build();
    const entry = { samples, filtered: side.filtered, ranked: rankVariables(side.ids, side.values, samples.length) };
    this.last.set(key, entry);
    return entry;
  }
}

/** True when two index lists are equal. */
function sameIndices(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** One side of a family as `run` takes it. */
interface FamilySide {
  dataset: string;
  level: CorrelationLevel;
  side: RankedSide;
}

/** Correlation rows and family summaries of every family of the study. */
export function studyCorrelations(
  clinical: ClinicalSource[],
  taxa: TaxaSource[],
  metabolites: MetaboliteSource[],
  design: ResolvedDesign,
  notes: string[],
): { rows: CorrelationRow[]; families: CorrelationFamilyRow[] } {
  const rows: CorrelationRow[] = [];
  const families: CorrelationFamilyRow[] = [];
  const options: FamilyOptions = { q: design.correlationQ, topK: design.topCorrelationsPerFeature };
  const cache = new RankedSides();
  const tooFew = (family: string, n: number) => {
    if (n >= 3) return false;
    notes.push(`correlations ${family}: ${n} shared samples (at least 3 needed); skipped`);
    return true;
  };
  const run = (family: string, x: FamilySide, y: FamilySide, n: number) => {
    const rx = x.side.ranked,
      ry = y.side.ranked;
    const r = spearmanFamily(rx, ry, options);
    families.push({
      family,
      xDataset: x.dataset,
      yDataset: y.dataset,
      xLevel: x.level,
      yLevel: y.level,
      nX: rx.ids.length,
      nY: ry.ids.length,
      excludedX: x.side.filtered + rx.constant.length,
      excludedY: y.side.filtered + ry.constant.length,
      n,
      pairs: r.m,
      significant: r.significant,
      stored: r.pairs.length,
      pMethod: r.pMethod,
    });
    for (const p of r.pairs)
      rows.push({
        family,
        x: rx.ids[p.i]!,
        y: ry.ids[p.j]!,
        xDataset: x.dataset,
        yDataset: y.dataset,
        xLevel: x.level,
        yLevel: y.level,
        rho: p.rho,
        p: p.p,
        q: p.q,
        n,
        familySize: r.m,
        selectedBy: p.significant && p.top ? 'q+top' : p.significant ? 'q' : 'top',
      });
  };
  const taxaOf = (t: TaxaSource, samples: Int32Array): FamilySide => ({
    dataset: t.datasetId,
    level: t.level,
    side: cache.get(`16s:${t.datasetId}`, samples, () => taxaSide(t.table, samples, design.prevalence)),
  });
  const metabolitesOf = (mb: MetaboliteSource, samples: Int32Array): FamilySide => ({
    dataset: mb.datasetId,
    level: 'metabolite',
    side: cache.get(`mtb:${mb.datasetId}`, samples, () => metaboliteSide(mb.data, samples)),
  });
  const clinicalOf = (v: ClinicalSource, ids: string[], samples: Int32Array): FamilySide => {
    const side = clinicalSide(v, ids, samples);
    return {
      dataset: 'metadata',
      level: 'clinical',
      side: { samples, filtered: 0, ranked: rankVariables(side.ids, side.values, samples.length) },
    };
  };
  for (const v of clinical) {
    for (const t of taxa) {
      const samples = columnsWhere(
        t.ids,
        (id, k) => t.usable[k] === 1 && Number.isFinite(v.valueOf.get(id) ?? Number.NaN),
      );
      const family = `clinical:${v.name}|${t.datasetId}:${t.level}`;
      if (!tooFew(family, samples.length))
        run(family, clinicalOf(v, t.ids, samples), taxaOf(t, samples), samples.length);
    }
    for (const mb of metabolites) {
      const samples = columnsWhere(mb.ids, (id) => Number.isFinite(v.valueOf.get(id) ?? Number.NaN));
      const family = `clinical:${v.name}|${mb.datasetId}:metabolite`;
      if (!tooFew(family, samples.length))
        run(family, clinicalOf(v, mb.ids, samples), metabolitesOf(mb, samples), samples.length);
    }
  }
  for (const t of taxa)
    for (const mb of metabolites) {
      const [ts, ms] = sharedSamples(t, mb);
      const family = `${t.datasetId}:${t.level}|${mb.datasetId}:metabolite`;
      if (!tooFew(family, ts.length)) run(family, taxaOf(t, ts), metabolitesOf(mb, ms), ts.length);
    }
  return { rows, families };
}

/** Indices k of `ids` for which `keep(ids[k], k)` holds, first occurrence of each id only. */
function columnsWhere(ids: string[], keep: (id: string, k: number) => boolean): Int32Array {
  const seen = new Set<string>();
  const out: number[] = [];
  ids.forEach((id, k) => {
    if (seen.has(id) || !keep(id, k)) return;
    seen.add(id);
    out.push(k);
  });
  return Int32Array.from(out);
}

/** Aligned sample indices of the usable samples a 16S source and a metabolomics source share (16S order). */
export function sharedSamples(t: TaxaSource, mb: MetaboliteSource): [Int32Array, Int32Array] {
  const metaboliteIndex = new Map<string, number>();
  mb.ids.forEach((id, k) => metaboliteIndex.has(id) || metaboliteIndex.set(id, k));
  const ts = columnsWhere(t.ids, (id, k) => t.usable[k] === 1 && metaboliteIndex.has(id));
  return [ts, Int32Array.from(ts, (k) => metaboliteIndex.get(t.ids[k]!)!)];
}

/** The clinical variable over the given samples of a source. */
function clinicalSide(v: ClinicalSource, ids: string[], samples: Int32Array): Side {
  return { ids: [v.name], values: Float64Array.from(samples, (k) => v.valueOf.get(ids[k]!)!), filtered: 0 };
}

/** Relative abundance (over all features of each sample) of the taxa present in at least one sample and in at least `prevalence` of them. */
export function taxaSide(table: FeatureTable, samples: Int32Array, prevalence: number): Side {
  const nF = table.featureIds.length,
    n = samples.length;
  const dense = new Float64Array(nF * n);
  const present = new Int32Array(nF);
  samples.forEach((s, k) => {
    let depth = 0;
    for (let p = table.indptr[s]!; p < table.indptr[s + 1]!; p++) depth += table.data[p]!;
    for (let p = table.indptr[s]!; p < table.indptr[s + 1]!; p++) {
      const f = table.indices[p]!;
      dense[f * n + k] = table.data[p]! / depth;
      present[f]!++;
    }
  });
  const kept: number[] = [];
  for (let f = 0; f < nF; f++) if (present[f]! > 0 && present[f]! / n >= prevalence) kept.push(f);
  const values = new Float64Array(kept.length * n);
  kept.forEach((f, r) => values.set(dense.subarray(f * n, (f + 1) * n), r * n));
  return { ids: kept.map((f) => table.featureIds[f]!), values, filtered: nF - kept.length };
}

/** The glog values of the metabolites over the given samples (rows = metabolites); a metabolite missing (NaN) in any of them is left out. */
export function metaboliteSide(ds: MetabolomicsInput, samples: Int32Array): Side {
  const nF = ds.featureIds.length,
    n = samples.length;
  const dense = new Float64Array(nF * n);
  const missing = new Uint8Array(nF);
  samples.forEach((s, k) => {
    const base = s * nF;
    for (let f = 0; f < nF; f++) {
      const v = ds.transformed[base + f]!;
      dense[f * n + k] = v;
      if (Number.isNaN(v)) missing[f] = 1;
    }
  });
  const kept: number[] = [];
  for (let f = 0; f < nF; f++) if (!missing[f]) kept.push(f);
  if (kept.length === nF) return { ids: ds.featureIds, values: dense, filtered: 0 };
  const values = new Float64Array(kept.length * n);
  kept.forEach((f, r) => values.set(dense.subarray(f * n, (f + 1) * n), r * n));
  return { ids: kept.map((f) => ds.featureIds[f]!), values, filtered: nF - kept.length };
}
