import { Construct } from 'constructs';
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { INGEST_BATCH_SIZE, INGEST_ENTRY, INGEST_TIMEOUT, RESULTS_PREFIX, STUDIES_PREFIX } from '../defaults.js';
import { QueueConsumerFn } from './queue-consumer-fn.js';
import {
  grantListBucket,
  grantReadPrefix,
  grantWritePrefix,
  pipelineEnvironment,
  type PipelineResources,
} from './pipeline-resources.js';

/** The resources are required; the rest tunes the function. */
export interface IngestFnProps {
  readonly resources: PipelineResources;
  /** Overrides for the function (timeout, memory, bundling, ...). */
  readonly functionProps?: Partial<NodejsFunctionProps>;
  /** @default INGEST_BATCH_SIZE */
  readonly batchSize?: number;
  /** @default no cap */
  readonly maxConcurrency?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Ingest: consumes upload notifications, reads `studies/*`, writes results, requests analyses. */
export class IngestFn extends Construct {
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: IngestFnProps) {
    super(scope, id);
    const { resources } = props;
    this.function = new QueueConsumerFn(this, 'Consumer', {
      queue: resources.ingestQueue,
      entry: INGEST_ENTRY,
      timeout: props.functionProps?.timeout ?? INGEST_TIMEOUT,
      batchSize: props.batchSize ?? INGEST_BATCH_SIZE,
      environment: pipelineEnvironment(resources),
      functionProps: props.functionProps,
      maxConcurrency: props.maxConcurrency,
      logRemovalPolicy: props.logRemovalPolicy,
    }).function;
    grantIngestAccess(this.function, resources);
  }
}

/** Least privilege for ingest; the ingest queue send is for re-enqueueing a study's tables for reprocessing. */
function grantIngestAccess(fn: NodejsFunction, resources: PipelineResources): void {
  grantReadPrefix(fn, resources.bucket, STUDIES_PREFIX);
  grantReadPrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantWritePrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantListBucket(fn, resources.bucket);
  resources.table.grantReadWriteData(fn);
  resources.analysisQueue.grantSendMessages(fn);
  resources.ingestQueue.grantSendMessages(fn);
}
