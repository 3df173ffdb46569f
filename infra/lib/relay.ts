/**
 * OktaOpenObserveRelay: the whole pipeline for one Okta org, as one reusable
 * construct. Okta partner event bus → EventBridge rule → Firehose (Direct PUT)
 * → transformation Lambda → OpenObserve, failed data to S3, alarms. It takes
 * what a platform team already has (event bus, secret and its KMS key, SNS
 * topic, tags) and exposes what it creates. Two orgs are two instances.
 */
import { Duration, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AlarmId, RelayAlarms } from './alarms.js';
import { BackupBucket } from './backup-bucket.js';
import { BUNDLE_DIR } from './bundle.js';
import { type DeliverySettings, DeliveryStream, resolveDelivery } from './delivery-stream.js';
import { OktaEventRule } from './event-rule.js';
import { checkOpenObserveUrl } from './site-values.js';
import { DEFAULT_INGEST_WINDOW, maxEventAgeSeconds, RelayConfigurationError } from './ingest-window.js';
import { METRICS_NAMESPACE, type RelayLogLevel, type RelayRuntime, TransformFunction } from './transform-function.js';

export interface OpenObserveDestination {
  /** Base URL, https on port 443 only, no credentials, query or trailing slash, e.g. `https://api.openobserve.ai`. */
  readonly url: string;
  /** Organization identifier (default `default`). */
  readonly organization?: string;
  /** Log stream, `[a-z0-9_]` (default `okta_system_log`). */
  readonly stream?: string;
  /** OpenObserve's `ZO_INGEST_ALLOWED_UPTO` (default 5 h): rows older than this on arrival are dropped. */
  readonly ingestWindow?: Duration;
}

export interface RelayAlarmSettings {
  /** Existing SNS topic every alarm notifies (alarm and OK). */
  readonly topic?: sns.ITopic;
  /** Or (not both): create a topic with this e-mail subscription. Neither: alarms without actions. */
  readonly email?: string;
  /** Data-freshness alarm threshold (default 15 min). */
  readonly dataFreshnessThreshold?: Duration;
  /** No Okta event for this long pages (default 1 h; whole minutes, 5 min to 1 day). */
  readonly silenceThreshold?: Duration;
}

export interface OktaOpenObserveRelayProps {
  /** The Okta partner event bus, `aws.partner/okta.com/<org>/<source>` (it must exist). */
  readonly eventBus: events.IEventBus;
  /** Partner event source watched by the OktaSourceSilent alarm (default: the bus name when it is a partner bus). */
  readonly eventSourceName?: string;
  readonly openObserve: OpenObserveDestination;
  /** Secret holding `{"api_key": "<base64 of email:passcode>"}`, imported with its complete ARN. */
  readonly credential: secretsmanager.ISecret;
  /** Customer-managed KMS key of that secret (default: the secret's own key, if known; else aws/secretsmanager). */
  readonly credentialKey?: kms.IKey;
  /** Local JSON security rules file, validated at synthesis and shipped in a layer (SECURITY_RULES_FILE). */
  readonly securityRulesFile?: string;
  /** Tags on every resource of this relay. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Retention of the Lambda and Firehose log groups (default one month). */
  readonly logRetention?: logs.RetentionDays;
  /** Days before failed data in the backup bucket expires (default 30 days). */
  readonly failedDataRetention?: Duration;
  readonly delivery?: DeliverySettings;
  /**
   * The function's MAX_EVENT_AGE_SECONDS. Default: derived, the largest age for which
   * age + httpRetryDuration + httpBufferInterval + 5 min stays within openObserve.ingestWindow;
   * a value given is checked against that, and synthesis fails naming the props if it does not fit.
   */
  readonly maxEventAge?: Duration;
  /** Event types to answer `Dropped`: exact names or `prefix.*`. */
  readonly dropEventTypes?: readonly string[];
  readonly logLevel?: RelayLogLevel;
  /** Lambda runtime: `nodejs22.x` (default, what the suite tests) or `nodejs24.x`. */
  readonly runtime?: RelayRuntime;
  readonly alarms?: RelayAlarmSettings;
  /** CloudWatch namespace of the function's metrics (default `OktaOpenObserveRelay`). */
  readonly metricsNamespace?: string;
  /** `service` dimension of the function's metrics (default `<stack name>/<construct path>`, unique per instance). */
  readonly metricsServiceName?: string;
  /** Directory of the built Lambda bundle (default dist/okta-transform). */
  readonly bundleDir?: string;
}

const DEFAULT_FRESHNESS = Duration.minutes(15);
const DEFAULT_SILENCE = Duration.hours(1);
const PARTNER_BUS = /^aws\.partner\//;

