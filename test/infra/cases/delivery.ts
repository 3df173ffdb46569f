import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_PREFIX, ERROR_OUTPUT_PREFIX } from '../../../infra/lib/delivery-stream.js';
import { arnOf, onlyResource, ref, type SynthesisedRelay, relay, templatePathsMatching } from '../synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});


describe('the transformation Lambda', () => {
  it('runs the bundle on nodejs22.x, arm64, with the handler index.handler', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('times out within the 5 minutes Firehose waits for a transformation, with memory for the worst batch', () => {
    const fn = onlyResource(s.template, 'AWS::Lambda::Function').Properties;
    expect(fn.Timeout).toBeGreaterThanOrEqual(60);
    expect(fn.Timeout).toBeLessThanOrEqual(300);
    expect(fn.MemorySize).toBeGreaterThanOrEqual(1024);
  });

  it('logs to its own log group, kept for 30 days by default', () => {
    const group = onlyResource(s.template, 'AWS::Lambda::Function').Properties.LoggingConfig as { LogGroup: { Ref: string } };
    const logGroup = s.template.toJSON().Resources[group.LogGroup.Ref];
    expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it('has exactly this environment by default: no drop list, the derived event age, INFO, and its own metrics service name', () => {
    expect(onlyResource(s.template, 'AWS::Lambda::Function').Properties.Environment).toEqual({
      Variables: {
        DROP_EVENT_TYPES: '',
        // 5 h window − 1 h retries − 60 s buffer − 5 min allowance
        MAX_EVENT_AGE_SECONDS: String(5 * 3600 - 3600 - 60 - 300),
        LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'OktaOpenObserveRelay',
        POWERTOOLS_SERVICE_NAME: 'OktaOpenObserveRelay/Relay',
      },
    });
  });

  it('has a role limited to its own log group, with no managed policy', () => {
    const fn = onlyResource(s.template, 'AWS::Lambda::Function').Properties;
    const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const logGroupId = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const role = s.template.toJSON().Resources[roleId];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'OwnLogGroup',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(logGroupId) },
          ],
        },
      },
    ]);
  });

  it('may re-ingest into its own delivery stream with firehose:PutRecordBatch and nothing else', () => {
    const streamId = onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream').id;
    const roleId = (onlyResource(s.template, 'AWS::Lambda::Function').Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    s.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(roleId)],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: arnOf(streamId) }] },
    });
  });
});

