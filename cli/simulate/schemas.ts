/**
 * Options and ground truth of the simulators. Types come from these schemas;
 * options are parsed once, at `simulateStudy` / `simulateTableBenchmark`.
 */
import { z } from 'zod';

const Seed = z.number().int().min(0).max(0xffffffff);

/** Visit months: start at 0 (baseline), strictly increasing. */
const Timepoints = z
  .array(z.number().int().min(0).max(999))
  .min(2)
  .refine((t) => t[0] === 0, { message: 'the first timepoint must be 0 (baseline)' })
  .refine((t) => t.every((m, i) => i === 0 || m > t[i - 1]!), { message: 'timepoints must be strictly increasing' });

/** Inclusive read-depth range [min, max]. */
const DepthRange = z
  .tuple([z.number().int().min(100), z.number().int().min(100)])
  .refine(([lo, hi]) => lo <= hi, { message: 'depthRange[0] must be <= depthRange[1]' });

/**
 * Options of `simulateStudy`.
 * @example { "seed": 42, "subjectsPerArm": 12, "timepoints": [0, 6, 12], "asvs": 300, "depthRange": [8000, 40000], "dropoutRate": 0.08, "metabolites": 300, "qcSamples": 0 }
 */
export const SimulateStudyOptionsSchema = z.object({
  /** @default 42 */
  seed: Seed.default(42),
  /** @default 12 */
  subjectsPerArm: z.number().int().min(2).max(1000).default(12),
  /** months; @default [0, 6, 12] */
  timepoints: Timepoints.default([0, 6, 12]),
  /** @default 300 */
  asvs: z.number().int().min(80).max(100_000).default(300),
  /** @default [8000, 40000] */
  depthRange: DepthRange.default([8000, 40000]),
  /** probability that a follow-up visit (not the baseline) is missing; @default 0.08 */
  dropoutRate: z.number().min(0).max(0.5).default(0.08),
  /** metabolomics features (rows of the MZmine 3 table), at least the 54 named metabolites; @default 300 */
  metabolites: z.number().int().min(80).max(20_000).default(300),
  /** pooled QC injections in the metabolomics run (not in metadata.tsv); @default 0 */
  qcSamples: z.number().int().min(0).max(100).default(0),
});
export type SimulateStudyOptions = z.input<typeof SimulateStudyOptionsSchema>;
export type ResolvedStudyOptions = z.output<typeof SimulateStudyOptionsSchema>;

/**
 * Options of `simulateTableBenchmark`.
 * @example { "samples": 1000, "features": 20000, "density": 0.09, "seed": 1 }
 */
export const TableBenchmarkOptionsSchema = z.object({
  samples: z.number().int().min(1).max(1_000_000),
  features: z.number().int().min(1).max(10_000_000),
  /** expected fraction of non-zero cells, in (0, 1] */
  density: z.number().gt(0).max(1),
  /** @default 42 */
  seed: Seed.default(42),
});
export type TableBenchmarkOptions = z.input<typeof TableBenchmarkOptionsSchema>;

/** A genus given a time-dependent fold change in one arm. */
export const PlantedGenusSchema = z.object({
  genus: z.string(),
  arm: z.string(),
  direction: z.enum(['up', 'down']),
  /** multiplier of the genus' absolute abundance at the last timepoint vs baseline */
  foldAtLastTimepoint: z.number(),
  /** multiplier per month (keys are months as written in metadata): fold^(month / last month) */
  foldByMonth: z.record(z.string(), z.number()),
  featureIds: z.array(z.string()),
});

/** A metabolite given a time-dependent fold change in one arm. */
export const PlantedMetaboliteSchema = z.object({
  /** the MZmine 3 `id` of its row */
  featureId: z.string(),
  name: z.string(),
  pathways: z.array(z.string()),
  arm: z.string(),
  direction: z.enum(['up', 'down']),
  /** multiplier of the metabolite's area at the last timepoint vs baseline */
  foldAtLastTimepoint: z.number(),
  /** multiplier per month (keys are months as written in metadata): fold^(month / last month) */
  foldByMonth: z.record(z.string(), z.number()),
});

/** A planted association between a clinical variable and a genus' relative abundance or a metabolite's area. */
export const PlantedCorrelationSchema = z.object({
  clinical: z.string(),
  dataset: z.enum(['16s', 'metabolomics']),
  /** genus name (16S) or metabolite name */
  target: z.string(),
  /** the genus' ASVs, or the metabolite's feature id */
  featureIds: z.array(z.string()),
  method: z.literal('spearman'),
  /** subject-level coupling of the target with the subject's standardized baseline bmd (see docs/simulate.md) */
  latentRho: z.number(),
  /** what observedRho is computed on */
  observedOn: z.string(),
  /** Spearman rho (average ranks) over the written samples that have a value */
  observedRho: z.number(),
  /** metabolomics: the same on areas divided by each sample's planted dilution (what a perfect normalization recovers) */
  undilutedRho: z.number().optional(),
  samples: z.number().int(),
});

