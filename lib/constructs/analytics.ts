import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORT_FAMILIES, type ExportFamily, FAMILY_COLUMNS, glueType } from '../../lambdas/core/export/schemas.js';
import { RESULTS_PREFIX } from '../defaults.js';

/** Where the Parquet exports live: `exports/<study>/<family>/<family>.parquet` (docs/exports.md). */
export const EXPORTS_PREFIX = 'exports/';
/** Where the Athena workgroup writes query results (SSE-S3). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

export interface AnalyticsProps {
  /** the pipeline bucket holding `exports/`, `results/` and the Athena results */
  readonly bucket: IBucket;
  /** the results table analysts may Query / GetItem */
  readonly table: ITable;
  /** Glue database name. @default the stack name, lower-case, non-alphanumerics as '_' */
  readonly databaseName?: string;
  /** Athena workgroup name. @default the stack name */
  readonly workGroupName?: string;
}

const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
const PARQUET_INPUT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
const PARQUET_OUTPUT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';

const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:GetQueryRuntimeStatistics',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetWorkGroup',
];
const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

/**
 * SQL over the exports: a Glue database with one Parquet table per export family over
 * `s3://<bucket>/exports/<study>/<family>/`, partitioned by `study` through partition projection
 * (injected: queries name the study), an Athena workgroup whose results are SSE-S3 encrypted under
 * `athena-results/`, and a read-only analyst managed policy (stack output `AnalystPolicyArn`).
 */
export class Analytics extends Construct {
  public readonly databaseName: string;
  public readonly database: CfnDatabase;
  public readonly tables: Record<ExportFamily, CfnTable>;
  public readonly workGroup: CfnWorkGroup;
  public readonly analystPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.databaseName = props.databaseName ?? stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const workGroupName = props.workGroupName ?? stackName;

    this.database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'biomeflow exports: one table per result family, partitioned by study (docs/exports.md)',
      },
    });
    this.tables = Object.fromEntries(EXPORT_FAMILIES.map((f) => [f, this.familyTable(f, props.bucket)])) as Record<
      ExportFamily,
      CfnTable
    >;

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: workGroupName,
      description: 'biomeflow analysts: queries over the exports, results encrypted in the pipeline bucket',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });

    this.analystPolicy = new ManagedPolicy(this, 'AnalystPolicy', {
      description:
        'Read-only access to biomeflow results: exports/ and results/ objects, the results table, Athena queries in the biomeflow workgroup',
      statements: this.analystStatements(props, workGroupName),
    });

    const outputs: Record<string, [string, string]> = {
      AnalystPolicyArn: [
        this.analystPolicy.managedPolicyArn,
        'Managed policy to attach to analysts (read-only exports, results, table; Athena workgroup)',
      ],
      AthenaWorkGroup: [workGroupName, 'Athena workgroup for queries over the exports'],
      GlueDatabase: [this.databaseName, 'Glue database with one table per export family (partition: study)'],
    };
    for (const [name, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, name, { value, description }).overrideLogicalId(name);
  }

  /** The Glue table of one family: Parquet columns from its schema, partition `study` projected onto `exports/<study>/<family>/`. */
  private familyTable(family: ExportFamily, bucket: IBucket): CfnTable {
    const table = new CfnTable(this, `Table-${family}`, {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: family,
        description: `biomeflow export family '${family}' (docs/exports.md)`,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'study', type: 'string', comment: 'study id' }],
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.study.type': 'injected',
          'storage.location.template': `s3://${bucket.bucketName}/${EXPORTS_PREFIX}\${study}/${family}/`,
        },
        storageDescriptor: {
          location: `s3://${bucket.bucketName}/${EXPORTS_PREFIX}`,
          inputFormat: PARQUET_INPUT,
          outputFormat: PARQUET_OUTPUT,
          serdeInfo: { serializationLibrary: PARQUET_SERDE, parameters: { 'serialization.format': '1' } },
          columns: FAMILY_COLUMNS[family].map((c) => ({
            name: c.name.toLowerCase(),
            type: glueType(c.type),
            ...(c.doc ? { comment: c.doc.slice(0, 255) } : {}),
          })),
        },
      },
    });
    table.node.addDependency(this.database);
    return table;
  }

  /** Read exports/ and results/, list only those (and the Athena results), read the table, query in the workgroup, read the catalog. */
  private analystStatements(props: AnalyticsProps, workGroupName: string): PolicyStatement[] {
    const { bucket, table } = props;
    const stack = Stack.of(this);
    const glue = (resource: string) => stack.formatArn({ service: 'glue', resource });
    return [
      new PolicyStatement({
        sid: 'ReadExportsAndResults',
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${EXPORTS_PREFIX}*`), bucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      }),
      new PolicyStatement({
        sid: 'ListExportsResultsAndQueryResults',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: {
          StringLike: { 's3:prefix': [`${EXPORTS_PREFIX}*`, `${RESULTS_PREFIX}*`, `${ATHENA_RESULTS_PREFIX}*`] },
        },
      }),
      new PolicyStatement({
        sid: 'AthenaQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [bucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`)],
      }),
      new PolicyStatement({ sid: 'BucketLocation', actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
      new PolicyStatement({
        sid: 'ReadResultsTable',
        actions: ['dynamodb:Query', 'dynamodb:GetItem'],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
      }),
      new PolicyStatement({
        sid: 'QueryInWorkGroup',
        actions: ATHENA_QUERY_ACTIONS,
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workGroupName })],
      }),
      new PolicyStatement({
        sid: 'ReadCatalog',
        effect: Effect.ALLOW,
        actions: GLUE_READ_ACTIONS,
        resources: [glue('catalog'), glue(`database/${this.databaseName}`), glue(`table/${this.databaseName}/*`)],
      }),
    ];
  }
}
