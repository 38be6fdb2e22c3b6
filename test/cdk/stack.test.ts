import { biomeflow, logicalId } from './helpers.js';

describe('BiomeflowStack', () => {
  test('composes one bucket, four queues, one table', () => {
    const { template } = biomeflow();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::SQS::Queue', 4);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  test('outputs bucket, table, queue URLs and region', () => {
    const { stack, template } = biomeflow();
    template.hasOutput('BucketName', { Value: { Ref: logicalId(stack.bucket) } });
    template.hasOutput('TableName', { Value: { Ref: logicalId(stack.table) } });
    template.hasOutput('IngestQueueUrl', { Value: { Ref: logicalId(stack.ingestQueue) } });
    template.hasOutput('AnalysisQueueUrl', { Value: { Ref: logicalId(stack.analysisQueue) } });
    template.hasOutput('IngestDeadLetterQueueUrl', { Value: { Ref: logicalId(stack.ingestDeadLetterQueue) } });
    template.hasOutput('AnalysisDeadLetterQueueUrl', { Value: { Ref: logicalId(stack.analysisDeadLetterQueue) } });
    template.hasOutput('Region', { Value: { Ref: 'AWS::Region' } });
    expect(template.findOutputs('AlarmTopicArn')).toEqual({});
  });

  test('the alarm topic is an output when an email is given', () => {
    const { stack, template } = biomeflow({ alarmEmail: 'lab@example.org' });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalId(stack.alarms.topic!) } });
  });

  test('bucket, table and logs are retained by default', () => {
    const { template } = biomeflow();
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    expect(Object.values(template.findResources('AWS::Logs::LogGroup')).map((l) => l.DeletionPolicy)).toEqual([
      'Retain',
      'Retain',
    ]);
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('retainData: false makes a throw-away stack (bucket emptied, table deletable)', () => {
    const { template } = biomeflow({ retainData: false });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });
});
