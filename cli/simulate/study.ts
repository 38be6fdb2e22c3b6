/**
 * A simulated randomized trial in the shape of the motivating study: high-calcium
 * vs regular milk in postmenopausal women, 16S and untargeted LC-MS
 * metabolomics of stool at each visit, lumbar-spine bone mineral density,
 * serum calcium and parathyroid hormone as clinical variables. Returns the
 * study folder's files and the planted truth. See docs/simulate.md.
 *
 * Model, in order of generation (each part on its own derived random stream,
 * so e.g. a dropout does not change any other sample):
 * 1. ASV catalogue: ASVs spread over gut genera (sub-linearly in genus weight),
 *    a log-normal abundance within each genus, a prevalence that grows with
 *    abundance; some ASVs without genus, a few `Unassigned`.
 * 2. Subjects: randomized to arms (balanced), each with a baseline community:
 *    genus carriage, a log-normal subject factor per genus and per ASV, ASV
 *    presence by prevalence (each ASV also has one 'founder' subject that
 *    always carries it). Baseline bmd tracks the subject's baseline
 *    Bifidobacterium share.
 * 3. Samples: the subject's community times the planted fold of each genus at
 *    that visit, closed to proportions; a Dirichlet draw around it (visit-to-visit
 *    variation); a multinomial draw of a uniform depth (sequencing).
 * 4. Metabolomics: the same visits as LC-MS samples (metabolomics.ts), with
 *    planted metabolite folds, a metabolite tracking baseline bmd, and a
 *    pathway map in which the rising metabolites crowd one pathway.
 */
import { createRng, deriveSeed, type Rng } from '../../lambdas/core/random/rng.js';
import { spearman } from '../../lambdas/core/stats/spearman.js';
import { type FeatureTable, FeatureTableBuilder, nnz } from '../../lambdas/core/table/feature-table.js';
import { GUT_GENERA, genusLineage, UNRESOLVED_LINEAGES, unresolvedLineage } from './genera.js';
import { pseudoFeatureIds } from './ids.js';
import {
  METABOLOMICS_PATH,
  type MetabolomicsRun,
  metaboliteCorrelationTruth,
  metabolomicsCsv,
  metabolomicsTableTruth,
  nullMetaboliteIds,
  PATHWAY_MAP_PATH,
  pathwayMapTsv,
  pathwayTruth,
  plantedMetabolitesTruth,
  simulateMetabolomics,
} from './metabolomics.js';
import {
  type ClinicalTruth,
  parseOptions,
  type ResolvedStudyOptions,
  type SimulateStudyOptions,
  SimulateStudyOptionsSchema,
  type Truth,
} from './schemas.js';
import { type MetadataColumn, writeBiomJson, writeBiomTsv, writeQiimeMetadata, writeTaxonomyTsv } from './writers.js';

export { simulateTableBenchmark } from './benchmark.js';

/** One file of the study folder; `path` is relative to the folder, '/'-separated. */
export type StudyFile = { path: string; content: string };

/** The two arms, control first. */
export const ARMS = ['regular', 'high_calcium'] as const;
export type Arm = (typeof ARMS)[number];
const PLANTED_ARM: Arm = 'high_calcium';

/** Planted genus folds (absolute abundance, last visit vs baseline) in the planted arm. */
const PLANTED_FOLDS: readonly { genus: string; fold: number }[] = [
  { genus: 'Bifidobacterium', fold: 3 },
  { genus: 'Lactobacillus', fold: 2.5 },
  { genus: 'Akkermansia', fold: 0.4 },
];
/** The genus whose baseline share drives baseline bmd. */
const CORRELATED_GENUS = 'Bifidobacterium';
/** Correlation of baseline bmd with the subject's standardized baseline log share of CORRELATED_GENUS. */
const LATENT_RHO = 0.85;

