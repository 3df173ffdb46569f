/**
 * The default app's stack: a thin wrapper over one OktaOpenObserveRelay, fed
 * by five string parameters (site values) and typed settings (settings.ts).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { declareParameters, type SiteParameters } from './parameters.js';
import { OktaOpenObserveRelay } from './relay.js';
import { type RelaySettings, relayPropsFromSettings } from './settings.js';

export interface OktaRelayStackProps extends StackProps {
  /** Directory of the built Lambda bundle (default: dist/okta-transform). */
  readonly bundleDir?: string;
  readonly settings?: RelaySettings;
}

export class OktaRelayStack extends Stack {
  readonly parameters: SiteParameters;
  readonly relay: OktaOpenObserveRelay;

  constructor(scope: Construct, id: string, props: OktaRelayStackProps = {}) {
    super(scope, id, {
      description: 'Okta System Log → EventBridge → Data Firehose → transformation Lambda → OpenObserve (okta-openobserve-relay)',
      ...props,
    });
    const p = (this.parameters = declareParameters(this));
    const settings = props.settings ?? {};
    const { ingestWindow, alarms, ...rest } = relayPropsFromSettings(settings);

    this.relay = new OktaOpenObserveRelay(this, 'Relay', {
      ...rest,
      bundleDir: props.bundleDir,
      eventBus: events.EventBus.fromEventBusName(this, 'OktaEventBus', p.oktaEventBusName),
      openObserve: { url: p.openObserveUrl, organization: p.openObserveOrganization, stream: p.openObserveStream, ingestWindow },
      credential: secretsmanager.Secret.fromSecretCompleteArn(this, 'OpenObserveCredential', p.openObserveCredentialArn),
      credentialKey: settings.credentialKeyArn === undefined ? undefined : kms.Key.fromKeyArn(this, 'CredentialKey', settings.credentialKeyArn),
      alarms: { ...alarms, topic: settings.alarmTopicArn === undefined ? undefined : sns.Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn) },
    });

    const r = this.relay;
    new CfnOutput(this, 'DeliveryStreamName', { value: r.deliveryStream.streamName, description: 'Firehose delivery stream (Direct PUT)' });
    new CfnOutput(this, 'TransformFunctionName', { value: r.function.functionName, description: 'Transformation Lambda' });
    new CfnOutput(this, 'BackupBucketName', {
      value: r.backupBucket.bucketName,
      description: 'Failed data: failed/processing-failed/ and failed/http-endpoint-failed/ (retained on stack deletion)',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: r.deadLetterQueue.queueUrl, description: 'Okta events EventBridge could not deliver' });
    new CfnOutput(this, 'MaxEventAgeSeconds', { value: String(r.maxEventAgeSeconds), description: 'MAX_EVENT_AGE_SECONDS as deployed (fits the OpenObserve ingest window)' });
  }
}
