/**
 * Deploy-time values as CloudFormation parameters, so the template synthesises
 * offline with no AWS credentials and the same template serves every account.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';

/** Retention periods CloudWatch Logs accepts (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The values the stack is built from, as CloudFormation tokens. */
export interface RelayParameters {
  readonly openObserveUrl: string;
  readonly openObserveOrganization: string;
  readonly openObserveStream: string;
  readonly openObserveCredentialArn: string;
  readonly oktaEventBusName: string;
  readonly httpBufferSizeMiB: number;
  readonly httpBufferIntervalSeconds: number;
  readonly httpRetryDurationSeconds: number;
  readonly processorBufferSizeMiB: string;
  readonly processorBufferIntervalSeconds: string;
  readonly processorRetries: string;
  readonly failedDataRetentionDays: number;
  readonly logRetentionDays: number;
  readonly dropEventTypes: string;
  readonly maxEventAgeSeconds: string;
  readonly logLevel: string;
  readonly dataFreshnessThresholdSeconds: number;
  readonly alarmEmail: string;
}

const GROUPS: ReadonlyArray<{ label: string; names: readonly string[] }> = [
  { label: 'OpenObserve destination', names: ['OpenObserveUrl', 'OpenObserveOrganization', 'OpenObserveStream', 'OpenObserveCredentialArn'] },
  { label: 'Okta source', names: ['OktaEventBusName'] },
  { label: 'Firehose delivery', names: ['HttpBufferSizeMiB', 'HttpBufferIntervalSeconds', 'HttpRetryDurationSeconds', 'FailedDataRetentionDays'] },
  { label: 'Transformation Lambda', names: ['ProcessorBufferSizeMiB', 'ProcessorBufferIntervalSeconds', 'ProcessorRetries', 'DropEventTypes', 'MaxEventAgeSeconds', 'LogLevel', 'LogRetentionDays'] },
  { label: 'Alarms', names: ['DataFreshnessThresholdSeconds', 'AlarmEmail'] },
];

