/** The DynamoDB CreateTable request of the results table, derived from the contract's key schema (local mode creates the table with it). */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { RESULTS_TABLE } from '../core/pipeline/contract.js';

/** CreateTable input: key schema, attribute definitions and the global secondary indexes, all from RESULTS_TABLE. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const t = RESULTS_TABLE;
  const keys = [t.partitionKey, t.sortKey, ...t.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
  return {
    TableName: tableName,
    BillingMode: t.billingMode,
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: [
      { AttributeName: t.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: t.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: t.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: g.projection },
    })),
  };
}
