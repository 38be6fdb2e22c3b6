import { Construct } from 'constructs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_KEYS } from '../defaults.js';

/** All optional; the key schema and GSI1 are fixed because the readers depend on them. */
export interface ResultsTableProps {
  readonly tableProps?: Partial<TableProps>;
}

/** The single-table results store: PK/SK, GSI1 for ranked look-ups, TTL on `expiresAt`. */
export class ResultsTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ResultsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', { ...defaultTableProps(), ...props.tableProps, ...requiredTableProps() });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1Name,
      partitionKey: { name: TABLE_KEYS.gsi1PartitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi1SortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}

/** On-demand, recoverable to any second of the last 35 days, and kept when the stack goes. */
function defaultTableProps(): Partial<TableProps> {
  return {
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  };
}

/** Key schema and TTL attribute the adapters are written against. */
function requiredTableProps(): TableProps {
  return {
    partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
    sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
    timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
  };
}
