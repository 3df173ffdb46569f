/**
 * Overflow that always ends: the response budget counts bytes as the Lambda runtime
 * serialises them, and a record no response could ever carry fails instead of
 * being re-ingested forever. PutRecordBatch is mocked (aws-sdk-client-mock) for the
 * sources and served on loopback for the shipped bundle.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { processBatch, resultBytes } from '../../shared/firehose/batch.js';
import { handleFirehoseEvent } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';
import { startFirehoseServer, type FirehoseServer } from '../helpers/firehose-server.js';
import { acceptingPut, relayDeps, testFirehoseClient } from '../helpers/relay-deps.js';
import { b64, envelope, projectSamples } from '../helpers/samples.js';
import { runBundle } from './bundle.js';

const BUDGET = 100_000;
const env = { RESPONSE_BUDGET_BYTES: String(BUDGET), MAX_OUTPUT_RECORD_BYTES: '74000' };
const config = loadConfig(env);
const transformer = createTransformer(config);
const NOW = Date.UTC(2024, 4, 1, 12);
const sample = projectSamples()[0]?.event as Record<string, unknown>;
const responseBytes = (r: unknown) => Buffer.byteLength(JSON.stringify(r), 'utf8');

const firehose = mockClient(FirehoseClient);
const client = testFirehoseClient();
afterEach(() => firehose.reset());
const deps = () => relayDeps(client, { config, transformer, now: () => NOW });
const asEvent = (records: { recordId: string; data: string }[]) =>
  ({ invocationId: 'ovf', deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/okta-relay', region: 'us-east-1', records }) as unknown as FirehoseTransformationEvent;

/** 40 records whose ids JSON must escape (a control character takes 6 bytes): 2,400 bytes of id each. */
const escapedIds = () =>
  asEvent(projectSamples().slice(0, 40).map((s, i) => ({ recordId: `${'\u0001'.repeat(399)}${String.fromCharCode(65 + (i % 26))}`, data: b64(JSON.stringify(envelope(s.event))) })));

describe('The response budget', () => {
  it('counts a record id at its JSON-escaped, UTF-8 length', () => {
    expect(resultBytes('abc', 'Ok', 'QQ==')).toBe(5 + 2 + 4 + 40);
    expect(resultBytes('\u0001', 'Ok', '')).toBe(8 + 2 + 40);
    expect(resultBytes('"\\', 'Ok', '')).toBe(6 + 2 + 40);
    expect(resultBytes('é😀', 'Ok', '')).toBe(8 + 2 + 40);
  });

  it('holds when the record ids must be escaped: 40 such records stay under 100,000 bytes', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    const input = escapedIds();
    const result = await handleFirehoseEvent(input, deps());
    expect(responseBytes(result)).toBeLessThanOrEqual(BUDGET);
    expect(result.records.map((r) => r.recordId)).toEqual(input.records.map((r) => r.recordId));
    expect(result.records.filter((r) => r.result === 'Dropped').length).toBeGreaterThan(0);
  });

  it('fails a record that could not fit even an empty response, instead of re-ingesting it again and again', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(acceptingPut);
    // ~73 KB of output is allowed (MAX_OUTPUT_RECORD_BYTES 74,000) and fits alone; with an id of 5,000 escaped characters it never can.
    const data = b64(JSON.stringify(envelope({ ...sample, displayMessage: 'x'.repeat(50_000) })));
    const input = asEvent([{ recordId: 'small', data: b64(JSON.stringify(envelope(sample))) }, { recordId: '\u0001'.repeat(5_000), data }]);
    const { summary } = processBatch(input, transformer, NOW, BUDGET);
    expect(summary.failures.map((f) => f.reason)).toEqual(['record_exceeds_response']);

    const result = await handleFirehoseEvent(input, deps());
    expect(result.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(responseBytes(result)).toBeLessThanOrEqual(BUDGET);
  });
});

describe('The shipped bundle', () => {
  let server: FirehoseServer;
  beforeAll(async () => {
    server = await startFirehoseServer();
  });
  afterAll(() => server.close());

  it('keeps a response of escaped record ids under its budget and re-ingests the rest', async () => {
    const { result } = await runBundle(escapedIds(), { ...env, AWS_ENDPOINT_URL_FIREHOSE: server.url });
    expect(responseBytes(result)).toBeLessThanOrEqual(BUDGET);
    const dropped = result.records.filter((r) => r.result === 'Dropped').length;
    expect(dropped).toBeGreaterThan(0);
    expect(server.received.reduce((n, r) => n + r.records, 0)).toBe(dropped);
  });

  it('fails a record no response could carry and puts nothing back', async () => {
    const data = b64(JSON.stringify(envelope({ ...sample, displayMessage: 'x'.repeat(50_000) })));
    const before = server.received.length;
    const { result } = await runBundle(asEvent([{ recordId: '\u0001'.repeat(5_000), data }]), { ...env, AWS_ENDPOINT_URL_FIREHOSE: server.url });
    expect(result.records.map((r) => r.result)).toEqual(['ProcessingFailed']);
    expect(server.received.length).toBe(before);
  });
});

describe('A spent budget', () => {
  it('sends the first record that does not fit, and every record after it, back untransformed', () => {
    const good = b64(JSON.stringify(envelope(sample)));
    const notJson = b64('not an event'); // strict base64: goes back as it came, and fails when it comes round
    const records = [...Array.from({ length: 60 }, (_, i) => ({ recordId: `r${i}`, data: good })), { recordId: 'not-json', data: notJson }];
    const seen: unknown[] = [];
    const counting = { ...transformer, transformRecord: (data: unknown, now: number) => (seen.push(data), transformer.transformRecord(data, now)) };
    const { response, overflow } = processBatch(asEvent(records), counting, NOW, BUDGET);

    const fitted = response.records.filter((r) => r.result === 'Ok').length;
    expect(fitted).toBeGreaterThan(0);
    expect(fitted).toBeLessThan(60);
    // Transformed: the records that fitted and the first that did not; the rest as they came, in order.
    expect(seen).toHaveLength(fitted + 1);
    expect(overflow).toEqual(records.slice(fitted).map(({ recordId, data }, i) => ({ index: fitted + i, recordId, data })));
    expect(response.records.slice(fitted).every((r) => r.result === 'ProcessingFailed' && r.data === '')).toBe(true);
  });

  it('still answers, after the cut, a record whose data is missing or not strict base64 (re-ingesting it would change its bytes)', () => {
    const good = b64(JSON.stringify(envelope(sample)));
    const records = [...Array.from({ length: 60 }, (_, i) => ({ recordId: `r${i}`, data: good })), { recordId: 'empty' }, { recordId: 'url-safe', data: 'eyJh_Q==' }];
    const { summary, overflow } = processBatch(asEvent(records as { recordId: string; data: string }[]), transformer, NOW, BUDGET);
    expect(overflow.map((o) => o.recordId)).not.toContain('empty');
    expect(overflow.map((o) => o.recordId)).not.toContain('url-safe');
    expect(summary.failures).toEqual([
      { recordId: 'empty', reason: 'missing_data', line: undefined },
      { recordId: 'url-safe', reason: 'invalid_base64', line: undefined },
    ]);
  });
});
