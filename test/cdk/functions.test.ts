import { biomeflow, logicalId } from './helpers.js';

const EXPECTED_ENVIRONMENT_KEYS = [
  'TABLE_NAME',
  'BUCKET_NAME',
  'ANALYZE_QUEUE_URL',
  'INGEST_QUEUE_URL',
  'RESULTS_PREFIX',
  'NODE_OPTIONS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

describe('pipeline functions', () => {
  test('exactly the two pipeline functions plus the S3-notification helper', () => {
    const { template } = biomeflow();
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
  });

  test('ingest: Node.js 22 on arm64, 3008 MB, 5 minutes, 2 GB /tmp, exported handler', () => {
    const { stack, template } = biomeflow();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 3008,
      Timeout: 300,
      EphemeralStorage: { Size: 2048 },
      Handler: 'index.handler',
    });
    expect(template.toJSON().Resources[logicalId(stack.ingestFunction)].Properties.Timeout).toBe(300);
  });

  test('analyze: same runtime, architecture, memory and /tmp, 15 minutes', () => {
    const { stack, template } = biomeflow();
    const properties = template.toJSON().Resources[logicalId(stack.analyzeFunction)].Properties;
    expect(properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 3008,
      Timeout: 900,
      EphemeralStorage: { Size: 2048 },
      Handler: 'index.handler',
    });
  });

  test('both functions get the pipeline environment, wired to the stack resources', () => {
    const { stack, template } = biomeflow();
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      const variables = template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
      expect(Object.keys(variables).sort()).toEqual([...EXPECTED_ENVIRONMENT_KEYS].sort());
      expect(variables).toEqual({
        TABLE_NAME: { Ref: logicalId(stack.table) },
        BUCKET_NAME: { Ref: logicalId(stack.bucket) },
        ANALYZE_QUEUE_URL: { Ref: logicalId(stack.analysisQueue) },
        INGEST_QUEUE_URL: { Ref: logicalId(stack.ingestQueue) },
        RESULTS_PREFIX: 'results/',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
    }
  });

  test('ingest consumes the upload queue in batches of 5 with partial batch failures', () => {
    const { stack, template } = biomeflow();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.ingestFunction) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.ingestQueue), 'Arn'] },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('analyze consumes the FIFO queue in batches of up to 10 (one analysis per study per batch) with partial batch failures', () => {
    const { stack, template } = biomeflow();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.analyzeFunction) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.analysisQueue), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('each queue hides a message for at least 6x its consumer timeout', () => {
    const { stack, template } = biomeflow();
    const resources = template.toJSON().Resources;
    const pairs = [
      [stack.ingestQueue, stack.ingestFunction],
      [stack.analysisQueue, stack.analyzeFunction],
    ] as const;
    for (const [queue, fn] of pairs) {
      const visibility = resources[logicalId(queue)].Properties.VisibilityTimeout;
      const timeout = resources[logicalId(fn)].Properties.Timeout;
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  test('each function logs to its own log group kept for a month', () => {
    const { stack, template } = biomeflow();
    const resources = template.toJSON().Resources;
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    const groups = [stack.ingestFunction, stack.analyzeFunction].map((fn) => {
      const groupId: string = resources[logicalId(fn)].Properties.LoggingConfig.LogGroup.Ref;
      expect(resources[groupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
      return groupId;
    });
    expect(new Set(groups).size).toBe(2);
  });
});
