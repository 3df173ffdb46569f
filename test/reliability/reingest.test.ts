/**
 * Responses that would outgrow Lambda's 6 MB limit: records past the budget go
 * back into their delivery stream through PutRecordBatch (mocked with
 * aws-sdk-client-mock: AWS cannot run here) and are answered Dropped only once
 * Firehose accepted them.
 */
import { FirehoseClient, PutRecordBatchCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { chunkForPut, MAX_ATTEMPTS, PUT_BATCH_MAX_BYTES, reingest, streamNameFromArn } from '../../shared/firehose/reingest.js';
import { handleFirehoseEvent, type RelayDeps } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';
import { acceptingPut, relayDeps, testFirehoseClient } from '../helpers/relay-deps.js';
import { envelope, firehoseEvent, projectSamples } from '../helpers/samples.js';

const firehose = mockClient(FirehoseClient);
const BUDGET = 100_000;
/** The largest record a 100,000-byte response can carry (a smaller budget than this is refused at cold start). */
const MAX_OUTPUT = 50_000;
const config = loadConfig({ RESPONSE_BUDGET_BYTES: String(BUDGET), MAX_OUTPUT_RECORD_BYTES: String(MAX_OUTPUT) });
const transformer = createTransformer(config);
const payloads = projectSamples().map((s) => JSON.stringify(envelope(s.event)));
const event = () => firehoseEvent(payloads) as unknown as FirehoseTransformationEvent;
const client = testFirehoseClient();

const deps = (over: Partial<RelayDeps> = {}): RelayDeps => relayDeps(client, { config, transformer, now: () => Date.UTC(2024, 0, 1), ...over });
const responseSize = (r: unknown) => Buffer.byteLength(JSON.stringify(r));

beforeEach(() => firehose.reset());
afterEach(() => firehose.reset());

describe('Response budget', () => {
  it('keeps the response under the budget and re-ingests the rest, unchanged, into the same stream', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    const input = event();
    const result = await handleFirehoseEvent(input, deps());

    expect(responseSize(result)).toBeLessThanOrEqual(BUDGET);
    expect(result.records.map((r) => r.recordId)).toEqual(input.records.map((r) => r.recordId));
    const dropped = result.records.flatMap((r, i) => (r.result === 'Dropped' ? [i] : []));
    expect(dropped.length).toBeGreaterThan(0);
    expect(result.records.filter((r) => r.result === 'ProcessingFailed')).toHaveLength(0);

    const sent = firehose.commandCalls(PutRecordBatchCommand).flatMap((c) => c.args[0].input.Records ?? []);
    expect(firehose.commandCalls(PutRecordBatchCommand).every((c) => c.args[0].input.DeliveryStreamName === 'okta-relay')).toBe(true);
    expect(sent.map((r) => Buffer.from(r.Data as Uint8Array).toString('base64'))).toEqual(dropped.map((i) => input.records[i]?.data));
  });

  it('resends only the entries Firehose failed', async () => {
    let call = 0;
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
      call += 1;
      if (call > 1) return acceptingPut(input);
      return {
        FailedPutCount: 2,
        RequestResponses: input.Records.map((_, i) => (i < 2 ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' } : { RecordId: `ok-${i}` })),
      };
    });
    const result = await handleFirehoseEvent(event(), deps());
    const calls = firehose.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(2);
    const first = calls[0]?.args[0].input.Records ?? [];
    expect(calls[1]?.args[0].input.Records).toEqual(first.slice(0, 2));
    expect(result.records.some((r) => r.result === 'ProcessingFailed')).toBe(false);
  });

  it('retries a throttled call with back-off', async () => {
    const slept: number[] = [];
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(new ServiceUnavailableException({ message: 'throttled', $metadata: {} }))
      .callsFake(acceptingPut);
    const result = await handleFirehoseEvent(event(), deps({ sleep: async (ms) => void slept.push(ms) }));
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(2);
    expect(slept).toHaveLength(1);
    expect(result.records.some((r) => r.result === 'ProcessingFailed')).toBe(false);
  });

  it('answers ProcessingFailed, without throwing, when every attempt fails', async () => {
    firehose.on(PutRecordBatchCommand).rejects(new ServiceUnavailableException({ message: 'down', $metadata: {} }));
    const result = await handleFirehoseEvent(event(), deps());
    const failed = result.records.filter((r) => r.result === 'ProcessingFailed');
    expect(failed.length).toBeGreaterThan(0);
    expect(result.records.filter((r) => r.result === 'Dropped')).toHaveLength(0);
    expect(responseSize(result)).toBeLessThanOrEqual(BUDGET);
  });

  it('stops retrying when the function is about to run out of time', async () => {
    firehose.on(PutRecordBatchCommand).rejects(new ServiceUnavailableException({ message: 'down', $metadata: {} }));
    let remaining = 3_500;
    const result = await handleFirehoseEvent(event(), deps({ remainingMs: () => remaining, sleep: async (ms) => void (remaining -= ms) }));
    // Only 500 ms above the 3 s kept back for answering Firehose: retries stop before the margin is touched.
    expect(remaining).toBeGreaterThanOrEqual(3_000);
    expect(firehose.commandCalls(PutRecordBatchCommand).length).toBeLessThan(MAX_ATTEMPTS);
    expect(result.records.filter((r) => r.result === 'Dropped')).toHaveLength(0);
  });

  it('does not put records into a stream fed by Kinesis (Firehose refuses it); they stay ProcessingFailed', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    const input = { ...event(), sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/src' };
    const result = await handleFirehoseEvent(input, deps());
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(result.records.filter((r) => r.result === 'ProcessingFailed').length).toBeGreaterThan(0);
  });

  it('fails a record whose own output is over the per-record limit instead of re-ingesting it in a loop', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    const big = envelope({ ...projectSamples()[0]?.event, displayMessage: 'x'.repeat(MAX_OUTPUT) });
    const result = await handleFirehoseEvent(firehoseEvent([JSON.stringify(big)]) as unknown as FirehoseTransformationEvent, deps());
    expect(result.records[0]?.result).toBe('ProcessingFailed');
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });
});

