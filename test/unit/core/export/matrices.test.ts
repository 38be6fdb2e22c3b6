/** Distance-matrix and processed-matrix artifacts read back; beta long form; MetaboAnalyst layout (exact bytes). */
import fc from 'fast-check';
import { distanceMatrix, toQiimeTsv } from '../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import {
  betaRows,
  matrixRows,
  parseProcessedTsv,
  parseQiimeDistanceTsv,
} from '../../../../lambdas/core/export/matrices.js';
import { toMetaboAnalystCsv } from '../../../../lambdas/core/export/metaboanalyst.js';

describe('QIIME 2 distance matrix TSV -> long form', () => {
  it('reads back what toQiimeTsv writes (any size, any distances)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), {
              minLength: (n * (n - 1)) / 2,
              maxLength: (n * (n - 1)) / 2,
            }),
          ),
        ),
        ([n, d]) => {
          const dm = distanceMatrix(
            Array.from({ length: n }, (_, i) => `s${i}`),
            Float64Array.from(d),
          );
          const back = parseQiimeDistanceTsv(toQiimeTsv(dm));
          return (
            back.ok &&
            back.value.ids.join() === dm.ids.join() &&
            back.value.data.every((x, k) => Object.is(x, dm.data[k]))
          );
        },
      ),
    );
  });

  it('one row per unordered pair in condensed order, the earlier sample first', () => {
    const dm = distanceMatrix(['a', 'b', 'c'], Float64Array.from([0.1, 0.2, 0.3]));
    expect(betaRows(dm, { datasetId: 'd', metric: 'bray_curtis' })).toEqual([
      { sampleId: 'a', otherSampleId: 'b', datasetId: 'd', metric: 'bray_curtis', distance: 0.1 },
      { sampleId: 'a', otherSampleId: 'c', datasetId: 'd', metric: 'bray_curtis', distance: 0.2 },
      { sampleId: 'b', otherSampleId: 'c', datasetId: 'd', metric: 'bray_curtis', distance: 0.3 },
    ]);
  });

  it('a malformed matrix is a reason, not a throw', () => {
    expect(parseQiimeDistanceTsv('\ta\tb\na\t0\t1\n')).toEqual({
      ok: false,
      reason: 'distance matrix has 2 ids in its header but 1 rows',
    });
    expect(parseQiimeDistanceTsv('\ta\tb\na\t0\tx\nb\tx\t0\n').ok).toBe(false);
  });
});

describe('processed metabolomics matrix', () => {
  const tsv = 'featureId\tS1\tS2\nglucose\t0.5\t-1.25\n1,6-anhydro\t2\t3e-7\n';
  const parsed = parseProcessedTsv(tsv);

  it('is read sample-major from the features-in-rows TSV', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.sampleIds).toEqual(['S1', 'S2']);
    expect(parsed.value.featureIds).toEqual(['glucose', '1,6-anhydro']);
    expect(Array.from(parsed.value.values)).toEqual([0.5, 2, -1.25, 3e-7]);
  });

  it('MetaboAnalyst layout: Sample (metadata id), Label (class, NA when none), then features; CSV quoting', () => {
    if (!parsed.ok) throw new Error(parsed.reason);
    const csv = toMetaboAnalystCsv(parsed.value, (id) =>
      id === 'S1' ? { name: 'P-01', label: 'control' } : { name: 'P-02', label: null },
    );
    expect(csv).toBe('Sample,Label,glucose,"1,6-anhydro"\nP-01,control,0.5,2\nP-02,NA,-1.25,3e-7\n');
  });

  it('tidy long form: one row per sample × feature with the metadata id', () => {
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(matrixRows(parsed.value, (id) => (id === 'S1' ? 'P-01' : null), { datasetId: 'm' })).toEqual([
      { sampleId: 'S1', metadataId: 'P-01', datasetId: 'm', featureId: 'glucose', value: 0.5 },
      { sampleId: 'S1', metadataId: 'P-01', datasetId: 'm', featureId: '1,6-anhydro', value: 2 },
      { sampleId: 'S2', metadataId: null, datasetId: 'm', featureId: 'glucose', value: -1.25 },
      { sampleId: 'S2', metadataId: null, datasetId: 'm', featureId: '1,6-anhydro', value: 3e-7 },
    ]);
  });

  it('a ragged row is a reason', () => {
    expect(parseProcessedTsv('featureId\tS1\tS2\nf\t1\n')).toEqual({
      ok: false,
      reason: 'processed matrix row 2 has 1 values for 2 samples',
    });
    expect(parseProcessedTsv('x\tS1\n').ok).toBe(false);
  });
});
