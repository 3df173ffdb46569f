/**
 * Alarms worth paging on, and an optional SNS topic (created only when an
 * alarm e-mail is given) that every alarm notifies.
 */
import { Aws, CfnCondition, CfnResource, Duration, Fn, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

export interface RelayAlarmsProps {
  readonly transform: lambda.IFunction;
  readonly deliveryStreamName: string;
  readonly ruleName: string;
  readonly eventBusName: string;
  readonly deadLetterQueue: sqs.IQueue;
  readonly dataFreshnessThresholdSeconds: number;
  readonly alarmEmail: string;
}

type Comparison = cloudwatch.ComparisonOperator;

export class RelayAlarms extends Construct {
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  readonly topic: sns.Topic;
  readonly hasAlarmEmail: CfnCondition;

  constructor(scope: Construct, id: string, props: RelayAlarmsProps) {
    super(scope, id);

    this.hasAlarmEmail = new CfnCondition(this, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(props.alarmEmail, '')),
    });
    this.topic = this.createTopic(props.alarmEmail);

    const firehose = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Firehose',
        metricName,
        dimensionsMap: { DeliveryStreamName: props.deliveryStreamName },
        statistic,
        period: PERIOD,
      });
    // Rules on a custom or partner bus publish with both dimensions; RuleName
    // alone is the default bus (EventBridge user guide, "Monitoring").
    const rule = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName,
        dimensionsMap: { EventBusName: props.eventBusName, RuleName: props.ruleName },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
      });
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const below = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

    this.add('LambdaErrors', props.transform.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }), above, 0,
      'The transformation Lambda failed invocations; Firehose retries them, then writes the batch to failed/processing-failed/ in the backup bucket. Check the function logs.');
    this.add('LambdaThrottles', props.transform.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }), above, 0,
      'The transformation Lambda was throttled; check the account concurrency limit.');
    this.add('ProcessingFailures', firehose('ExecuteProcessing.Success', cloudwatch.Stats.AVERAGE), below, 1,
      'Firehose could not invoke the transformation Lambda successfully; failed batches go to failed/processing-failed/.');
    this.add('HttpDeliveryFailures', firehose('DeliveryToHttpEndpoint.Success', cloudwatch.Stats.AVERAGE), below, 1,
      'Deliveries to OpenObserve are failing (wrong URL, expired passcode, OpenObserve down); check the Firehose error log. After the retry duration the data goes to failed/http-endpoint-failed/.');
    this.add('DataFreshness', firehose('DeliveryToHttpEndpoint.DataFreshness', cloudwatch.Stats.MAXIMUM), above, props.dataFreshnessThresholdSeconds,
      'The oldest record waiting in Firehose is older than the threshold: OpenObserve is not keeping up or not reachable.');
    this.add('RuleFailedInvocations', rule('FailedInvocations'), above, 0,
      'EventBridge could not put Okta events into the delivery stream after all retries; they are in the dead-letter queue.');
    this.add('RuleDeadLetterFailures', rule('InvocationsFailedToBeSentToDlq'), above, 0,
      'EventBridge could not even write failed Okta events to the dead-letter queue: those events are lost.');
    this.add('DeadLetterMessages', props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }), above, 0,
      'Okta events are waiting in the dead-letter queue; fix the cause, then redrive them to the delivery stream.');
  }

  private add(id: string, metric: cloudwatch.IMetric, comparisonOperator: Comparison, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    // Alarm actions only exist when the topic does (CloudFormation condition).
    const actions = Token.asList(Fn.conditionIf(this.hasAlarmEmail.logicalId, [this.topic.topicArn], Aws.NO_VALUE));
    const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
    cfn.alarmActions = actions;
    cfn.okActions = actions;
    this.alarms[id] = alarm;
  }

  private createTopic(email: string): sns.Topic {
    // No KMS key: CloudWatch alarms cannot publish to a topic encrypted with the
    // AWS-managed SNS key, and the topic carries alarm state changes only.
    const topic = new sns.Topic(this, 'Topic', { displayName: 'Okta to OpenObserve relay alarms', enforceSSL: true });
    new sns.CfnSubscription(this, 'EmailSubscription', { topicArn: topic.topicArn, protocol: 'email', endpoint: email });
    // The topic, its TLS-only policy and the subscription exist only with an e-mail.
    for (const child of this.node.findAll()) {
      if (child instanceof CfnResource && child.cfnResourceType.startsWith('AWS::SNS::')) child.cfnOptions.condition = this.hasAlarmEmail;
    }
    return topic;
  }
}
