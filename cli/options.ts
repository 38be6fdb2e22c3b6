/** CLI option schemas: commander parses flags, zod validates them and gives the types. */
import { z } from 'zod';
import { RANK_NAMES } from '../lambdas/core/amplicon/taxonomy/lineage.js';
import { StudyIdSchema } from '../lambdas/core/pipeline/contract.js';
import { OrdinationMetricSchema } from '../lambdas/core/results/model.js';

export const StateOption = z.string().min(1).default('.biomeflow');
export const FormatOption = z.enum(['table', 'tsv', 'json']).default('table');

export const RunOptionsSchema = z.object({
  study: StudyIdSchema.optional(),
  state: StateOption,
  timeout: z.coerce.number().int().positive().default(1800),
});

export const UpOptionsSchema = z.object({ state: StateOption });

export const QueryOptionsSchema = z.object({
  dataset: z.string().optional(),
  format: FormatOption,
  state: StateOption,
  table: z.string().optional(),
  region: z.string().optional(),
  bucket: z.string().optional(),
  metric: OrdinationMetricSchema.default('bray_curtis'),
  rank: z.enum(RANK_NAMES).default('genus'),
  perSample: z.boolean().default(false),
  comparison: z.string().optional(),
  q: z.coerce.number().gt(0).max(1).optional(),
  feature: z.string().optional(),
  top: z.coerce.number().int().positive().optional(),
  term: z.string().optional(),
  all: z.boolean().default(false),
  scores: z.boolean().default(false),
  observedOnly: z.boolean().default(false),
});

export const QueryWhatSchema = z.enum([
  'datasets',
  'samples',
  'features',
  'taxa',
  'ordination',
  'beta',
  'matrix',
  'comparisons',
  'tests',
  'hits',
  'correlations',
  'pathways',
  'models',
  'lefse',
  'opls',
  'design',
  'runs',
]);

export const SimulateOptionsSchema = z.object({
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  subjects: z.coerce.number().int().min(2).max(10000).optional(),
});

export const ReportOptionsSchema = z.object({
  out: z.string().min(1).optional(),
  open: z.boolean().default(false),
  state: StateOption,
  table: z.string().optional(),
  region: z.string().optional(),
});

/** Parses options or throws a CliError naming the option. */
export function parseOptions<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  throw new CliError(`invalid --${String(i.path[0] ?? 'option')}: ${i.message}`);
}

/** A usage or input error: printed as one line, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}
