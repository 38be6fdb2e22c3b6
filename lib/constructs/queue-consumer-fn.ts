import * as path from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  defaultBundling,
  FUNCTION_ARCHITECTURE,
  FUNCTION_EPHEMERAL_STORAGE,
  FUNCTION_MEMORY_MB,
  FUNCTION_RUNTIME,
  HANDLER_EXPORT,
  LOG_RETENTION,
  PROJECT_ROOT,
} from '../defaults.js';

/** What a queue-driven pipeline function needs; `functionProps` overrides the defaults except environment keys set here. */
export interface QueueConsumerFnProps {
  readonly queue: IQueue;
  readonly entry: string;
  readonly timeout: Duration;
  readonly batchSize: number;
  readonly environment: Record<string, string>;
  readonly functionProps?: Partial<NodejsFunctionProps>;
  /** Caps concurrent invocations from this queue (SQS event source maximum concurrency). @default no cap */
  readonly maxConcurrency?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** SQS → Lambda: a bundled Node.js function consuming one queue with partial-batch failure reporting. */
export class QueueConsumerFn extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: QueueConsumerFnProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.function = new NodejsFunction(this, 'Function', functionProps(props, this.logGroup));
    this.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: props.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
  }
}

/** Merges default ← user ← required; bundling options merge key by key. */
function functionProps(props: QueueConsumerFnProps, logGroup: LogGroup): NodejsFunctionProps {
  const user = props.functionProps ?? {};
  return {
    runtime: FUNCTION_RUNTIME,
    architecture: FUNCTION_ARCHITECTURE,
    memorySize: FUNCTION_MEMORY_MB,
    ephemeralStorageSize: FUNCTION_EPHEMERAL_STORAGE,
    timeout: props.timeout,
    logGroup,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    ...user,
    entry: props.entry,
    handler: user.handler ?? HANDLER_EXPORT,
    bundling: { ...defaultBundling(), ...user.bundling },
    environment: { ...user.environment, ...props.environment },
  };
}
