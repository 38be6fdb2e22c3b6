/** A throwaway dynalite server with the results table, for store tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION, LOCAL_TABLE, startDynalite } from '../../cli/local/environment.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { DynamoResultsStore } from '../../lambdas/adapters/results-store.js';

export async function localStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-ddb-'));
  const server = await startDynalite(dir);
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoResultsStore(doc, LOCAL_TABLE);
  return {
    store,
    doc,
    async close() {
      client.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
