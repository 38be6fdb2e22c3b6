import { Duration, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { UploadQueue } from '../../lib/constructs/upload-queue.js';
import { emptyStack, logicalId } from './helpers.js';

/** A fresh stack holding one UploadQueue. */
function build(props: ConstructorParameters<typeof UploadQueue>[2] = {}): {
  construct: UploadQueue;
  template: Template;
} {
  const stack = emptyStack();
  const construct = new UploadQueue(stack, 'Uploads', props);
  return { construct, template: Template.fromStack(stack) };
}

describe('UploadQueue (S3 → SQS with DLQ)', () => {
  test('bucket blocks public access, is S3-encrypted, versioned and retained', () => {
    const { template } = build();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('bucket policy denies every request not made over TLS', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('only ObjectCreated under studies/ is sent to the ingest queue (results/ cannot trigger ingest)', () => {
    const { construct, template } = build();
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'studies/' }] } },
            QueueArn: { 'Fn::GetAtt': [logicalId(construct.queue), 'Arn'] },
          },
        ],
      },
    });
  });

  test('S3 may send to the queue only on behalf of this bucket', () => {
    const { construct, template } = build();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(construct.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(construct.bucket), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  test('queue redrives to a 14-day dead-letter queue after 3 receives', () => {
    const { construct, template } = build();
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(construct.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 3,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: Match.absent(),
    });
  });

  test('visibility timeout is 6x the 5-minute ingest timeout by default and follows consumerTimeout', () => {
    build().template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 300,
      RedrivePolicy: Match.anyValue(),
    });
    build({ consumerTimeout: Duration.minutes(2) }).template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 120,
      RedrivePolicy: Match.anyValue(),
    });
  });

  test('both queues are encrypted and deny non-TLS access', () => {
    const { construct, template } = build();
    for (const queue of [construct.queue, construct.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
    expect(
      Object.values(template.findResources('AWS::SQS::Queue')).map((q) => q.Properties.SqsManagedSseEnabled),
    ).toEqual([true, true]);
  });

  test('a custom prefix replaces studies/', () => {
    build({ prefix: 'incoming/' }).template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }),
        ],
      },
    });
  });

  test('an existing bucket is used instead of creating one', () => {
    const stack = emptyStack();
    const existing = new Bucket(stack, 'Existing');
    const construct = new UploadQueue(stack, 'Uploads', { existingBucket: existing });
    expect(construct.bucket).toBe(existing);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('existingBucket together with bucketProps is refused at synth', () => {
    const stack: Stack = emptyStack();
    const existing = new Bucket(stack, 'Existing');
    expect(
      () => new UploadQueue(stack, 'Uploads', { existingBucket: existing, bucketProps: { versioned: false } }),
    ).toThrow(/existingBucket or bucketProps/);
  });
});
