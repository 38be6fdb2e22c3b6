import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { EXPORT_FAMILIES, FAMILY_COLUMNS, glueType } from '../../lambdas/core/export/schemas.js';
import { Analytics } from '../../lib/constructs/analytics.js';
import { actionsOf, biomeflow, emptyStack, logicalId, objectArn, resourcesOf, type Statement } from './helpers.js';

/** A stack holding a bucket, a table and the Analytics construct. */
function build(): { stack: Stack; template: Template; analytics: Analytics; bucketId: string; tableId: string } {
  const stack = emptyStack();
  const bucket = new Bucket(stack, 'Bucket');
  const table = new Table(stack, 'Table', {
    partitionKey: { name: 'PK', type: AttributeType.STRING },
    sortKey: { name: 'SK', type: AttributeType.STRING },
  });
  const analytics = new Analytics(stack, 'Analytics', { bucket, table });
  return {
    stack,
    template: Template.fromStack(stack),
    analytics,
    bucketId: logicalId(bucket),
    tableId: logicalId(table),
  };
}

function policyStatements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
  expect(policies).toHaveLength(1);
  return policies[0]!.Properties.PolicyDocument.Statement as Statement[];
}

const bucketArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const s3Uri = (bucketId: string, suffix: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }, suffix]] });

describe('Analytics', () => {
  test('one Glue database and one Parquet table per export family, partitioned by study through injected projection', () => {
    const { template, bucketId } = build();
    template.resourceCountIs('AWS::Glue::Database', 1);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'test' } });
    template.resourceCountIs('AWS::Glue::Table', EXPORT_FAMILIES.length);
    for (const family of EXPORT_FAMILIES) {
      template.hasResourceProperties('AWS::Glue::Table', {
        DatabaseName: 'test',
        TableInput: {
          Name: family,
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: [{ Name: 'study', Type: 'string', Comment: 'study id' }],
          Parameters: {
            classification: 'parquet',
            'projection.enabled': 'true',
            'projection.study.type': 'injected',
            'storage.location.template': s3Uri(bucketId, `/exports/\${study}/${family}/`),
          },
          StorageDescriptor: {
            Location: s3Uri(bucketId, '/exports/'),
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
            Columns: FAMILY_COLUMNS[family].map((c) =>
              Match.objectLike({ Name: c.name.toLowerCase(), Type: glueType(c.type) }),
            ),
          },
        },
      });
    }
  });

  test('the Glue column types follow the export schema (bigint for ints, boolean, double, string)', () => {
    const { template } = build();
    const hits = Object.values(template.findResources('AWS::Glue::Table')).find(
      (t) => t.Properties.TableInput.Name === 'hits',
    )!;
    const types = Object.fromEntries(
      (hits.Properties.TableInput.StorageDescriptor.Columns as { Name: string; Type: string }[]).map((c) => [
        c.Name,
        c.Type,
      ]),
    );
    expect([types.comparison, types.q, types.na, types.featurename]).toEqual(['string', 'double', 'bigint', 'string']);
    const comparisons = Object.values(template.findResources('AWS::Glue::Table')).find(
      (t) => t.Properties.TableInput.Name === 'comparisons',
    )!;
    expect(
      (comparisons.Properties.TableInput.StorageDescriptor.Columns as { Name: string; Type: string }[]).find(
        (c) => c.Name === 'paired',
      )!.Type,
    ).toBe('boolean');
  });

  test('an Athena workgroup that enforces SSE-S3 encrypted results under athena-results/ in the bucket', () => {
    const { template, bucketId } = build();
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'Test',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: {
          OutputLocation: s3Uri(bucketId, '/athena-results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
        },
      },
    });
  });

  test('the analyst policy reads only exports/ and results/ objects, lists only those prefixes and the query results, writes only athena-results/', () => {
    const { template, bucketId } = build();
    const s3 = policyStatements(template).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const get = s3.filter((s) => actionsOf(s).includes('s3:GetObject')).flatMap(resourcesOf);
    expect(get).toEqual([
      objectArn(bucketId, 'exports/'),
      objectArn(bucketId, 'results/'),
      objectArn(bucketId, 'athena-results/'),
    ]);
    const put = s3.filter((s) => actionsOf(s).includes('s3:PutObject')).flatMap(resourcesOf);
    expect(put).toEqual([objectArn(bucketId, 'athena-results/')]);
    const list = s3.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    expect(resourcesOf(list[0]!)).toEqual([bucketArn(bucketId)]);
    expect(list[0]!.Condition).toEqual({ StringLike: { 's3:prefix': ['exports/*', 'results/*', 'athena-results/*'] } });
    expect(s3.flatMap(actionsOf).some((a) => a === 's3:*' || a.startsWith('s3:Delete'))).toBe(false);
    expect(JSON.stringify(s3)).not.toContain('studies/');
  });

  test('the analyst policy reads the table and its indexes with Query and GetItem only', () => {
    const { template, tableId } = build();
    const ddb = policyStatements(template).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(ddb).toHaveLength(1);
    expect(actionsOf(ddb[0]!).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(resourcesOf(ddb[0]!)).toEqual([bucketArn(tableId), { 'Fn::Join': ['', [bucketArn(tableId), '/index/*']] }]);
  });

  test('Athena actions only on the workgroup, Glue reads only on the catalog, the database and its tables; no Resource "*"', () => {
    const { template } = build();
    const statements = policyStatements(template);
    const athena = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('athena:')));
    expect(athena).toHaveLength(1);
    expect(actionsOf(athena[0]!)).toEqual(
      expect.arrayContaining(['athena:StartQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup']),
    );
    expect(JSON.stringify(resourcesOf(athena[0]!))).toMatch(/:workgroup\/Test"/);
    const glue = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('glue:')));
    expect(glue).toHaveLength(1);
    expect(actionsOf(glue[0]!).every((a) => /^glue:(Get|BatchGet)/.test(a))).toBe(true);
    expect(
      resourcesOf(glue[0]!).map((r) => JSON.stringify(r).match(/:(catalog|database\/test|table\/test\/\*)"/)?.[1]),
    ).toEqual(['catalog', 'database/test', 'table/test/*']);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(resourcesOf(s)).not.toContain('*');
    }
  });

  test('outputs the analyst policy ARN, the workgroup and the database', () => {
    const { template, analytics } = build();
    template.hasOutput('AnalystPolicyArn', { Value: { Ref: logicalId(analytics.analystPolicy) } });
    template.hasOutput('AthenaWorkGroup', { Value: 'Test' });
    template.hasOutput('GlueDatabase', { Value: 'test' });
  });
});

describe('Analytics in the Biomeflow stack', () => {
  test('is instantiated once over the pipeline bucket and table, with the policy ARN as a stack output', () => {
    const { stack, template } = biomeflow();
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'Biomeflow',
      WorkGroupConfiguration: {
        ResultConfiguration: { OutputLocation: s3Uri(logicalId(stack.bucket), '/athena-results/') },
      },
    });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'biomeflow' } });
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0]!;
    const ddb = (policy.Properties.PolicyDocument.Statement as Statement[]).find((s) =>
      actionsOf(s).includes('dynamodb:Query'),
    )!;
    expect(resourcesOf(ddb)[0]).toEqual(bucketArn(logicalId(stack.table)));
    expect(Object.keys(template.findOutputs('AnalystPolicyArn'))).toEqual(['AnalystPolicyArn']);
  });
});
