/**
 * The ingest handler on in-memory ports only (test/helpers/fakes.ts): a READY
 * pointer with its counts and rows, a FAILED pointer located at the bad cell,
 * a duplicate or stale event that writes nothing, study files that attach and
 * re-queue the study's tables, and only a faulty record reported for retry.
 */
import { makeIngestHandler } from '../../../lambdas/ingest/handler.js';
import { type IngestDeps, reprocessDataset } from '../../../lambdas/ingest/process-upload.js';
import {
  ManualClock,
  MemoryLogger,
  MemoryObjectStore,
  MemoryResultsStore,
  RecordingQueues,
  s3EventBody,
  sqsRecord,
} from '../../helpers/fakes.js';

const TABLE = '#OTU ID\tA\tB\nf1\t1\t0\nf2\t3\t2\n';
const RAGGED = '#OTU ID\tA\tB\nf1\t1\nf2\t3\t2\n';
const TAXONOMY =
  'Feature ID\tTaxon\nf1\tk__Bacteria; p__Firmicutes\nf2\tk__Bacteria; p__Bacteroidetes\nf3\tk__Bacteria; p__Proteobacteria\n';

function fakeDeps() {
  const deps = {
    objects: new MemoryObjectStore('bucket-1'),
    store: new MemoryResultsStore(),
    queues: new RecordingQueues(),
    log: new MemoryLogger(),
    clock: new ManualClock('2026-03-01T12:00:00.000Z'),
    resultsPrefix: 'results/',
    supersededTtlSeconds: 3600,
  } satisfies IngestDeps;
  return { deps, handler: makeIngestHandler(() => deps) };
}

/** Uploads `body` at studies/<study>/<datasetId> and returns the S3 event record for it. */
function upload(
  deps: ReturnType<typeof fakeDeps>['deps'],
  messageId: string,
  study: string,
  datasetId: string,
  body: string,
  sequencer: string,
) {
  const { versionId } = deps.objects.upload(`studies/${study}/${datasetId}`, body);
  return sqsRecord(messageId, s3EventBody(deps.objects.bucket, `studies/${study}/${datasetId}`, sequencer, versionId));
}

