/**
 * Deadlines that hold: re-ingestion never outlives the function's remaining time,
 * whatever the Firehose endpoint does. With the SDK mocked (aws-sdk-client-mock)
 * and, through the shipped bundle, with a loopback endpoint that never answers or
 * answers too late. The margin kept back to answer Firehose is DEADLINE_MARGIN_MS.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { createLog } from '../../shared/log.js';
import { DEADLINE_MARGIN_MS, handleFirehoseEvent, type RelayDeps } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';
import { testFirehoseClient } from '../helpers/relay-deps.js';
import { envelope, firehoseEvent, projectSamples } from '../helpers/samples.js';
import { runBundle, startSlowFirehose, type SlowFirehose } from './bundle.js';

const SMALL_BUDGET = { RESPONSE_BUDGET_BYTES: '100000', MAX_OUTPUT_RECORD_BYTES: '50000' };
const config = loadConfig(SMALL_BUDGET);
const payloads = projectSamples().map((s) => JSON.stringify(envelope(s.event)));
const event = () => firehoseEvent(payloads) as unknown as FirehoseTransformationEvent;
/** Time left for re-ingestion once the margin is kept back. */
const SLACK_MS = 400;

const firehose = mockClient(FirehoseClient);
const client = testFirehoseClient();
afterEach(() => firehose.reset());

/** Dependencies with a real clock: the Lambda deadline is `DEADLINE_MARGIN_MS + SLACK_MS` from now. */
function realTimeDeps(): RelayDeps & { deadline: number } {
  const deadline = Date.now() + DEADLINE_MARGIN_MS + SLACK_MS;
  return {
    deadline,
    config,
    transformer: createTransformer(config),
    log: createLog('test', 'SILENT'),
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    now: Date.now,
    remainingMs: () => deadline - Date.now(),
    putRecordBatch: (input, signal) => client.send(new PutRecordBatchCommand(input), { abortSignal: signal }),
  };
}

describe('Re-ingestion under a deadline (SDK mocked)', () => {
  it('gives up on a PutRecordBatch that never answers, aborts it, and answers with the margin intact', async () => {
    const signals: AbortSignal[] = [];
    firehose.on(PutRecordBatchCommand).callsFake(() => new Promise(() => undefined));
    const deps = realTimeDeps();
    const original = deps.putRecordBatch;
    const result = await handleFirehoseEvent(event(), {
      ...deps,
      putRecordBatch: (input, signal) => {
        signals.push(signal);
        return original(input, signal);
      },
    });
    const left = deps.deadline - Date.now();

    expect(left).toBeGreaterThan(DEADLINE_MARGIN_MS - 500);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => s.aborted)).toBe(true);
    const results = result.records.map((r) => r.result);
    expect(results).toContain('ProcessingFailed');
    expect(results).not.toContain('Dropped');
  });

  it('does not wait for an answer that would come after the deadline', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(
      (input: { Records: unknown[] }) =>
        new Promise((resolve) => {
          setTimeout(() => resolve({ FailedPutCount: 0, RequestResponses: input.Records.map((_, i) => ({ RecordId: `late-${i}` })) }), 5_000).unref();
        }),
    );
    const deps = realTimeDeps();
    const result = await handleFirehoseEvent(event(), deps);
    expect(deps.deadline - Date.now()).toBeGreaterThan(DEADLINE_MARGIN_MS - 500);
    // Never seen accepted, so kept by Firehose as ProcessingFailed (a late accept only means a duplicate).
    expect(result.records.map((r) => r.result)).not.toContain('Dropped');
    expect(result.records.map((r) => r.result)).toContain('ProcessingFailed');
  });
});

describe('The shipped bundle under a deadline (loopback Firehose endpoint)', () => {
  let silent: SlowFirehose;
  let late: SlowFirehose;
  beforeAll(async () => {
    silent = await startSlowFirehose(Number.POSITIVE_INFINITY);
    late = await startSlowFirehose(8_000);
  });
  afterAll(async () => {
    await silent.close();
    await late.close();
  });

  it.each([
    ['never answers', () => silent],
    ['answers after 8 s', () => late],
  ])('answers before the deadline when the endpoint %s', async (_label, endpoint) => {
    const deadlineMs = DEADLINE_MARGIN_MS + 1_500;
    const { elapsedMs, result } = await runBundle(event(), { ...SMALL_BUDGET, AWS_ENDPOINT_URL_FIREHOSE: endpoint().url }, deadlineMs);
    expect(endpoint().requests).toBeGreaterThan(0);
    expect(elapsedMs).toBeLessThan(deadlineMs - DEADLINE_MARGIN_MS + 1_000);
    const results = result.records.map((r) => r.result);
    expect(results).toContain('Ok');
    expect(results).toContain('ProcessingFailed');
    expect(results).not.toContain('Dropped');
  });
});
