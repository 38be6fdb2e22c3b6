/**
 * A BIOM feature table (sparse CSC, `core/table/feature-table.ts`) as a dense
 * metabolomics table: metabolite BIOM files (e.g. mmvec's) store intensities,
 * and their absent entries are zeros, which processing then treats as
 * missing (docs/metrics.md).
 */
import { type FeatureTable, nnz } from '../table/feature-table.js';
import { emptyFeatureAnnotations, emptySampleAnnotations, type MetabolomicsTable } from './matrix.js';

/** Dense sample-major copy of a FeatureTable (zeros written as 0). */
export function tableFromFeatureTable(ft: FeatureTable): MetabolomicsTable {
  const p = ft.featureIds.length,
    n = ft.sampleIds.length;
  const values = new Float64Array(n * p);
  for (let s = 0; s < n; s++) {
    for (let k = ft.indptr[s]!; k < ft.indptr[s + 1]!; k++) values[s * p + ft.indices[k]!] = ft.data[k]!;
  }
  return {
    format: 'biom',
    featureIds: ft.featureIds,
    sampleIds: ft.sampleIds,
    values,
    quantity: 'intensity',
    features: emptyFeatureAnnotations(p),
    samples: emptySampleAnnotations(n),
    orientation: 'features-in-rows',
    orientationSource: 'BIOM (observations are features)',
    decimalSeparator: '.',
    nMissingMarkers: 0,
    nZeros: n * p - nnz(ft),
    warnings: [],
  };
}
