import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arnOf, onlyResource, ref, resourcesOf, type SynthesisedRelay, synthRelay } from './synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = synthRelay();
});
afterAll(() => s.dispose());

const id = (type: string) => onlyResource(s.template, type).id;

describe('the EventBridge rule', () => {
  it('listens on the Okta partner event bus named by a parameter', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', { EventBusName: ref('OktaEventBusName'), State: 'ENABLED' });
    const param = s.template.toJSON().Parameters.OktaEventBusName;
    const pattern = new RegExp(param.AllowedPattern);
    expect(pattern.test('aws.partner/okta.com/acme/okta-system-log')).toBe(true);
    expect(pattern.test('default')).toBe(false);
  });

  it('matches every event whose source starts with aws.partner/okta.com', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: [{ prefix: 'aws.partner/okta.com' }] } });
  });

  it('targets the delivery stream through its own role, with a retry policy and a dead-letter queue', () => {
    const rule = onlyResource(s.template, 'AWS::Events::Rule').Properties;
    expect(rule.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: arnOf(id('AWS::KinesisFirehose::DeliveryStream')),
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^OktaTargetRole/), 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: arnOf(id('AWS::SQS::Queue')) },
      },
    ]);
  });

  it('uses a target role that may only put records into this delivery stream', () => {
    const rule = onlyResource(s.template, 'AWS::Events::Rule').Properties;
    const roleId = ((rule.Targets as Array<{ RoleArn: { 'Fn::GetAtt': [string] } }>)[0]!.RoleArn)['Fn::GetAtt'][0];
    const role = s.template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } } }),
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'PutToDeliveryStream',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: arnOf(id('AWS::KinesisFirehose::DeliveryStream')) }],
        },
      },
    ]);
    // …and no other policy is attached to it.
    expect(s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([ref(roleId)]) } })).toEqual({});
  });
});

describe('the dead-letter queue', () => {
  it('is encrypted and keeps failed events for 14 days', () => {
    s.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('accepts messages from this rule only, and only over TLS', () => {
    const queueId = id('AWS::SQS::Queue');
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(queueId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: arnOf(queueId),
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(id('AWS::Events::Rule')) } },
          }),
        ]),
      },
    });
  });
});

describe('the alarms', () => {
  type Alarm = { Properties: Record<string, unknown> };
  const alarm = (namespace: string, metricName: string): Alarm => {
    const found = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName,
    );
    expect(found, `${namespace} ${metricName}`).toHaveLength(1);
    return found[0]!;
  };
  const fn = () => ref(id('AWS::Lambda::Function'));
  const stream = () => ref(id('AWS::KinesisFirehose::DeliveryStream'));

  it.each([
    ['AWS/Lambda', 'Errors', 'Sum', 'GreaterThanThreshold', 0, () => [{ Name: 'FunctionName', Value: fn() }]],
    ['AWS/Lambda', 'Throttles', 'Sum', 'GreaterThanThreshold', 0, () => [{ Name: 'FunctionName', Value: fn() }]],
    ['AWS/Firehose', 'ExecuteProcessing.Success', 'Average', 'LessThanThreshold', 1, () => [{ Name: 'DeliveryStreamName', Value: stream() }]],
    ['AWS/Firehose', 'DeliveryToHttpEndpoint.Success', 'Average', 'LessThanThreshold', 1, () => [{ Name: 'DeliveryStreamName', Value: stream() }]],
    ['AWS/Firehose', 'DeliveryToHttpEndpoint.DataFreshness', 'Maximum', 'GreaterThanThreshold', ref('DataFreshnessThresholdSeconds'), () => [{ Name: 'DeliveryStreamName', Value: stream() }]],
    ['AWS/Events', 'FailedInvocations', 'Sum', 'GreaterThanThreshold', 0, () => [{ Name: 'EventBusName', Value: ref('OktaEventBusName') }, { Name: 'RuleName', Value: ref(id('AWS::Events::Rule')) }]],
    ['AWS/Events', 'InvocationsFailedToBeSentToDlq', 'Sum', 'GreaterThanThreshold', 0, () => [{ Name: 'EventBusName', Value: ref('OktaEventBusName') }, { Name: 'RuleName', Value: ref(id('AWS::Events::Rule')) }]],
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', 'GreaterThanThreshold', 0, () => [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id('AWS::SQS::Queue'), 'QueueName'] } }]],
  ] as const)('pages on %s %s (%s, %s %o)', (namespace, metricName, statistic, comparison, threshold, dimensions) => {
    expect(alarm(namespace, metricName).Properties).toMatchObject({
      Statistic: statistic,
      ComparisonOperator: comparison,
      Threshold: threshold,
      Dimensions: dimensions(),
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.any(String),
    });
  });

  it('alarms on data older than 900 s by default', () => {
    expect(s.template.toJSON().Parameters.DataFreshnessThresholdSeconds.Default).toBe(900);
  });

  it('creates the SNS topic and e-mail subscription only when AlarmEmail is set', () => {
    const condition = Object.keys(s.template.findConditions('*', { 'Fn::Not': [{ 'Fn::Equals': [ref('AlarmEmail'), ''] }] }));
    expect(condition).toHaveLength(1);
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription']) {
      s.template.hasResource(type, { Condition: condition[0] });
    }
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ref('AlarmEmail') });
    expect(s.template.toJSON().Parameters.AlarmEmail.Default).toBe('');
  });

  it('notifies the topic from every alarm, when it exists', () => {
    const condition = Object.keys(s.template.findConditions('*'))[0]!;
    const actions = { 'Fn::If': [condition, [ref(id('AWS::SNS::Topic'))], ref('AWS::NoValue')] };
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(8);
    for (const a of alarms) expect(a.Properties).toMatchObject({ AlarmActions: actions, OKActions: actions });
  });

  it('lets only TLS publishers use the topic', () => {
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
