/**
 * Mixed-model benchmark: the trial shape of the study benchmark (200 subjects × 3 visits = 600
 * samples, two arms) with 7000 responses (2000 genus-like clr values + 5000 log metabolite
 * intensities), each fitted as lmer(y ~ arm * time + (1 | subject)) with Satterthwaite t tests and
 * type-III F tests, plus the repeated-measures correlation of every response with a clinical
 * variable. Data generated with the seeded RNG; timings in seconds.
 */
import { createRng } from '../lambdas/core/random/rng.js';
import { factor, fitPreparedMixedModel, prepareMixedModel } from '../lambdas/core/stats/mixed-model/index.js';
import { repeatedMeasuresCorrelation } from '../lambdas/core/stats/rmcorr.js';

/** Arm, month and subject of each of subjects × 3 samples, and seeded responses with varied subject/residual variance ratios (some 0). */
export function mixedModelBenchInputs(subjects = 200, genera = 2000, metabolites = 5000, seed = 11) {
  const rng = createRng(seed);
  const months = ['0', '6', '12'];
  const arm: string[] = [],
    month: string[] = [];
  const subject = new Int32Array(subjects * months.length);
  for (let s = 0; s < subjects; s++)
    months.forEach((m, v) => {
      subject[s * months.length + v] = s;
      arm.push(s % 2 ? 'high_calcium' : 'regular');
      month.push(m);
    });
  const n = subject.length;
  const clinical = Float64Array.from({ length: n }, () => 0.9 + 0.05 * rng.normal());
  const responses: Float64Array[] = [];
  for (let r = 0; r < genera + metabolites; r++) {
    const isGenus = r < genera;
    const level = isGenus ? 2 * rng.normal() : 10 + 3 * rng.nextFloat();
    const sdSubject = rng.nextFloat() < 0.1 ? 0 : Math.exp(rng.normal() - 0.5);
    const sdResidual = Math.exp(0.5 * rng.normal() - 0.5);
    const effect = [0, 0.3 * rng.normal(), 0.3 * rng.normal()];
    const b = Float64Array.from({ length: subjects }, () => sdSubject * rng.normal());
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = i % months.length;
      y[i] =
        level + (arm[i] === 'high_calcium' ? effect[v]! : 0) + 0.1 * v + b[subject[i]!]! + sdResidual * rng.normal();
    }
    responses.push(y);
  }
  return { arm, month, subject, clinical, responses };
}

/** Seconds to prepare the design, fit all 7000 responses, and compute 7000 repeated-measures correlations. */
export async function benchMixedModels(): Promise<Record<string, number>> {
  const { arm, month, subject, clinical, responses } = mixedModelBenchInputs();
  const t0 = performance.now();
  const armF = factor('arm', arm, { levels: ['regular', 'high_calcium'] });
  const timeF = factor('time', month, { levels: ['0', '6', '12'] });
  if ('ok' in armF || 'ok' in timeF) throw new Error('bench design');
  const prepared = prepareMixedModel({ factors: [armF, timeF] }, subject);
  if ('ok' in prepared) throw new Error(`bench design: ${prepared.message}`);
  const t1 = performance.now();
  let failures = 0,
    singular = 0;
  for (const y of responses) {
    const fit = fitPreparedMixedModel(prepared, y);
    if (!fit.ok) failures++;
    else if (fit.singular) singular++;
  }
  const t2 = performance.now();
  for (const y of responses) repeatedMeasuresCorrelation(y, clinical, subject);
  const t3 = performance.now();
  if (failures) throw new Error(`${failures} bench fits failed`);
  return {
    mixed_model_prepare_s: (t1 - t0) / 1000,
    mixed_model_7000_fits_s: (t2 - t1) / 1000,
    mixed_model_per_fit_ms: (t2 - t1) / responses.length,
    mixed_model_singular_fits: singular,
    rmcorr_7000_s: (t3 - t2) / 1000,
  };
}
