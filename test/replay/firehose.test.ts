import { FirehoseClient, PutRecordBatchCommand, ResourceNotFoundException, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, PUT_BATCH_MAX_BYTES } from '../../shared/firehose/reingest.js';
import { createFirehoseClient, deliverToFirehose, FirehoseDelivery } from '../../tools/replay/deliver/firehose.js';
import { recordingSleep } from './helpers.js';

const firehose = mockClient(FirehoseClient);
afterEach(() => firehose.reset());

const records = (n: number, size = 100) => Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));
const sentData = (call: number) =>
  (firehose.commandCalls(PutRecordBatchCommand)[call]?.args[0].input.Records ?? []).map((r) => Buffer.from(r.Data ?? []));
const allOk = (n: number) => ({ FailedPutCount: 0, RequestResponses: Array.from({ length: n }, (_, i) => ({ RecordId: `r${i}` })) });
const throttled = () => new ServiceUnavailableException({ message: 'Slow down.', $metadata: {} });

describe('putting raw events into a Firehose stream, with the core re-ingestion code', () => {
  it('puts every record into the named stream', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => allOk(input.Records.length));
    const data = records(3);
    const report = await deliverToFirehose(data, 'okta-relay', { client: new FirehoseClient({ region: 'us-east-1' }) });
    expect(report).toEqual({ stream: 'okta-relay', calls: 1, accepted: 3, failed: 0, errors: {} });
    expect(firehose.commandCalls(PutRecordBatchCommand)[0]!.args[0].input.DeliveryStreamName).toBe('okta-relay');
    expect(sentData(0)).toEqual(data);
  });

  it('resends only the entries that failed, after the core back-off', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 2,
        RequestResponses: [
          { RecordId: 'a' },
          { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
          { RecordId: 'c' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves(allOk(2));
    const data = records(4);
    const { sleep, delays } = recordingSleep();
    const report = await deliverToFirehose(data, 's', { client: new FirehoseClient({}), sleep, random: () => 0.5 });
    expect(report).toEqual({ stream: 's', calls: 2, accepted: 4, failed: 0, errors: { ServiceUnavailableException: 1, InternalFailure: 1 } });
    expect(sentData(1)).toEqual([data[1], data[3]]);
    expect(delays).toEqual([backoffMs(1, () => 0.5)]);
  });

  it('treats a missing response entry as not put, as the Lambda does (one place decides)', async () => {
    firehose.on(PutRecordBatchCommand).resolvesOnce({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'a' }] }).resolves(allOk(1));
    const data = records(2);
    const report = await deliverToFirehose(data, 's', { client: new FirehoseClient({}), sleep: async () => {} });
    expect(report).toMatchObject({ calls: 2, accepted: 2, failed: 0 });
    expect(sentData(1)).toEqual([data[1]]);
  });

  it('retries a throttled call whole, and reports records not put once the core gives up', async () => {
    firehose.on(PutRecordBatchCommand).rejectsOnce(throttled()).resolves(allOk(2));
    const ok = await deliverToFirehose(records(2), 's', { client: new FirehoseClient({}), sleep: async () => {} });
    expect(ok).toEqual({ stream: 's', calls: 2, accepted: 2, failed: 0, errors: { ServiceUnavailableException: 1 } });

    firehose.reset();
    firehose.on(PutRecordBatchCommand).rejects(new ResourceNotFoundException({ message: 'no such stream', $metadata: {} }));
    const down = await deliverToFirehose(records(2), 'missing', { client: new FirehoseClient({}), sleep: async () => {} });
    expect(down).toEqual({ stream: 'missing', calls: MAX_ATTEMPTS, accepted: 0, failed: 2, errors: { ResourceNotFoundException: MAX_ATTEMPTS } });
  });

  it('stops retrying at its deadline', async () => {
    firehose.on(PutRecordBatchCommand).rejects(throttled());
    let t = 0;
    const report = await deliverToFirehose(records(1), 's', {
      client: new FirehoseClient({}),
      now: () => t,
      sleep: async (ms) => void (t += ms),
      random: () => 1,
      timeoutMs: 500,
    });
    expect(report.failed).toBe(1);
    expect(report.calls).toBeLessThan(MAX_ATTEMPTS);
  });

  it('chunks as the core does (500 records, 4 MiB less a margin a call) and keeps counts over puts', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => allOk(input.Records.length));
    const delivery = new FirehoseDelivery('s', { client: new FirehoseClient({}) });
    await delivery.put(records(1_201, 10));
    await delivery.put(records(5, 1_000_000));
    expect(delivery.report()).toMatchObject({ calls: 5, accepted: 1_206, failed: 0 });
    const sizes = firehose.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.Records?.length);
    expect(sizes).toEqual([500, 500, 201, 4, 1]);
    expect(4 * 1_000_000).toBeLessThanOrEqual(PUT_BATCH_MAX_BYTES);
  });

  it('builds its SDK client with the SDK retries off (the core loop is the only one)', async () => {
    const client = createFirehoseClient();
    expect(await client.config.maxAttempts()).toBe(1);
  });
});
