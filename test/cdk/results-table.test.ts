import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { createTableInput } from '../../lambdas/adapters/table-schema.js';
import { ResultsTable } from '../../lib/constructs/results-table.js';
import { emptyStack } from './helpers.js';

/** A fresh stack holding one ResultsTable. */
function build(props: ConstructorParameters<typeof ResultsTable>[2] = {}): Template {
  const stack = emptyStack();
  new ResultsTable(stack, 'Results', props);
  return Template.fromStack(stack);
}

describe('ResultsTable', () => {
  test('on-demand, point-in-time recovery, PK/SK strings, TTL on expiresAt', () => {
    const template = build();
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('GSI1 has GSI1PK/GSI1SK string keys and projects all attributes', () => {
    build().hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  test('the table local mode creates has the same keys, attributes and index as the synthesized one (both from the contract)', () => {
    const table = Object.values(build().findResources('AWS::DynamoDB::Table'))[0]!.Properties;
    const local = createTableInput('biomeflow-results');
    expect(local.KeySchema).toEqual(table.KeySchema);
    expect(local.AttributeDefinitions).toEqual(table.AttributeDefinitions);
    expect(local.GlobalSecondaryIndexes).toEqual(table.GlobalSecondaryIndexes);
    expect(local.BillingMode).toBe(table.BillingMode);
  });

  test('retained and deletion-protected by default', () => {
    const template = build();
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  test('user props override defaults but not the key schema', () => {
    const template = build({
      tableProps: { removalPolicy: RemovalPolicy.DESTROY, partitionKey: { name: 'id', type: AttributeType.NUMBER } },
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    });
  });
});
