/**
 * The alarms worth paging on, each with the metric dimensions the service
 * really publishes under, and what to do when it fires (the alarm
 * description, also in the README's Alarms table).
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RelayConfigurationError } from './ingest-window.js';

const PERIOD = Duration.minutes(5);

/** The names of the alarms the relay creates. */
export const ALARM_IDS = [
  'LambdaErrors',
  'LambdaThrottles',
  'RecordsProcessingFailed',
  'ProcessingFailures',
  'HttpDeliveryFailures',
  'DataFreshness',
  'DeliveryStreamSilent',
  'OktaSourceSilent',
  'RuleFailedInvocations',
  'RuleDeadLetterFailures',
  'DeadLetterMessages',
] as const;
export type AlarmId = (typeof ALARM_IDS)[number];

export interface RelayAlarmsProps {
  readonly transform: lambda.IFunction;
  /** Namespace and `service` dimension the function's Powertools Metrics publish under. */
  readonly metricsNamespace: string;
  readonly metricsServiceName: string;
  readonly deliveryStreamName: string;
  /** The rule's name (not its `Ref`, which is `<bus>|<rule>` on a custom or partner bus). */
  readonly ruleName: string;
  readonly eventBusName: string;
  /** Partner event source whose `AWS/Events Events` count Okta's deliveries; undefined: no source alarm. */
  readonly eventSourceName: string | undefined;
  readonly deadLetterQueue: sqs.IQueue;
  readonly dataFreshnessThreshold: Duration;
  /** No Okta event for this long pages (missing data is breaching). */
  readonly silenceThreshold: Duration;
  readonly topic: sns.ITopic | undefined;
}

type Comparison = cloudwatch.ComparisonOperator;
const ABOVE = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const BELOW = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly missing: cloudwatch.TreatMissingData;
  /** What it means and what to do. */
  readonly description: string;
}

/** A silence window must be a whole number of minutes, 5 min to 1 day (one CloudWatch alarm period). */
export function checkSilenceThreshold(d: Duration): Duration {
  const s = d.toSeconds();
  if (Token.isUnresolved(s) || s % 60 !== 0 || s < 300 || s > 86_400) {
    throw new RelayConfigurationError(`alarms.silenceThreshold must be whole minutes from 5 min to 1 day, got ${d.toHumanString()}`);
  }
  return d;
}

export class RelayAlarms extends Construct {
  /** Every alarm created; OktaSourceSilent only when there is a partner event source to watch. */
  readonly alarms: Readonly<Partial<Record<AlarmId, cloudwatch.Alarm>>>;

