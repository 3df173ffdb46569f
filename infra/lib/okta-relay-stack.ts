/**
 * Okta Log Streaming → EventBridge partner bus → rule → Firehose (Direct PUT)
 * → transformation Lambda → OpenObserve, with failed data backed up to S3.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { RelayAlarms } from './alarms.js';
import { BackupBucket } from './backup-bucket.js';
import { BUNDLE_DIR } from './bundle.js';
import { DeliveryStream } from './delivery-stream.js';
import { OktaEventRule } from './event-rule.js';
import { declareParameters, type RelayParameters } from './parameters.js';
import { TransformFunction } from './transform-function.js';

export interface OktaRelayStackProps extends StackProps {
  /** Directory of the built Lambda bundle (default: dist/okta-transform). */
  readonly bundleDir?: string;
}

export class OktaRelayStack extends Stack {
  readonly parameters: RelayParameters;
  readonly transform: TransformFunction;
  readonly backup: BackupBucket;
  readonly delivery: DeliveryStream;
  readonly events: OktaEventRule;
  readonly alarms: RelayAlarms;

  constructor(scope: Construct, id: string, props: OktaRelayStackProps = {}) {
    super(scope, id, {
      description: 'Okta System Log → EventBridge → Data Firehose → transformation Lambda → OpenObserve (okta-openobserve-relay)',
      ...props,
    });
    const p = (this.parameters = declareParameters(this));

    this.transform = new TransformFunction(this, 'Transform', {
      bundleDir: props.bundleDir ?? BUNDLE_DIR,
      logRetentionDays: p.logRetentionDays,
      dropEventTypes: p.dropEventTypes,
      maxEventAgeSeconds: p.maxEventAgeSeconds,
      logLevel: p.logLevel,
    });

    this.backup = new BackupBucket(this, 'Backup', { failedDataRetentionDays: p.failedDataRetentionDays });

    this.delivery = new DeliveryStream(this, 'Delivery', {
      transform: this.transform.function,
      backupBucket: this.backup.bucket,
      openObserveUrl: p.openObserveUrl,
      openObserveOrganization: p.openObserveOrganization,
      openObserveStream: p.openObserveStream,
      openObserveCredentialArn: p.openObserveCredentialArn,
      httpBufferSizeMiB: p.httpBufferSizeMiB,
      httpBufferIntervalSeconds: p.httpBufferIntervalSeconds,
      httpRetryDurationSeconds: p.httpRetryDurationSeconds,
      processorBufferSizeMiB: p.processorBufferSizeMiB,
      processorBufferIntervalSeconds: p.processorBufferIntervalSeconds,
      processorRetries: p.processorRetries,
      logRetentionDays: p.logRetentionDays,
    });

    // The function re-ingests what would overflow its 6 MB response into its own
    // stream. A separate policy (not the role's default policy, which the
    // function depends on) avoids the cycle stream → function → role → stream.
    new iam.Policy(this, 'TransformReingestPolicy', {
      roles: [this.transform.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['firehose:PutRecordBatch'],
          resources: [this.delivery.streamArn],
        }),
      ],
    });

    this.events = new OktaEventRule(this, 'Okta', {
      eventBusName: p.oktaEventBusName,
      deliveryStreamArn: this.delivery.streamArn,
    });

    this.alarms = new RelayAlarms(this, 'Alarms', {
      transform: this.transform.function,
      deliveryStreamName: this.delivery.streamName,
      ruleName: this.events.rule.ruleName,
      eventBusName: p.oktaEventBusName,
      deadLetterQueue: this.events.deadLetterQueue,
      dataFreshnessThresholdSeconds: p.dataFreshnessThresholdSeconds,
      alarmEmail: p.alarmEmail,
    });

    new CfnOutput(this, 'DeliveryStreamName', { value: this.delivery.streamName, description: 'Firehose delivery stream (Direct PUT)' });
    new CfnOutput(this, 'TransformFunctionName', { value: this.transform.function.functionName, description: 'Transformation Lambda' });
    new CfnOutput(this, 'BackupBucketName', {
      value: this.backup.bucket.bucketName,
      description: 'Failed data: failed/processing-failed/ and failed/http-endpoint-failed/ (retained on stack deletion)',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.events.deadLetterQueue.queueUrl, description: 'Okta events EventBridge could not deliver' });
  }
}
