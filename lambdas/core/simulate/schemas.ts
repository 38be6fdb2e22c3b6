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
 * @example { "seed": 42, "subjectsPerArm": 12, "timepoints": [0, 6, 12], "asvs": 300, "depthRange": [8000, 40000], "dropoutRate": 0.08 }
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

/** The planted association between a clinical variable and a genus' relative abundance. */
export const PlantedCorrelationSchema = z.object({
  clinical: z.string(),
  genus: z.string(),
  method: z.literal('spearman'),
  /** correlation of baseline bmd with the subject's standardized log share of the genus in its baseline community */
  latentRho: z.number(),
  /** Spearman rho (average ranks) over all written samples, genus relative abundance = genus reads / depth */
  observedRho: z.number(),
  samples: z.number().int(),
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
});

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
  correlation: PlantedCorrelationSchema,
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
    super(`invalid simulation options: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, options);
  }
}

/** Parses options with `schema`, mapping zod issues to a SimulationOptionsError. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new SimulationOptionsError(issues, { cause: r.error });
}
