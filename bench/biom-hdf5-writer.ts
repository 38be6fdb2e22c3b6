/** Writes a FeatureTable as BIOM 2.1 HDF5 bytes with h5wasm (benchmark input only; the product only reads HDF5). */
import h5wasm from 'h5wasm';
import type { FeatureTable } from '../lambdas/core/table/feature-table.js';

let seq = 0;

export async function writeBiomHdf5(t: FeatureTable): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
  const name = `/bench-${++seq}.biom`;
  const f = new h5wasm.File(name, 'w');
  f.create_attribute('format-version', Int32Array.of(2, 1));
  f.create_attribute('shape', BigInt64Array.of(BigInt(t.featureIds.length), BigInt(t.sampleIds.length)));
  const obs = f.create_group('observation');
  obs.create_dataset({ name: 'ids', data: t.featureIds });
  obs.create_group('metadata');
  const smp = f.create_group('sample');
  smp.create_dataset({ name: 'ids', data: t.sampleIds });
  smp.create_group('metadata');
  const m = smp.create_group('matrix');
  m.create_dataset({ name: 'data', data: t.data });
  m.create_dataset({ name: 'indices', data: t.indices });
  m.create_dataset({ name: 'indptr', data: t.indptr });
  f.close();
  const bytes = FS.readFile(name);
  FS.unlink(name);
  return bytes;
}
