/**
 * Which study files attach to a table (docs/architecture.md, "How study files
 * attach to tables"), what they give it, and the parse hints: examples for
 * each step of the rule, and a property over random studies.
 */
import fc from 'fast-check';
import { type ParsedInput, sniffInput } from '../../../../lambdas/core/pipeline/parse-input.js';
import {
  attachStudyFiles,
  closeness,
  fileNameOf,
  folderOf,
  needsStudyFiles,
  parseHintsFor,
  studyFileContext,
  studyFilesChanged,
  tablesToReprocess,
} from '../../../../lambdas/core/pipeline/study-files.js';
import type { DatasetPointer } from '../../../../lambdas/core/results/records.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';

/** A pointer with what the rule reads: id, kind, status, run and time. */
function pointer(
  datasetId: string,
  kind: DatasetPointer['kind'],
  updatedAt = '2026-01-01T00:00:00.000Z',
  over: Partial<DatasetPointer> = {},
): DatasetPointer {
  return {
    study: 's',
    datasetId,
    kind,
    format: 'f',
    status: 'READY',
    runId: `run-${datasetId}`,
    sequencer: '0'.repeat(32),
    etag: 'e',
    samples: 0,
    features: 0,
    notes: [],
    shards: {},
    artifacts: {},
    provenance: {
      bucket: 'b',
      key: `studies/s/${datasetId}`,
      versionId: null,
      etag: 'e',
      sha256: 'h',
      size: 1,
      sequencer: '0'.repeat(32),
      parameters: {},
      softwareVersion: '0.1.0',
      timingsMs: {},
      inputs: [],
    },
    updatedAt,
    ...over,
  };
}

const chosen = (tableId: string, ds: DatasetPointer[]) =>
  Object.fromEntries(attachStudyFiles(tableId, ds).map((f) => [f.kind, [f.pointer.datasetId, f.sameFolder]]));

