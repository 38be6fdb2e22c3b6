import { Construct } from 'constructs';
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ANALYZE_BATCH_SIZE, ANALYZE_ENTRY, ANALYZE_TIMEOUT, RESULTS_PREFIX, STUDIES_PREFIX } from '../defaults.js';
import { QueueConsumerFn } from './queue-consumer-fn.js';
import {
  grantListBucket,
  grantReadPrefix,
  grantWritePrefix,
  pipelineEnvironment,
  type PipelineResources,
} from './pipeline-resources.js';

/** The resources are required; the rest tunes the function. */
export interface AnalyzeFnProps {
  readonly resources: PipelineResources;
  /** Overrides for the function (timeout, memory, bundling, ...). */
  readonly functionProps?: Partial<NodejsFunctionProps>;
  /** @default ANALYZE_BATCH_SIZE */
  readonly batchSize?: number;
  /** @default no cap */
  readonly maxConcurrency?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Analyze: consumes the FIFO analysis queue, one study per invocation, and writes study-level results. */
export class AnalyzeFn extends Construct {
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: AnalyzeFnProps) {
    super(scope, id);
    const { resources } = props;
    this.function = new QueueConsumerFn(this, 'Consumer', {
      queue: resources.analysisQueue,
      entry: ANALYZE_ENTRY,
      timeout: props.functionProps?.timeout ?? ANALYZE_TIMEOUT,
      batchSize: props.batchSize ?? ANALYZE_BATCH_SIZE,
      environment: pipelineEnvironment(resources),
      functionProps: props.functionProps,
      maxConcurrency: props.maxConcurrency,
      logRemovalPolicy: props.logRemovalPolicy,
    }).function;
    grantAnalyzeAccess(this.function, resources);
  }
}

/** Least privilege for analyze: reads inputs and dataset results, writes study results; sends nothing. */
function grantAnalyzeAccess(fn: NodejsFunction, resources: PipelineResources): void {
  grantReadPrefix(fn, resources.bucket, STUDIES_PREFIX);
  grantReadPrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantWritePrefix(fn, resources.bucket, RESULTS_PREFIX);
  grantListBucket(fn, resources.bucket);
  resources.table.grantReadWriteData(fn);
}