/** One pathway of the map: its features and which of them carry a planted change. */
export const PathwaySetSchema = z.object({
  pathway: z.string(),
  featureIds: z.array(z.string()),
  plantedUp: z.array(z.string()),
  plantedDown: z.array(z.string()),
});

/** The metabolomics table as written. */
export const MetabolomicsTruthSchema = z.object({
  path: z.string(),
  format: z.literal('mzmine3'),
  quantity: z.literal('area'),
  features: z.number().int(),
  /** features with a compound name */
  annotatedFeatures: z.number().int(),
  /** study samples (one per written visit; table name `<sample-id>.mzML`) */
  samples: z.number().int(),
  /** pooled QC injections, as named in the table (they match no metadata row) */
  qcSamples: z.array(z.string()),
  /** fraction of empty area cells, QC included */
  missingFraction: z.number(),
  /** the same over study samples only */
  studyMissingFraction: z.number(),
  /** features missing in at least half of the study samples (dropped by the default 50 % filter) */
  featuresMostlyMissing: z.number().int(),
  /** log-scale sds of the model: subject level, visit noise, sample dilution */
  logSd: z.object({ subject: z.number(), residual: z.number(), dilution: z.number() }),
  /** sample id -> planted dilution factor (every area of the sample is multiplied by it) */
  dilution: z.record(z.string(), z.number()),
});
/** How a numeric clinical variable was generated. */
export const ClinicalTruthSchema = z.object({
  variable: z.string(),
  unit: z.string(),
  baselineMean: z.number(),
  baselineSd: z.number(),
  /** relative change per 12 months, by arm */
  annualRelativeChange: z.record(z.string(), z.number()),
  measurementSd: z.number(),
  decimals: z.number().int(),
  /** values are floored here (keeps the normal tails positive) */
  minimum: z.number().optional(),
});
export type ClinicalTruth = z.infer<typeof ClinicalTruthSchema>;

/** Everything the simulator planted, for tests of the pipeline's findings. */
export const TruthSchema = z.object({
  options: SimulateStudyOptionsSchema,
  arms: z.tuple([z.literal('regular'), z.literal('high_calcium')]),
  subjectsByArm: z.record(z.string(), z.array(z.string())),
  samples: z.object({
    expected: z.number().int(),
    written: z.number().int(),
    dropped: z.array(z.string()),
    /** "<arm>/<month>" -> count of written samples */
    byArmAndMonth: z.record(z.string(), z.number().int()),
  }),
  plantedGenera: z.array(PlantedGenusSchema),
  /** named genera with no planted change in absolute abundance */
  nullGenera: z.array(z.string()),
  /**
   * closure: mean factor by which every unplanted taxon's relative abundance is
   * multiplied in the planted arm at the last timepoint, because the planted
   * genera take a different share of each sample
   */
  nullRelativeFactorAtLastTimepoint: z.number(),
  plantedMetabolites: z.array(PlantedMetaboliteSchema),
  /** feature ids with no planted change (the bmd-correlated metabolite included: it has no arm or time effect) */
  nullMetabolites: z.array(z.string()),
  /** planted correlations: bmd with Bifidobacterium (16S) and with one metabolite */
  correlations: z.array(PlantedCorrelationSchema),
  pathways: z.object({
    path: z.string(),
    /** the pathway over-represented among the planted rising metabolites */
    enriched: z.string(),
    sets: z.array(PathwaySetSchema),
    /** features in no pathway (all unannotated features) */
    unmappedFeatures: z.number().int(),
  }),
  metabolomics: MetabolomicsTruthSchema,
  clinical: z.array(ClinicalTruthSchema),
  table: z.object({
    path: z.string(),
    features: z.number().int(),
    samples: z.number().int(),
    nnz: z.number().int(),
    /** fraction of zero cells */
    sparsity: z.number(),
    /** features with no reads in any written sample (kept in the table) */
    emptyFeatures: z.number().int(),
    unassignedFeatures: z.number().int(),
    featuresWithoutGenus: z.number().int(),
  }),
});
export type Truth = z.infer<typeof TruthSchema>;

/** Thrown when simulator options fail their schema; `issues` lists each path and message. */
export class SimulationOptionsError extends Error {
  override name = 'SimulationOptionsError';
  constructor(
    public readonly issues: { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid simulation options: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
  }
}

/** Parses options with `schema`, mapping zod issues to a SimulationOptionsError. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new SimulationOptionsError(issues, { cause: r.error });
}
