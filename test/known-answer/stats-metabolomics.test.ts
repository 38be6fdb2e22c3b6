/**
 * Metabolomics differential statistics against test/fixtures/<set>/reference/{metaboanalyst-cachexia,fbmn-stats-dom-interlab}/diff_<A>_vs_<B>.json
 * (R 4.2.2 `t.test`, `wilcox.test`, `p.adjust(BH)`; see each README, "diff_<A>_vs_<B>.json").
 * Inputs come from the same folder's processing.json, so the tests do not depend on the processing code:
 * - cachexia has `pqn_matrix` (imputed, PQN-normalized): the glog10 values are recomputed from it with the recorded `glog_m`
 *   (log10((x + √(x² + m²))/2)); Wilcoxon uses them too (the ranks, and so the exact ties PQN creates, are those of the PQN values).
 * - fbmn has only `processed_matrix` (Pareto-scaled glog): Welch t and its df are invariant under the per-feature affine map
 *   g ↦ (g − mean)/√sd, and ranks under any increasing map, so both tests run on the Pareto values directly; the glog values
 *   reconstructed as z·√sd + mean are used as a second input for the Welch t.
 * log2 fold change is checked from the reference's own `mean_A_pqn` / `mean_B_pqn`, and for cachexia also those means from pqn_matrix.
 * Tolerance: 1e-9 relative; Welch t and log2FC near 0 with an absolute floor of 1e-12 × the file's largest |value| (README "Comparing").
 */
import { benjaminiHochberg } from '../../lambdas/core/stats/benjamini-hochberg.js';
import { log2FoldChange } from '../../lambdas/core/stats/log2-fold-change.js';
import { mannWhitneyU } from '../../lambdas/core/stats/mann-whitney-u.js';
import { sampleMean } from '../../lambdas/core/stats/sample-mean.js';
import { welchT } from '../../lambdas/core/stats/welch-t.js';
import { readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;

const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

interface Comparison {
  folder: string;
  file: string;
  /** value of feature column j for a sample, on the scale the tests run on */
  input: 'glog from pqn_matrix' | 'pareto' | 'glog from pareto';
}

const COMPARISONS: Comparison[] = [
  { folder: 'metaboanalyst-cachexia', file: 'diff_cachexic_vs_control.json', input: 'glog from pqn_matrix' },
  { folder: 'metaboanalyst-cachexia', file: 'diff_cachexic_vs_control.json', input: 'pareto' },
  { folder: 'fbmn-stats-dom-interlab', file: 'diff_A45M_vs_M.json', input: 'pareto' },
  { folder: 'fbmn-stats-dom-interlab', file: 'diff_A45M_vs_M.json', input: 'glog from pareto' },
  { folder: 'fbmn-stats-dom-interlab', file: 'diff_A5M_vs_M.json', input: 'pareto' },
  { folder: 'fbmn-stats-dom-interlab', file: 'diff_A5M_vs_M.json', input: 'glog from pareto' },
];

describe.each(COMPARISONS)('$folder/$file on $input', ({ folder, file, input }) => {
  const proc = readFixtureJson('reference', folder, 'processing.json');
  const diff = readFixtureJson('reference', folder, file);
  const row = new Map<string, number>((proc.sample_ids as string[]).map((s, i) => [s, i]));
  const column = new Map<string, number>((proc.kept_features as string[]).map((f, j) => [f, j]));
  const m: number = proc.glog_m;
  const value = (sample: string, j: number): number => {
    const i = row.get(sample)!;
    if (input === 'glog from pqn_matrix') {
      const x: number = proc.pqn_matrix.values[i][j];
      return Math.log10((x + Math.sqrt(x * x + m * m)) / 2);
    }
    const z: number = proc.processed_matrix.values[i][j];
    return input === 'pareto' ? z : z * Math.sqrt(proc.glog_sd[j]) + proc.glog_mean[j];
  };
  const rows = diff.results as any[];
  const groups = rows.map((r) => {
    const j = column.get(r.feature)!;
    return [
      (diff.samples_A as string[]).map((s) => value(s, j)),
      (diff.samples_B as string[]).map((s) => value(s, j)),
    ] as const;
  });

  it('Welch t, p and BH q match R t.test / p.adjust for every feature', () => {
    const results = groups.map(([a, b]) => welchT(a, b)!);
    const expectedT = rows.map((r) => r.welch_t);
    expect(
      maxRelError(
        results.map((r) => r.statistic),
        expectedT,
        1e-12 * maxAbs(expectedT),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        results.map((r) => r.p),
        rows.map((r) => r.welch_p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        benjaminiHochberg(results.map((r) => r.p)),
        rows.map((r) => r.welch_q),
      ),
    ).toBeLessThanOrEqual(REL);
  });

  it('Wilcoxon W, exactness (PQN ties), p and BH q match R wilcox.test / p.adjust for every feature', () => {
    const results = groups.map(([a, b]) => mannWhitneyU(a, b)!);
    expect(results.map((r) => r.exact)).toEqual(rows.map((r) => r.exact));
    expect(
      maxRelError(
        results.map((r) => r.statistic),
        rows.map((r) => r.wilcoxon_W),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        results.map((r) => r.p),
        rows.map((r) => r.wilcoxon_p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        benjaminiHochberg(results.map((r) => r.p)),
        rows.map((r) => r.wilcoxon_q),
      ),
    ).toBeLessThanOrEqual(REL);
  });

  it('log2 fold change of the PQN means matches', () => {
    const expected = rows.map((r) => r.log2_fold_change);
    const fc = rows.map((r) => log2FoldChange(r.mean_A_pqn, r.mean_B_pqn));
    expect(maxRelError(fc, expected, 1e-12 * maxAbs(expected))).toBeLessThanOrEqual(REL);
    if (input !== 'glog from pqn_matrix') return;
    const means = rows.map((r) => {
      const j = column.get(r.feature)!;
      const mean = (samples: string[]) =>
        sampleMean(samples.map((s) => proc.pqn_matrix.values[row.get(s)!][j] as number));
      return [mean(diff.samples_A), mean(diff.samples_B)] as const;
    });
    expect(
      maxRelError(
        means.flat(),
        rows.flatMap((r) => [r.mean_A_pqn, r.mean_B_pqn]),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        means.map(([a, b]) => log2FoldChange(a, b)),
        expected,
        1e-12 * maxAbs(expected),
      ),
    ).toBeLessThanOrEqual(REL);
  });
});
