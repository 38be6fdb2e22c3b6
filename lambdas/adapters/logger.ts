/**
 * Structured JSON logs through Powertools for AWS Lambda's Logger (one JSON object per line, with the cold-start
 * flag, the function context when it is given, the log level from POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL,
 * default INFO), as CloudWatch Logs Insights expects. Silent when BIOMEFLOW_LOG=silent (the local mode's default
 * for the CLI). Handlers depend only on the `Logger` port.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { ENV } from '../core/pipeline/contract.js';

export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

/** A logger for one service ('ingest', 'analyze'); the Powertools instance is exposed for `addContext` in the handler. */
export function createLogger(
  service: string,
  env: Record<string, string | undefined> = process.env,
): Logger & { powertools?: PowertoolsLogger } {
  if (env[ENV.log] === 'silent') return { info: () => {}, warn: () => {}, error: () => {} };
  const logger = new PowertoolsLogger({
    serviceName: `biomeflow-${service}`,
    logLevel: (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO') as 'INFO',
  });
  return {
    powertools: logger,
    info: (msg, fields = {}) => logger.info(msg, fields),
    warn: (msg, fields = {}) => logger.warn(msg, fields),
    error: (msg, fields = {}) => logger.error(msg, fields),
  };
}
