/** Seeded random sparse tables for property tests (mulberry32; no Math.random). */
import { type FeatureTable, FeatureTableBuilder } from '../../../../../../lambdas/core/table/feature-table.js';

/** mulberry32: a 32-bit seeded PRNG returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** nFeatures × nSamples table, each cell non-zero with probability `density`, counts 1…e^8 (log-uniform). */
export function randomTable(
  seed: number,
  nFeatures: number,
  nSamples: number,
  density: number,
  integer = true,
): FeatureTable {
  const rand = mulberry32(seed);
  const b = new FeatureTableBuilder(
    Array.from({ length: nFeatures }, (_, f) => `f${f}`),
    Array.from({ length: nSamples }, (_, s) => `s${s}`),
  );
  for (let s = 0; s < nSamples; s++)
    for (let f = 0; f < nFeatures; f++)
      if (rand() < density) {
        const v = Math.exp(rand() * 8);
        b.add(f, s, integer ? Math.floor(v) : v / 7);
      }
  return b.build();
}

/** Dense nSamples × nFeatures copy (sample-major), for definition-level reference computations in tests. */
export function denseRows(t: FeatureTable): Float64Array[] {
  return t.sampleIds.map((_, s) => {
    const row = new Float64Array(t.featureIds.length);
    for (let p = t.indptr[s]!; p < t.indptr[s + 1]!; p++) row[t.indices[p]!] = t.data[p]!;
    return row;
  });
}
