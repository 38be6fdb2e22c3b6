import { encodeEventKey, nextSequencer, s3NotificationFor } from '../../../../cli/local/s3-notifications.js';
import { decodeS3Key, parseStudyKey, S3NotificationSchema } from '../../../../lambdas/adapters/events.js';

describe('local S3 notifications', () => {
  it('URL-encodes keys as S3 does (space as +, parentheses escaped, slashes kept) and the handler decodes them back', () => {
    const key = 'studies/trial 1/16s/table (run2)+final.biom';
    const enc = encodeEventKey(key);
    expect(enc).toBe('studies/trial+1/16s/table+%28run2%29%2Bfinal.biom');
    expect(decodeS3Key(enc)).toBe(key);
  });

  it('builds a record that validates against the schema used by the ingest handler', () => {
    const n = s3NotificationFor('bucket', 'studies/s/a b.tsv', 12, '"abc"');
    const parsed = S3NotificationSchema.parse(n);
    expect(parsed.Records[0]!.s3.object.key).toBe('studies/s/a+b.tsv');
    expect(parsed.Records[0]!.s3.object.eTag).toBe('abc');
    expect(parsed.Records[0]!.eventName).toBe('ObjectCreated:Put');
  });

  it('issues strictly increasing sequencers', () => {
    const a = nextSequencer();
    const b = nextSequencer();
    expect(b.padStart(32, '0') > a.padStart(32, '0')).toBe(true);
  });

  it('maps keys under studies/ to a study and dataset id, and ignores everything else', () => {
    expect(parseStudyKey('studies/trial/16s/table.biom')).toEqual({ study: 'trial', datasetId: '16s/table.biom' });
    expect(parseStudyKey('results/trial/x.tsv.gz')).toBeNull();
    expect(parseStudyKey('studies/trial/16s/')).toBeNull();
    expect(parseStudyKey('studies/trial')).toBeNull();
  });
});