/** Share of ASVs with no genus, and with no assignment at all. */
const UNRESOLVED_FRACTION = 0.12;
const UNASSIGNED_FRACTION = 0.02;
/** Total catalogue weight of the `Unassigned` ASVs. */
const UNASSIGNED_WEIGHT = 0.3;
/** sd of log abundance among the ASVs of one genus. */
const ASV_LOG_SD = 1.3;
/** Prevalence of an ASV of median abundance, its slope in ln(abundance / median), and its bounds. */
const PREVALENCE_AT_MEDIAN = 0.09;
const PREVALENCE_SLOPE = 0.06;
const PREVALENCE_MIN = 0.03;
const PREVALENCE_MAX = 0.95;
/** Lowest prevalence of the leading ASV of each planted genus, so their change is observable in most subjects. */
const PLANTED_PREVALENCE_MIN = 0.8;
/** Chance that a named-genus ASV carries a species name (when the genus has any). */
const SPECIES_NAMED = 0.4;
/** Between-subject sd of log abundance: per genus and per ASV. */
const SUBJECT_GENUS_LOG_SD = 0.8;
const SUBJECT_ASV_LOG_SD = 0.7;
/** Smallest share of an ASV in its founder subject, so nearly every ASV is observed somewhere. */
const FOUNDER_MIN_SHARE = 0.005;
/** Dirichlet concentration around a subject's community: larger = visits more alike. */
const VISIT_CONCENTRATION = 80;

/** Derived random streams. */
const STREAM = { catalogue: 1, design: 2, subject: 3, counts: 4, clinical: 5 } as const;

/** Clinical variables: baseline, change per 12 months by arm, measurement error. */
const BMD: ClinicalTruth = {
  variable: 'bmd',
  unit: 'g/cm2',
  baselineMean: 0.95,
  baselineSd: 0.045,
  annualRelativeChange: { regular: -0.01, high_calcium: 0.005 },
  measurementSd: 0.008,
  decimals: 3,
};
const SERUM_CALCIUM: ClinicalTruth = {
  variable: 'serum_calcium',
  unit: 'mmol/L',
  baselineMean: 2.38,
  baselineSd: 0.08,
  annualRelativeChange: { regular: 0, high_calcium: 0.01 },
  measurementSd: 0.05,
  decimals: 2,
};
/** Parathyroid hormone: calcium intake suppresses it. */
const PTH: ClinicalTruth = {
  variable: 'pth',
  unit: 'pg/mL',
  baselineMean: 45,
  baselineSd: 12,
  annualRelativeChange: { regular: 0.02, high_calcium: -0.15 },
  measurementSd: 5,
  decimals: 1,
  minimum: 8,
};
/** Age at enrolment, uniform integer years. */
const AGE_MIN = 50;
const AGE_MAX = 72;

/** metadata.tsv columns after `sample-id`. */
const METADATA_COLUMNS: readonly MetadataColumn[] = [
  { name: 'subject', type: 'categorical' },
  { name: 'arm', type: 'categorical' },
  { name: 'month', type: 'numeric' },
  { name: 'timepoint', type: 'categorical' },
  { name: 'age', type: 'numeric' },
  { name: 'bmd', type: 'numeric' },
  { name: 'serum_calcium', type: 'numeric' },
  { name: 'pth', type: 'numeric' },
];

/** The ASVs of the study and what each one is. */
type Catalogue = {
  ids: string[];
  /** seven-rank lineage joined by "; ", or "Unassigned" */
  lineages: string[];
  confidences: Float64Array;
  /** index into GUT_GENERA, or -1 without genus */
  genus: Int32Array;
  /** an ASV's typical share when present (relative; about 1 in total) */
  abundance: Float64Array;
  prevalence: Float64Array;
  /** a subject that carries the ASV whatever its prevalence, so (almost) no ASV goes unobserved */
  founder: Int32Array;
};

/** Arms, ages and missing visits of all subjects. */
type Design = {
  subjects: string[];
  arms: Arm[];
  ages: number[];
  /** dropped[s][t]: visit t of subject s is missing */
  dropped: boolean[][];
};

