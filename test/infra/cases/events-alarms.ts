import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { arnOf, onlyResource, ref, type SynthesisedRelay, relay } from '../synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});

const id = (type: string) => onlyResource(s.template, type).id;

describe('the EventBridge rule', () => {
  it('listens on the Okta partner event bus named by a parameter, under a name of its own', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', { EventBusName: ref('OktaEventBusName'), State: 'ENABLED', Name: s.stack.relay.ruleName });
    expect(s.stack.relay.ruleName).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
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
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^RelayOktaTargetRole/), 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: arnOf(id('AWS::SQS::Queue')) },
      },
    ]);
  });

  it('uses a target role that only this rule, in this account, can assume', () => {
    const rule = onlyResource(s.template, 'AWS::Events::Rule');
    const roleId = ((rule.Properties.Targets as Array<{ RoleArn: { 'Fn::GetAtt': [string] } }>)[0]!.RoleArn)['Fn::GetAtt'][0];
    expect(s.deployment.getAtt(rule.id, 'Arn')).toBe(`arn:aws:events:eu-west-1:123456789012:rule/aws.partner/okta.com/acme/okta-system-log/${s.stack.relay.ruleName}`);
    expect(s.deployment.trustStatements(roleId)).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnEquals: { 'aws:SourceArn': s.deployment.getAtt(rule.id, 'Arn') },
        },
      },
    ]);
  });

  it('uses a target role that may only put records into this delivery stream', () => {
    const rule = onlyResource(s.template, 'AWS::Events::Rule').Properties;
    const roleId = ((rule.Targets as Array<{ RoleArn: { 'Fn::GetAtt': [string] } }>)[0]!.RoleArn)['Fn::GetAtt'][0];
    const role = s.template.toJSON().Resources[roleId];
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
