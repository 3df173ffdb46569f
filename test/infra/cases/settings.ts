import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/lib/app.js';
import { REPO_ROOT } from '../../../infra/lib/bundle.js';
import { RelayConfigurationError } from '../../../infra/lib/ingest-window.js';
import { readSettings } from '../../../infra/lib/settings.js';
import { firehoseEvent, hasNode22, NODE22, runBundle } from '../bundle-run.js';
import { resourcesOf, tempDir } from '../synth.js';

const RULES_FILE = join(REPO_ROOT, 'test/infra/fixtures/security-rules.json');
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:security-oncall';

describe('the security rules file', () => {
  it('changes what the bundle tags when SECURITY_RULES_FILE names it (the layer holds the same bytes, above)', () => {
    const event = { version: '0', id: 'e', 'detail-type': 'SystemLog', source: 'aws.partner/okta.com/acme/okta', account: '1', time: '2024-08-13T15:58:20Z', region: 'eu-west-1', resources: [],
      detail: { uuid: 'u-1', published: '2024-08-13T15:58:20.353Z', eventType: 'user.session.start', version: '0', severity: 'INFO', displayMessage: 'User login to Okta', actor: { id: 'a', type: 'User', alternateId: 'ceo@example.com' }, outcome: { result: 'SUCCESS' } } };
    const row = (env: Record<string, string>) => {
      const run = runBundle(hasNode22() ? NODE22 : process.execPath, firehoseEvent([JSON.stringify(event)]), { LOG_LEVEL: 'SILENT', ...env });
      return JSON.parse(Buffer.from(run.result.records[0]!.data!, 'base64').toString('utf8')) as Record<string, unknown>;
    };
    expect(row({ SECURITY_RULES_FILE: RULES_FILE })).toMatchObject({ security_severity: 'high', security_tags: 'vip_account' });
    expect(row({}).security_tags ?? '').not.toContain('vip_account');
  });

  it('is refused at synthesis when the function would refuse it at cold start', () => {
    const bad = join(tempDir(), 'rules.json');
    writeFileSync(bad, JSON.stringify({ escalations: [{ id: 'x', severity: 'urgent', when: [] }] }));
    expect(() => buildApp({ outdir: tempDir(), settings: { securityRulesFile: bad } })).toThrow(new RegExp(`securityRulesFile: ${bad} is not valid: .*SECURITY_RULES_FILE`));
    expect(() => buildApp({ outdir: tempDir(), settings: { securityRulesFile: '/nonexistent/rules.json' } })).toThrow('securityRulesFile: /nonexistent/rules.json does not exist');
  });
});

describe('the default app settings file', () => {
  const write = (content: unknown) => {
    const file = join(tempDir(), 'relay.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('refuses an unknown or invalid key, naming it', () => {
    expect(() => readSettings(write({ httpRetryDuration: 60 }))).toThrow(/relay\.json: \(file\): Unrecognized key: "httpRetryDuration"/);
    expect(() => readSettings(write({ logRetentionDays: 31 }))).toThrow(/logRetentionDays: one of 1, 3, 5/);
  });

  it('refuses alarmEmail together with alarmTopicArn, which would leave the e-mail unsubscribed', () => {
    const both = { alarmEmail: 'oncall@example.com', alarmTopicArn: TOPIC_ARN };
    const file = write(both);
    expect(() => readSettings(file)).toThrow(
      new RelayConfigurationError(`relay settings ${file}: alarmTopicArn: give alarmEmail (a new topic with that e-mail subscription) or alarmTopicArn (an existing topic), not both`),
    );
    // Settings given to buildApp directly meet the construct's own check.
    expect(() => buildApp({ outdir: tempDir(), settings: both })).toThrow(
      new RelayConfigurationError('alarms: give topic (an existing topic) or email (a new topic with that e-mail subscription), not both'),
    );
    expect(readSettings(write({ alarmTopicArn: TOPIC_ARN })).alarmTopicArn).toBe(TOPIC_ARN);
  });

  it('names the stack, creates an e-mail topic, tags, and takes the rules file relative to itself, cdk-nag clean', () => {
    const file = write({ stackName: 'OktaRelayProd', alarmEmail: 'oncall@example.com', tags: { env: 'prod' }, securityRulesFile: 'rules.json', silenceThresholdMinutes: 180 });
    copyFileSync(RULES_FILE, join(dirname(file), 'rules.json'));
    const { app, stack } = buildApp({ outdir: tempDir(), settings: readSettings(file) });
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    const template = Template.fromStack(stack);
    expect(stack.stackName).toBe('OktaRelayProd');
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Tags: [{ Key: 'env', Value: 'prod' }],
      Environment: { Variables: Match.objectLike({ SECURITY_RULES_FILE: '/opt/rules.json' }) },
    });
    expect(stack.relay.alarms.DeliveryStreamSilent!.node.defaultChild).toMatchObject({ period: 10_800 });
    const topicId = Object.keys(resourcesOf(template, 'AWS::SNS::Topic'));
    expect(topicId).toHaveLength(1);
    for (const a of Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))) expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId[0] }]);
  });
});

describe('the runtime', () => {
  it('can be nodejs24.x, which cdk-nag then has nothing to say about', () => {
    const { app, stack } = buildApp({ outdir: tempDir(), settings: { runtime: 'nodejs24.x' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x' });
    const findings = new AwsSolutionsChecks().validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(findings).toEqual([]);
    const l1 = stack.relay.function.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(l1).toEqual([]);
  });
});

describe('the example settings file infra/relay.example.json', () => {
  it('is valid and synthesises', () => {
    const { stack } = buildApp({ outdir: tempDir(), settings: readSettings(join(REPO_ROOT, 'infra/relay.example.json')) });
    expect(stack.relay.maxEventAgeSeconds).toBe(14_040);
  });
});