  constructor(scope: Construct, id: string, props: RelayAlarmsProps) {
    super(scope, id);
    const silence = checkSilenceThreshold(props.silenceThreshold);

    const firehose = (metricName: string, statistic: string, period = PERIOD) =>
      new cloudwatch.Metric({ namespace: 'AWS/Firehose', metricName, dimensionsMap: { DeliveryStreamName: props.deliveryStreamName }, statistic, period });
    // EventBridge: rules on the default bus publish with RuleName alone, rules on
    // a custom or partner bus with EventBusName and RuleName (EventBridge user guide, "Monitoring").
    const ruleDimensions: Record<string, string> =
      props.eventBusName === 'default' ? { RuleName: props.ruleName } : { EventBusName: props.eventBusName, RuleName: props.ruleName };
    const rule = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/Events', metricName, dimensionsMap: ruleDimensions, statistic: cloudwatch.Stats.SUM, period: PERIOD });
    const relay = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        // Powertools Metrics publishes every metric with the one default dimension `service`.
        dimensionsMap: { service: props.metricsServiceName },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
      });
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    const quiet = cloudwatch.TreatMissingData.NOT_BREACHING;
    const breaching = cloudwatch.TreatMissingData.BREACHING;
    const silenceText = silence.toHumanString();

    const specs: Record<AlarmId, AlarmSpec | undefined> = {
      LambdaErrors: {
        metric: props.transform.metricErrors(sum), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'The transformation Lambda failed whole invocations (crash, timeout, out of memory, bad configuration at cold start). Firehose retries the batch, then writes it to failed/processing-failed/. Read the function log group for the error, fix it (a ConfigError names the variable), then re-drive the S3 objects with npm start -- FILE --firehose STREAM.',
      },
      LambdaThrottles: {
        metric: props.transform.metricThrottles(sum), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'The transformation Lambda was throttled: the account or function concurrency is exhausted. Firehose retries, so nothing is lost yet; raise the account concurrency quota or find the function eating it (Lambda console, ConcurrentExecutions).',
      },
      RecordsProcessingFailed: {
        metric: relay('RecordsProcessingFailed'), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'The relay answered ProcessingFailed for some records (not base64/JSON, no eventType, output too large, overflow not re-ingested in time). Firehose keeps them in failed/processing-failed/ in the backup bucket. The function log has one "record failed" line per record with its reason code; fix the cause, then re-drive the objects with npm start -- FILE --firehose STREAM.',
      },
      ProcessingFailures: {
        metric: firehose('ExecuteProcessing.Success', cloudwatch.Stats.AVERAGE), comparison: BELOW, threshold: 1, missing: quiet,
        description: 'Firehose could not get a successful answer from the transformation Lambda (see LambdaErrors and LambdaThrottles); after the processor retries the batches go to failed/processing-failed/. Check the Firehose error log group (DestinationDelivery stream) and the function logs.',
      },
      HttpDeliveryFailures: {
        metric: firehose('DeliveryToHttpEndpoint.Success', cloudwatch.Stats.AVERAGE), comparison: BELOW, threshold: 1, missing: quiet,
        description: 'Deliveries to OpenObserve fail (wrong URL or organization, expired passcode in the secret, OpenObserve down or refusing rows). Firehose retries for the retry duration, then writes the rows to failed/http-endpoint-failed/. The Firehose error log (DestinationDelivery stream) has the HTTP status and message; fix it, then re-drive the objects with npm start -- FILE --openobserve URL.',
      },
      DataFreshness: {
        metric: firehose('DeliveryToHttpEndpoint.DataFreshness', cloudwatch.Stats.MAXIMUM), comparison: ABOVE, threshold: props.dataFreshnessThreshold.toSeconds(), missing: quiet,
        description: `The oldest record waiting in Firehose is older than ${props.dataFreshnessThreshold.toHumanString()}: OpenObserve is slow, refusing or unreachable, and rows may soon fall out of its ingest window. Check HttpDeliveryFailures and the Firehose error log, and OpenObserve's health.`,
      },
      DeliveryStreamSilent: {
        metric: firehose('IncomingRecords', cloudwatch.Stats.SUM, silence), comparison: BELOW, threshold: 1, missing: breaching,
        description: `No Okta event reached the delivery stream for ${silenceText} (missing data counts as silence). If OktaSourceSilent fires too, Okta stopped sending: check the log stream under Okta Reports > Log Streaming (Okta deactivates it after failed deliveries) and that the partner event bus still exists and is associated. If only this alarm fires, EventBridge stopped forwarding: check the rule is enabled and the RuleFailedInvocations alarm. A quiet org can raise the threshold.`,
      },
      OktaSourceSilent:
        props.eventSourceName === undefined
          ? undefined
          : {
              metric: new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'Events', dimensionsMap: { EventSourceName: props.eventSourceName }, statistic: cloudwatch.Stats.SUM, period: silence }),
              comparison: BELOW, threshold: 1, missing: breaching,
              description: `EventBridge received no event from the Okta partner event source for ${silenceText} (missing data counts as silence): Okta is not sending. Check the log stream's status under Okta Reports > Log Streaming (reactivate it), and in EventBridge > Partner event sources that the source is Active and associated with the bus; a pending source expires and a deleted bus accepts nothing.`,
            },
      RuleFailedInvocations: {
        metric: rule('FailedInvocations'), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'EventBridge gave up putting Okta events into the delivery stream after 24 h of retries; they are in the dead-letter queue. Check the rule target role and that the delivery stream exists and is ACTIVE, then redrive the queue (see DeadLetterMessages).',
      },
      RuleDeadLetterFailures: {
        metric: rule('InvocationsFailedToBeSentToDlq'), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'EventBridge could not even write failed Okta events to the dead-letter queue: those events are lost. Check the queue policy and that the queue exists; fetch the missing time range again from the Okta System Log API (GET /api/v1/logs) and replay it with npm start -- FILE --firehose STREAM.',
      },
      DeadLetterMessages: {
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }), comparison: ABOVE, threshold: 0, missing: quiet,
        description: 'Okta events wait in the dead-letter queue (kept 14 days). Fix the cause (see RuleFailedInvocations), then receive the messages, put their bodies into the delivery stream (npm start -- FILE --firehose STREAM), and delete them.',
      },
    };

    const made: Partial<Record<AlarmId, cloudwatch.Alarm>> = {};
    for (const alarmId of ALARM_IDS) {
      const spec = specs[alarmId];
      if (spec === undefined) continue;
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: spec.missing,
        alarmDescription: spec.description,
      });
      if (props.topic !== undefined) {
        alarm.addAlarmAction(new actions.SnsAction(props.topic));
        alarm.addOkAction(new actions.SnsAction(props.topic));
      }
      made[alarmId] = alarm;
    }
    this.alarms = made;
  }
}
