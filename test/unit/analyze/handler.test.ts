/**
 * The analyze handler on in-memory ports only (test/helpers/fakes.ts): the
 * study's READY datasets (written by the ingest handler on the same fakes) are
 * analysed once per batch, the READY analysis pointer names its inputs and
 * counts, an unchanged study is skipped without reading an object, and under
 * FIFO a failing study fails only its own group's records.
 */
import { type AnalyzeDeps, makeAnalyzeHandler } from '../../../lambdas/analyze/handler.js';
import { makeIngestHandler } from '../../../lambdas/ingest/handler.js';
import type { IngestDeps } from '../../../lambdas/ingest/process-upload.js';
import { listComparisons, listTests } from '../../../lambdas/query/study-queries.js';
import {
  analyzeBody,
  ManualClock,
  MemoryLogger,
  MemoryObjectStore,
  MemoryResultsStore,
  RecordingQueues,
  s3EventBody,
  sqsRecord,
} from '../../helpers/fakes.js';
import { closeTo } from '../../helpers/numeric.js';

/** Two groups of three samples; the treated samples hold many more of f2, so the rank-sum test separates them completely. */
const METADATA = 'sample-id\tgroup\nA1\tctrl\nA2\tctrl\nA3\tctrl\nB1\ttrt\nB2\ttrt\nB3\ttrt\n';
const TABLE = `${[
  '#OTU ID\tA1\tA2\tA3\tB1\tB2\tB3',
  'f1\t50\t60\t55\t10\t12\t9',
  'f2\t2\t1\t3\t40\t45\t50',
  'f3\t20\t18\t22\t20\t19\t21',
  'f4\t5\t6\t4\t5\t6\t4',
].join('\n')}\n`;

/** Ingest and analyze deps sharing one store, bucket and clock. */
function fakePipeline() {
  const objects = new MemoryObjectStore('bucket-1');
  const store = new MemoryResultsStore();
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const log = new MemoryLogger();
  const ingest: IngestDeps = {
    objects,
    store,
    queues: new RecordingQueues(),
    log,
    clock,
    resultsPrefix: 'results/',
    supersededTtlSeconds: 3600,
  };
  const analyze: AnalyzeDeps = { objects, store, log, clock, supersededTtlSeconds: 3600 };
  return {
    objects,
    store,
    clock,
    log,
    ingest: makeIngestHandler(() => ingest),
    analyze: makeAnalyzeHandler(() => analyze),
  };
}

async function uploadStudy(p: ReturnType<typeof fakePipeline>, study: string): Promise<void> {
  let seq = 0;
  for (const [datasetId, body] of [
    ['metadata.tsv', METADATA],
    ['16s/table.tsv', TABLE],
  ] as const) {
    const key = `studies/${study}/${datasetId}`;
    const { versionId } = p.objects.upload(key, body);
    const res = await p.ingest({
      Records: [sqsRecord(`u${++seq}`, s3EventBody('bucket-1', key, `0${seq}`, versionId))],
    });
    expect(res.batchItemFailures).toEqual([]);
    p.clock.advance(1000);
  }
}

