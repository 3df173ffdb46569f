/**
 * The EventBridge rule on the Okta partner event bus, sending every Okta event
 * to the delivery stream, with retries and an SQS dead-letter queue.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { addToDeadLetterQueueResourcePolicy } from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Event source prefix of every Okta partner event source. */
export const OKTA_SOURCE_PREFIX = 'aws.partner/okta.com';

/**
 * Retry for the service maximum: Firehose outages are rare and short, and an
 * event that still fails lands in the dead-letter queue instead of vanishing.
 */
export const RETRY_MAX_EVENT_AGE = Duration.hours(24);
export const RETRY_ATTEMPTS = 185;

/** Dead-lettered events are kept for the SQS maximum, to leave time to redrive them. */
const DLQ_RETENTION = Duration.days(14);

export interface OktaEventRuleProps {
  readonly eventBusName: string;
  readonly deliveryStreamArn: string;
}

export class OktaEventRule extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly targetRole: iam.Role;
  readonly eventBusName: string;

  constructor(scope: Construct, id: string, props: OktaEventRuleProps) {
    super(scope, id);
    this.eventBusName = props.eventBusName;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge rule target; it is watched by an alarm ' +
        'and has nowhere further to dead-letter to.',
    });

    this.targetRole = new iam.Role(this, 'TargetRole', {
      description: 'EventBridge rule target: put Okta events into the relay delivery stream only',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      inlinePolicies: {
        PutToDeliveryStream: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
              resources: [props.deliveryStreamArn],
            }),
          ],
        }),
      },
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Okta System Log events from the Okta partner event bus to the OpenObserve relay delivery stream',
      eventBus: events.EventBus.fromEventBusName(this, 'OktaEventBus', props.eventBusName),
      eventPattern: { source: events.Match.prefix(OKTA_SOURCE_PREFIX) },
    });

    const dlq = this.deadLetterQueue;
    const role = this.targetRole;
    this.rule.addTarget({
      bind: (): events.RuleTargetConfig => ({
        arn: props.deliveryStreamArn,
        role,
        deadLetterConfig: { arn: dlq.queueArn },
        retryPolicy: {
          maximumEventAgeInSeconds: RETRY_MAX_EVENT_AGE.toSeconds(),
          maximumRetryAttempts: RETRY_ATTEMPTS,
        },
      }),
    });
    // Lets events.amazonaws.com send to the queue, for this rule's ARN only.
    addToDeadLetterQueueResourcePolicy(this.rule, dlq);
  }
}
