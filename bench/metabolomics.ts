/**
 * Metabolomics benchmark input: an MZmine 3 CSV of 10000
 * features × 1000 samples with 30 % missing cells, generated with the seeded RNG.
 */
import { createRng } from '../lambdas/core/random/rng.js';

export function mzmine3Csv(features = 10000, samples = 1000, missing = 0.3, seed = 5): Uint8Array {
  const rng = createRng(seed);
  const header = [
    'id',
    'mz',
    'rt',
    ...Array.from({ length: samples }, (_, s) => `datafile:sample_${s}.mzML:area`),
  ].join(',');
  const chunks: string[] = [header];
  const row = new Array<string>(samples + 3);
  const dilution = Float64Array.from({ length: samples }, () => Math.exp(0.2 * rng.normal()));
  for (let f = 0; f < features; f++) {
    const level = 9 + 3 * rng.nextFloat();
    row[0] = String(f + 1);
    row[1] = (100 + 900 * rng.nextFloat()).toFixed(4);
    row[2] = (0.5 + 14 * rng.nextFloat()).toFixed(3);
    for (let s = 0; s < samples; s++)
      row[s + 3] = rng.nextFloat() < missing ? '' : (Math.exp(level + 0.5 * rng.normal()) * dilution[s]!).toFixed(1);
    chunks.push(row.join(','));
  }
  return new TextEncoder().encode(`${chunks.join('\n')}\n`);
}
