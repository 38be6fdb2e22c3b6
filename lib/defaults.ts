/**
 * Named defaults for biomeflow's constructs. Constructs merge these as
 * default ← user props ← required settings, so every tunable lives here once.
 */

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Size } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ANALYSIS_QUEUE, INGEST_QUEUE } from '../lambdas/core/pipeline/contract.js';

/** Repository root: entries, lock file and tsconfig are resolved from here, not from the caller's cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Prefixes, queue settings and the table key schema come from the pipeline contract the handlers and the local mode share. */
export {
  ANALYSIS_QUEUE,
  ENV,
  INGEST_QUEUE,
  MAX_RECEIVE_COUNT,
  RESULTS_PREFIX,
  RESULTS_TABLE,
  STUDIES_PREFIX,
  TABLE_KEYS,
} from '../lambdas/core/pipeline/contract.js';

/** Dead-letter queues keep messages for the SQS maximum, giving operators two weeks to redrive. */
export const DLQ_RETENTION = Duration.days(14);
/** Queue visibility timeout as a multiple of the consumer's timeout, as AWS recommends for Lambda event sources. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export const INGEST_ENTRY = path.join(PROJECT_ROOT, 'lambdas/ingest/handler.ts');
export const ANALYZE_ENTRY = path.join(PROJECT_ROOT, 'lambdas/analyze/handler.ts');
export const HANDLER_EXPORT = 'handler';

export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
/** Graviton is about 20% cheaper per GB-second and the code has no native binaries. */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;
/** About 1.7 vCPU; parsing and statistics are CPU-bound. */
export const FUNCTION_MEMORY_MB = 3008;
/** Room in /tmp for a large uploaded object streamed to disk (h5wasm reads files). */
export const FUNCTION_EPHEMERAL_STORAGE = Size.gibibytes(2);
export const INGEST_TIMEOUT = Duration.seconds(INGEST_QUEUE.timeoutSeconds);
/** Study-level statistics (permutations, correlations) get the Lambda maximum. */
export const ANALYZE_TIMEOUT = Duration.seconds(ANALYSIS_QUEUE.timeoutSeconds);
/** Up to five uploads per invocation; each one fails or succeeds on its own (partial batch response). */
export const INGEST_BATCH_SIZE = INGEST_QUEUE.batchSize;
/**
 * Up to ten queued changes per invocation: the handler analyses each study of the batch once (the analysis reads
 * the latest state), so a burst of uploads costs one analysis, not one per file. A failing study fails only its own
 * messages (partial batch response); FIFO keeps other groups flowing.
 */
export const ANALYZE_BATCH_SIZE = ANALYSIS_QUEUE.batchSize;
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

/** Old object versions (replaced uploads and results) are kept this long, then expire. */
export const NONCURRENT_VERSION_EXPIRATION = Duration.days(90);
export const INCOMPLETE_MULTIPART_UPLOAD_EXPIRATION = Duration.days(7);

/** SQS publishes metrics every five minutes; a shorter period only adds missing data points. */
export const ALARM_PERIOD = Duration.minutes(5);
export const ALARM_THRESHOLD = 1;

/** Lets CommonJS dependencies call require() inside the ESM bundle. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Visibility timeout that outlasts every retry of one invocation of a consumer with this timeout. */
export function visibilityTimeoutFor(functionTimeout: Duration): Duration {
  return Duration.seconds(functionTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);
}

/** Local-esbuild ESM bundling (see docs/toolchain.md: h5wasm fails in a CommonJS bundle); source maps carry positions only, to keep the zip small. */
export function defaultBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    externalModules: ['@aws-sdk/*'],
    forceDockerBundling: false,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    target: 'node22',
  };
}
