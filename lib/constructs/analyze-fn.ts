import type { Construct } from 'constructs';
import { EXPORTS_PREFIX } from '../../lambdas/core/pipeline/contract.js';
import { ANALYZE_BATCH_SIZE, ANALYZE_ENTRY, ANALYZE_TIMEOUT } from '../defaults.js';
import { PipelineFn, type PipelineFnProps, type PipelineFnRole } from './pipeline-fn.js';

/** @see PipelineFnProps (batch size default ANALYZE_BATCH_SIZE) */
export type AnalyzeFnProps = PipelineFnProps;

/** Analyze consumes the FIFO analysis queue, sends nothing, and also writes the study exports. */
const ANALYZE_ROLE: PipelineFnRole = {
  entry: ANALYZE_ENTRY,
  timeout: ANALYZE_TIMEOUT,
  batchSize: ANALYZE_BATCH_SIZE,
  consumes: (r) => r.analysisQueue,
  sendsTo: () => [],
  alsoWrites: [EXPORTS_PREFIX],
};

/** Analyze: consumes the FIFO analysis queue, one study per invocation, and writes study-level results. */
export class AnalyzeFn extends PipelineFn {
  constructor(scope: Construct, id: string, props: AnalyzeFnProps) {
    super(scope, id, props, ANALYZE_ROLE);
  }
}
