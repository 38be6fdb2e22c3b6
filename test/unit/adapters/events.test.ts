/** Decoding the messages at the boundary: S3 notifications, biomeflow's own reprocess and analyze messages. */
import { analysisRequestsOf, batchReason, decodeS3Key, ingestRequestOf } from '../../../lambdas/adapters/events.js';
import { analyzeBody, s3EventBody, sqsRecord } from '../../helpers/fakes.js';

describe('ingestRequestOf', () => {
  it('an ObjectCreated record under studies/ of the bucket is an upload; the key is URL-decoded', () => {
    expect(ingestRequestOf(s3EventBody('b', 'studies/trial/16s/table 1 (v2).biom', '0A', 'v9'), 'b')).toEqual({
      type: 'uploads',
      uploads: [
        {
          study: 'trial',
          datasetId: '16s/table 1 (v2).biom',
          key: 'studies/trial/16s/table 1 (v2).biom',
          versionId: 'v9',
          etag: 'etag',
          sequencer: '0A',
        },
      ],
    });
  });

  it('other buckets, keys outside studies/, folder markers and other events give no upload', () => {
    for (const key of ['results/trial/x.tsv', 'studies/trial/', 'studies/x.tsv', 'other/studies/trial/x.tsv'])
      expect(ingestRequestOf(s3EventBody('b', key, '01'), 'b')).toEqual({ type: 'uploads', uploads: [] });
    expect(ingestRequestOf(s3EventBody('other', 'studies/trial/x.tsv', '01'), 'b')).toEqual({
      type: 'uploads',
      uploads: [],
    });
    const removed = JSON.parse(s3EventBody('b', 'studies/trial/x.tsv', '01'));
    removed.Records[0].eventName = 'ObjectRemoved:Delete';
    expect(ingestRequestOf(JSON.stringify(removed), 'b')).toEqual({ type: 'uploads', uploads: [] });
  });

  it('a reprocess message, the S3 test event, non-JSON and unknown JSON', () => {
    const reprocess = { type: 'reprocess', study: 's', datasetId: 'd.tsv', reason: 'taxonomy changed' };
    expect(ingestRequestOf(JSON.stringify(reprocess), 'b')).toEqual({ type: 'reprocess', message: reprocess });
    expect(ingestRequestOf(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }), 'b')).toEqual({
      type: 'ignore',
      why: 'the S3 test event',
    });
    expect(ingestRequestOf('{"Records": [', 'b')).toEqual({ type: 'ignore', why: 'a message that is not JSON' });
    expect(ingestRequestOf('{"hello": 1}', 'b')).toMatchObject({ type: 'ignore', why: 'an unrecognised message' });
  });

  it("decodeS3Key undoes S3's form encoding", () => {
    expect(decodeS3Key('studies/a+b/c%2Bd%28e%29.tsv')).toBe('studies/a b/c+d(e).tsv');
  });
});

describe('analysisRequestsOf', () => {
  it('groups records by study in order of first appearance and sets aside records that are not analyze messages', () => {
    const records = [
      sqsRecord('1', analyzeBody('s', 'a READY')),
      sqsRecord('2', analyzeBody('t', 'b READY')),
      sqsRecord('3', 'junk'),
      sqsRecord('4', analyzeBody('s', 'c FAILED')),
    ];
    const { requests, ignored } = analysisRequestsOf(records);
    expect(requests.map((r) => [r.study, r.records.map((x) => x.messageId), r.reasons])).toEqual([
      ['s', ['1', '4'], ['a READY', 'c FAILED']],
      ['t', ['2'], ['b READY']],
    ]);
    expect(ignored.map((r) => r.messageId)).toEqual(['3']);
  });

  it('batchReason: one change as it is; several as their number and the last three', () => {
    expect(batchReason(['x READY'])).toBe('x READY');
    expect(batchReason(['a', 'b', 'c', 'd'])).toBe('4 changes: b; c; d');
  });
});
