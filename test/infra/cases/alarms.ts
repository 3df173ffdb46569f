import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_IDS } from '../../../infra/lib/alarms.js';
import { REPO_ROOT } from '../../../infra/lib/bundle.js';
import { firehoseEvent, hasNode22, NODE22, publishedDimensions, runBundle } from '../bundle-run.js';
import type { Deployment } from '../resolve.js';
import { relay, resourcesOf, type SynthesisedRelay } from '../synth.js';

type Dimensions = Record<string, string>;
interface AlarmProps {
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: unknown }>;
  [key: string]: unknown;
}

/** Every alarm of the template with its dimensions as they resolve once deployed. */
export function deployedAlarms(d: Deployment): Array<{ id: string; props: AlarmProps; dimensions: Dimensions }> {
  return Object.entries(d.template.Resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(([id, r]) => {
      const props = r.Properties as unknown as AlarmProps;
      const dimensions = Object.fromEntries(props.Dimensions.map((x) => [x.Name, String(d.resolve(x.Value))]));
      return { id, props, dimensions };
    });
}

const ofType = (d: Deployment, type: string) => Object.keys(d.template.Resources).filter((id) => d.template.Resources[id]!.Type === type);

/**
 * The dimension sets under which the services publish each metric for the
 * resources of the template, from the resources' own names (never from a Ref):
 * Lambda by function name, Firehose by stream name, EventBridge rules on a
 * custom or partner bus by bus and rule name, partner events by event source
 * (a partner bus is named after its source), SQS by queue name, and the relay
 * by what its bundle prints in EMF when run with the deployed environment.
 */
const publishedCache = new WeakMap<Deployment, Map<string, Dimensions[]>>();
export function publishedMetricDimensions(d: Deployment, layerDir: (layerId: string) => string = () => '/opt'): Map<string, Dimensions[]> {
  const cached = publishedCache.get(d);
  if (cached !== undefined) return cached;
  const published = new Map<string, Dimensions[]>();
  const add = (namespace: string, metrics: readonly string[], dims: Dimensions) => {
    for (const m of metrics) published.set(`${namespace} ${m}`, [...(published.get(`${namespace} ${m}`) ?? []), dims]);
  };
  for (const fn of ofType(d, 'AWS::Lambda::Function')) {
    add('AWS/Lambda', ['Errors', 'Throttles'], { FunctionName: d.physicalName(fn) });
    const props = d.resource(fn).Properties!;
    const env = { ...(d.resolve((props.Environment as { Variables: Record<string, unknown> }).Variables) as Record<string, string>) };
    // A layer's files are under /opt in Lambda; here, in the staged layer asset.
    const layers = (props.Layers ?? []) as Array<{ Ref: string }>;
    if (env.SECURITY_RULES_FILE !== undefined && layers.length === 1) env.SECURITY_RULES_FILE = env.SECURITY_RULES_FILE.replace(/^\/opt/, layerDir(layers[0]!.Ref));
    const run = runBundle(hasNode22() ? NODE22 : process.execPath, firehoseEvent(['not json']), env);
    for (const metric of ['RecordsProcessingFailed']) {
      const { namespace, dimensions } = publishedDimensions(run.emf, metric);
      add(namespace, [metric], dimensions);
    }
  }
  for (const stream of ofType(d, 'AWS::KinesisFirehose::DeliveryStream')) {
    add('AWS/Firehose', ['ExecuteProcessing.Success', 'DeliveryToHttpEndpoint.Success', 'DeliveryToHttpEndpoint.DataFreshness', 'IncomingRecords'], {
      DeliveryStreamName: d.physicalName(stream),
    });
  }
  for (const rule of ofType(d, 'AWS::Events::Rule')) {
    const bus = String(d.resolve(d.resource(rule).Properties!.EventBusName));
    add('AWS/Events', ['FailedInvocations', 'InvocationsFailedToBeSentToDlq'], { EventBusName: bus, RuleName: d.physicalName(rule) });
    add('AWS/Events', ['Events'], { EventSourceName: bus });
  }
  for (const queue of ofType(d, 'AWS::SQS::Queue')) add('AWS/SQS', ['ApproximateNumberOfMessagesVisible'], { QueueName: d.physicalName(queue) });
  publishedCache.set(d, published);
  return published;
}

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});

