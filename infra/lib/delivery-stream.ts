/**
 * The Firehose delivery stream: Direct PUT in, the transformation Lambda as
 * processor, OpenObserve's Kinesis Firehose endpoint out, failed data to S3.
 *
 * L1 on purpose: aws-cdk-lib's L2 HttpEndpoint destination (with
 * LambdaFunctionProcessor) grants `lambda:InvokeFunction` on `<function>:*` and
 * `s3:*Object*`-style read/write on the bucket, and renders the processor's
 * parameters from numbers (awkward with CloudFormation parameters), where this
 * stack wants one role with exactly the permissions listed below.
 */
import { ArnFormat, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { RelayParameters } from './parameters.js';

/** Where Firehose writes failed data; `error-output-type` is `processing-failed` or `http-endpoint-failed`. */
export const ERROR_OUTPUT_PREFIX = 'failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';
/** Prefix for successfully delivered data; unused with FailedDataOnly, but required next to an expression prefix. */
export const BACKUP_PREFIX = 'backup/';

const DESTINATION_LOG_STREAM = 'DestinationDelivery';
const BACKUP_LOG_STREAM = 'BackupDelivery';

export interface DeliveryStreamProps
  extends Pick<
    RelayParameters,
    | 'openObserveUrl' | 'openObserveOrganization' | 'openObserveStream' | 'openObserveCredentialArn'
    | 'httpBufferSizeMiB' | 'httpBufferIntervalSeconds' | 'httpRetryDurationSeconds'
    | 'processorBufferSizeMiB' | 'processorBufferIntervalSeconds' | 'processorRetries' | 'logRetentionDays'
  > {
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

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetentionDays as logs.RetentionDays,
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
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'firehose', resource: 'deliverystream', resourceName: '*' }) },
        },
      }),
    });

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
          resources: [props.openObserveCredentialArn],
        }),
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
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: {
          name: 'OpenObserve',
          url: openObserveEndpointUrl(props.openObserveUrl, props.openObserveOrganization, props.openObserveStream),
        },
        // The access key (base64 of email:passcode) is read by Firehose at
        // delivery time from Secrets Manager; it never appears in the template.
        secretsManagerConfiguration: { enabled: true, secretArn: props.openObserveCredentialArn, roleArn: this.role.roleArn },
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
                { parameterName: 'NumberOfRetries', parameterValue: props.processorRetries },
                { parameterName: 'BufferSizeInMBs', parameterValue: props.processorBufferSizeMiB },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: props.processorBufferIntervalSeconds },
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