describe('the Firehose delivery stream', () => {
  const destination = () =>
    onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream').Properties.HttpEndpointDestinationConfiguration as Record<string, unknown>;

  it('is a Direct PUT stream, encrypted at rest', () => {
    s.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    });
  });

  it('delivers to https://<host>/aws/{org}/{stream}/_kinesis_firehose built from parameters', () => {
    expect(destination().EndpointConfiguration).toEqual({
      Name: 'OpenObserve',
      Url: { 'Fn::Join': ['', [ref('OpenObserveUrl'), '/aws/', ref('OpenObserveOrganization'), '/', ref('OpenObserveStream'), '/_kinesis_firehose']] },
    });
  });

  it('reads the OpenObserve access key from Secrets Manager, never from the template', () => {
    const d = destination();
    expect(d.SecretsManagerConfiguration).toEqual({ Enabled: true, SecretARN: ref('OpenObserveCredentialArn'), RoleARN: d.RoleARN });
    // No access key property, no api_key value, no dynamic reference resolving the secret into the template.
    expect(templatePathsMatching(s.template, /AccessKey|api_key|resolve:secretsmanager/i)).toEqual([]);
    expect(s.template.toJSON().Parameters.OpenObserveCredentialArn.Default).toBeUndefined();
  });

  it('sends gzip-encoded requests with defaults that suit OpenObserve: 5 MiB / 60 s buffers, one hour of retries', () => {
    const d = destination();
    expect(d.RequestConfiguration).toEqual({ ContentEncoding: 'GZIP' });
    expect(d.BufferingHints).toEqual({ SizeInMBs: 5, IntervalInSeconds: 60 });
    expect(d.RetryOptions).toEqual({ DurationInSeconds: 3600 });
  });

  it('transforms every batch with the Lambda processor: 3 retries, 1 MiB / 60 s batches', () => {
    const d = destination();
    const fnId = onlyResource(s.template, 'AWS::Lambda::Function').id;
    expect(d.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [
        {
          Type: 'Lambda',
          Parameters: [
            { ParameterName: 'LambdaArn', ParameterValue: arnOf(fnId) },
            { ParameterName: 'RoleArn', ParameterValue: d.RoleARN },
            { ParameterName: 'NumberOfRetries', ParameterValue: '3' },
            { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
            { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
          ],
        },
      ],
    });
  });

  it('backs up failed data only, under an error prefix, with error logging', () => {
    const d = destination();
    const bucketId = onlyResource(s.template, 'AWS::S3::Bucket').id;
    expect(d.S3BackupMode).toBe('FailedDataOnly');
    expect(d.S3Configuration).toMatchObject({
      BucketARN: arnOf(bucketId),
      Prefix: BACKUP_PREFIX,
      ErrorOutputPrefix: ERROR_OUTPUT_PREFIX,
      CloudWatchLoggingOptions: { Enabled: true },
    });
    expect(ERROR_OUTPUT_PREFIX).toContain('!{firehose:error-output-type}');
    expect(d.CloudWatchLoggingOptions).toMatchObject({ Enabled: true });
  });

  it("has a name of its own, within Firehose's 64 characters of [a-zA-Z0-9_.-]", () => {
    const name = onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream').Properties.DeliveryStreamName;
    expect(name).toMatch(/^OktaOpenObserveRelay-(Relay-)?Delivery-[A-F0-9]{8}$/);
    expect(name).toMatch(/^[a-zA-Z0-9_.-]{1,64}$/);
  });

  it('uses a role that only this delivery stream, in this account, can assume', () => {
    const stream = onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream');
    const roleId = (destination().RoleARN as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(s.deployment.trustStatements(roleId)).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnEquals: { 'aws:SourceArn': s.deployment.getAtt(stream.id, 'Arn') },
        },
      },
    ]);
  });

  it('grants its role exactly: invoke the function, read the one secret, write the backup bucket and its own log streams', () => {
    const roleId = (destination().RoleARN as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const fnId = onlyResource(s.template, 'AWS::Lambda::Function').id;
    const bucketId = onlyResource(s.template, 'AWS::S3::Bucket').id;
    const policies = Object.values(s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(roleId)] } }));
    expect(policies).toHaveLength(1);
    const statements = (policies[0]!.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, { Action: st.Action, Resource: st.Resource }]));
    expect(bySid).toEqual({
      InvokeTransform: { Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: arnOf(fnId) },
      ReadOpenObserveCredential: { Action: 'secretsmanager:GetSecretValue', Resource: ref('OpenObserveCredentialArn') },
      BackupBucket: { Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: arnOf(bucketId) },
      BackupObjects: { Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [arnOf(bucketId), '/*']] } },
      ErrorLogging: { Action: 'logs:PutLogEvents', Resource: [expect.anything(), expect.anything()] },
    });
  });

  it('is created only after its role may do all of that', () => {
    const stream = onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream');
    const [policyId] = Object.keys(s.template.findResources('AWS::IAM::Policy', { Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'InvokeTransform' })]) } } }));
    expect(stream.DependsOn).toContain(policyId);
  });
});

describe('the failed-data backup bucket', () => {
  it('is encrypted, private and owner-enforced', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('refuses requests without TLS', () => {
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('expires failed data after 30 days by default', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })],
      },
    });
  });

  it('is retained when the stack is deleted, since it may hold the only copy of failed events', () => {
    s.template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the stack outputs', () => {
  it('name what an operator needs: the stream, the function, the backup bucket, the dead-letter queue and the event age deployed', () => {
    expect(Object.keys(s.template.toJSON().Outputs).sort()).toEqual(['BackupBucketName', 'DeadLetterQueueUrl', 'DeliveryStreamName', 'MaxEventAgeSeconds', 'TransformFunctionName']);
  });
});
