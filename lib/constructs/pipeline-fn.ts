import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RESULTS_PREFIX, STUDIES_PREFIX } from '../defaults.js';
import {
  grantListBucket,
  grantReadPrefix,
  grantWritePrefix,
  type PipelineResources,
  pipelineEnvironment,
} from './pipeline-resources.js';
import { QueueConsumerFn } from './queue-consumer-fn.js';

/** The resources are required; the rest tunes the function. */
export interface PipelineFnProps {
  readonly resources: PipelineResources;
  /** Overrides for the function (timeout, memory, bundling, ...). */
  readonly functionProps?: Partial<NodejsFunctionProps>;
  /** @default the role's batch size (the pipeline contract's) */
  readonly batchSize?: number;
  /** @default no cap */
  readonly maxConcurrency?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** What tells the two pipeline functions apart: the queue consumed, the handler, its timeout and batch size, the queues it sends to. */
export interface PipelineFnRole {
  readonly entry: string;
  readonly timeout: Duration;
  readonly batchSize: number;
  readonly consumes: (resources: PipelineResources) => IQueue;
  readonly sendsTo: (resources: PipelineResources) => IQueue[];
  /** bucket prefixes written besides `results/` (the analysis writes `exports/`) */
  readonly alsoWrites?: readonly string[];
}

/**
 * A pipeline function: consumes its queue with the pipeline environment, reads `studies/*` and `results/*`, writes
 * only `results/*`, reads and writes the results table, and sends to the queues its role names (least privilege).
 */
export class PipelineFn extends Construct {
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: PipelineFnProps, role: PipelineFnRole) {
    super(scope, id);
    const { resources } = props;
    this.function = new QueueConsumerFn(this, 'Consumer', {
      queue: role.consumes(resources),
      entry: role.entry,
      timeout: props.functionProps?.timeout ?? role.timeout,
      batchSize: props.batchSize ?? role.batchSize,
      environment: pipelineEnvironment(resources),
      functionProps: props.functionProps,
      maxConcurrency: props.maxConcurrency,
      logRemovalPolicy: props.logRemovalPolicy,
    }).function;
    grantPipelineAccess(this.function, resources, role.sendsTo(resources));
    for (const prefix of role.alsoWrites ?? []) grantWritePrefix(this.function, resources.bucket, prefix);
  }
}

/** Reads inputs and results, writes results only, the table, and sends to `sendsTo`. */
function grantPipelineAccess(fn: NodejsFunction, resources: PipelineResources, sendsTo: IQueue[]): void {
  grantReadPrefix(fn, resources.bucket, STUDIES_PREFIX);
  grantReadPrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantWritePrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantListBucket(fn, resources.bucket);
  resources.table.grantReadWriteData(fn);
  for (const queue of sendsTo) queue.grantSendMessages(fn);
}