describe('ingest handler on in-memory ports', () => {
  it('flips a READY pointer with the counts, writes the per-sample and per-feature rows, appends history and queues one analysis', async () => {
    const { deps, handler } = fakeDeps();
    const res = await handler({ Records: [upload(deps, 'm1', 's', '16s/table.tsv', TABLE, '0A')] });
    expect(res.batchItemFailures).toEqual([]);
    const p = (await deps.store.getDataset('s', '16s/table.tsv'))!;
    expect(p).toMatchObject({
      kind: '16s',
      format: 'biom-tsv',
      status: 'READY',
      samples: 2,
      features: 2,
      sequencer: '0000000000000000000000000000000A',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(p.provenance).toMatchObject({
      bucket: 'bucket-1',
      key: 'studies/s/16s/table.tsv',
      versionId: 'v1',
      size: TABLE.length,
      inputs: [],
    });
    expect(p.runId).toMatch(/^[0-9a-f]{20}$/);
    const samples = await deps.store.readFamily(p.runId, 'SAMPLES', p.shards.SAMPLES!);
    // A: counts 1, 3 -> depth 4, observed 2; B: 0, 2 -> depth 2, observed 1
    expect(samples.map((s) => [s.sampleId, s.depth, s.observed_features])).toEqual([
      ['A', 4, 2],
      ['B', 2, 1],
    ]);
    const features = await deps.store.readFamily(p.runId, 'FEATURES', p.shards.FEATURES!);
    // prevalence over the two samples; mean relative abundance: f1 (1/4 + 0/2) / 2, f2 (3/4 + 2/2) / 2
    expect(features.map((f) => [f.featureId, f.prevalence, f.meanRelativeAbundance])).toEqual([
      ['f1', 0.5, 0.125],
      ['f2', 1, 0.875],
    ]);
    expect(await deps.store.listRuns('s')).toMatchObject([
      { runId: p.runId, kind: '16s', status: 'READY', datasetId: '16s/table.tsv', supersedes: null },
    ]);
    expect(deps.queues.analyzed).toEqual([
      {
        msg: { type: 'analyze', study: 's', reason: '16s/table.tsv READY', datasetId: '16s/table.tsv', runId: p.runId },
        dedupId: p.runId,
      },
    ]);
    // the Bray-Curtis matrix went to results/<study>/<dataset>/<run>/
    expect(p.artifacts.bray_curtis).toBe(`results/s/16s/table.tsv/${p.runId}/bray_curtis.tsv.gz`);
    expect(deps.objects.objects.has(p.artifacts.bray_curtis!)).toBe(true);
  });

  it('records files that are not data (README, PDF, workbook, image, .DS_Store) as IGNORED with the reason; an unknown text table still FAILS', async () => {
    const { deps, handler } = fakeDeps();
    const files: [string, string][] = [
      ['README.md', '# study'],
      ['protocol.pdf', '%PDF-1.4'],
      ['raw/sheet.xlsx', 'PK'],
      ['figs/pcoa.png', 'x'],
      ['.DS_Store', 'x'],
      ['notes/unknown.csv', 'a,b\nx,y\n'],
    ];
    const res = await handler({
      Records: files.map(([id, body], k) => upload(deps, `m${k}`, 's', id, body, `0${k + 1}`)),
    });
    expect(res.batchItemFailures).toEqual([]);
    const status = async (id: string) => {
      const p = (await deps.store.getDataset('s', id))!;
      return [p.status, p.notes[0] ?? p.error?.code];
    };
    expect(await status('README.md')).toEqual(['IGNORED', 'ignored: a document, not a data table']);
    expect(await status('protocol.pdf')).toEqual(['IGNORED', 'ignored: a document, not a data table']);
    expect(await status('raw/sheet.xlsx')).toEqual([
      'IGNORED',
      'ignored: a spreadsheet workbook: save the sheet as CSV or TSV to have it read',
    ]);
    expect(await status('figs/pcoa.png')).toEqual(['IGNORED', 'ignored: an image']);
    expect(await status('.DS_Store')).toEqual(['IGNORED', 'ignored: operating-system or editor litter']);
    expect((await status('notes/unknown.csv'))[0]).toBe('FAILED');
  });

  it('records a ragged table as FAILED with code, line and column (no retry), and processes the good record of the same batch', async () => {
    const { deps, handler } = fakeDeps();
    const res = await handler({
      Records: [upload(deps, 'm1', 's', 'ragged.tsv', RAGGED, '0A'), upload(deps, 'm2', 's', 'ok.tsv', TABLE, '0B')],
    });
    expect(res.batchItemFailures).toEqual([]);
    const ragged = (await deps.store.getDataset('s', 'ragged.tsv'))!;
    expect(ragged).toMatchObject({
      kind: '16s',
      format: 'biom-tsv',
      status: 'FAILED',
      samples: 0,
      features: 0,
      shards: {},
      error: { code: 'RAGGED_ROW', line: 2, column: 5, file: 'ragged.tsv' },
    });
    expect((await deps.store.getDataset('s', 'ok.tsv'))!.status).toBe('READY');
    expect(deps.store.calls.writeFamily).toBe(2); // SAMPLES and FEATURES of ok.tsv only
  });

  it('a duplicate delivery writes nothing new and only re-sends the (deduplicated) analysis request; an older event is stale', async () => {
    const { deps, handler } = fakeDeps();
    const first = upload(deps, 'm1', 's', 'ok.tsv', TABLE, '0B');
    await handler({ Records: [first] });
    const before = (await deps.store.getDataset('s', 'ok.tsv'))!;
    const writes = { ...deps.store.calls };
    deps.clock.advance(60_000);
    const res = await handler({
      Records: [{ ...first, messageId: 'm1-again' }, upload(deps, 'm2', 's', 'ok.tsv', RAGGED, '0A')],
    });
    expect(res.batchItemFailures).toEqual([]);
    const after = (await deps.store.getDataset('s', 'ok.tsv'))!;
    expect(after).toEqual(before);
    for (const m of ['writeFamily', 'flipDataset', 'putRunHistory', 'expireRun'])
      expect(deps.store.calls[m]).toBe(writes[m]);
    expect((await deps.store.listRuns('s')).length).toBe(1);
    expect(deps.queues.analyzed.map((a) => a.dedupId)).toEqual([before.runId, before.runId]);
    expect(deps.log.lines.filter((l) => l.msg === 'upload skipped').map((l) => l.fields.result)).toEqual([
      'duplicate',
      'stale',
    ]);
  });

  it('a taxonomy uploaded after the table re-queues it; the reprocess attaches the lineages, supersedes the old run (TTL) and a second reprocess is unchanged', async () => {
    const { deps, handler } = fakeDeps();
    await handler({ Records: [upload(deps, 'm1', 's', '16s/table.tsv', TABLE, '0A')] });
    const first = (await deps.store.getDataset('s', '16s/table.tsv'))!;
    await handler({ Records: [upload(deps, 'm2', 's', '16s/taxonomy.tsv', TAXONOMY, '0B')] });
    expect(await deps.store.getDataset('s', '16s/taxonomy.tsv')).toMatchObject({
      kind: 'taxonomy',
      status: 'READY',
      features: 3,
    });
    expect(deps.queues.reprocessed).toEqual([
      { type: 'reprocess', study: 's', datasetId: '16s/table.tsv', reason: 'taxonomy 16s/taxonomy.tsv changed' },
    ]);

    deps.clock.advance(1000);
    const res = await handler({ Records: [sqsRecord('m3', JSON.stringify(deps.queues.reprocessed[0]))] });
    expect(res.batchItemFailures).toEqual([]);
    const second = (await deps.store.getDataset('s', '16s/table.tsv'))!;
    expect(second.runId).not.toBe(first.runId);
    expect(second.sequencer).toBe(first.sequencer);
    const tax = await deps.store.getDataset('s', '16s/taxonomy.tsv');
    expect(second.provenance.inputs).toEqual([{ datasetId: '16s/taxonomy.tsv', runId: tax!.runId }]);
    const features = await deps.store.readFamily(second.runId, 'FEATURES', second.shards.FEATURES!);
    expect(features.map((f) => f.taxonomy)).toEqual(['k__Bacteria; p__Firmicutes', 'k__Bacteria; p__Bacteroidetes']);
    // the superseded run's rows stay readable, marked to expire one TTL after the flip
    const expiresAt = Math.floor(Date.parse('2026-03-01T12:00:01.000Z') / 1000) + 3600;
    expect(deps.store.storedRows(first.runId, 'SAMPLES').map((r) => r.expiresAt)).toEqual([expiresAt, expiresAt]);
    expect(await reprocessDataset(deps, 's', '16s/table.tsv')).toBe('unchanged');
  });

  it('parses a plain matrix with the hints of its nearest metadata: the metadata sample ids settle the orientation', async () => {
    const { deps, handler } = fakeDeps();
    // features in rows, samples in columns: only the metadata says which axis holds the samples
    await handler({ Records: [upload(deps, 'm1', 's', 'metadata.tsv', 'sample-id\tarm\nS1\ta\nS2\tb\n', '01')] });
    await handler({
      Records: [
        upload(
          deps,
          'm2',
          's',
          '16s/genus.tsv',
          'taxon\tS1\tS2\nBacteroides\t1\t2\nPrevotella\t3\t0\nBlautia\t0\t5\n',
          '02',
        ),
      ],
    });
    const p = (await deps.store.getDataset('s', '16s/genus.tsv'))!;
    expect(p).toMatchObject({ kind: '16s', format: 'plain-matrix', status: 'READY', samples: 2, features: 3 });
    const samples = await deps.store.readFamily(p.runId, 'SAMPLES', p.shards.SAMPLES!);
    expect(samples.map((s) => [s.sampleId, s.depth, s.inMetadata])).toEqual([
      ['S1', 4, true],
      ['S2', 7, true],
    ]);
  });

  it('reports only the record whose object cannot be read; ignores the S3 test event and a body that is not JSON', async () => {
    const { deps, handler } = fakeDeps();
    const missing = sqsRecord('m3', s3EventBody('bucket-1', 'studies/s/missing.tsv', '0C'));
    const res = await handler({
      Records: [
        missing,
        upload(deps, 'm4', 's', 'ok.tsv', TABLE, '0D'),
        sqsRecord('t1', JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })),
        sqsRecord('t2', 'not json'),
      ],
    });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    expect((await deps.store.getDataset('s', 'ok.tsv'))!.status).toBe('READY');
    expect(deps.log.lines.filter((l) => l.level === 'WARN').map((l) => l.msg)).toEqual([
      'ignoring a message that is not JSON',
    ]);
  });

  it('ignores records of another bucket and keys outside studies/', async () => {
    const { deps, handler } = fakeDeps();
    deps.objects.upload('results/s/x.tsv', TABLE);
    const res = await handler({
      Records: [
        sqsRecord('a', s3EventBody('other-bucket', 'studies/s/ok.tsv', '01')),
        sqsRecord('b', s3EventBody('bucket-1', 'results/s/x.tsv', '02')),
      ],
    });
    expect(res.batchItemFailures).toEqual([]);
    expect(deps.store.datasets.size).toBe(0);
  });
});
