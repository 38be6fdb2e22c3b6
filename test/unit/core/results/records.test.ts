/** The read-back schemas: defaults, field order kept for printing, the analysis pointer's two shapes. */
import {
  DatasetPointerSchema,
  RunHistoryItemSchema,
  readFamilyRow,
  readRecord,
  StudyRecordSchema,
} from '../../../../lambdas/core/results/records.js';

describe('read-back schemas', () => {
  it('a row keeps its stored field order and the fields no schema names', () => {
    const row = readFamilyRow('SAMPLES', { zeta: 1, sampleId: 'S1', alpha: 'x', runId: 'r' });
    expect(Object.keys(row)).toEqual(['zeta', 'sampleId', 'alpha', 'runId']);
    expect(row.sampleId).toBe('S1');
    expect(() =>
      readFamilyRow('HITS', { comparison: 'c', datasetId: 'd', level: 'feature', feature: 'f', runId: 'r' }),
    ).toThrow();
  });

  it('a pointer gets its defaults; the stored item type and keys are dropped; an unknown kind is refused', () => {
    const item = {
      PK: 'STUDY#s',
      SK: 'DATASET#x',
      type: 'dataset',
      study: 's',
      datasetId: 'x',
      kind: 'unknown',
      format: 'unknown',
      status: 'FAILED',
      runId: 'r',
      sequencer: '0',
      etag: 'e',
      provenance: {
        bucket: 'b',
        key: 'k',
        versionId: null,
        etag: 'e',
        sha256: 'h',
        size: 0,
        sequencer: '0',
        parameters: {},
        softwareVersion: '0.1.0',
        timingsMs: {},
      },
      updatedAt: 't',
    };
    const p = DatasetPointerSchema.parse(item);
    expect(p).toMatchObject({
      samples: 0,
      features: 0,
      notes: [],
      shards: {},
      artifacts: {},
      provenance: { inputs: [] },
    });
    expect('PK' in p || 'type' in p).toBe(false);
    expect(DatasetPointerSchema.safeParse({ ...item, kind: 'genome' }).success).toBe(false);
  });

  it('the study record: a FAILED analysis carries its error; a READY one its counts', () => {
    const base = {
      runId: 'r',
      inputsAt: 't',
      analyzedAt: 't',
      reason: 'x',
      inputs: { 'a.tsv': 'r1' },
      shards: {},
      softwareVersion: '0.1.0',
    };
    const failed = StudyRecordSchema.parse({
      study: 's',
      analysis: {
        ...base,
        status: 'FAILED',
        error: { code: 'INVALID_STUDY_DESIGN', message: 'm', line: 0, column: 0 },
      },
    });
    expect(failed.analysis?.status === 'FAILED' && failed.analysis.error.code).toBe('INVALID_STUDY_DESIGN');
    expect(failed.changeCount).toBe(0);
    expect(StudyRecordSchema.safeParse({ study: 's', analysis: { ...base, status: 'READY' } }).success).toBe(false);
    const ready = StudyRecordSchema.parse({
      study: 's',
      analysis: {
        ...base,
        status: 'READY',
        design: { inferred: true },
        counts: { comparisons: 1, tests: 2, hits: 3, correlations: 4, pathways: 5 },
        timingsMs: {},
      },
    });
    expect(ready.analysis?.status === 'READY' && ready.analysis.counts.hits).toBe(3);
  });

  it('run history: dataset and analysis runs', () => {
    expect(
      readRecord(RunHistoryItemSchema, {
        type: 'run',
        runId: 'r',
        kind: 'analysis',
        status: 'READY',
        softwareVersion: '0.1.0',
        counts: {},
      }),
    ).toEqual({ type: 'run', runId: 'r', kind: 'analysis', status: 'READY', softwareVersion: '0.1.0', counts: {} });
    expect(
      RunHistoryItemSchema.safeParse({ runId: 'r', kind: '16s', status: 'DONE', softwareVersion: '0.1.0' }).success,
    ).toBe(false);
  });
});
