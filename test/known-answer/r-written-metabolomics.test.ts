/**
 * Metabolite tables as R writes them (test/fixtures/metaboanalyst-cachexia/r-written, made by R 4.2.2 from
 * human_cachexia.csv with gen.R there): `write.table(format(m), sep = ";", quote = TRUE)` — header one cell
 * short, every value quoted and right-aligned with leading spaces, numeric feature ids — and `write.csv2(m)`
 * (`;`, decimal commas). Features in rows, samples in columns. With the study's sample ids (the metadata), each
 * parses to the cachexia table and its MetaboAnalyst-default processing matches reference/processing.json
 * exactly as the original CSV does.
 */
import { parseMetabolomicsTable } from '../../lambdas/core/metabolomics/formats/index.js';
import { processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { expectAllClose } from '../helpers/numeric.js';

const SET = 'metaboanalyst-cachexia';
const ref = readFixtureJson('reference', SET, 'processing.json') as {
  sample_ids: string[];
  kept_features: string[];
  processed_matrix: { values: number[][] };
  pqn_factors: Record<string, number>;
};
const names = new Map(
  readFixtureText('data', SET, 'r-written/feature_names.tsv')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t') as [string, string]),
);

describe.each(['cachexia_features_rformat.csv', 'cachexia_features_csv2.csv'])('R-written %s', (file) => {
  const parsed = parseMetabolomicsTable(readFixture('data', SET, `r-written/${file}`), file, {
    sampleIds: ref.sample_ids,
  });
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  const t = parsed.value;

  it('reads 77 samples in columns and 63 numbered features in rows (orientation settled by the study sample ids)', () => {
    expect(t.orientation).toBe('features-in-rows');
    expect(t.sampleIds).toHaveLength(77);
    expect(t.featureIds).toHaveLength(63);
    expect(t.featureIds.slice(0, 2)).toEqual(['100001', '100002']);
    expect(t.orientationSource).toMatch(/match study sample ids/);
  });

  it('processes to the reference matrix (MetaboAnalyst defaults: min/5, PQN, glog10, Pareto)', () => {
    const p = processMetabolomics(t);
    const order = ref.sample_ids.map((s) => p.sampleIds.indexOf(s));
    expect(order.every((k) => k >= 0)).toBe(true);
    expect(p.featureIds.map((f) => names.get(f))).toEqual(ref.kept_features);
    const nF = p.featureIds.length;
    const rows = order.flatMap((k) => Array.from(p.processed.subarray(k * nF, (k + 1) * nF)));
    expectAllClose(rows, ref.processed_matrix.values.flat(), `${file} processed`);
    expectAllClose(
      order.map((k) => p.normalization.factors[k]!),
      ref.sample_ids.map((s) => ref.pqn_factors[s]!),
      `${file} PQN factors`,
    );
  });
});

describe('R write.table(format()) with NA', () => {
  it('reads the right-aligned, quoted "    NA" cells as missing', () => {
    const parsed = parseMetabolomicsTable(readFixture('data', SET, 'r-written/small_na_rformat.csv'), 'small.csv', {
      orientation: 'features-in-rows',
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const t = parsed.value;
    expect(t.sampleIds).toEqual(['PIF_178', 'PIF_087', 'PIF_090', 'NETL_005_V1', 'PIF_115']);
    expect(t.featureIds).toEqual(['100001', '100002', '100003', '100004']);
    const nF = 4;
    const at = (f: number, s: number) => t.values[s * nF + f]!;
    expect(at(0, 0)).toBe(40.85);
    expect(at(0, 4)).toBe(22.2);
    expect(Number.isNaN(at(1, 2))).toBe(true);
    expect(Number.isNaN(at(3, 0))).toBe(true);
    expect(at(3, 4)).toBe(83.93);
  });
});