/** A subject's baseline community and clinical baseline. */
type Subject = {
  weights: Float64Array;
  /** the subject's own bmd deviation, independent of the community (sd 1) */
  bmdNoise: number;
  bmd0: number;
  calcium0: number;
  pth0: number;
};

/** A written sample: subject index, visit index, month and sample id. */
type Visit = { s: number; t: number; month: number; id: string };

/** The simulated study: its files (relative paths) and the planted truth. */
export type SimulatedStudy = { files: StudyFile[]; truth: Truth };

/** Simulates the trial-like study folder; the same options give byte-identical files. */
export function simulateStudy(options: SimulateStudyOptions = {}): SimulatedStudy {
  const opts = parseOptions(SimulateStudyOptionsSchema, options);
  const catalogue = buildCatalogue(
    createRng(deriveSeed(opts.seed, STREAM.catalogue)),
    opts.asvs,
    2 * opts.subjectsPerArm,
  );
  const design = buildDesign(createRng(deriveSeed(opts.seed, STREAM.design)), opts);
  const subjects = design.subjects.map((_, s) =>
    buildSubject(createRng(deriveSeed(opts.seed, STREAM.subject, s)), catalogue, s),
  );
  plantBmdBaselines(subjects, catalogue);
  const visits = writtenVisits(design, opts.timepoints);
  const table = simulateCounts(opts, catalogue, design, subjects, visits);
  const metabolomics = simulateMetabolomics(
    {
      seed: opts.seed,
      timepoints: opts.timepoints,
      planted: design.arms.map((a) => a === PLANTED_ARM),
      bmdZ: standardized(subjects.map((x) => x.bmd0)),
      visits,
    },
    opts.metabolites,
    opts.qcSamples,
  );
  const metadataRows = visits.map((v) => metadataRow(opts, design, subjects, v));
  const visitIds = visits.map((v) => v.id);
  const files: StudyFile[] = [
    { path: 'metadata.tsv', content: writeQiimeMetadata(METADATA_COLUMNS, metadataRows) },
    { path: 'study.json', content: studyJson(opts) },
    { path: '16s/feature-table.biom', content: writeBiomJson(table) },
    { path: '16s/feature-table.tsv', content: writeBiomTsv(table) },
    { path: '16s/taxonomy.tsv', content: writeTaxonomyTsv(catalogue.ids, catalogue.lineages, catalogue.confidences) },
    { path: METABOLOMICS_PATH, content: metabolomicsCsv(metabolomics, visitIds) },
    { path: PATHWAY_MAP_PATH, content: pathwayMapTsv(metabolomics) },
  ];
  const bmd = metadataRows.map((row) => Number(row[METADATA_COLUMNS.findIndex((c) => c.name === 'bmd') + 1]));
  return { files, truth: buildTruth(opts, catalogue, design, subjects, table, bmd, metabolomics, visitIds) };
}

/** z-scores over the entries (sample sd; 1 when all are equal). */
function standardized(x: readonly number[]): number[] {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) || 1;
  return x.map((v) => (v - mean) / sd);
}

/** The visits that were not dropped, subject by subject, in visit order. */
function writtenVisits(design: Design, timepoints: readonly number[]): Visit[] {
  return design.subjects.flatMap((subject, s) =>
    timepoints.flatMap((month, t) => (design.dropped[s]![t] ? [] : [{ s, t, month, id: sampleId(subject, month) }])),
  );
}

