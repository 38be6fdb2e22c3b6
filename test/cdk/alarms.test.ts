import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { PipelineAlarms } from '../../lib/constructs/pipeline-alarms.js';
import { biomeflow, emptyStack, logicalId } from './helpers.js';

describe('alarms', () => {
  test('each dead-letter queue alarms at one visible message', () => {
    const { stack, template } = biomeflow();
    for (const dlq of [stack.ingestDeadLetterQueue, stack.analysisDeadLetterQueue]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
      });
    }
  });

  test('each function alarms at one error', () => {
    const { stack, template } = biomeflow();
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn) } }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      });
    }
  });

  test('four alarms and no topic without an email', () => {
    const { stack, template } = biomeflow();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
    expect(stack.alarms.topic).toBeUndefined();
  });

  test('an email creates an SSL-only topic, subscribes it, and every alarm notifies it', () => {
    const { stack, template } = biomeflow({ alarmEmail: 'lab@example.org' });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'lab@example.org' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack.alarms.topic!) }]);
  });

  test('the construct works with nothing to watch', () => {
    const stack = emptyStack();
    new PipelineAlarms(stack, 'Alarms');
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('the construct alarms on any dead-letter queue it is given', () => {
    const stack = emptyStack();
    new PipelineAlarms(stack, 'Alarms', { deadLetterQueues: { Extra: new Queue(stack, 'Dlq') } });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^Extra'),
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });
});
