/**
 * The untargeted metabolomics arm of the simulated trial: one LC-MS run per
 * written visit (the same samples as 16S), exported as an MZmine 3 feature
 * table, plus optional pooled QC injections. See docs/simulate.md.
 *
 * Model, on the natural-log scale of a peak area, feature f in visit j of subject s:
 *
 *   ln x = ln μ_f + b_sf + [planted arm] ln(fold_f) · month / last month + σ_e · e_fj + ln d_j
 *
 * μ_f the feature's typical area, b_sf ~ N(0, σ_b) the subject's own level
 * (repeated visits correlate), e_fj ~ N(0, 1) visit noise, d_j the sample's
 * dilution (log-normal, shared by every feature of the sample, so PQN
 * matters). For the bmd-correlated metabolite, b_sf = σ_L (ρ z_s + √(1 − ρ²) u_sf)
 * with z_s the subject's standardized baseline bmd. An area is missing (left
 * censored) when log10 x plus a little jitter falls below the sample's
 * detection limit, and at random with a small probability; each feature has a
 * founder subject whose baseline sample always keeps its value, so no
 * feature is missing everywhere. Every part draws from its own stream: per
 * subject, per visit and per QC injection.
 */
import { createRng, deriveSeed, type Rng } from '../../lambdas/core/random/rng.js';
import { spearman } from '../../lambdas/core/stats/spearman.js';
import { deprotonatedMz, NAMED_METABOLITES, PATHWAYS, type Pathway } from './metabolites.js';
import type { Truth } from './schemas.js';
import { writeMzmine3Csv, writePathwayMap } from './writers.js';

/** Paths of the two files, relative to the study folder. */
export const METABOLOMICS_PATH = 'metabolomics/mzmine3-features.csv';
export const PATHWAY_MAP_PATH = 'metabolomics/pathway-map.tsv';
/** Raw data file extension of the sample columns. */
const RAW_EXTENSION = '.mzML';

/** Derived random streams (the 16S streams are 1–5). */
const STREAM = { catalogue: 6, subject: 7, visit: 8, qc: 9 } as const;

/** Planted folds (area in the planted arm, last visit vs baseline). */
export const PLANTED_METABOLITE_FOLDS: readonly { name: string; fold: number }[] = [
  { name: 'Cholic acid', fold: 2.5 },
  { name: 'Chenodeoxycholic acid', fold: 2.5 },
  { name: 'Deoxycholic acid', fold: 2.5 },
  { name: 'Lithocholic acid', fold: 2.5 },
  { name: 'Glycocholic acid', fold: 2.5 },
  { name: 'Palmitic acid', fold: 2.5 },
  { name: 'Stearic acid', fold: 2.5 },
  { name: 'Lactic acid', fold: 2.5 },
  { name: 'p-Cresol sulfate', fold: 0.4 },
  { name: 'Phenylacetylglutamine', fold: 0.4 },
  { name: 'Indoxyl sulfate', fold: 0.4 },
  { name: 'Isovaleric acid', fold: 0.4 },
];
/** The metabolite whose subject level tracks baseline bmd, and the coupling. */
export const CORRELATED_METABOLITE = 'Equol';
export const METABOLITE_LATENT_RHO = 0.6;

/** Log-scale sds: subject level, visit noise, sample dilution, the correlated metabolite's subject level. */
const SUBJECT_LOG_SD = 0.35;
const RESIDUAL_LOG_SD = 0.3;
const DILUTION_LOG_SD = 0.25;
const CORRELATED_LOG_SD = 0.9;
/** Unnamed features: log10 typical area = min + span · u^skew (more small features than large). */
const UNNAMED_LOG10_MIN = 4.1;
const UNNAMED_LOG10_SPAN = 3.4;
const UNNAMED_LOG10_SKEW = 1.6;
/** Unnamed features: m/z = min + span · u^1.5, RT uniform (min). */
const UNNAMED_MZ_MIN = 80;
const UNNAMED_MZ_SPAN = 820;
const RT_MIN = 0.6;
const RT_SPAN = 14.4;
/** Detection limit: log10 area, mean and between-sample sd; jitter of a cell around it; random dropout of a peak. */
const LOD_LOG10 = 4.3;
const LOD_LOG10_SD = 0.08;
const CENSOR_JITTER_LOG10 = 0.15;
const RANDOM_MISSING = 0.005;
/** Pooled QC: analytical log sd and dilution log sd of an injection. */
const QC_LOG_SD = 0.08;
const QC_DILUTION_LOG_SD = 0.05;

