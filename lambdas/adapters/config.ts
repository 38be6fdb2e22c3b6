/**
 * Runtime configuration from the environment, validated once at the boundary.
 * In Lambda the endpoints are absent (SDK defaults); locally they point at the
 * embedded servers. Nothing else differs between the two modes. The variable
 * names and their schema are part of the pipeline contract.
 */
import { type RuntimeEnv, RuntimeEnvSchema } from '../core/pipeline/contract.js';

export { type RuntimeEnv, RuntimeEnvSchema } from '../core/pipeline/contract.js';

/** Parses the process environment; throws a readable error naming the missing variables. */
export function runtimeEnvFrom(env: Record<string, string | undefined>): RuntimeEnv {
  const r = RuntimeEnvSchema.safeParse(env);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`biomeflow: invalid runtime environment: ${issues}`);
  }
  return r.data;
}
