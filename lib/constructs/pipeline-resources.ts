import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { ENV, RESULTS_PREFIX } from '../defaults.js';

/** The shared resources both pipeline functions are wired to. */
export interface PipelineResources {
  readonly bucket: IBucket;
  readonly table: ITable;
  readonly ingestQueue: IQueue;
  readonly analysisQueue: IQueue;
}

/** Environment contract between the stack and the handlers: the contract's variable names (the same in local mode). */
export function pipelineEnvironment(resources: PipelineResources): Record<string, string> {
  return {
    [ENV.tableName]: resources.table.tableName,
    [ENV.bucketName]: resources.bucket.bucketName,
    [ENV.analyzeQueueUrl]: resources.analysisQueue.queueUrl,
    [ENV.ingestQueueUrl]: resources.ingestQueue.queueUrl,
    [ENV.resultsPrefix]: RESULTS_PREFIX,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

const OBJECT_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const OBJECT_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];

/** Read current and past versions of objects under `prefix` only. */
export function grantReadPrefix(grantee: IGrantable, bucket: IBucket, prefix: string): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: OBJECT_READ_ACTIONS,
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  });
}

/** Write (single and multipart) objects under `prefix` only. */
export function grantWritePrefix(grantee: IGrantable, bucket: IBucket, prefix: string): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: OBJECT_WRITE_ACTIONS,
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  });
}

/** List keys, which also makes a missing object read as 404 NoSuchKey instead of 403. */
export function grantListBucket(grantee: IGrantable, bucket: IBucket): Grant {
  return Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
}