/** The 16S count table: one Dirichlet-multinomial draw per visit, on the visit's own stream. */
function simulateCounts(
  opts: ResolvedStudyOptions,
  cat: Catalogue,
  design: Design,
  subjects: Subject[],
  visits: Visit[],
): FeatureTable {
  const folds = plantedFoldTable(cat, opts.timepoints);
  const builder = new FeatureTableBuilder(
    cat.ids,
    visits.map((v) => v.id),
    Math.max(1024, visits.length * 64),
  );
  const composition = new Float64Array(opts.asvs);
  const counts = new Float64Array(opts.asvs);
  visits.forEach(({ s, t }, j) => {
    const rng = createRng(deriveSeed(opts.seed, STREAM.counts, s, t));
    visitComposition(subjects[s]!.weights, design.arms[s] === PLANTED_ARM ? folds[t]! : null, composition);
    drawCounts(rng, composition, opts.depthRange, counts);
    for (let i = 0; i < counts.length; i++) builder.add(i, j, counts[i]!);
  });
  return builder.build(cat.lineages);
}

/** A metadata row (sample id first) with the visit's clinical measurements, on the visit's own stream. */
function metadataRow(
  opts: ResolvedStudyOptions,
  design: Design,
  subjects: Subject[],
  { s, t, month, id }: Visit,
): string[] {
  const rng = createRng(deriveSeed(opts.seed, STREAM.clinical, s, t));
  const arm = design.arms[s]!;
  const bmd = clinicalValue(rng, BMD, subjects[s]!.bmd0, arm, month);
  const calcium = clinicalValue(rng, SERUM_CALCIUM, subjects[s]!.calcium0, arm, month);
  const pth = clinicalValue(rng, PTH, subjects[s]!.pth0, arm, month);
  return [
    id,
    design.subjects[s]!,
    arm,
    String(month),
    timepointLabel(month),
    String(design.ages[s]),
    bmd.toFixed(BMD.decimals),
    calcium.toFixed(SERUM_CALCIUM.decimals),
    pth.toFixed(PTH.decimals),
  ];
}

/** Sample id `<subject>-M<month, 2 digits>`, e.g. `S012-M06`. */
export function sampleId(subject: string, month: number): string {
  return `${subject}-${timepointLabel(month)}`;
}