describe('attachStudyFiles', () => {
  it('prefers the same folder, then the closest enclosing folder, then the study root, then the newest elsewhere', () => {
    const ds = [
      pointer('metadata.tsv', 'metadata'),
      pointer('a/metadata.tsv', 'metadata'),
      pointer('a/b/metadata.tsv', 'metadata'),
      pointer('a/b/c/taxonomy.tsv', 'taxonomy'),
      pointer('x/tree.nwk', 'tree', '2026-01-02T00:00:00.000Z'),
      pointer('y/tree.nwk', 'tree', '2026-01-03T00:00:00.000Z'),
      pointer('a/b/c/table.biom', '16s'),
    ];
    expect(chosen('a/b/c/table.biom', ds)).toEqual({
      taxonomy: ['a/b/c/taxonomy.tsv', true],
      metadata: ['a/b/metadata.tsv', false],
      tree: ['y/tree.nwk', false],
    });
    expect(chosen('a/z/table.biom', ds)).toMatchObject({ metadata: ['a/metadata.tsv', false] });
    expect(chosen('q/table.biom', ds)).toMatchObject({
      metadata: ['metadata.tsv', false],
      taxonomy: ['a/b/c/taxonomy.tsv', false],
    });
  });

  it('only READY files of the study-file kinds, never the dataset itself, and the design from study.json', () => {
    const ds = [
      pointer('16s/taxonomy.tsv', 'taxonomy', undefined, { status: 'FAILED' }),
      pointer('taxonomy.tsv', 'taxonomy'),
      pointer('16s/other.biom', '16s'),
      pointer('study.json', 'design'),
      pointer('pathways.tsv', 'pathways'),
    ];
    expect(chosen('16s/table.biom', ds)).toEqual({ taxonomy: ['taxonomy.tsv', false], design: ['study.json', false] });
    expect(chosen('taxonomy.tsv', ds)).toEqual({ design: ['study.json', true] });
  });

  it('property: the file chosen for each kind is one of the nearest READY files of that kind, and the newest among those', () => {
    const folders = ['', 'a/', 'a/b/', 'c/', 'a/b/c/'];
    const file = fc.record({
      folder: fc.constantFrom(...folders),
      kind: fc.constantFrom('metadata' as const, 'taxonomy' as const, 'tree' as const),
      day: fc.integer({ min: 1, max: 28 }),
      ready: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 12 }), fc.constantFrom(...folders), (files, tableFolder) => {
        const ds = files.map((f, i) =>
          pointer(`${f.folder}${f.kind}-${i}.tsv`, f.kind, `2026-01-${String(f.day).padStart(2, '0')}T00:00:00.000Z`, {
            status: f.ready ? 'READY' : 'FAILED',
          }),
        );
        const tableId = `${tableFolder}table.biom`;
        const dir = folderOf(tableId);
        for (const got of attachStudyFiles(tableId, ds)) {
          const candidates = ds.filter((d) => d.kind === got.kind && d.status === 'READY');
          const best = Math.max(...candidates.map((d) => closeness(d.datasetId, dir)));
          expect(closeness(got.pointer.datasetId, dir)).toBe(best);
          const newest = candidates
            .filter((d) => closeness(d.datasetId, dir) === best)
            .map((d) => d.updatedAt)
            .sort()
            .pop();
          expect(got.pointer.updatedAt).toBe(newest);
          expect(got.sameFolder).toBe(folderOf(got.pointer.datasetId) === dir);
        }
        const kindsWithReady = new Set(ds.filter((d) => d.status === 'READY').map((d) => d.kind));
        expect(
          attachStudyFiles(tableId, ds)
            .map((f) => f.kind)
            .sort(),
        ).toEqual([...kindsWithReady].sort());
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('what the attached files give a table', () => {
  const design = StudyDesignSchema.parse({ kinds: { '16s/plain.csv': 'metabolomics' }, mothurLabel: '0.03' });
  const files = [
    { kind: 'taxonomy' as const, pointer: pointer('16s/taxonomy.tsv', 'taxonomy'), sameFolder: true },
    { kind: 'metadata' as const, pointer: pointer('metadata.tsv', 'metadata'), sameFolder: false },
    {
      kind: 'feature-metadata' as const,
      pointer: pointer('w4m/variableMetadata.tsv', 'feature-metadata'),
      sameFolder: false,
    },
    {
      kind: 'design' as const,
      pointer: pointer('study.json', 'design', undefined, {
        provenance: { ...pointer('study.json', 'design').provenance, parameters: { design } },
      }),
      sameFolder: false,
    },
  ];
  const parsed: (ParsedInput | null)[] = [
    {
      kind: 'taxonomy',
      format: 'qiime2-taxonomy',
      taxonomy: { featureIds: ['f1', 'f2'], taxa: ['k__A', 'k__B'], confidence: [null, null] },
    },
    {
      kind: 'metadata',
      format: 'qiime2-metadata',
      metadata: { idHeader: 'sample-id', sampleIds: ['S1', 'S2'], columns: [] },
    },
    {
      kind: 'feature-metadata',
      format: 'w4m-variable-metadata',
      featureMetadata: { idColumn: 'variableMetadata', ids: ['m1'], columns: [] },
    },
    null,
  ];
  const ctx = studyFileContext(files.map((file, i) => ({ file, parsed: parsed[i]! })));

  it('lineages by feature, metadata sample ids, the design; feature annotations only from the same folder', () => {
    expect(ctx.taxonomy).toEqual({
      value: new Map([
        ['f1', 'k__A'],
        ['f2', 'k__B'],
      ]),
      source: '16s/taxonomy.tsv',
      sameFolder: true,
    });
    expect(ctx.metadataSampleIds).toEqual({ value: ['S1', 'S2'], source: 'metadata.tsv', sameFolder: false });
    expect(ctx.featureMetadata).toBeUndefined();
    expect(ctx.design?.mothurLabel).toBe('0.03');
  });

  it('parse hints: the path, the kind study.json names, the metadata sample ids, the mothur label', () => {
    expect(parseHintsFor('studies/s/16s/plain.csv', '16s/plain.csv', ctx)).toEqual({
      path: 'studies/s/16s/plain.csv',
      kind: 'metabolomics',
      studySampleIds: ['S1', 'S2'],
      mothurLabel: '0.03',
    });
    expect(parseHintsFor('studies/s/other.csv', 'other.csv', {})).toEqual({ path: 'studies/s/other.csv' });
  });

  it('a changed study file is noticed by its run; a READY study file re-queues every READY table, a table re-queues nothing', () => {
    const moved = files.map((f) => (f.kind === 'metadata' ? { ...f, pointer: { ...f.pointer, runId: 'new' } } : f));
    expect(studyFilesChanged(files, files)).toBe(false);
    expect(studyFilesChanged(files, moved)).toBe(true);
    const ds = [
      pointer('a.biom', '16s'),
      pointer('b.csv', 'metabolomics'),
      pointer('c.biom', '16s', undefined, { status: 'FAILED' }),
      pointer('t.tsv', 'taxonomy'),
    ];
    expect(tablesToReprocess(ds[3]!, ds).map((d) => d.datasetId)).toEqual(['a.biom', 'b.csv']);
    expect(tablesToReprocess({ ...ds[3]!, status: 'FAILED' }, ds)).toEqual([]);
    expect(tablesToReprocess(ds[0]!, ds)).toEqual([]);
    expect(tablesToReprocess(pointer('p.tsv', 'pathways'), ds)).toEqual([]);
  });
});

describe('small helpers', () => {
  it('folderOf and fileNameOf follow POSIX dirname and basename', () => {
    expect([folderOf('x.tsv'), folderOf('a/b/x.tsv')]).toEqual(['.', 'a/b']);
    expect([fileNameOf('studies/s/a/x.tsv'), fileNameOf('x.tsv')]).toEqual(['x.tsv', 'x.tsv']);
  });

  it('study files are needed for tables and for uploads whose kind the content decides, not for other kinds', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expect(needsStudyFiles(sniffInput(utf8('#OTU ID\tA\nf1\t1\n'), 't.tsv'))).toBe(true);
    expect(needsStudyFiles(sniffInput(utf8('sample,a,b\nS1,1,2\n'), 'plain.csv'))).toBe(true);
    expect(needsStudyFiles(sniffInput(utf8('Feature ID\tTaxon\nf1\tk__A\n'), 'taxonomy.tsv'))).toBe(false);
    expect(needsStudyFiles(sniffInput(utf8(''), 'empty.tsv'))).toBe(true);
  });
});
