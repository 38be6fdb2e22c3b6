/**
 * LEfSe on a generated clade table: 600 samples × 2000 clades, 2 classes of
 * 300, seeded. 100 clades are planted 3× higher in class B; the rest are
 * exchangeable, so about 5 % pass KW by chance. Reports seconds for the tests
 * alone (ldaThreshold < 0 skips the LDA), for the full run with LEfSe's
 * defaults, and for building clades from a generated 600-sample genus table.
 */
import { buildLefseClades, type LefseClades, runLefse } from '../lambdas/core/amplicon/lefse/index.js';
import { createRng, type Rng } from '../lambdas/core/random/rng.js';
import { FeatureTableBuilder } from '../lambdas/core/table/feature-table.js';

const SAMPLES = 600;
const CLADES = 2000;
const PLANTED = 100;
const SEED = 20240601;

/** Wall-clock seconds of one call. */
function time<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, value };
}

/** Dense clade-major values: sparse gamma abundances, the first PLANTED clades ×3 in class B; each sample scaled to 1e6. */
function generatedClades(rng: Rng): { input: LefseClades; classes: string[] } {
  const classes = Array.from({ length: SAMPLES }, (_, j) => (j % 2 === 0 ? 'A' : 'B'));
  const values = new Float64Array(CLADES * SAMPLES);
  const shape = Float64Array.from({ length: CLADES }, () => 0.3 + rng.nextFloat());
  for (let c = 0; c < CLADES; c++) {
    const presence = 0.3 + 0.7 * rng.nextFloat();
    for (let j = 0; j < SAMPLES; j++) {
      if (rng.nextFloat() > presence) continue;
      const fold = c < PLANTED && classes[j] === 'B' ? 3 : 1;
      values[c * SAMPLES + j] = Math.round(fold * rng.gamma(shape[c]!, 50));
    }
  }
  for (let j = 0; j < SAMPLES; j++) {
    let total = 0;
    for (let c = 0; c < CLADES; c++) total += values[c * SAMPLES + j]!;
    const k = total > 0 ? 1e6 / total : 0;
    for (let c = 0; c < CLADES; c++) values[c * SAMPLES + j]! *= k;
  }
  const clades = Array.from({ length: CLADES }, (_, c) => `k__B;p__P${c % 20};c__C${c}`);
  const input: LefseClades = {
    clades,
    levels: new Int32Array(CLADES).fill(3),
    sampleIds: Array.from({ length: SAMPLES }, (_, j) => `S${j}`),
    values,
    normalization: 1e6,
  };
  return { input, classes };
}

/** Seconds for LEfSe's steps on the generated data, plus the number of features that reached the LDA. */
export async function benchLefse(): Promise<Record<string, number>> {
  const rng = createRng(SEED);
  const { input, classes } = generatedClades(rng);
  const design = { classes, subjects: input.sampleIds };
  const tests = time(() => runLefse(input, design, { ldaThreshold: -1 }));
  const full = time(() => runLefse(input, design));
  const passing = full.value.ok ? full.value.nWilcoxonPass : Number.NaN;
  const discriminative = full.value.ok ? full.value.nDiscriminative : Number.NaN;
  const genera = 1000;
  const builder = new FeatureTableBuilder(
    Array.from({ length: genera }, (_, g) => `G${g}`),
    input.sampleIds,
  );
  for (let g = 0; g < genera; g++)
    for (let j = 0; j < SAMPLES; j++) if (rng.nextFloat() < 0.3) builder.add(g, j, 1 + rng.nextInt(500));
  const lineages = Array.from(
    { length: genera },
    (_, g) => `k__B;p__P${g % 13};c__C${g % 41};o__O${g % 97};f__F${g % 311};g__G${g}`,
  );
  const table = builder.build();
  const clades = time(() => buildLefseClades(table, lineages));
  return {
    lefse_tests_only_seconds: tests.seconds,
    lefse_full_seconds: full.seconds,
    lefse_lda_seconds: full.seconds - tests.seconds,
    lefse_features_in_lda: passing,
    lefse_discriminative: discriminative,
    clades_from_1000_genera_seconds: clades.seconds,
    clades_built: clades.value.clades.length,
  };
}
