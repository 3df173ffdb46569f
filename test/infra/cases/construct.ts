import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_IDS } from '../../../infra/lib/alarms.js';
import { REPO_ROOT } from '../../../infra/lib/bundle.js';
import { RelayConfigurationError } from '../../../infra/lib/ingest-window.js';
import { OktaOpenObserveRelay } from '../../../infra/lib/relay.js';
import { stagedAsset } from '../bundle-run.js';
import { Deployment, type DeployedTemplate } from '../resolve.js';
import { relay, resourcesOf, tempDir } from '../synth.js';
import { deployedAlarms, publishedMetricDimensions } from './alarms.js';

const RULES_FILE = join(REPO_ROOT, 'test/infra/fixtures/security-rules.json');
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-openobserve-relay/openobserve-AbCdEf';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:security-oncall';
const ORGS = { Acme: 'aws.partner/okta.com/acme/okta-system-log', Globex: 'aws.partner/okta.com/globex/okta-system-log' } as const;

/** A platform team's app: two Okta orgs, one shared secret, key and topic, in one stack. */
function twoOrgApp() {
  const outdir = tempDir();
  const app = new App({ outdir });
  const stack = new Stack(app, 'OktaRelays', { env: { account: '123456789012', region: 'eu-west-1' } });
  const credential = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Credential', SECRET_ARN);
  const credentialKey = kms.Key.fromKeyArn(stack, 'CredentialKey', KEY_ARN);
  const topic = sns.Topic.fromTopicArn(stack, 'Oncall', TOPIC_ARN);
  const relays = Object.entries(ORGS).map(
    ([org, bus]) =>
      new OktaOpenObserveRelay(stack, org, {
        eventBus: events.EventBus.fromEventBusName(stack, `${org}Bus`, bus),
        openObserve: { url: 'https://o2.example.com', organization: org.toLowerCase(), stream: 'okta_system_log', ingestWindow: Duration.hours(6) },
        credential,
        credentialKey,
        securityRulesFile: org === 'Acme' ? RULES_FILE : undefined,
        tags: { 'okta-org': org.toLowerCase(), team: 'security' },
        logRetention: logs.RetentionDays.THREE_MONTHS,
        alarms: { topic, silenceThreshold: Duration.hours(2) },
      }),
  );
  // cdk-nag runs once, in its own test below, rather than as a synthesis plugin too.
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  return { app, stack, relays, assembly, outdir, template, deployment: new Deployment(template.toJSON() as DeployedTemplate, stack.stackName, {}) };
}

