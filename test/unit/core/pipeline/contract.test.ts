/** The pipeline contract: the key rules, the environment schema, the queue settings, and the one list of kinds. */

import { createTableInput } from '../../../../lambdas/adapters/table-schema.js';
import { BETA_METRICS } from '../../../../lambdas/core/amplicon/diversity/beta/beta-diversity.js';
import { METABOLOMICS_FORMAT_IDS } from '../../../../lambdas/core/metabolomics/matrix.js';
import {
  ANALYSIS_QUEUE,
  dedupIdOf,
  ENV,
  INGEST_QUEUE,
  isValidStudyId,
  parseStudyKey,
  RESULTS_TABLE,
  RuntimeEnvSchema,
  resultObjectKey,
  StudyIdSchema,
  studyObjectKey,
  TABLE_KEYS,
} from '../../../../lambdas/core/pipeline/contract.js';
import { FORMAT_IDS, kindOfFormat } from '../../../../lambdas/core/pipeline/sniff.js';
import {
  DatasetKindSchema,
  OrdinationMetricSchema,
  STUDY_FILE_KINDS,
  TABLE_KINDS,
} from '../../../../lambdas/core/results/model.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';

describe('keys in the bucket', () => {
  it('studies/<study>/<datasetId> round-trips; other keys and folder markers are not study files', () => {
    expect(parseStudyKey(studyObjectKey('trial', '16s/a b.biom'))).toEqual({
      study: 'trial',
      datasetId: '16s/a b.biom',
    });
    for (const key of ['studies/trial/', 'studies/trial', 'studies//x.tsv', 'results/trial/x.tsv', 'xstudies/trial/x'])
      expect(parseStudyKey(key)).toBeNull();
    expect(resultObjectKey('results/', 'trial', '16s/t.biom', 'abc', 'bray_curtis.tsv.gz')).toBe(
      'results/trial/16s/t.biom/abc/bray_curtis.tsv.gz',
    );
  });

  it('study ids: letters, digits, ".", "_", "-", starting with a letter or digit, at most 128', () => {
    expect(['trial', 'a.b_c-1', 'x'.repeat(128)].every(isValidStudyId)).toBe(true);
    expect(['', '-a', 'a b', 'a/b', 'x'.repeat(129)].some(isValidStudyId)).toBe(false);
    expect(StudyIdSchema.safeParse('a b').success).toBe(false);
  });
});

describe('environment and queues', () => {
  it('the runtime environment: required names, defaults for the prefix, region and TTL', () => {
    const env = RuntimeEnvSchema.parse({
      [ENV.tableName]: 'tbl',
      [ENV.bucketName]: 'bkt',
      [ENV.analyzeQueueUrl]: 'https://q/a.fifo',
      [ENV.ingestQueueUrl]: 'https://q/i',
    });
    expect(env).toEqual({
      TABLE_NAME: 'tbl',
      BUCKET_NAME: 'bkt',
      ANALYZE_QUEUE_URL: 'https://q/a.fifo',
      INGEST_QUEUE_URL: 'https://q/i',
      RESULTS_PREFIX: 'results/',
      AWS_REGION: 'us-east-1',
      BIOMEFLOW_SUPERSEDED_TTL_SECONDS: 604800,
    });
    expect(RuntimeEnvSchema.safeParse({ [ENV.tableName]: 'tbl' }).success).toBe(false);
  });

  it('ingest: 5 per batch, standard queue; analysis: 10 per batch, FIFO; both dead-letter after 3 receives; dedup ids fit SQS', () => {
    expect([INGEST_QUEUE.batchSize, INGEST_QUEUE.fifo, INGEST_QUEUE.timeoutSeconds]).toEqual([5, false, 300]);
    expect([
      ANALYSIS_QUEUE.batchSize,
      ANALYSIS_QUEUE.fifo,
      ANALYSIS_QUEUE.timeoutSeconds,
      ANALYSIS_QUEUE.localName,
    ]).toEqual([10, true, 900, 'analyze.fifo']);
    expect([INGEST_QUEUE.maxReceiveCount, ANALYSIS_QUEUE.maxReceiveCount]).toEqual([3, 3]);
    expect(dedupIdOf('x'.repeat(200))).toHaveLength(128);
  });

  it('the local CreateTable request is the contract key schema: PK/SK, GSI1PK/GSI1SK, all string', () => {
    const t = createTableInput('tbl');
    expect(t.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(t.AttributeDefinitions).toEqual(
      ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    );
    expect(t.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: TABLE_KEYS.gsi1Name,
        KeySchema: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(TABLE_KEYS.ttlAttribute).toBe(RESULTS_TABLE.ttlAttribute);
  });
});

describe('one list of dataset kinds', () => {
  it('every format sniffing recognises is for one of the kinds, or decided by content (artifacts, plain matrices)', () => {
    const kinds = new Set<string>(DatasetKindSchema.options);
    for (const f of [...FORMAT_IDS, ...METABOLOMICS_FORMAT_IDS]) {
      const k = kindOfFormat(f);
      expect({ f, ok: k === null ? f === 'qiime2-artifact' || f === 'plain-matrix' : kinds.has(k) }).toEqual({
        f,
        ok: true,
      });
    }
  });

  it('tables and study files are kinds; study.json names only table kinds; every beta metric has a stored ordination', () => {
    expect([...TABLE_KINDS, ...STUDY_FILE_KINDS].every((k) => DatasetKindSchema.options.includes(k))).toBe(true);
    expect(StudyDesignSchema.safeParse({ kinds: { 'x.csv': 'taxonomy' } }).success).toBe(false);
    expect(StudyDesignSchema.parse({ kinds: { 'x.csv': 'metabolomics' } }).kinds).toEqual({ 'x.csv': 'metabolomics' });
    for (const m of Object.keys(BETA_METRICS)) expect(OrdinationMetricSchema.options).toContain(m);
  });
});