describe('the alarms', () => {
  const byId = (alarmId: string) => {
    const alarm = s.stack.relay.alarms[alarmId as keyof typeof s.stack.relay.alarms];
    expect(alarm, alarmId).toBeDefined();
    return resourcesOf(s.template, 'AWS::CloudWatch::Alarm')[s.stack.getLogicalId(alarm!.node.defaultChild as never)]!.Properties;
  };

  it('watch only metrics that exist: every dimension resolves to the name the service publishes that metric under', () => {
    const published = publishedMetricDimensions(s.deployment);
    const alarms = deployedAlarms(s.deployment);
    expect(alarms).toHaveLength(ALARM_IDS.length);
    for (const a of alarms) {
      const candidates = published.get(`${a.props.Namespace} ${a.props.MetricName}`) ?? [];
      expect(candidates, `${a.id}: ${a.props.Namespace} ${a.props.MetricName} ${JSON.stringify(a.dimensions)}`).toContainEqual(a.dimensions);
    }
  });

  it("would not match with the rule's Ref, which resolves to <bus>|<rule> on a partner bus", () => {
    const ruleId = Object.keys(resourcesOf(s.template, 'AWS::Events::Rule'))[0]!;
    expect(s.deployment.ref(ruleId)).toBe(`aws.partner/okta.com/acme/okta-system-log|${s.stack.relay.ruleName}`);
    const published = publishedMetricDimensions(s.deployment).get('AWS/Events FailedInvocations')!;
    expect(published).not.toContainEqual({ EventBusName: 'aws.partner/okta.com/acme/okta-system-log', RuleName: s.deployment.ref(ruleId) });
  });

  it('page on the records the relay answers ProcessingFailed, under exactly the dimensions its Powertools Metrics use', () => {
    expect(byId('RecordsProcessingFailed')).toEqual({
      Namespace: 'OktaOpenObserveRelay',
      MetricName: 'RecordsProcessingFailed',
      Dimensions: [{ Name: 'service', Value: 'OktaOpenObserveRelay/Relay' }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.stringContaining('failed/processing-failed/'),
    });
  });

  it('page on silence: no record reaching the delivery stream, and no event from the Okta source, for an hour, missing data breaching', () => {
    for (const [alarmId, namespace, metric] of [
      ['DeliveryStreamSilent', 'AWS/Firehose', 'IncomingRecords'],
      ['OktaSourceSilent', 'AWS/Events', 'Events'],
    ] as const) {
      expect(byId(alarmId), alarmId).toMatchObject({
        Namespace: namespace,
        MetricName: metric,
        Statistic: 'Sum',
        Period: 3600,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'breaching',
      });
    }
  });

  it.each([
    ['LambdaErrors', 'AWS/Lambda', 'Errors', 'Sum', 'GreaterThanThreshold', 0],
    ['LambdaThrottles', 'AWS/Lambda', 'Throttles', 'Sum', 'GreaterThanThreshold', 0],
    ['ProcessingFailures', 'AWS/Firehose', 'ExecuteProcessing.Success', 'Average', 'LessThanThreshold', 1],
    ['HttpDeliveryFailures', 'AWS/Firehose', 'DeliveryToHttpEndpoint.Success', 'Average', 'LessThanThreshold', 1],
    ['DataFreshness', 'AWS/Firehose', 'DeliveryToHttpEndpoint.DataFreshness', 'Maximum', 'GreaterThanThreshold', 900],
    ['RuleFailedInvocations', 'AWS/Events', 'FailedInvocations', 'Sum', 'GreaterThanThreshold', 0],
    ['RuleDeadLetterFailures', 'AWS/Events', 'InvocationsFailedToBeSentToDlq', 'Sum', 'GreaterThanThreshold', 0],
    ['DeadLetterMessages', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', 'GreaterThanThreshold', 0],
  ] as const)('%s: %s %s (%s, %s %d over 5 minutes, missing data not breaching)', (alarmId, namespace, metric, statistic, comparison, threshold) => {
    expect(byId(alarmId)).toMatchObject({
      Namespace: namespace,
      MetricName: metric,
      Statistic: statistic,
      ComparisonOperator: comparison,
      Threshold: threshold,
      Period: 300,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('say in their description what to do, and the README documents every one of them', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Alarms'), readme.indexOf('### Tear down'));
    for (const alarmId of ALARM_IDS) {
      expect((byId(alarmId).AlarmDescription as string).length, alarmId).toBeGreaterThan(100);
      expect(section, alarmId).toContain(`| ${alarmId} |`);
    }
  });

  it('notify nobody when no topic or e-mail is given', () => {
    for (const a of deployedAlarms(s.deployment)) {
      expect(a.props.AlarmActions, a.id).toBeUndefined();
      expect(a.props.OKActions, a.id).toBeUndefined();
    }
    expect(resourcesOf(s.template, 'AWS::SNS::Topic')).toEqual({});
  });
});
