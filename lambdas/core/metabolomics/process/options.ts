/**
 * Options of `processMetabolomics`. Types come from this schema (z.input for
 * what callers pass, z.output for the resolved options recorded in the
 * result). Defaults are docs/metrics.md's (MetaboAnalyst's): zeros missing, drop
 * features missing in >= 50 % of samples, impute min/5, PQN, glog10, Pareto.
 *
 * @example { "missingThreshold": 0.5, "impute": { "method": "min5" }, "normalize": { "method": "pqn", "reference": "auto" }, "transform": "glog10", "scale": "pareto" }
 */
import { z } from 'zod';

/** PQN reference profile: feature-wise median over all samples or over QCs (docs/metrics.md, Dieterle 2006), one sample, or the feature-wise mean of one class (MetaboAnalyst's own PQN). */
const PqnReference = z.union([
  z.enum(['auto', 'all', 'qc']),
  z.object({ sample: z.string().min(1) }),
  z.object({ group: z.string().min(1) }),
]);

const Normalize = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({ method: z.literal('sum') }),
  z.object({ method: z.literal('median') }),
  /** 'auto': median over QC samples when any are marked, else over all samples */
  z.object({ method: z.literal('pqn'), reference: PqnReference.default('auto') }),
  z.object({ method: z.literal('quantile') }),
]);

const Impute = z.discriminatedUnion('method', [
  /** (min positive value of the feature) / 5, MetaboAnalyst ReplaceMin */
  z.object({ method: z.literal('min5') }),
  /** (min positive value of the feature) / 2 */
  z.object({ method: z.literal('halfmin') }),
  /** median of the feature's observed values */
  z.object({ method: z.literal('median') }),
  /** mean of the k nearest samples that observe the feature; distance = root-mean-square difference over features both samples observe */
  z.object({ method: z.literal('knn'), k: z.number().int().min(1).max(100).default(10) }),
  z.object({ method: z.literal('none') }),
]);

export const ProcessOptionsSchema = z
  .object({
    /** docs/metrics.md: a 0 is missing unless the study says zeros are real. @default true */
    zerosAreMissing: z.boolean().default(true),
    /** drop a feature when its missing fraction (over the samples present) is >= this. @default 0.5 */
    missingThreshold: z.number().min(0).max(1).default(0.5),
    /** @default { method: 'min5' } */
    impute: Impute.default({ method: 'min5' }),
    /**
     * Drop features whose mean in blanks / mean in study samples (missing as 0) exceeds `maxRatio`,
     * then drop the blank samples. 'auto' runs when blanks are marked. @default 'off' (docs/metrics.md' default
     * processing keeps blanks, as the fbmn reference does)
     */
    blankFilter: z
      .object({
        mode: z.enum(['off', 'auto', 'on']).default('off'),
        maxRatio: z.number().min(0).default(0.3),
        dropBlankSamples: z.boolean().default(true),
      })
      .default({ mode: 'off', maxRatio: 0.3, dropBlankSamples: true }),
    /** Drop features whose QC RSD (sd/mean over QC samples, raw values) exceeds `maxRsd`; 'auto' runs when >= 2 QCs are marked. @default 'auto', 0.3 */
    qcRsdFilter: z
      .object({ mode: z.enum(['off', 'auto', 'on']).default('auto'), maxRsd: z.number().positive().default(0.3) })
      .default({ mode: 'auto', maxRsd: 0.3 }),
    /** @default { method: 'pqn', reference: 'auto' } */
    normalize: Normalize.default({ method: 'pqn', reference: 'auto' }),
    /** generalized log (MetaboAnalyst LogNorm) base 10 or 2, or none. @default 'glog10' */
    transform: z.enum(['glog10', 'glog2', 'none']).default('glog10'),
    /** @default 'pareto' */
    scale: z.enum(['pareto', 'auto', 'range', 'none']).default('pareto'),
    /** keep the normalized (untransformed) and transformed (unscaled) matrices in the result, for fold changes and tests. @default true */
    keepIntermediates: z.boolean().default(true),
  })
  .strict();

export type ProcessOptions = z.input<typeof ProcessOptionsSchema>;
export type ResolvedProcessOptions = z.output<typeof ProcessOptionsSchema>;
