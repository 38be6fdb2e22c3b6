/**
 * Which exceptions are infrastructure faults (retried by SQS, dead-lettered after the last receive) and which are
 * not: an exception thrown while computing a dataset's or a study's results from data already read is recorded
 * as a FAILED record with code INTERNAL instead, so that nothing data-driven reaches a dead-letter queue.
 */
import type { DataError } from '../core/errors.js';

/** Node network error codes that mean "try again". */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** True for an AWS SDK service error (it carries `$metadata`), a throttling or timeout error, or a network error. */
export function isInfrastructureFault(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { $metadata?: unknown; name?: string; code?: string; cause?: unknown };
  if (err.$metadata !== undefined) return true;
  if (
    err.name &&
    /Throttl|Timeout|TimeoutError|RequestAbortedError|ServiceUnavailable|InternalServerError|ProvisionedThroughputExceeded/.test(
      err.name,
    )
  )
    return true;
  if (err.code && NETWORK_CODES.has(err.code)) return true;
  return err.cause !== undefined && err.cause !== e && isInfrastructureFault(err.cause);
}

/** The FAILED error of an unexpected exception while computing results: code INTERNAL with its message. */
export function internalError(e: unknown, file: string): DataError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    code: 'INTERNAL',
    message: `internal error while computing the results (please report it): ${message.slice(0, 500)}`,
    line: 0,
    column: 0,
    expected: 'no internal error',
    file,
  };
}
