import type { Construct } from 'constructs';
import { INGEST_BATCH_SIZE, INGEST_ENTRY, INGEST_TIMEOUT } from '../defaults.js';
import { PipelineFn, type PipelineFnProps, type PipelineFnRole } from './pipeline-fn.js';

/** @see PipelineFnProps (batch size default INGEST_BATCH_SIZE) */
export type IngestFnProps = PipelineFnProps;

/** Ingest consumes upload notifications; it sends to the analysis queue and re-enqueues a study's tables for reprocessing on the ingest queue. */
const INGEST_ROLE: PipelineFnRole = {
  entry: INGEST_ENTRY,
  timeout: INGEST_TIMEOUT,
  batchSize: INGEST_BATCH_SIZE,
  consumes: (r) => r.ingestQueue,
  sendsTo: (r) => [r.analysisQueue, r.ingestQueue],
};

/** Ingest: consumes upload notifications, reads `studies/*`, writes results, requests analyses. */
export class IngestFn extends PipelineFn {
  constructor(scope: Construct, id: string, props: IngestFnProps) {
    super(scope, id, props, INGEST_ROLE);
  }
}