describe('two Okta orgs in one app', () => {
  let t: ReturnType<typeof twoOrgApp>;
  beforeAll(() => {
    t = twoOrgApp();
  });
  const [acme, globex] = [() => t.relays[0]!, () => t.relays[1]!];
  const layerDir = (layerId: string) =>
    stagedAsset(t.outdir, t.stack.artifactId, (t.deployment.resource(layerId).Properties!.Content as { S3Key: string }).S3Key);

  it('synthesise to two complete pipelines', () => {
    const count = (type: string) => Object.keys(resourcesOf(t.template, type)).length;
    expect(
      Object.fromEntries(['AWS::Lambda::Function', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Events::Rule', 'AWS::SQS::Queue', 'AWS::S3::Bucket', 'AWS::CloudWatch::Alarm'].map((ty) => [ty, count(ty)])),
    ).toEqual({
      'AWS::Lambda::Function': 2,
      'AWS::KinesisFirehose::DeliveryStream': 2,
      'AWS::Events::Rule': 2,
      'AWS::SQS::Queue': 2,
      'AWS::S3::Bucket': 2,
      'AWS::CloudWatch::Alarm': 2 * ALARM_IDS.length,
    });
  });

  it('that do not share a name: rules, metric service names and everything CloudFormation names from the logical ids', () => {
    expect(new Set([acme().ruleName, globex().ruleName]).size).toBe(2);
    expect([acme().metricsServiceName, globex().metricsServiceName]).toEqual(['OktaRelays/Acme', 'OktaRelays/Globex']);
    const d = t.deployment;
    const named = Object.keys(d.template.Resources).map((id) => `${d.template.Resources[id]!.Type} ${d.physicalName(id)}`);
    expect(new Set(named).size).toBe(named.length);
  });

  it('each with a Firehose role that only its own stream can assume', () => {
    const d = t.deployment;
    const arns = t.relays.map((relay) => d.getAtt(t.stack.getLogicalId(relay.deliveryStream.stream), 'Arn'));
    expect(new Set(arns).size).toBe(2);
    t.relays.forEach((relay, i) => {
      const trust = d.trustStatements<{ Condition: unknown }>(t.stack.getLogicalId(relay.deliveryStream.role.node.defaultChild as never));
      expect(trust.map((st) => st.Condition)).toEqual([
        { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnEquals: { 'aws:SourceArn': arns[i] } },
      ]);
    });
  });

  it('each with an EventBridge target role that only its own rule can assume', () => {
    const d = t.deployment;
    const conditions = t.relays.map((relay) => {
      const trust = d.trustStatements<{ Condition: unknown }>(t.stack.getLogicalId(relay.node.findChild('Okta').node.findChild('TargetRole').node.defaultChild as never));
      return trust.map((st) => st.Condition);
    });
    expect(conditions).toEqual(
      t.relays.map((relay) => [
        { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnEquals: { 'aws:SourceArn': d.getAtt(t.stack.getLogicalId(relay.rule.node.defaultChild as never), 'Arn') } },
      ]),
    );
    expect(new Set(conditions.map((c) => JSON.stringify(c))).size).toBe(2);
  });

  it('each wired to its own bus, stream, function and queue', () => {
    const d = t.deployment;
    const id = (c: { node: { defaultChild?: unknown } }) => t.stack.getLogicalId(c.node.defaultChild as never);
    for (const [relay, bus] of [[acme(), ORGS.Acme], [globex(), ORGS.Globex]] as const) {
      const rule = d.resource(id(relay.rule)).Properties!;
      const targets = d.resolve(rule.Targets) as Array<{ Arn: string; DeadLetterConfig: { Arn: string } }>;
      expect(d.resolve(rule.EventBusName)).toBe(bus);
      expect(targets.map((x) => x.Arn)).toEqual([d.getAtt(t.stack.getLogicalId(relay.deliveryStream.stream), 'Arn')]);
      expect(targets[0]!.DeadLetterConfig.Arn).toBe(d.getAtt(id(relay.deadLetterQueue), 'Arn'));
      const destination = d.resolve(d.resource(t.stack.getLogicalId(relay.deliveryStream.stream)).Properties!.HttpEndpointDestinationConfiguration) as {
        ProcessingConfiguration: { Processors: Array<{ Parameters: Array<{ ParameterName: string; ParameterValue: string }> }> };
        EndpointConfiguration: { Url: string };
      };
      expect(destination.ProcessingConfiguration.Processors[0]!.Parameters[0]).toEqual({ ParameterName: 'LambdaArn', ParameterValue: d.getAtt(id(relay.function), 'Arn') });
      expect(destination.EndpointConfiguration.Url).toBe(`https://o2.example.com/aws/${bus.split('/')[2]}/okta_system_log/_kinesis_firehose`);
    }
  });

  it("have alarms that each watch a real metric of their own relay, none the other's, all notifying the existing topic", () => {
    const d = t.deployment;
    const published = publishedMetricDimensions(d, layerDir);
    const alarms = deployedAlarms(d);
    const watched = alarms.map((a) => `${a.props.Namespace} ${a.props.MetricName} ${JSON.stringify(a.dimensions)}`);
    expect(new Set(watched).size).toBe(alarms.length);
    for (const a of alarms) {
      expect(published.get(`${a.props.Namespace} ${a.props.MetricName}`), a.id).toContainEqual(a.dimensions);
      expect(a.props.AlarmActions, a.id).toEqual([TOPIC_ARN]);
      expect(a.props.OKActions, a.id).toEqual([TOPIC_ARN]);
      expect(a.props.Period, a.id).toBe(a.props.TreatMissingData === 'breaching' ? 7200 : 300);
    }
  });

  it('let Firehose decrypt the customer-managed key of the secret, through Secrets Manager only', () => {
    const statements = Object.values(resourcesOf(t.template, 'AWS::IAM::Policy')).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
    );
    const decrypt = statements.filter((st) => st.Sid === 'DecryptOpenObserveCredential');
    expect(decrypt).toEqual(
      Array(2).fill({ Sid: 'DecryptOpenObserveCredential', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }),
    );
  });

  it('tag every resource that takes tags, and keep logs for the retention given', () => {
    for (const type of ['AWS::Lambda::Function', 'AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::Events::Rule', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::CloudWatch::Alarm', 'AWS::Logs::LogGroup']) {
      for (const [logicalId, r] of Object.entries(resourcesOf(t.template, type))) {
        const org = logicalId.startsWith('Acme') ? 'acme' : 'globex';
        expect(r.Properties.Tags, `${type} ${logicalId}`).toEqual(expect.arrayContaining([{ Key: 'okta-org', Value: org }, { Key: 'team', Value: 'security' }]));
      }
    }
    for (const r of Object.values(resourcesOf(t.template, 'AWS::Logs::LogGroup'))) expect(r.Properties.RetentionInDays).toBe(90);
  });

  it('ship the security rules file in a layer holding that file only, read through SECURITY_RULES_FILE', () => {
    const d = t.deployment;
    const env = (relay: OktaOpenObserveRelay) =>
      (d.resource(t.stack.getLogicalId(relay.function.node.defaultChild as never)).Properties!.Environment as { Variables: Record<string, string> }).Variables;
    expect(env(acme()).SECURITY_RULES_FILE).toBe('/opt/security-rules.json');
    expect(env(globex()).SECURITY_RULES_FILE).toBeUndefined();
    const layers = Object.entries(resourcesOf(t.template, 'AWS::Lambda::LayerVersion'));
    expect(layers).toHaveLength(1);
    expect(readdirSync(layerDir(layers[0]![0]))).toEqual(['security-rules.json']);
    expect(readFileSync(join(layerDir(layers[0]![0]), 'security-rules.json')).equals(readFileSync(RULES_FILE))).toBe(true);
  });

  it('pass the cdk-nag AwsSolutions checks with only the findings the default app acknowledges', () => {
    const findings = new AwsSolutionsChecks().validateScope(t.app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(findings).toEqual([]);
  });
});

describe('the construct props', () => {
  const stackWith = (props: Partial<ConstructorParameters<typeof OktaOpenObserveRelay>[2]>) => () => {
    const stack = new Stack(new App(), 'Props');
    new OktaOpenObserveRelay(stack, 'Relay', {
      eventBus: events.EventBus.fromEventBusName(stack, 'Bus', ORGS.Acme),
      credential: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
      openObserve: { url: 'https://o2.example.com' },
      ...props,
    });
  };

  it("are checked against Firehose's limits, naming the prop", () => {
    expect(stackWith({ delivery: { httpBufferSizeMiB: 100 } })).toThrow('delivery.httpBufferSizeMiB must be a whole number from 1 to 64, got 100');
    expect(stackWith({ delivery: { processorBufferSizeMiB: 0.1 } })).toThrow('delivery.processorBufferSizeMiB must be from 0.2 to 3, got 0.1');
    expect(stackWith({ delivery: { httpRetryDuration: Duration.hours(3) } })).toThrow('delivery.httpRetryDuration must be a whole number from 0 to 7200 seconds, got 10800');
    expect(stackWith({ alarms: { silenceThreshold: Duration.seconds(90) } })).toThrow('alarms.silenceThreshold must be whole minutes from 5 min to 1 day, got 1 minute 30 seconds');
  });

  it('on the default event bus, let only the rule `rule/<name>` assume the target role', () => {
    const stack = new Stack(new App(), 'DefaultBus', { env: { account: '123456789012', region: 'eu-west-1' } });
    const relay = new OktaOpenObserveRelay(stack, 'Relay', {
      eventBus: events.EventBus.fromEventBusName(stack, 'Bus', 'default'),
      credential: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
      openObserve: { url: 'https://o2.example.com' },
    });
    const d = new Deployment(Template.fromStack(stack).toJSON() as DeployedTemplate, stack.stackName, {});
    const role = d.resource(stack.getLogicalId(relay.node.findChild('Okta').node.findChild('TargetRole').node.defaultChild as never));
    const trust = d.resolve(role.Properties!.AssumeRolePolicyDocument) as { Statement: Array<{ Condition: { ArnEquals: unknown } }> };
    expect(trust.Statement[0]!.Condition.ArnEquals).toEqual({ 'aws:SourceArn': `arn:aws:events:eu-west-1:123456789012:rule/${relay.ruleName}` });
    expect(d.getAtt(stack.getLogicalId(relay.rule.node.defaultChild as never), 'Arn')).toBe(`arn:aws:events:eu-west-1:123456789012:rule/${relay.ruleName}`);
  });

  // Firehose delivers over HTTPS to port 443 only (developer guide, HTTP endpoint delivery request specification).
  const URLS: ReadonlyArray<[url: string, problem: string | undefined]> = [
    ['https://o2.example.com', undefined],
    ['https://o2.example.com:443', undefined],
    ['https://example.com/openobserve', undefined],
    ['http://o2.example.com', 'must start with https:// (Firehose delivers over HTTPS only), got http://o2.example.com'],
    ['HTTPS://o2.example.com', 'must start with https:// (Firehose delivers over HTTPS only), got HTTPS://o2.example.com'],
    ['https://o2.example.com:8443', 'must not name a port other than 443 (Firehose delivers to port 443 only), got https://o2.example.com:8443'],
    ['https://o2.example.com/', 'must not end with a slash (the stack appends /aws/{org}/{stream}/_kinesis_firehose), got https://o2.example.com/'],
    ['https://o2.example.com/o2/', 'must not end with a slash (the stack appends /aws/{org}/{stream}/_kinesis_firehose), got https://o2.example.com/o2/'],
    ['https://o2.example.com?org=x', 'must not have a query or fragment (the stack appends /aws/{org}/{stream}/_kinesis_firehose), got https://o2.example.com?org=x'],
    // The value is not echoed: it holds a password.
    ['https://ingest:s3cret@o2.example.com', 'must not carry credentials (Firehose sends the access key from the secret)'],
    ['https://o2.example.com/a b', 'must be https://<host>[/<path>], with a host of letters, digits, ".", "-" and "_", and no white space, got https://o2.example.com/a b'],
  ];

  it('refuse an OpenObserve URL Firehose cannot deliver to, naming openObserve.url', () => {
    for (const [url, problem] of URLS) {
      const synth = stackWith({ openObserve: { url } });
      if (problem === undefined) expect(synth, url).not.toThrow();
      else {
        expect(synth, url).toThrow(RelayConfigurationError);
        expect(synth, url).toThrow(new RelayConfigurationError(`openObserve.url ${problem}`));
      }
    }
  });

  it('agree with the OpenObserveUrl parameter of the default app on every URL', () => {
    const pattern = new RegExp(relay().template.toJSON().Parameters.OpenObserveUrl.AllowedPattern as string);
    expect(URLS.map(([url]) => [url, pattern.test(url)])).toEqual(URLS.map(([url, problem]) => [url, problem === undefined]));
  });

  const PARTIAL_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-openobserve-relay/openobserve';

  it('refuse a secret ARN without the six-character suffix, which the GetSecretValue grant would not match', () => {
    // Secret.fromSecretCompleteArn refuses this ARN itself; an ISecret made any other way meets the construct's check.
    const withArn = (arn: string) => () => {
      const stack = new Stack(new App(), 'SecretArn');
      const imported = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN);
      new OktaOpenObserveRelay(stack, 'Relay', {
        eventBus: events.EventBus.fromEventBusName(stack, 'Bus', ORGS.Acme),
        credential: Object.create(imported, { secretFullArn: { value: arn } }) as secretsmanager.ISecret,
        openObserve: { url: 'https://o2.example.com' },
      });
    };
    expect(() => secretsmanager.Secret.fromSecretCompleteArn(new Stack(), 'Secret', PARTIAL_SECRET_ARN)).toThrow(/missing 6-character suffix/);
    expect(withArn(SECRET_ARN)).not.toThrow();
    expect(withArn(PARTIAL_SECRET_ARN)).toThrow(RelayConfigurationError);
    expect(withArn(PARTIAL_SECRET_ARN)).toThrow(
      new RelayConfigurationError(
        `credential must be the complete ARN of a Secrets Manager secret, ending in the six-character suffix Secrets Manager appends to the name (…:secret:<name>-AbCdEf), got ${PARTIAL_SECRET_ARN}`,
      ),
    );
  });

  it('agree with the OpenObserveCredentialArn parameter of the default app: complete ARNs only', () => {
    const pattern = new RegExp(relay().template.toJSON().Parameters.OpenObserveCredentialArn.AllowedPattern as string);
    expect([SECRET_ARN, PARTIAL_SECRET_ARN, `${SECRET_ARN}x`].map((arn) => pattern.test(arn))).toEqual([true, false, false]);
  });

  it('want the secret with its complete ARN', () => {
    const stack = new Stack(new App(), 'Partial');
    expect(
      () =>
        new OktaOpenObserveRelay(stack, 'Relay', {
          eventBus: events.EventBus.fromEventBusName(stack, 'Bus', ORGS.Acme),
          credential: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'okta-openobserve-relay/openobserve'),
          openObserve: { url: 'https://o2.example.com' },
        }),
    ).toThrow('credential: import the secret with its complete ARN (Secret.fromSecretCompleteArn); Firehose needs the full ARN');
  });
});
