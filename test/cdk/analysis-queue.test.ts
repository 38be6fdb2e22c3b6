import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AnalysisQueue } from '../../lib/constructs/analysis-queue.js';
import { emptyStack, logicalId } from './helpers.js';

/** A fresh stack holding one AnalysisQueue. */
function build(props: ConstructorParameters<typeof AnalysisQueue>[2] = {}): {
  construct: AnalysisQueue;
  template: Template;
} {
  const stack = emptyStack();
  const construct = new AnalysisQueue(stack, 'Analysis', props);
  return { construct, template: Template.fromStack(stack) };
}

describe('AnalysisQueue (FIFO with FIFO DLQ)', () => {
  test('queue is FIFO with content-based deduplication and redrives after 3 receives', () => {
    const { construct, template } = build();
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(construct.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 3,
      },
    });
  });

  test('dead-letter queue is FIFO too and keeps messages 14 days', () => {
    build().template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: Match.absent(),
    });
  });

  test('visibility timeout is 6x the 15-minute analyze timeout by default and follows consumerTimeout', () => {
    build().template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 900,
      RedrivePolicy: Match.anyValue(),
    });
    build({ consumerTimeout: Duration.minutes(10) }).template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 600,
      RedrivePolicy: Match.anyValue(),
    });
  });

  test('FIFO cannot be switched off through queueProps', () => {
    build({ queueProps: { fifo: false } }).template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      RedrivePolicy: Match.anyValue(),
    });
  });

  test('queues deny non-TLS access', () => {
    const { construct, template } = build();
    for (const queue of [construct.queue, construct.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});
