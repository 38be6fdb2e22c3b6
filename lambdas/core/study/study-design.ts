/**
 * study.json: the optional design beside metadata.tsv. Every field is optional;
 * what is absent is inferred (docs/study-design.md) and the inferred design is
 * recorded on the study. Validated here, at the boundary; types come from the schema.
 *
 * Example:
 *   { "subject": "subject", "group": "arm", "time": "month", "baseline": "0",
 *     "clinical": ["bmd"], "rarefactionDepth": 5000, "permutations": 999, "seed": 42,
 *     "comparisons": [{ "name": "hc_vs_reg_m12", "factor": "arm", "groups": ["high_calcium", "regular"], "where": { "month": "12" } }] }
 */
import { z } from 'zod';
import { fail } from '../errors.js';
import { ProcessOptionsSchema } from '../metabolomics/process/options.js';
import { TableKindSchema } from '../results/model.js';
import { jsonSyntaxErrorOffset, locateJsonPath } from '../text/json-locate.js';
import { lineColumnAt } from '../text/text.js';

const Name = z.string().min(1);

/** One comparison: groups[0] (A) vs groups[1] (B) of `factor`, optionally within a subset (`where`), optionally paired by subject. */
export const ComparisonSchema = z
  .object({
    name: Name.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"'),
    kind: z.enum(['between', 'within', 'change']).optional(),
    factor: Name,
    groups: z.tuple([Name, Name]),
    where: z.record(z.string(), z.string()).default({}),
    paired: z.boolean().default(false),
  })
  .strict();
export type Comparison = z.output<typeof ComparisonSchema>;

export const StudyDesignSchema = z
  .object({
    /** column identifying the subject (repeated measures) */
    subject: Name.optional(),
    /** column of the arm / group */
    group: Name.optional(),
    /** column of the timepoint, and its baseline level */
    time: Name.optional(),
    baseline: z.string().optional(),
    comparisons: z.array(ComparisonSchema).optional(),
    /** numeric metadata columns correlated with features */
    clinical: z.array(Name).optional(),
    /** minimum prevalence (fraction of samples) for a feature to be tested */
    prevalence: z.number().min(0).max(1).default(0.1),
    /** ordination axes stored per sample (PCoA, PCA) */
    ordinationAxes: z.number().int().min(1).max(100).default(10),
    /** rarefy 16S tables to this depth before beta diversity */
    rarefactionDepth: z.number().int().positive().optional(),
    permutations: z.number().int().min(0).max(100000).default(999),
    /** a tested feature observed (count > 0, or not missing before imputation) in fewer samples than this in either group is flagged lowObserved */
    minObserved: z.number().int().min(0).max(1000).default(3),
    /** permutations of the OPLS-DA / PLS-DA permutation test (ropls permI) */
    oplsPermutations: z.number().int().min(0).max(10000).default(200),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42),
    /** feature -> pathway map file (path relative to the study) */
    pathways: z.string().optional(),
    /** kind of plain matrices whose names do not say: path relative to the study -> kind */
    kinds: z.record(z.string(), TableKindSchema).default({}),
    /** mothur .shared label (OTU cutoff) to read; default the finest */
    mothurLabel: z.string().optional(),
    /** metabolomics processing options (docs/metabolomics.md); MetaboAnalyst defaults when absent */
    metabolomics: ProcessOptionsSchema.optional(),
    /**
     * metabolomics tables whose values are already transformed (log-scaled, centred), so that
     * negative values are real: true for every table of the study, or the paths (relative to
     * the study, as in `kinds`) of those tables. Other tables with a negative intensity fail
     * NEGATIVE_VALUE (docs/limits.md). Passed to the parsers as the `transformed` hint.
     */
    transformed: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
    /** q-value threshold for stored correlation pairs */
    correlationQ: z.number().gt(0).max(1).default(0.05),
    /** strongest pairs (by |rho|) stored per feature besides those below correlationQ (docs/study-statistics.md) */
    topCorrelationsPerFeature: z.number().int().min(0).max(1000).default(5),
    /** a tested metabolite with q below this in either test is a pathway over-representation hit */
    pathwayHitQ: z.number().gt(0).max(1).default(0.05),
  })
  .strict();
export type StudyDesign = z.output<typeof StudyDesignSchema>;

/** `studies/<study>/` and `./` prefixes removed, so a path compares with study.json's. */
function studyRelative(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^studies\/[^/]+\//, '')
    .replace(/^(\.\/)+/, '');
}

/** The `transformed` parse hint for the metabolomics table at `path` (relative to the study, or a full `studies/<study>/…` key): study.json's `transformed` is true or lists the path. */
export function isTransformedTable(design: Pick<StudyDesign, 'transformed'> | undefined, path: string): boolean {
  const t = design?.transformed;
  if (t === undefined || t === false) return false;
  if (t === true) return true;
  const wanted = studyRelative(path);
  return t.some((p) => studyRelative(p) === wanted);
}

/** Parses study.json text; a syntax or schema error fails INVALID_STUDY_DESIGN at the offending line and column. */
export function parseStudyDesign(text: string): StudyDesign {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = lineColumnAt(text, jsonSyntaxErrorOffset(text));
    fail('INVALID_STUDY_DESIGN', `study.json is not valid JSON: ${(e as Error).message}`, {
      ...at,
      expected: 'a JSON object',
    });
  }
  const r = StudyDesignSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  let at = { line: 1, column: 1 };
  try {
    at = lineColumnAt(
      text,
      locateJsonPath(
        text,
        issue.code === 'unrecognized_keys' ? [...path, String((issue as { keys?: string[] }).keys?.[0] ?? '')] : path,
      ),
    );
  } catch {
    /* the path may not exist in the text (a missing key): report the enclosing object */
  }
  const where = path.length ? path.join('.') : '(top level)';
  fail('INVALID_STUDY_DESIGN', `study.json ${where}: ${issue.message}`, {
    ...at,
    expected: 'see docs/study-design.md',
  });
}
