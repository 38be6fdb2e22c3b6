import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { RESULTS_TABLE } from '../defaults.js';

/** All optional; the key schema and GSI1 are fixed because the readers depend on them. */
export interface ResultsTableProps {
  readonly tableProps?: Partial<TableProps>;
}

/** The single-table results store from the contract's key schema: PK/SK, GSI1 for ranked look-ups, TTL on `expiresAt`. */
export class ResultsTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ResultsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', { ...defaultTableProps(), ...props.tableProps, ...requiredTableProps() });
    for (const index of RESULTS_TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
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
    partitionKey: { name: RESULTS_TABLE.partitionKey.name, type: AttributeType.STRING },
    sortKey: { name: RESULTS_TABLE.sortKey.name, type: AttributeType.STRING },
    timeToLiveAttribute: RESULTS_TABLE.ttlAttribute,
  };
}