/** The features of the run: ids 1..M in row order; named ones carry name, formula and pathways. */
export type MetaboliteCatalogue = {
  ids: string[];
  mz: Float64Array;
  rt: Float64Array;
  names: (string | null)[];
  formulas: (string | null)[];
  pathways: (readonly Pathway[])[];
  /** ln of the typical area */
  logArea: Float64Array;
  /** fold at the last visit in the planted arm (1 = null) */
  fold: Float64Array;
  /** subject whose baseline sample always keeps the feature's value */
  founder: Int32Array;
  /** row of the bmd-correlated metabolite */
  correlated: number;
};

/** What the metabolomics model needs from the study design. */
export type MetabolomicsDesign = {
  seed: number;
  timepoints: readonly number[];
  /** per subject: in the planted arm */
  planted: boolean[];
  /** per subject: standardized baseline bmd */
  bmdZ: number[];
  /** written visits, in metadata order */
  visits: readonly { s: number; t: number; month: number; id: string }[];
};

/** The simulated run: areas of study samples and QC injections (feature-major, NaN = missing) and each sample's dilution. */
export type MetabolomicsRun = {
  catalogue: MetaboliteCatalogue;
  /** [f * visits + j] */
  study: Float64Array;
  /** [f * qc + k] */
  qc: Float64Array;
  qcNames: string[];
  dilution: Float64Array;
};

/** Simulates the catalogue, every visit's areas and `qcSamples` pooled QC injections. */
export function simulateMetabolomics(design: MetabolomicsDesign, features: number, qcSamples: number): MetabolomicsRun {
  const catalogue = buildMetaboliteCatalogue(
    createRng(deriveSeed(design.seed, STREAM.catalogue)),
    features,
    design.planted.length,
  );
  const levels = design.planted.map((_, s) =>
    subjectLevels(createRng(deriveSeed(design.seed, STREAM.subject, s)), catalogue, design.bmdZ[s]!),
  );
  const nV = design.visits.length;
  const study = new Float64Array(features * nV);
  const undiluted = new Float64Array(features * nV);
  const dilution = new Float64Array(nV);
  const last = design.timepoints[design.timepoints.length - 1]!;
  design.visits.forEach(({ s, t, month }, j) => {
    const rng = createRng(deriveSeed(design.seed, STREAM.visit, s, t));
    const effect = design.planted[s] ? month / last : 0;
    dilution[j] = drawVisit(rng, catalogue, levels[s]!, effect, t === 0 ? s : -1, (f, x, d, kept) => {
      undiluted[f * nV + j] = x / d;
      study[f * nV + j] = kept ? x : NaN;
    });
  });
  const qcNames = Array.from({ length: qcSamples }, (_, k) => qcSampleName(k, qcSamples));
  const qc = new Float64Array(features * qcSamples);
  const pool = poolMeans(undiluted, features, nV);
  for (let k = 0; k < qcSamples; k++)
    drawQc(createRng(deriveSeed(design.seed, STREAM.qc, k)), pool, (f, x) => (qc[f * qcSamples + k] = x));
  return { catalogue, study, qc, qcNames, dilution };
}

/** Pooled QC sample name `QC_pool_<k+1>` (2 digits, or more for many QCs). */
function qcSampleName(k: number, n: number): string {
  return `QC_pool_${String(k + 1).padStart(Math.max(2, String(n).length), '0')}`;
}

