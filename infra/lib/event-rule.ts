/**
 * The EventBridge rule on the Okta partner event bus, sending every Okta event
 * to the delivery stream, with retries and an SQS dead-letter queue.
 */
import { Duration, Names, Stack, Token, Validations } from 'aws-cdk-lib';
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
  readonly eventBus: events.IEventBus;
  readonly deliveryStreamArn: string;
}

export class OktaEventRule extends Construct {
  readonly rule: events.Rule;
  /**
   * The rule's name, as AWS/Events metrics carry it in `RuleName`. Set
   * explicitly: the rule's `Ref` is `<bus name>|<rule name>` on a custom or
   * partner bus, which no metric dimension matches.
   */
  readonly ruleName: string;
  readonly deadLetterQueue: sqs.Queue;
  readonly targetRole: iam.Role;

  constructor(scope: Construct, id: string, props: OktaEventRuleProps) {
    super(scope, id);

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

    // Unique in the app and stable across deployments: stack name, construct path
    // and a hash, within EventBridge's 64 characters of [.-_A-Za-z0-9].
    this.ruleName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-', allowedSpecialCharacters: '-_.' });

    this.targetRole = new iam.Role(this, 'TargetRole', {
      description: 'EventBridge rule target: put Okta events into the relay delivery stream only',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnEquals: { 'aws:SourceArn': ruleArn(this, props.eventBus.eventBusName, this.ruleName) },
        },
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
      ruleName: this.ruleName,
      description: 'Okta System Log events from the Okta partner event bus to the OpenObserve relay delivery stream',
      eventBus: props.eventBus,
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

/**
 * The rule's ARN from its name, as EventBridge writes it: `rule/<rule>` on the
 * default bus, `rule/<bus>/<rule>` on a custom or partner bus (a bus given as a
 * deploy-time token is taken to be the partner bus). Built from names rather
 * than the rule's `Arn` attribute, which would make the target role depend on
 * the rule that refers to it.
 */
function ruleArn(scope: Construct, busName: string, ruleName: string): string {
  const onDefaultBus = !Token.isUnresolved(busName) && busName === 'default';
  return Stack.of(scope).formatArn({ service: 'events', resource: 'rule', resourceName: onDefaultBus ? ruleName : `${busName}/${ruleName}` });
}
