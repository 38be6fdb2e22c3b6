/**
 * Test-only fixture loader for dense BIOM 1.0 JSON (GlobalPatterns.dense.biom.json),
 * so metric tests do not depend on the production parsers' progress.
 */
import { type FeatureTable, FeatureTableBuilder } from '../../lambdas/core/table/feature-table.js';

/** The table of a dense BIOM 1.0 JSON document given as text. */
export function loadDenseBiomJson(text: string): FeatureTable {
  const j = JSON.parse(text);
  const featureIds: string[] = j.rows.map((r: { id: string }) => r.id);
  const sampleIds: string[] = j.columns.map((c: { id: string }) => c.id);
  const b = new FeatureTableBuilder(featureIds, sampleIds, 1 << 16);
  j.data.forEach((row: number[], i: number) => row.forEach((v, s) => b.add(i, s, v)));
  return b.build();
}