/** Named metabolites first, then unnamed features, shuffled into rows with ids 1..M. */
function buildMetaboliteCatalogue(rng: Rng, features: number, nSubjects: number): MetaboliteCatalogue {
  const nNamed = NAMED_METABOLITES.length;
  if (features < nNamed) throw new RangeError(`${features} features cannot hold the ${nNamed} named metabolites`);
  const foldOf = new Map(PLANTED_METABOLITE_FOLDS.map((p) => [p.name, p.fold]));
  const order = rng.shuffleInPlace(Int32Array.from({ length: features }, (_, i) => i));
  const cat: MetaboliteCatalogue = {
    ids: Array.from({ length: features }, (_, i) => String(i + 1)),
    mz: new Float64Array(features),
    rt: new Float64Array(features),
    names: new Array(features).fill(null),
    formulas: new Array(features).fill(null),
    pathways: new Array(features).fill([]),
    logArea: new Float64Array(features),
    fold: new Float64Array(features).fill(1),
    founder: new Int32Array(features),
    correlated: -1,
  };
  order.forEach((source, row) => {
    const spec = source < nNamed ? NAMED_METABOLITES[source]! : null;
    const u = [rng.nextFloat(), rng.nextFloat(), rng.nextFloat()] as const;
    cat.founder[row] = rng.nextInt(nSubjects);
    if (!spec) {
      cat.mz[row] = UNNAMED_MZ_MIN + UNNAMED_MZ_SPAN * u[0] ** 1.5;
      cat.rt[row] = RT_MIN + RT_SPAN * u[1];
      cat.logArea[row] = Math.LN10 * (UNNAMED_LOG10_MIN + UNNAMED_LOG10_SPAN * u[2] ** UNNAMED_LOG10_SKEW);
      return;
    }
    cat.mz[row] = deprotonatedMz(spec.formula);
    cat.rt[row] = spec.rt;
    cat.logArea[row] = Math.LN10 * spec.log10Area;
    cat.names[row] = spec.name;
    cat.formulas[row] = spec.formula;
    cat.pathways[row] = spec.pathways;
    cat.fold[row] = foldOf.get(spec.name) ?? 1;
    if (spec.name === CORRELATED_METABOLITE) cat.correlated = row;
  });
  return cat;
}

/** A subject's own log level of every feature; the correlated metabolite's follows baseline bmd. */
function subjectLevels(rng: Rng, cat: MetaboliteCatalogue, bmdZ: number): Float64Array {
  const b = Float64Array.from(cat.logArea, () => rng.normal());
  for (let f = 0; f < b.length; f++) {
    b[f] =
      f === cat.correlated
        ? CORRELATED_LOG_SD * (METABOLITE_LATENT_RHO * bmdZ + Math.sqrt(1 - METABOLITE_LATENT_RHO ** 2) * b[f]!)
        : SUBJECT_LOG_SD * b[f]!;
  }
  return b;
}

/**
 * Draws one sample: its dilution and detection limit, then per feature the
 * area and whether it is kept; `emit(f, area, dilution, kept)`. `founderOf`
 * is the subject at baseline (its founded features are always kept), else -1.
 * Returns the dilution factor.
 */
function drawVisit(
  rng: Rng,
  cat: MetaboliteCatalogue,
  level: Float64Array,
  effect: number,
  founderOf: number,
  emit: (f: number, area: number, dilution: number, kept: boolean) => void,
): number {
  const logDilution = rng.normal(0, DILUTION_LOG_SD);
  const lod = rng.normal(LOD_LOG10, LOD_LOG10_SD);
  for (let f = 0; f < level.length; f++) {
    const e = rng.normal();
    const jitter = rng.normal(0, CENSOR_JITTER_LOG10);
    const dropout = rng.nextFloat() < RANDOM_MISSING;
    const x = Math.exp(
      cat.logArea[f]! + level[f]! + effect * Math.log(cat.fold[f]!) + RESIDUAL_LOG_SD * e + logDilution,
    );
    const founded = cat.founder[f] === founderOf;
    emit(f, x, Math.exp(logDilution), founded || (!dropout && Math.log10(x) + jitter >= lod));
  }
  return Math.exp(logDilution);
}

/** Per feature, the mean undiluted area over the study samples: the pooled QC's content. */
function poolMeans(undiluted: Float64Array, features: number, samples: number): Float64Array {
  const pool = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    let sum = 0;
    for (let j = 0; j < samples; j++) sum += undiluted[f * samples + j]!;
    pool[f] = sum / samples;
  }
  return pool;
}