describe('analyze handler on in-memory ports', () => {
  it('analyses a study once per batch: a READY pointer naming its inputs and counts, the group comparison and its exact rank-sum p', async () => {
    const p = fakePipeline();
    await uploadStudy(p, 's');
    const res = await p.analyze({
      Records: [
        sqsRecord('a1', analyzeBody('s', 'metadata.tsv READY'), 's'),
        sqsRecord('a2', analyzeBody('s', '16s/table.tsv READY'), 's'),
      ],
    });
    expect(res.batchItemFailures).toEqual([]);
    const study = (await p.store.getStudy('s'))!;
    const a = study.analysis!;
    if (a.status !== 'READY') throw new Error(`analysis ${a.status}`);
    const table = (await p.store.getDataset('s', '16s/table.tsv'))!;
    const metadata = (await p.store.getDataset('s', 'metadata.tsv'))!;
    expect(a.inputs).toEqual({ 'metadata.tsv': metadata.runId, '16s/table.tsv': table.runId });
    expect(a.inputsAt).toBe(table.updatedAt);
    expect(a.reason).toBe('2 changes: metadata.tsv READY; 16s/table.tsv READY');
    expect(study.changeCount).toBe(1);
    // one inferred comparison; 5 alpha metrics x (Kruskal-Wallis, rank sum) + PERMANOVA on 3 distances; 4 features tested (no taxonomy: feature level only)
    // 13 alpha tests and PERMANOVA rows plus one ANOSIM per distance (3)
    expect(a.counts).toEqual({
      comparisons: 1,
      tests: 16,
      hits: 4,
      correlations: 0,
      pathways: 0,
      models: 0,
      lefse: 0,
      opls: 0,
    });

    const comparisons = await listComparisons(p.store, 's');
    expect(comparisons).toMatchObject([
      {
        name: 'group: trt vs ctrl',
        kind: 'between',
        factor: 'group',
        groupA: 'trt',
        groupB: 'ctrl',
        origin: 'inferred',
        nA: 3,
        nB: 3,
      },
    ]);
    const tests = await listTests(p.store, 's', {});
    const shannon = (test: string) => tests.find((t) => t.metric === 'shannon_entropy' && t.test === test);
    // three against three, completely separated: exact two-sided p = 2 / C(6,3) = 0.1; H = 12/42 (6^2/3 + 15^2/3) - 21 = 27/7
    expect(shannon('wilcoxon_rank_sum')).toMatchObject({ nA: 3, nB: 3, p: 0.1 });
    expect(closeTo(shannon('kruskal_wallis')!.statistic as number, 27 / 7)).toBe(true);
    expect(await p.store.listRuns('s')).toMatchObject([
      { kind: 'analysis', status: 'READY', runId: a.runId },
      { kind: '16s' },
      { kind: 'metadata' },
    ]);
  });

  it('skips the analysis when no input changed: no object read, no rows written, the pointer unchanged', async () => {
    const p = fakePipeline();
    await uploadStudy(p, 's');
    await p.analyze({ Records: [sqsRecord('a1', analyzeBody('s', 'first'), 's')] });
    const before = (await p.store.getStudy('s'))!.analysis;
    const calls = { ...p.store.calls };
    const get = p.objects.get.bind(p.objects);
    let reads = 0;
    p.objects.get = (key, versionId) => {
      reads++;
      return get(key, versionId);
    };
    p.clock.advance(60_000);
    const res = await p.analyze({ Records: [sqsRecord('a2', analyzeBody('s', 'again'), 's')] });
    expect(res.batchItemFailures).toEqual([]);
    expect(reads).toBe(0);
    expect(p.store.calls.writeFamily).toBe(calls.writeFamily);
    expect(p.store.calls.flipStudyAnalysis).toBe(calls.flipStudyAnalysis);
    expect((await p.store.getStudy('s'))!.analysis).toEqual(before);
    expect(p.log.lines.filter((l) => l.msg === 'analysis').map((l) => l.fields.result)).toEqual([
      'analyzed',
      'unchanged',
    ]);
  });

  it('FIFO: a study whose analysis fails reports all its records, the other study of the batch is analysed', async () => {
    const p = fakePipeline();
    await uploadStudy(p, 'bad');
    await uploadStudy(p, 'good');
    p.store.failOn = { method: 'recordStudyChange', key: 'bad' };
    const res = await p.analyze({
      Records: [
        sqsRecord('b1', analyzeBody('bad', 'x'), 'bad'),
        sqsRecord('g1', analyzeBody('good', 'y'), 'good'),
        sqsRecord('b2', analyzeBody('bad', 'z'), 'bad'),
        sqsRecord('n1', 'not json', 'bad'),
      ],
    });
    expect(res.batchItemFailures).toEqual([
      { itemIdentifier: 'b1' },
      { itemIdentifier: 'b2' },
      { itemIdentifier: 'n1' },
    ]);
    expect((await p.store.getStudy('good'))!.analysis?.status).toBe('READY');
    expect((await p.store.getStudy('bad'))?.analysis).toBeUndefined();
  });
});