/** Visit label `M<month, 2 digits>`, e.g. `M06`. */
function timepointLabel(month: number): string {
  return `M${String(month).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- catalogue

/** Draws the ASV catalogue: taxa, abundances, prevalences, ids and confidences, in a shuffled feature order. */
function buildCatalogue(rng: Rng, nAsvs: number, nSubjects: number): Catalogue {
  const nUnassigned = Math.max(1, Math.round(nAsvs * UNASSIGNED_FRACTION));
  const nUnresolved = Math.round(nAsvs * UNRESOLVED_FRACTION);
  const nNamed = nAsvs - nUnassigned - nUnresolved;
  const perGenus = spreadAsvs(
    rng,
    GUT_GENERA.map((g) => g.weight),
    nNamed,
    1,
  );
  const perUnresolved = spreadAsvs(
    rng,
    UNRESOLVED_LINEAGES.map((u) => u.weight),
    nUnresolved,
    0,
  );

  const lineages: string[] = [];
  const genus: number[] = [];
  const abundance: number[] = [];
  const confidence: number[] = [];
  const addGroup = (
    n: number,
    weight: number,
    lineageOf: () => string,
    genusIndex: number,
    confidenceOf: () => number,
  ) => {
    const shares = logNormalShares(rng, n);
    for (let k = 0; k < n; k++) {
      lineages.push(lineageOf());
      genus.push(genusIndex);
      abundance.push(weight * shares[k]!);
      confidence.push(confidenceOf());
    }
  };
  GUT_GENERA.forEach((spec, g) =>
    addGroup(
      perGenus[g]!,
      spec.weight,
      () => genusLineage(spec, pickSpecies(rng, spec.species)).join('; '),
      g,
      () => 1 - 0.25 * rng.nextFloat() ** 4,
    ),
  );
  UNRESOLVED_LINEAGES.forEach((spec, u) =>
    addGroup(
      perUnresolved[u]!,
      spec.weight,
      () => unresolvedLineage(spec).join('; '),
      -1,
      () => 0.7 + 0.29 * rng.nextFloat(),
    ),
  );
  addGroup(
    nUnassigned,
    UNASSIGNED_WEIGHT,
    () => 'Unassigned',
    -1,
    () => 0.5 + 0.45 * rng.nextFloat(),
  );

  const order = rng.shuffleInPlace(Int32Array.from({ length: nAsvs }, (_, i) => i));
  const total = abundance.reduce((a, b) => a + b, 0);
  const cat: Catalogue = {
    ids: pseudoFeatureIds(rng, nAsvs),
    lineages: Array.from(order, (i) => lineages[i]!),
    confidences: Float64Array.from(order, (i) => confidence[i]!),
    genus: Int32Array.from(order, (i) => genus[i]!),
    abundance: Float64Array.from(order, (i) => abundance[i]! / total),
    prevalence: new Float64Array(nAsvs),
    founder: Int32Array.from({ length: nAsvs }, () => rng.nextInt(nSubjects)),
  };
  assignPrevalence(cat);
  return cat;
}

/** Splits n ASVs over groups: `minimum` each, the rest multinomially by √weight (richness grows slower than abundance). */
function spreadAsvs(rng: Rng, weights: readonly number[], n: number, minimum: number): Int32Array {
  const base = minimum * weights.length;
  if (n < base) throw new RangeError(`${n} ASVs cannot cover ${weights.length} groups`);
  const extra = rng.multinomial(n - base, weights.map(Math.sqrt), new Float64Array(weights.length));
  return Int32Array.from(extra, (k) => k + minimum);
}

/** n log-normal shares (sd ASV_LOG_SD) summing to 1. */
function logNormalShares(rng: Rng, n: number): Float64Array {
  const x = Float64Array.from({ length: n }, () => Math.exp(rng.normal(0, ASV_LOG_SD)));
  const sum = x.reduce((a, b) => a + b, 0);
  return x.map((v) => v / sum);
}

/** A species epithet with probability SPECIES_NAMED, else '' (an empty `s__`). */
function pickSpecies(rng: Rng, species: readonly string[]): string {
  if (species.length === 0 || rng.nextFloat() >= SPECIES_NAMED) return '';
  return species[rng.nextInt(species.length)]!;
}

/**
 * Prevalence rises with ln(abundance / median abundance). The leading ASV of
 * each planted genus is kept common; its abundance when present is lowered by
 * the same factor, so its expected share of reads is unchanged.
 */
function assignPrevalence(cat: Catalogue): void {
  const sorted = Float64Array.from(cat.abundance).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const leads = new Set(plantedGenusIndices().map((g) => leadingAsv(cat, g)));
  for (let i = 0; i < cat.abundance.length; i++) {
    const natural = clamp(
      PREVALENCE_AT_MEDIAN + PREVALENCE_SLOPE * Math.log(cat.abundance[i]! / median),
      PREVALENCE_MIN,
      PREVALENCE_MAX,
    );
    const p = leads.has(i) ? Math.max(natural, PLANTED_PREVALENCE_MIN) : natural;
    cat.prevalence[i] = p;
    cat.abundance[i] = (cat.abundance[i]! * natural) / p;
  }
}

/** x limited to [lo, hi]. */
function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Genera with a planted fold or the planted correlation. */
function plantedGenusIndices(): number[] {
  return [...new Set([...PLANTED_FOLDS.map((p) => genusIndex(p.genus)), genusIndex(CORRELATED_GENUS)])];
}

/** The most abundant ASV of genus g in the catalogue. */
function leadingAsv(cat: Catalogue, g: number): number {
  let best = -1;
  for (let i = 0; i < cat.genus.length; i++)
    if (cat.genus[i] === g && (best < 0 || cat.abundance[i]! > cat.abundance[best]!)) best = i;
  return best;
}

/** Index of a genus in GUT_GENERA. */
function genusIndex(name: string): number {
  const g = GUT_GENERA.findIndex((spec) => spec.genus === name);
  if (g < 0) throw new Error(`genus '${name}' is not in the catalogue`);
  return g;
}

// ---------------------------------------------------------------- design and subjects

/** Subject ids, balanced randomized arms, ages, and missing follow-up visits. */
function buildDesign(rng: Rng, opts: ResolvedStudyOptions): Design {
  const n = 2 * opts.subjectsPerArm;
  const width = Math.max(3, String(n).length);
  const subjects = Array.from({ length: n }, (_, s) => `S${String(s + 1).padStart(width, '0')}`);
  const arms = rng.shuffleInPlace(Array.from({ length: n }, (_, s): Arm => ARMS[s % 2]!));
  const ages = subjects.map(() => AGE_MIN + rng.nextInt(AGE_MAX - AGE_MIN + 1));
  const dropped = subjects.map(() => opts.timepoints.map((_, t) => rng.nextFloat() < opts.dropoutRate && t > 0));
  return { subjects, arms, ages, dropped };
}

/** A subject's baseline community (genus carriage and factors, ASV presence and factors) and clinical baseline. */
function buildSubject(rng: Rng, cat: Catalogue, s: number): Subject {
  const genusFactor = GUT_GENERA.map((spec) => {
    const carried = rng.nextFloat() < spec.carriage;
    const z = rng.normal(0, SUBJECT_GENUS_LOG_SD);
    return carried ? Math.exp(z) : 0;
  });
  const weights = new Float64Array(cat.abundance.length);
  for (let i = 0; i < weights.length; i++) {
    const present = rng.nextFloat() < cat.prevalence[i]! || cat.founder[i] === s;
    const factor = Math.exp(rng.normal(0, SUBJECT_ASV_LOG_SD));
    const g = cat.genus[i]!;
    weights[i] = present ? cat.abundance[i]! * factor * (g >= 0 ? genusFactor[g]! : 1) : 0;
  }
  floorFounderWeights(weights, cat, s);
  const bmdNoise = rng.normal();
  const calcium0 = rng.normal(SERUM_CALCIUM.baselineMean, SERUM_CALCIUM.baselineSd);
  const pth0 = Math.max(PTH.minimum!, rng.normal(PTH.baselineMean, PTH.baselineSd));
  return { weights, bmdNoise, bmd0: Number.NaN, calcium0, pth0 };
}

/** Raises the ASVs this subject founds to FOUNDER_MIN_SHARE of its community (before closure). */
function floorFounderWeights(weights: Float64Array, cat: Catalogue, s: number): void {
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++)
    if (cat.founder[i] === s) weights[i] = Math.max(weights[i]!, FOUNDER_MIN_SHARE * total);
}

/**
 * Baseline bmd = mean + sd · (rho · z + √(1 − rho²) · noise), z the subject's
 * standardized log share of CORRELATED_GENUS in its baseline community
 * (z-scored over the study's subjects).
 */
function plantBmdBaselines(subjects: Subject[], cat: Catalogue): void {
  const g = genusIndex(CORRELATED_GENUS);
  const logShare = subjects.map(({ weights }) => {
    let genus = 0;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += weights[i]!;
      if (cat.genus[i] === g) genus += weights[i]!;
    }
    return Math.log(genus / total + 1e-6);
  });
  const mean = logShare.reduce((a, b) => a + b, 0) / logShare.length;
  const sd = Math.sqrt(logShare.reduce((a, b) => a + (b - mean) ** 2, 0) / (logShare.length - 1)) || 1;
  subjects.forEach((subj, s) => {
    const z = (logShare[s]! - mean) / sd;
    subj.bmd0 = BMD.baselineMean + BMD.baselineSd * (LATENT_RHO * z + Math.sqrt(1 - LATENT_RHO ** 2) * subj.bmdNoise);
  });
}

/** A clinical value at a visit: baseline × (1 + annual change × months / 12) + measurement error, floored at the spec's minimum. */
function clinicalValue(rng: Rng, spec: ClinicalTruth, baseline: number, arm: Arm, month: number): number {
  const value = baseline * (1 + spec.annualRelativeChange[arm]! * (month / 12)) + rng.normal(0, spec.measurementSd);
  return Math.max(spec.minimum ?? -Infinity, value);
}

// ---------------------------------------------------------------- samples

/** Per visit, the fold of each ASV in the planted arm: fold^(month / last month) for planted genera, else 1. */
function plantedFoldTable(cat: Catalogue, timepoints: readonly number[]): Float64Array[] {
  const last = timepoints[timepoints.length - 1]!;
  const foldOfGenus = new Map(PLANTED_FOLDS.map((p) => [genusIndex(p.genus), p.fold]));
  return timepoints.map((month) => Float64Array.from(cat.genus, (g) => (foldOfGenus.get(g) ?? 1) ** (month / last)));
}

/** The visit's expected composition: subject weights × folds (if any), closed to sum 1, into `out`. */
function visitComposition(weights: Float64Array, folds: Float64Array | null, out: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += out[i] = weights[i]! * (folds ? folds[i]! : 1);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
}

/** Dirichlet(VISIT_CONCENTRATION · composition) then Multinomial(depth ~ U{lo..hi}), into `counts`. */
function drawCounts(
  rng: Rng,
  composition: Float64Array,
  [lo, hi]: readonly [number, number],
  counts: Float64Array,
): void {
  const alpha = composition.map((p) => p * VISIT_CONCENTRATION);
  const visit = rng.dirichlet(alpha, new Float64Array(alpha.length));
  const depth = lo + rng.nextInt(hi - lo + 1);
  rng.multinomial(depth, visit, counts);
}

// ---------------------------------------------------------------- study.json and truth

/**
 * study.json (StudyDesignSchema): column roles, baseline, clinical variables,
 * the pathway map and the seed. No explicit comparisons: the pipeline derives
 * them from subject, group, time and baseline (docs/simulate.md).
 */
function studyJson(opts: ResolvedStudyOptions): string {
  const design = {
    subject: 'subject',
    group: 'arm',
    time: 'month',
    baseline: '0',
    clinical: [BMD.variable, SERUM_CALCIUM.variable, PTH.variable],
    pathways: PATHWAY_MAP_PATH,
    seed: opts.seed,
  };
  return `${JSON.stringify(design, null, 2)}\n`;
}

/** Collects what was planted and what came out (sample counts, sparsity, realised correlation). */
function buildTruth(
  opts: ResolvedStudyOptions,
  cat: Catalogue,
  design: Design,
  subjects: Subject[],
  table: FeatureTable,
  bmdValues: number[],
  metabolomics: MetabolomicsRun,
  visitIds: string[],
): Truth {
  const lastMonth = opts.timepoints[opts.timepoints.length - 1]!;
  const dropped: string[] = [];
  const byArmAndMonth: Record<string, number> = {};
  for (const arm of ARMS) for (const m of opts.timepoints) byArmAndMonth[`${arm}/${m}`] = 0;
  design.subjects.forEach((subject, s) =>
    opts.timepoints.forEach((m, t) => {
      if (design.dropped[s]![t]) dropped.push(sampleId(subject, m));
      else byArmAndMonth[`${design.arms[s]}/${m}`]! += 1;
    }),
  );
  const plantedIdx = new Set(PLANTED_FOLDS.map((p) => genusIndex(p.genus)));
  const cells = table.featureIds.length * table.sampleIds.length;
  const correlatedReads = genusFractions(table, cat, genusIndex(CORRELATED_GENUS));
  return {
    options: opts,
    arms: [...ARMS],
    subjectsByArm: Object.fromEntries(
      ARMS.map((arm) => [arm, design.subjects.filter((_, s) => design.arms[s] === arm)]),
    ),
    samples: {
      expected: design.subjects.length * opts.timepoints.length,
      written: table.sampleIds.length,
      dropped,
      byArmAndMonth,
    },
    plantedGenera: PLANTED_FOLDS.map(({ genus, fold }) => ({
      genus,
      arm: PLANTED_ARM,
      direction: fold > 1 ? ('up' as const) : ('down' as const),
      foldAtLastTimepoint: fold,
      foldByMonth: Object.fromEntries(opts.timepoints.map((m) => [String(m), fold ** (m / lastMonth)])),
      featureIds: cat.ids.filter((_, i) => cat.genus[i] === genusIndex(genus)),
    })),
    nullGenera: GUT_GENERA.map((g) => g.genus).filter((_, g) => !plantedIdx.has(g)),
    nullRelativeFactorAtLastTimepoint: closureFactor(cat, design, subjects),
    plantedMetabolites: plantedMetabolitesTruth(metabolomics, PLANTED_ARM, opts.timepoints),
    nullMetabolites: nullMetaboliteIds(metabolomics),
    correlations: [
      {
        clinical: 'bmd',
        dataset: '16s',
        target: CORRELATED_GENUS,
        featureIds: cat.ids.filter((_, i) => cat.genus[i] === genusIndex(CORRELATED_GENUS)),
        method: 'spearman',
        latentRho: LATENT_RHO,
        observedOn: 'genus reads / sample depth',
        observedRho: spearman(correlatedReads, Float64Array.from(bmdValues))?.statistic ?? Number.NaN,
        samples: table.sampleIds.length,
      },
      metaboliteCorrelationTruth(metabolomics, bmdValues),
    ],
    pathways: pathwayTruth(metabolomics),
    metabolomics: metabolomicsTableTruth(metabolomics, visitIds),
    clinical: [BMD, SERUM_CALCIUM, PTH],
    table: {
      path: '16s/feature-table.biom',
      features: table.featureIds.length,
      samples: table.sampleIds.length,
      nnz: nnz(table),
      sparsity: 1 - nnz(table) / cells,
      emptyFeatures: countEmptyFeatures(table),
      unassignedFeatures: cat.lineages.filter((l) => l === 'Unassigned').length,
      featuresWithoutGenus: cat.lineages.filter((l) => l !== 'Unassigned' && l.includes('g__;')).length,
    },
  };
}

/** Mean over planted-arm subjects of Σw / Σ(w · fold at the last visit): how much unplanted taxa shrink or grow by closure. */
function closureFactor(cat: Catalogue, design: Design, subjects: Subject[]): number {
  const last = plantedFoldTable(cat, [0, 1])[1]!;
  let sum = 0;
  let n = 0;
  subjects.forEach((subj, s) => {
    if (design.arms[s] !== PLANTED_ARM) return;
    let before = 0;
    let after = 0;
    for (let i = 0; i < subj.weights.length; i++) {
      before += subj.weights[i]!;
      after += subj.weights[i]! * last[i]!;
    }
    sum += before / after;
    n++;
  });
  return sum / n;
}

/** Per sample, reads of one genus / sample depth. */
function genusFractions(table: FeatureTable, cat: Catalogue, g: number): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = 0; j < out.length; j++) {
    let reads = 0;
    let depth = 0;
    for (let k = table.indptr[j]!; k < table.indptr[j + 1]!; k++) {
      depth += table.data[k]!;
      if (cat.genus[table.indices[k]!] === g) reads += table.data[k]!;
    }
    out[j] = depth > 0 ? reads / depth : 0;
  }
  return out;
}

/** Features with no reads in any sample. */
function countEmptyFeatures(table: FeatureTable): number {
  const seen = new Uint8Array(table.featureIds.length);
  for (let k = 0; k < nnz(table); k++) seen[table.indices[k]!] = 1;
  return seen.length - seen.reduce((a, b) => a + b, 0);
}