/** One pooled QC injection: pool × its own dilution × analytical noise, censored like a sample; `emit(f, area or NaN)`. */
function drawQc(rng: Rng, pool: Float64Array, emit: (f: number, area: number) => void): void {
  const logDilution = rng.normal(0, QC_DILUTION_LOG_SD);
  const lod = rng.normal(LOD_LOG10, LOD_LOG10_SD);
  for (let f = 0; f < pool.length; f++) {
    const e = rng.normal();
    const jitter = rng.normal(0, CENSOR_JITTER_LOG10);
    const dropout = rng.nextFloat() < RANDOM_MISSING;
    const x = pool[f]! * Math.exp(logDilution + QC_LOG_SD * e);
    emit(f, !dropout && Math.log10(x) + jitter >= lod ? x : NaN);
  }
}

/**
 * Injection order of study samples and QCs: study samples in metadata order,
 * QC k of n before study sample round(k · samples / (n − 1)) (the first QC
 * opens the run, the last closes it). Entries are `{ qc: k }` or `{ visit: j }`.
 */
export function runOrder(samples: number, qcSamples: number): ({ qc: number } | { visit: number })[] {
  const at = Array.from({ length: qcSamples }, (_, k) =>
    qcSamples === 1 ? 0 : Math.round((k * samples) / (qcSamples - 1)),
  );
  const out: ({ qc: number } | { visit: number })[] = [];
  let k = 0;
  for (let j = 0; j <= samples; j++) {
    while (k < qcSamples && at[k] === j) out.push({ qc: k++ });
    if (j < samples) out.push({ visit: j });
  }
  return out;
}

/** Feature rows of the pathway map: one (featureId, pathway) pair per pathway of each named feature, in row order. */
export function pathwayPairs(cat: MetaboliteCatalogue): { featureId: string; pathway: Pathway }[] {
  return cat.ids.flatMap((featureId, f) => cat.pathways[f]!.map((pathway) => ({ featureId, pathway })));
}

/** The table's columns in injection order: file names and where each column's areas come from. */
function tableColumns(
  run: MetabolomicsRun,
  visitIds: readonly string[],
): { files: string[]; source: ({ qc: number } | { visit: number })[] } {
  const source = runOrder(visitIds.length, run.qcNames.length);
  const files = source.map((c) => ('qc' in c ? run.qcNames[c.qc]! : visitIds[c.visit]!) + RAW_EXTENSION);
  return { files, source };
}

/** The MZmine 3 CSV of the run: study samples in metadata order with the QC injections interleaved. */
export function metabolomicsCsv(run: MetabolomicsRun, visitIds: readonly string[]): string {
  const { catalogue: cat } = run;
  const { files, source } = tableColumns(run, visitIds);
  const nF = cat.ids.length;
  const nV = visitIds.length;
  const nQ = run.qcNames.length;
  const areas = new Float64Array(nF * files.length);
  for (let f = 0; f < nF; f++)
    source.forEach(
      (c, k) => (areas[f * files.length + k] = 'qc' in c ? run.qc[f * nQ + c.qc]! : run.study[f * nV + c.visit]!),
    );
  return writeMzmine3Csv({
    ids: cat.ids,
    mz: cat.mz,
    rt: cat.rt,
    names: cat.names,
    formulas: cat.formulas,
    files,
    areas,
  });
}

/** The feature → pathway TSV of the run's named features. */
export function pathwayMapTsv(run: MetabolomicsRun): string {
  return writePathwayMap(pathwayPairs(run.catalogue));
}

/** Planted metabolites with their feature ids, in PLANTED_METABOLITE_FOLDS order. */
export function plantedMetabolitesTruth(
  run: MetabolomicsRun,
  arm: string,
  timepoints: readonly number[],
): Truth['plantedMetabolites'] {
  const cat = run.catalogue;
  const last = timepoints[timepoints.length - 1]!;
  return PLANTED_METABOLITE_FOLDS.map(({ name, fold }) => {
    const f = cat.names.indexOf(name);
    return {
      featureId: cat.ids[f]!,
      name,
      pathways: [...cat.pathways[f]!],
      arm,
      direction: fold > 1 ? ('up' as const) : ('down' as const),
      foldAtLastTimepoint: fold,
      foldByMonth: Object.fromEntries(timepoints.map((m) => [String(m), fold ** (m / last)])),
    };
  });
}

