import type { Construct } from 'constructs';
import { ANALYZE_BATCH_SIZE, ANALYZE_ENTRY, ANALYZE_TIMEOUT } from '../defaults.js';
import { PipelineFn, type PipelineFnProps, type PipelineFnRole } from './pipeline-fn.js';

/** @see PipelineFnProps (batch size default ANALYZE_BATCH_SIZE) */
export type AnalyzeFnProps = PipelineFnProps;

/** Analyze consumes the FIFO analysis queue and sends nothing. */
const ANALYZE_ROLE: PipelineFnRole = { entry: ANALYZE_ENTRY, timeout: ANALYZE_TIMEOUT, batchSize: ANALYZE_BATCH_SIZE, consumes: (r) => r.analysisQueue, sendsTo: () => [] };

/** Analyze: consumes the FIFO analysis queue, one study per invocation, and writes study-level results. */
export class AnalyzeFn extends PipelineFn {
  constructor(scope: Construct, id: string, props: AnalyzeFnProps) {
    super(scope, id, props, ANALYZE_ROLE);
  }
}
