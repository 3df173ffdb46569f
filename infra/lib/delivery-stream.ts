/**
 * The Firehose delivery stream: Direct PUT in, the transformation Lambda as
 * processor, OpenObserve's Kinesis Firehose endpoint out, failed data to S3.
 *
 * L1 on purpose: aws-cdk-lib's L2 HttpEndpoint destination (with
 * LambdaFunctionProcessor) grants `lambda:InvokeFunction` on `<function>:*` and
 * `s3:*Object*`-style read/write on the bucket, and renders the processor's
 * parameters itself, where this stack wants one role with exactly the
 * permissions listed below.
 */
import { ArnFormat, Duration, Fn, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RelayConfigurationError } from './ingest-window.js';
import { checkSecretCompleteArn } from './site-values.js';

/** Where Firehose writes failed data; `error-output-type` is `processing-failed` or `http-endpoint-failed`. */
export const ERROR_OUTPUT_PREFIX = 'failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';
/** Prefix for successfully delivered data; unused with FailedDataOnly, but required next to an expression prefix. */
export const BACKUP_PREFIX = 'backup/';

const DESTINATION_LOG_STREAM = 'DestinationDelivery';
const BACKUP_LOG_STREAM = 'BackupDelivery';

/** Firehose's limits for an HTTP endpoint destination and its Lambda processor. */
export const DELIVERY_LIMITS = {
  httpBufferSizeMiB: { min: 1, max: 64 },
  httpBufferIntervalSeconds: { min: 0, max: 900 },
  httpRetryDurationSeconds: { min: 0, max: 7200 },
  processorBufferSizeMiB: { min: 0.2, max: 3 },
  processorBufferIntervalSeconds: { min: 0, max: 900 },
  processorRetries: { min: 0, max: 300 },
} as const;

/** How Firehose buffers, retries and invokes the transformation (all optional, defaults in {@link DELIVERY_DEFAULTS}). */
export interface DeliverySettings {
  /** Buffer before each POST to OpenObserve, 1–64 MiB. */
  readonly httpBufferSizeMiB?: number;
  /** Longest wait before a POST to OpenObserve, 0–900 s. */
  readonly httpBufferInterval?: Duration;
  /** How long Firehose retries OpenObserve before backing the batch up to S3, 0–7200 s. */
  readonly httpRetryDuration?: Duration;
  /** Data per Lambda invocation, 0.2–3 MiB. */
  readonly processorBufferSizeMiB?: number;
  /** Longest wait before invoking the Lambda, 0–900 s. */
  readonly processorBufferInterval?: Duration;
  /** Retries of a failed invocation before the batch goes to processing-failed/, 0–300. */
  readonly processorRetries?: number;
}

export const DELIVERY_DEFAULTS = {
  httpBufferSizeMiB: 5,
  httpBufferInterval: Duration.seconds(60),
  httpRetryDuration: Duration.hours(1),
  processorBufferSizeMiB: 1,
  processorBufferInterval: Duration.seconds(60),
  processorRetries: 3,
} as const satisfies Required<DeliverySettings>;

type ResolvedDelivery = Pick<
  DeliveryStreamProps,
  'httpBufferSizeMiB' | 'httpBufferIntervalSeconds' | 'httpRetryDurationSeconds' | 'processorBufferSizeMiB' | 'processorBufferIntervalSeconds' | 'processorRetries'
>;

