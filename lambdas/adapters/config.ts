/**
 * Runtime configuration from the environment, validated once at the boundary.
 * In Lambda the endpoints are absent (SDK defaults); locally they point at the
 * embedded servers. Nothing else differs between the two modes.
 */
import { z } from 'zod';

export const RuntimeEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  BUCKET_NAME: z.string().min(3),
  ANALYZE_QUEUE_URL: z.string().url(),
  INGEST_QUEUE_URL: z.string().url(),
  RESULTS_PREFIX: z.string().default('results/'),
  AWS_REGION: z.string().default('us-east-1'),
  BIOMEFLOW_S3_ENDPOINT: z.string().url().optional(),
  BIOMEFLOW_DYNAMODB_ENDPOINT: z.string().url().optional(),
  BIOMEFLOW_SQS_ENDPOINT: z.string().url().optional(),
  /** seconds a superseded run stays readable before TTL removes it */
  BIOMEFLOW_SUPERSEDED_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
});
export type RuntimeEnv = z.output<typeof RuntimeEnvSchema>;

/** Parses the process environment; throws a readable error naming the missing variables. */
export function runtimeEnvFrom(env: Record<string, string | undefined>): RuntimeEnv {
  const r = RuntimeEnvSchema.safeParse(env);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`biomeflow: invalid runtime environment: ${issues}`);
  }
  return r.data;
}
