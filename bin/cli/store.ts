/** Opens the results store a query reads: the deployed table (--table/--region), a running `biomeflow up`, or the state folder. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { DynamoResultsStore } from '../../lambdas/adapters/results-store.js';
import { LOCAL_REGION, LOCAL_TABLE, runningEndpoints, startDynalite } from '../../lambdas/local/environment.js';

export interface OpenStore {
  store: DynamoResultsStore;
  close(): Promise<void>;
}

export async function openStore(opts: { state: string; table?: string | undefined; region?: string | undefined }): Promise<OpenStore> {
  if (opts.table) {
    const client = new DynamoDBClient({ ...(opts.region ? { region: opts.region } : {}) });
    return { store: new DynamoResultsStore(DynamoDBDocumentClient.from(client), opts.table), close: async () => client.destroy() };
  }
  const running = runningEndpoints(opts.state);
  const server = running ? null : await startDynalite(opts.state);
  const endpoint = running?.dynamoEndpoint ?? server!.endpoint;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return {
    store: new DynamoResultsStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE),
    close: async () => {
      client.destroy();
      await server?.close();
    },
  };
}
