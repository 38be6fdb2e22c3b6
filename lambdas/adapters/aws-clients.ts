/** AWS SDK clients built from the runtime configuration; the only place endpoints are chosen. */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeEnv } from './config.js';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface AwsClients {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
}

/** Creates the three clients; local endpoints get path-style S3 and checksums only when required (s3rver stores aws-chunked bodies otherwise). */
export function createAwsClients(env: RuntimeEnv): AwsClients {
  const region = env.AWS_REGION;
  const local = Boolean(env.BIOMEFLOW_S3_ENDPOINT || env.BIOMEFLOW_DYNAMODB_ENDPOINT || env.BIOMEFLOW_SQS_ENDPOINT);
  // the embedded S3 server only accepts this key pair; the other local servers accept any
  const credentials = local ? { credentials: LOCAL_CREDENTIALS } : {};
  const s3 = new S3Client({
    region,
    ...credentials,
    ...(env.BIOMEFLOW_S3_ENDPOINT
      ? {
          endpoint: env.BIOMEFLOW_S3_ENDPOINT,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
  const ddbBase = new DynamoDBClient({
    region,
    ...credentials,
    ...(env.BIOMEFLOW_DYNAMODB_ENDPOINT ? { endpoint: env.BIOMEFLOW_DYNAMODB_ENDPOINT } : {}),
  });
  const ddb = DynamoDBDocumentClient.from(ddbBase, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({
    region,
    ...credentials,
    ...(env.BIOMEFLOW_SQS_ENDPOINT ? { endpoint: env.BIOMEFLOW_SQS_ENDPOINT } : {}),
  });
  return { s3, ddb, sqs };
}
