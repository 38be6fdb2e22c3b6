/** A results store client for a running local environment. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION, LOCAL_TABLE, type LocalEnvironment } from '../../cli/local/environment.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { DynamoResultsStore } from '../../lambdas/adapters/results-store.js';

export async function localStoreFor(env: LocalEnvironment) {
  const client = new DynamoDBClient({
    endpoint: env.dynamoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return {
    store: new DynamoResultsStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE),
    close: async () => client.destroy(),
  };
}
