import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AnalysisQueue } from './constructs/analysis-queue.js';
import { Analytics } from './constructs/analytics.js';
import { AnalyzeFn } from './constructs/analyze-fn.js';
import { IngestFn } from './constructs/ingest-fn.js';
import { PipelineAlarms } from './constructs/pipeline-alarms.js';
import type { PipelineResources } from './constructs/pipeline-resources.js';
import { ResultsTable } from './constructs/results-table.js';
import { UploadQueue } from './constructs/upload-queue.js';

export interface BiomeflowStackProps extends StackProps {
  /** Mail every alarm to this address through an SNS topic. @default no topic */
  readonly alarmEmail?: string;
  /**
   * Keep the bucket, table and logs when the stack is deleted. Set false only for
   * throw-away stacks: the bucket is then emptied and the table deleted with the stack.
   * @default true
   */
  readonly retainData?: boolean;
}

/** biomeflow in AWS: upload bucket → ingest queue → ingest → FIFO analysis queue → analyze, results in one table. */
export class BiomeflowStack extends Stack {
  public readonly bucket: IBucket;
  public readonly ingestQueue: Queue;
  public readonly ingestDeadLetterQueue: Queue;
  public readonly analysisQueue: Queue;
  public readonly analysisDeadLetterQueue: Queue;
  public readonly table: Table;
  public readonly ingestFunction: NodejsFunction;
  public readonly analyzeFunction: NodejsFunction;
  public readonly alarms: PipelineAlarms;

  constructor(scope: Construct, id: string, props: BiomeflowStackProps = {}) {
    super(scope, id, props);
    const retain = props.retainData ?? true;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const uploads = new UploadQueue(this, 'Uploads', {
      bucketProps: retain ? undefined : { removalPolicy, autoDeleteObjects: true },
    });
    const analysis = new AnalysisQueue(this, 'Analysis');
    const results = new ResultsTable(this, 'Results', {
      tableProps: retain ? undefined : { removalPolicy, deletionProtection: false },
    });
    this.bucket = uploads.bucket;
    this.ingestQueue = uploads.queue;
    this.ingestDeadLetterQueue = uploads.deadLetterQueue;
    this.analysisQueue = analysis.queue;
    this.analysisDeadLetterQueue = analysis.deadLetterQueue;
    this.table = results.table;
    new Analytics(this, 'Analytics', { bucket: this.bucket, table: this.table });

    const resources: PipelineResources = {
      bucket: this.bucket,
      table: this.table,
      ingestQueue: this.ingestQueue,
      analysisQueue: this.analysisQueue,
    };
    this.ingestFunction = new IngestFn(this, 'Ingest', { resources, logRemovalPolicy: removalPolicy }).function;
    this.analyzeFunction = new AnalyzeFn(this, 'Analyze', { resources, logRemovalPolicy: removalPolicy }).function;

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      deadLetterQueues: { Ingest: this.ingestDeadLetterQueue, Analysis: this.analysisDeadLetterQueue },
      functions: { Ingest: this.ingestFunction, Analyze: this.analyzeFunction },
      alarmEmail: props.alarmEmail,
    });
    this.addOutputs();
  }

  /** Names a user or the `biomeflow` CLI needs to reach the deployed pipeline. */
  private addOutputs(): void {
    const outputs: Record<string, [string, string]> = {
      BucketName: [this.bucket.bucketName, 'Upload studies to s3://<BucketName>/studies/<study>/'],
      TableName: [this.table.tableName, 'DynamoDB results table'],
      IngestQueueUrl: [this.ingestQueue.queueUrl, 'S3 upload notifications for ingest'],
      IngestDeadLetterQueueUrl: [this.ingestDeadLetterQueue.queueUrl, 'Uploads that failed ingest 3 times'],
      AnalysisQueueUrl: [this.analysisQueue.queueUrl, 'FIFO analysis requests (MessageGroupId = study)'],
      AnalysisDeadLetterQueueUrl: [this.analysisDeadLetterQueue.queueUrl, 'Analyses that failed 3 times'],
      IngestFunctionName: [this.ingestFunction.functionName, 'Ingest Lambda function'],
      AnalyzeFunctionName: [this.analyzeFunction.functionName, 'Analyze Lambda function'],
      Region: [Aws.REGION, 'Region the pipeline runs in'],
    };
    if (this.alarms.topic) outputs.AlarmTopicArn = [this.alarms.topic.topicArn, 'SNS topic receiving alarms'];
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, id, { value, description });
    }
  }
}