/** Declare every parameter on the stack and group them for the CloudFormation console. */
export function declareParameters(stack: Stack): RelayParameters {
  const p = (id: string, props: ConstructorParameters<typeof CfnParameter>[2]) => new CfnParameter(stack, id, props);

  const url = p('OpenObserveUrl', {
    type: 'String',
    description: 'Base URL of OpenObserve, https only, no trailing slash (e.g. https://api.openobserve.ai). The stack appends /aws/{org}/{stream}/_kinesis_firehose.',
    allowedPattern: '^https://[^\\s/]+(/[^\\s]*[^\\s/])?$',
    constraintDescription: 'must start with https:// and must not end with a slash',
  });
  const org = p('OpenObserveOrganization', {
    type: 'String',
    default: 'default',
    description: 'OpenObserve organization identifier (as in the URL of the OpenObserve UI).',
    allowedPattern: '^[A-Za-z0-9_-]+$',
  });
  const stream = p('OpenObserveStream', {
    type: 'String',
    default: 'okta_system_log',
    description: 'OpenObserve log stream; lowercase letters, digits and _ (OpenObserve rewrites anything else).',
    allowedPattern: '^[a-z0-9_]+$',
  });
  const secret = p('OpenObserveCredentialArn', {
    type: 'String',
    description: 'Complete ARN of the Secrets Manager secret that holds the OpenObserve Firehose access key (see README, Deployment).',
    allowedPattern: '^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$',
    constraintDescription: 'must be the complete ARN of a Secrets Manager secret',
  });
  const bus = p('OktaEventBusName', {
    type: 'String',
    description: 'Name of the Okta partner event bus, aws.partner/okta.com/<okta-org>/<event source name>.',
    allowedPattern: '^aws\\.partner/okta\\.com/[^/\\s]+/[^/\\s]+$',
    constraintDescription: 'must look like aws.partner/okta.com/<okta-org>/<event source name>',
  });
  const httpSize = p('HttpBufferSizeMiB', {
    type: 'Number', default: 5, minValue: 1, maxValue: 64,
    description: 'Firehose buffer size before a POST to OpenObserve (MiB).',
  });
  const httpInterval = p('HttpBufferIntervalSeconds', {
    type: 'Number', default: 60, minValue: 0, maxValue: 900,
    description: 'Firehose buffer interval before a POST to OpenObserve (seconds).',
  });
  const retry = p('HttpRetryDurationSeconds', {
    type: 'Number', default: 3600, minValue: 0, maxValue: 7200,
    description: 'How long Firehose retries OpenObserve before writing the batch to the backup bucket (seconds).',
  });
  const procSize = p('ProcessorBufferSizeMiB', {
    type: 'Number', default: 1, minValue: 0.2, maxValue: 3,
    description: 'Data Firehose buffers before each invocation of the transformation Lambda (MiB, 0.2-3).',
  });
  const procInterval = p('ProcessorBufferIntervalSeconds', {
    type: 'Number', default: 60, minValue: 0, maxValue: 900,
    description: 'Longest wait before invoking the transformation Lambda (seconds).',
  });
  const procRetries = p('ProcessorRetries', {
    type: 'Number', default: 3, minValue: 0, maxValue: 300,
    description: 'Retries of a failed Lambda invocation before the batch goes to processing-failed/.',
  });
  const failedRetention = p('FailedDataRetentionDays', {
    type: 'Number', default: 30, minValue: 1, maxValue: 3650,
    description: 'Days before failed data in the backup bucket expires.',
  });
  const logRetention = p('LogRetentionDays', {
    type: 'Number', default: 30, allowedValues: LOG_RETENTION_DAYS.map(String),
    description: 'Retention of the Lambda and Firehose log groups (days).',
  });
  const drop = p('DropEventTypes', {
    type: 'String', default: '',
    description: 'Okta event types to drop, comma-separated, exact names or prefix.* (Lambda DROP_EVENT_TYPES).',
    allowedPattern: '^[A-Za-z0-9_.*, -]*$',
  });
  const maxAge = p('MaxEventAgeSeconds', {
    type: 'Number', default: 16200, minValue: 60, maxValue: 2592000,
    description: 'Events older than this keep no _timestamp, OpenObserve stamps them on arrival (Lambda MAX_EVENT_AGE_SECONDS).',
  });
  const logLevel = p('LogLevel', {
    type: 'String', default: 'INFO', allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'],
    description: 'Log level of the transformation Lambda (LOG_LEVEL).',
  });
  const freshness = p('DataFreshnessThresholdSeconds', {
    type: 'Number', default: 900, minValue: 60, maxValue: 86400,
    description: 'Alarm when the oldest record in Firehose is older than this (seconds).',
  });
  const email = p('AlarmEmail', {
    type: 'String', default: '',
    description: 'E-mail address for alarm notifications; leave empty to create no SNS topic.',
    allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    constraintDescription: 'must be empty or an e-mail address',
  });

  stack.templateOptions.metadata = {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: GROUPS.map((g) => ({ Label: { default: g.label }, Parameters: [...g.names] })),
    },
  };

  return {
    openObserveUrl: url.valueAsString,
    openObserveOrganization: org.valueAsString,
    openObserveStream: stream.valueAsString,
    openObserveCredentialArn: secret.valueAsString,
    oktaEventBusName: bus.valueAsString,
    httpBufferSizeMiB: httpSize.valueAsNumber,
    httpBufferIntervalSeconds: httpInterval.valueAsNumber,
    httpRetryDurationSeconds: retry.valueAsNumber,
    processorBufferSizeMiB: procSize.valueAsString,
    processorBufferIntervalSeconds: procInterval.valueAsString,
    processorRetries: procRetries.valueAsString,
    failedDataRetentionDays: failedRetention.valueAsNumber,
    logRetentionDays: logRetention.valueAsNumber,
    dropEventTypes: drop.valueAsString,
    maxEventAgeSeconds: maxAge.valueAsString,
    logLevel: logLevel.valueAsString,
    dataFreshnessThresholdSeconds: freshness.valueAsNumber,
    alarmEmail: email.valueAsString,
  };
}
