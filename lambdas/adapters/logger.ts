/** Structured JSON logs (one object per line), as CloudWatch Logs Insights expects; silent when BIOMEFLOW_LOG=silent. */
import { ENV } from '../core/pipeline/contract.js';

export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

export function createLogger(service: string, env: Record<string, string | undefined> = process.env): Logger {
  const silent = env[ENV.log] === 'silent';
  const emit = (level: string) => (message: string, fields: Record<string, unknown> = {}) => {
    if (silent) return;
    const line = JSON.stringify({ level, service, timestamp: new Date().toISOString(), message, ...fields });
    if (level === 'ERROR') console.error(line);
    else console.log(line);
  };
  return { info: emit('INFO'), warn: emit('WARN'), error: emit('ERROR') };
}