/** The settings with defaults applied, as numbers, each checked against Firehose's limits (errors name the prop). */
export function resolveDelivery(settings: DeliverySettings = {}): ResolvedDelivery {
  const d = DELIVERY_DEFAULTS;
  const resolved: ResolvedDelivery = {
    httpBufferSizeMiB: settings.httpBufferSizeMiB ?? d.httpBufferSizeMiB,
    httpBufferIntervalSeconds: (settings.httpBufferInterval ?? d.httpBufferInterval).toSeconds(),
    httpRetryDurationSeconds: (settings.httpRetryDuration ?? d.httpRetryDuration).toSeconds(),
    processorBufferSizeMiB: settings.processorBufferSizeMiB ?? d.processorBufferSizeMiB,
    processorBufferIntervalSeconds: (settings.processorBufferInterval ?? d.processorBufferInterval).toSeconds(),
    processorRetries: settings.processorRetries ?? d.processorRetries,
  };
  for (const [key, value] of Object.entries(resolved) as Array<[keyof ResolvedDelivery, number]>) {
    const { min, max } = DELIVERY_LIMITS[key];
    const prop = key.replace(/Seconds$/, '');
    if (Token.isUnresolved(value)) throw new RelayConfigurationError(`delivery.${prop} must be a concrete value, not a deploy-time token`);
    const whole = key !== 'processorBufferSizeMiB';
    if (!(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
      throw new RelayConfigurationError(`delivery.${prop} must be ${whole ? 'a whole number ' : ''}from ${min} to ${max}${key.endsWith('Seconds') ? ' seconds' : ''}, got ${value}`);
    }
  }
  return resolved;
}

export interface DeliveryStreamProps {
  readonly openObserveUrl: string;
  readonly openObserveOrganization: string;
  readonly openObserveStream: string;
  readonly credential: secretsmanager.ISecret;
  /** Customer-managed key of the credential secret: Firehose may decrypt with it through Secrets Manager only. */
  readonly credentialKey: kms.IKey | undefined;
  readonly httpBufferSizeMiB: number;
  readonly httpBufferIntervalSeconds: number;
  readonly httpRetryDurationSeconds: number;
  readonly processorBufferSizeMiB: number;
  readonly processorBufferIntervalSeconds: number;
  readonly processorRetries: number;
  readonly logRetention: logs.RetentionDays;
  readonly transform: lambda.IFunction;
  readonly backupBucket: s3.IBucket;
}

/** `https://<host>/aws/{org}/{stream}/_kinesis_firehose`, OpenObserve's Firehose route. */
export function openObserveEndpointUrl(baseUrl: string, organization: string, stream: string): string {
  return Fn.join('', [baseUrl, '/aws/', organization, '/', stream, '/_kinesis_firehose']);
}

export class DeliveryStream extends Construct {
  readonly stream: firehose.CfnDeliveryStream;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Stream name (the `Ref` of the delivery stream), for metric dimensions. */
  readonly streamName: string;
  readonly streamArn: string;

  constructor(scope: Construct, id: string, props: DeliveryStreamProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named explicitly, so that the role's trust can name this one stream (its ARN
    // is then known without a reference to the stream, which needs the role).
    // Unique in the app and stable across deployments: stack name, construct path
    // and a hash, within Firehose's 64 characters of [a-zA-Z0-9_.-].
    const deliveryStreamName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-', allowedSpecialCharacters: '-_.' });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const name of [DESTINATION_LOG_STREAM, BACKUP_LOG_STREAM]) {
      new logs.LogStream(this, name, { logGroup: this.logGroup, logStreamName: name, removalPolicy: RemovalPolicy.DESTROY });
    }
    const logStreamArn = (name: string) =>
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${this.logGroup.logGroupName}:log-stream:${name}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    this.role = new iam.Role(this, 'Role', {
      description: 'Firehose delivery to OpenObserve: invoke the transform, read the access key, back up failures',
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'firehose', resource: 'deliverystream', resourceName: deliveryStreamName }) },
        },
      }),
    });

    const secretArn = props.credential.secretFullArn;
    if (secretArn === undefined) {
      throw new RelayConfigurationError('credential: import the secret with its complete ARN (Secret.fromSecretCompleteArn); Firehose needs the full ARN');
    }
    checkSecretCompleteArn('credential', secretArn);
    const bucketObjects = props.backupBucket.arnForObjects('*');
    const policy = new iam.Policy(this, 'Policy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeTransform',
          actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
          resources: [props.transform.functionArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadOpenObserveCredential',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secretArn],
        }),
        ...(props.credentialKey === undefined
          ? []
          : [
              new iam.PolicyStatement({
                sid: 'DecryptOpenObserveCredential',
                actions: ['kms:Decrypt'],
                resources: [props.credentialKey.keyArn],
                conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
              }),
            ]),
        new iam.PolicyStatement({
          sid: 'BackupBucket',
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [props.backupBucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'BackupObjects',
          actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          resources: [bucketObjects],
        }),
        new iam.PolicyStatement({
          sid: 'ErrorLogging',
          actions: ['logs:PutLogEvents'],
          resources: [logStreamArn(DESTINATION_LOG_STREAM), logStreamArn(BACKUP_LOG_STREAM)],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.backupBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'Firehose names the backup objects itself (prefix, date and a random suffix), so object access cannot name keys; ' +
        'it is limited to the one dedicated backup bucket and to put/get/abort-upload.',
    });

    this.stream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamName,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: {
          name: 'OpenObserve',
          url: openObserveEndpointUrl(props.openObserveUrl, props.openObserveOrganization, props.openObserveStream),
        },
        // The access key (base64 of email:passcode) is read by Firehose at
        // delivery time from Secrets Manager; it never appears in the template.
        secretsManagerConfiguration: { enabled: true, secretArn, roleArn: this.role.roleArn },
        requestConfiguration: { contentEncoding: 'GZIP' },
        bufferingHints: { sizeInMBs: props.httpBufferSizeMiB, intervalInSeconds: props.httpBufferIntervalSeconds },
        retryOptions: { durationInSeconds: props.httpRetryDurationSeconds },
        roleArn: this.role.roleArn,
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: props.transform.functionArn },
                { parameterName: 'RoleArn', parameterValue: this.role.roleArn },
                // Firehose takes processor parameters as strings.
                { parameterName: 'NumberOfRetries', parameterValue: String(props.processorRetries) },
                { parameterName: 'BufferSizeInMBs', parameterValue: String(props.processorBufferSizeMiB) },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: String(props.processorBufferIntervalSeconds) },
              ],
            },
          ],
        },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.logGroupName, logStreamName: DESTINATION_LOG_STREAM },
        s3BackupMode: 'FailedDataOnly',
        s3Configuration: {
          bucketArn: props.backupBucket.bucketArn,
          roleArn: this.role.roleArn,
          prefix: BACKUP_PREFIX,
          errorOutputPrefix: ERROR_OUTPUT_PREFIX,
          compressionFormat: 'UNCOMPRESSED',
          bufferingHints: { sizeInMBs: 5, intervalInSeconds: 300 },
          cloudWatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.logGroupName, logStreamName: BACKUP_LOG_STREAM },
        },
      },
    });
    // Firehose checks its permissions when the stream is created.
    this.stream.node.addDependency(policy);

    this.streamName = this.stream.ref;
    this.streamArn = this.stream.attrArn;
  }
}