export class OktaOpenObserveRelay extends Construct {
  readonly function: lambda.Function;
  readonly deliveryStream: DeliveryStream;
  readonly backupBucket: s3.Bucket;
  readonly rule: events.Rule;
  readonly ruleName: string;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.ITopic | undefined;
  readonly alarms: Readonly<Partial<Record<AlarmId, cloudwatch.Alarm>>>;
  /** MAX_EVENT_AGE_SECONDS as deployed. */
  readonly maxEventAgeSeconds: number;
  readonly metricsNamespace: string;
  readonly metricsServiceName: string;

  constructor(scope: Construct, id: string, props: OktaOpenObserveRelayProps) {
    super(scope, id);
    checkOpenObserveUrl('openObserve.url', props.openObserve.url);
    if (props.alarms?.topic !== undefined && props.alarms.email !== undefined) {
      throw new RelayConfigurationError('alarms: give topic (an existing topic) or email (a new topic with that e-mail subscription), not both');
    }
    const delivery = resolveDelivery(props.delivery);
    this.maxEventAgeSeconds = maxEventAgeSeconds({
      ingestWindow: props.openObserve.ingestWindow ?? DEFAULT_INGEST_WINDOW,
      httpRetryDuration: Duration.seconds(delivery.httpRetryDurationSeconds),
      httpBufferInterval: Duration.seconds(delivery.httpBufferIntervalSeconds),
      maxEventAge: props.maxEventAge,
    });
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.metricsNamespace = props.metricsNamespace ?? METRICS_NAMESPACE;
    this.metricsServiceName = props.metricsServiceName ?? `${Stack.of(this).stackName}/${Names.stackRelativeConstructPath(this)}`;

    const transform = new TransformFunction(this, 'Transform', {
      bundleDir: props.bundleDir ?? BUNDLE_DIR,
      logRetention,
      dropEventTypes: props.dropEventTypes ?? [],
      maxEventAgeSeconds: this.maxEventAgeSeconds,
      logLevel: props.logLevel ?? 'INFO',
      runtime: props.runtime ?? 'nodejs22.x',
      metricsNamespace: this.metricsNamespace,
      metricsServiceName: this.metricsServiceName,
      securityRulesFile: props.securityRulesFile,
    });
    this.function = transform.function;

    const backup = new BackupBucket(this, 'Backup', { failedDataRetentionDays: (props.failedDataRetention ?? Duration.days(30)).toDays() });
    this.backupBucket = backup.bucket;

    this.deliveryStream = new DeliveryStream(this, 'Delivery', {
      transform: this.function,
      backupBucket: this.backupBucket,
      openObserveUrl: props.openObserve.url,
      openObserveOrganization: props.openObserve.organization ?? 'default',
      openObserveStream: props.openObserve.stream ?? 'okta_system_log',
      credential: props.credential,
      credentialKey: props.credentialKey ?? props.credential.encryptionKey,
      ...delivery,
      logRetention,
    });

    // The function re-ingests what would overflow its 6 MB response into its own
    // stream. A separate policy (not the role's default policy, which the
    // function depends on) avoids the cycle stream → function → role → stream.
    new iam.Policy(this, 'TransformReingestPolicy', {
      roles: [transform.role],
      statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [this.deliveryStream.streamArn] })],
    });

    const okta = new OktaEventRule(this, 'Okta', { eventBus: props.eventBus, deliveryStreamArn: this.deliveryStream.streamArn });
    this.rule = okta.rule;
    this.ruleName = okta.ruleName;
    this.deadLetterQueue = okta.deadLetterQueue;

    this.alarmTopic = props.alarms?.topic ?? (props.alarms?.email === undefined ? undefined : this.createTopic(props.alarms.email));
    const busName = props.eventBus.eventBusName;
    const relayAlarms = new RelayAlarms(this, 'Alarms', {
      transform: this.function,
      metricsNamespace: this.metricsNamespace,
      metricsServiceName: this.metricsServiceName,
      deliveryStreamName: this.deliveryStream.streamName,
      ruleName: this.ruleName,
      eventBusName: busName,
      eventSourceName: props.eventSourceName ?? (Token.isUnresolved(busName) || PARTNER_BUS.test(busName) ? busName : undefined),
      deadLetterQueue: this.deadLetterQueue,
      dataFreshnessThreshold: props.alarms?.dataFreshnessThreshold ?? DEFAULT_FRESHNESS,
      silenceThreshold: props.alarms?.silenceThreshold ?? DEFAULT_SILENCE,
      topic: this.alarmTopic,
    });
    this.alarms = relayAlarms.alarms;

    for (const [key, value] of Object.entries(props.tags ?? {})) Tags.of(this).add(key, value);
  }

  private createTopic(email: string): sns.Topic {
    // No KMS key: CloudWatch alarms cannot publish to a topic encrypted with the
    // AWS-managed SNS key, and the topic carries alarm state changes only.
    const topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Okta to OpenObserve relay alarms', enforceSSL: true });
    new sns.Subscription(this, 'AlarmEmail', { topic, protocol: sns.SubscriptionProtocol.EMAIL, endpoint: email });
    return topic;
  }
}