/** Feature ids without a planted fold. */
export function nullMetaboliteIds(run: MetabolomicsRun): string[] {
  return run.catalogue.ids.filter((_, f) => run.catalogue.fold[f] === 1);
}

/** Each pathway's features and planted ones; `enriched` is the pathway holding the most rising metabolites. */
export function pathwayTruth(run: MetabolomicsRun): Truth['pathways'] {
  const cat = run.catalogue;
  const sets = PATHWAYS.map((pathway) => {
    const rows = cat.ids.flatMap((_, f) => (cat.pathways[f]!.includes(pathway) ? [f] : []));
    return {
      pathway,
      featureIds: rows.map((f) => cat.ids[f]!),
      plantedUp: rows.filter((f) => cat.fold[f]! > 1).map((f) => cat.ids[f]!),
      plantedDown: rows.filter((f) => cat.fold[f]! < 1).map((f) => cat.ids[f]!),
    };
  });
  const enriched = sets.reduce((best, set) => (set.plantedUp.length > best.plantedUp.length ? set : best));
  return {
    path: PATHWAY_MAP_PATH,
    enriched: enriched.pathway,
    sets,
    unmappedFeatures: cat.pathways.filter((p) => p.length === 0).length,
  };
}

/** The planted bmd ↔ metabolite correlation and its realised Spearman rho over the samples where the metabolite has an area. */
export function metaboliteCorrelationTruth(
  run: MetabolomicsRun,
  bmd: readonly number[],
): Truth['correlations'][number] {
  const cat = run.catalogue;
  const f = cat.correlated;
  const nV = bmd.length;
  const kept = Array.from({ length: nV }, (_, j) => j).filter((j) => !Number.isNaN(run.study[f * nV + j]!));
  const area = Float64Array.from(kept, (j) => run.study[f * nV + j]!);
  const y = Float64Array.from(kept, (j) => bmd[j]!);
  return {
    clinical: 'bmd',
    dataset: 'metabolomics',
    target: CORRELATED_METABOLITE,
    featureIds: [cat.ids[f]!],
    method: 'spearman',
    latentRho: METABOLITE_LATENT_RHO,
    observedOn: 'peak area as written',
    observedRho: spearman(area, y)?.statistic ?? Number.NaN,
    undilutedRho:
      spearman(
        Float64Array.from(kept, (j, k) => area[k]! / run.dilution[j]!),
        y,
      )?.statistic ?? Number.NaN,
    samples: kept.length,
  };
}

/** Shape, missingness and model parameters of the written table. */
export function metabolomicsTableTruth(run: MetabolomicsRun, visitIds: readonly string[]): Truth['metabolomics'] {
  const cat = run.catalogue;
  const nF = cat.ids.length;
  const nV = visitIds.length;
  const missingStudy = countNaN(run.study);
  const cells = nF * (nV + run.qcNames.length);
  let mostlyMissing = 0;
  for (let f = 0; f < nF; f++) if (countNaN(run.study.subarray(f * nV, (f + 1) * nV)) >= nV / 2) mostlyMissing++;
  return {
    path: METABOLOMICS_PATH,
    format: 'mzmine3',
    quantity: 'area',
    features: nF,
    annotatedFeatures: cat.names.filter((n) => n !== null).length,
    samples: nV,
    qcSamples: run.qcNames.map((n) => n + RAW_EXTENSION),
    missingFraction: (missingStudy + countNaN(run.qc)) / cells,
    studyMissingFraction: missingStudy / (nF * nV),
    featuresMostlyMissing: mostlyMissing,
    logSd: { subject: SUBJECT_LOG_SD, residual: RESIDUAL_LOG_SD, dilution: DILUTION_LOG_SD },
    dilution: Object.fromEntries(visitIds.map((id, j) => [id, run.dilution[j]!])),
  };
}

/** Number of NaN entries. */
function countNaN(x: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) n++;
  return n;
}
