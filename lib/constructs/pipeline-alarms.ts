import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_PERIOD, ALARM_THRESHOLD } from '../defaults.js';

/** Things to watch, keyed by a short name used in alarm ids and descriptions. */
export interface PipelineAlarmsProps {
  readonly deadLetterQueues?: Record<string, IQueue>;
  readonly functions?: Record<string, IFunction>;
  /** Subscribe this address to an SNS topic that receives every alarm. @default no topic */
  readonly alarmEmail?: string;
}

/** CloudWatch alarms: any message in a dead-letter queue, any function error; optionally mailed via SNS. */
export class PipelineAlarms extends Construct {
  public readonly alarms: Alarm[] = [];
  public readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps = {}) {
    super(scope, id);
    if (props.alarmEmail) {
      this.topic = new Topic(this, 'Topic', { enforceSSL: true });
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues ?? {})) {
      this.addAlarm(
        `${name}DlqDepth`,
        `${name}: messages are waiting in the dead-letter queue`,
        queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions ?? {})) {
      this.addAlarm(
        `${name}Errors`,
        `${name}: the function reported errors`,
        fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      );
    }
  }

  /** One alarm that fires at the first occurrence and stays quiet while there is no data. */
  private addAlarm(id: string, description: string, metric: IMetric): void {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: ALARM_THRESHOLD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