describe('PutRecordBatch limits', () => {
  it('splits calls at 500 records and under 4 MiB', () => {
    const small = Array.from({ length: 1203 }, (_, i) => ({ recordId: String(i), data: new Uint8Array(10) }));
    expect(chunkForPut(small).map((c) => c.length)).toEqual([500, 500, 203]);
    const large = Array.from({ length: 12 }, (_, i) => ({ recordId: String(i), data: new Uint8Array(1_000_000) }));
    const chunks = chunkForPut(large);
    for (const c of chunks) expect(c.reduce((n, r) => n + r.data.length, 0)).toBeLessThanOrEqual(PUT_BATCH_MAX_BYTES);
    expect(chunks.flat()).toHaveLength(12);
  });

  it('reads the stream name from a delivery stream ARN', () => {
    expect(streamNameFromArn('arn:aws:firehose:eu-west-1:123456789012:deliverystream/okta-relay')).toBe('okta-relay');
    expect(streamNameFromArn('arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/x')).toBe('x');
    expect(streamNameFromArn('not-an-arn')).toBeUndefined();
  });

  it('treats a missing per-entry response as a failure and resends that entry', async () => {
    const records = [{ recordId: 'a', data: new Uint8Array([1]) }, { recordId: 'b', data: new Uint8Array([2]) }];
    const sent: number[][] = [];
    const accepted = await reingest('s', records, {
      send: async (input) => {
        sent.push((input.Records ?? []).map((r) => (r.Data as Uint8Array)[0] as number));
        return { FailedPutCount: 0, RequestResponses: [{ RecordId: 'x' }] };
      },
      remainingMs: () => 10_000,
      sleep: async () => undefined,
      random: () => 0,
    });
    expect(sent).toEqual([[1, 2], [2]]);
    expect([...accepted].sort()).toEqual(['a', 'b']);
  });
});

describe('The deployed handler', () => {
  it('creates one Firehose client per container, configured by the SDK default chain (AWS_REGION)', async () => {
    process.env.AWS_REGION = 'eu-west-3';
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    process.env.RESPONSE_BUDGET_BYTES = String(BUDGET);
    process.env.MAX_OUTPUT_RECORD_BYTES = String(MAX_OUTPUT);
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    const { handler } = await import('../../functions/okta-transform/handler.js');
    await handler(event());
    await handler(event());
    const clients = new Set(firehose.commandCalls(PutRecordBatchCommand).map((c) => c.thisValue as FirehoseClient));
    expect(clients.size).toBe(1);
    const [used] = [...clients] as FirehoseClient[];
    expect(await used?.config.region()).toBe('eu-west-3');
  });
});
