import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  EventType,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue, QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  INCOMPLETE_MULTIPART_UPLOAD_EXPIRATION,
  INGEST_TIMEOUT,
  NONCURRENT_VERSION_EXPIRATION,
  STUDIES_PREFIX,
  visibilityTimeoutFor,
} from '../defaults.js';
import { createQueueWithDlq } from './queue-with-dlq.js';

/** All optional: give either an existing bucket or props for a new one, never both. */
export interface UploadQueueProps {
  readonly existingBucket?: IBucket;
  readonly bucketProps?: BucketProps;
  readonly queueProps?: QueueProps;
  readonly deadLetterQueueProps?: QueueProps;
  /** @default MAX_RECEIVE_COUNT */
  readonly maxReceiveCount?: number;
  /** Only keys under this prefix notify the queue. @default STUDIES_PREFIX */
  readonly prefix?: string;
  /** Timeout of the queue's consumer; the visibility timeout is derived from it. @default INGEST_TIMEOUT */
  readonly consumerTimeout?: Duration;
}

/** S3 → SQS: the upload bucket, whose new objects under one prefix are queued for ingest, with a dead-letter queue. */
export class UploadQueue extends Construct {
  public readonly bucket: IBucket;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: UploadQueueProps = {}) {
    super(scope, id);
    if (props.existingBucket && props.bucketProps) {
      throw new Error('UploadQueue: give existingBucket or bucketProps, not both');
    }
    this.bucket = props.existingBucket ?? new Bucket(this, 'Bucket', { ...defaultBucketProps(), ...props.bucketProps });
    const { queue, deadLetterQueue } = createQueueWithDlq(this, 'Queue', {
      queueProps: {
        visibilityTimeout: visibilityTimeoutFor(props.consumerTimeout ?? INGEST_TIMEOUT),
        ...props.queueProps,
      },
      deadLetterQueueProps: props.deadLetterQueueProps,
      maxReceiveCount: props.maxReceiveCount,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), {
      prefix: props.prefix ?? STUDIES_PREFIX,
    });
  }
}

/** Private, encrypted, SSL-only, versioned; old versions and abandoned multipart uploads expire. */
function defaultBucketProps(): BucketProps {
  return {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'expire-old-versions',
        noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRATION,
        abortIncompleteMultipartUploadAfter: INCOMPLETE_MULTIPART_UPLOAD_EXPIRATION,
      },
    ],
  };
}
