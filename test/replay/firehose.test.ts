import { FirehoseClient, PutRecordBatchCommand, ResourceNotFoundException, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverToFirehose, planPutBatches, PUT_LIMITS } from '../../tools/replay/deliver/firehose.js';
import { recordingSleep } from './helpers.js';

const firehose = mockClient(FirehoseClient);
afterEach(() => firehose.reset());

const records = (n: number, size = 100) => Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));
const sentData = (call: number) =>
  (firehose.commandCalls(PutRecordBatchCommand)[call]?.args[0].input.Records ?? []).map((r) => Buffer.from(r.Data ?? []));
const allOk = (n: number) => ({ FailedPutCount: 0, RequestResponses: Array.from({ length: n }, (_, i) => ({ RecordId: `r${i}` })) });
const throttled = () => new ServiceUnavailableException({ message: 'Slow down.', $metadata: {} });

describe('putting raw events into a Firehose stream with PutRecordBatch', () => {
  it('puts every record into the named stream', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => allOk(input.Records.length));
    const data = records(3);
    const report = await deliverToFirehose(data, 'okta-relay', { client: new FirehoseClient({ region: 'us-east-1' }) });
    expect(report).toEqual({ stream: 'okta-relay', calls: 1, accepted: 3, failed: 0, oversize: 0, errors: {} });
    const call = firehose.commandCalls(PutRecordBatchCommand)[0]!;
    expect(call.args[0].input.DeliveryStreamName).toBe('okta-relay');
    expect(sentData(0)).toEqual(data);
  });

  it('resends only the entries that failed (FailedPutCount, per-entry ErrorCode)', async () => {
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
    const report = await deliverToFirehose(data, 's', { client: new FirehoseClient({}), sleep, random: () => 1 });
    expect(report).toMatchObject({ calls: 2, accepted: 4, failed: 0 });
    expect(sentData(1)).toEqual([data[1], data[3]]);
    expect(delays).toEqual([200]);
  });

  it('retries the whole call when it is throttled (ServiceUnavailableException), with jittered back-off', async () => {
    firehose.on(PutRecordBatchCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(allOk(2));
    const { sleep, delays } = recordingSleep();
    const report = await deliverToFirehose(records(2), 's', { client: new FirehoseClient({}), sleep, random: () => 0.5 });
    expect(report).toMatchObject({ calls: 3, accepted: 2, failed: 0 });
    expect(sentData(2)).toHaveLength(2);
    expect(delays).toEqual([100, 200]); // full jitter: random × 200 ms × 2^(n-1)
  });

  it('reports records as not put when every attempt fails', async () => {
    const failing = { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({ FailedPutCount: 1, RequestResponses: [{ RecordId: 'a' }, failing] })
      .resolves({ FailedPutCount: 1, RequestResponses: [failing] });
    const report = await deliverToFirehose(records(2), 's', { client: new FirehoseClient({}), sleep: async () => {}, maxAttempts: 3 });
    expect(report).toMatchObject({ calls: 3, accepted: 1, failed: 1, errors: { ServiceUnavailableException: 1 } });

    firehose.reset();
    firehose.on(PutRecordBatchCommand).rejects(throttled());
    const down = await deliverToFirehose(records(2), 's', { client: new FirehoseClient({}), sleep: async () => {}, maxAttempts: 4 });
    expect(down).toMatchObject({ calls: 4, accepted: 0, failed: 2, errors: { ServiceUnavailableException: 2 } });
  });

  it('does not retry an error that retrying cannot fix (a missing stream)', async () => {
    firehose.on(PutRecordBatchCommand).rejects(new ResourceNotFoundException({ message: 'no such stream', $metadata: {} }));
    const report = await deliverToFirehose(records(2), 'missing', { client: new FirehoseClient({}), sleep: async () => {} });
    expect(report).toMatchObject({ calls: 1, accepted: 0, failed: 2, errors: { ResourceNotFoundException: 2 } });
  });

  it('chunks at 500 records and 4 MiB a call, and refuses records over 1,000 KiB', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => allOk(input.Records.length));
    const report = await deliverToFirehose(records(1_201, 10), 's', { client: new FirehoseClient({}) });
    expect(report).toMatchObject({ calls: 3, accepted: 1_201 });
    expect(firehose.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.Records?.length)).toEqual([500, 500, 201]);

    expect(PUT_LIMITS).toEqual({ maxRecords: 500, maxBytes: 4 * 1024 * 1024, maxRecordBytes: 1_024_000 });
    const sizes = Array(10).fill(1_000_000) as number[];
    const plan = planPutBatches([...sizes, 1_024_001]);
    expect(plan.batches.map((b) => b.length)).toEqual([4, 4, 2]);
    for (const b of plan.batches) expect(b.reduce((n, i) => n + sizes[i]!, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(plan.oversize).toEqual([10]);

    firehose.reset();
    firehose.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => allOk(input.Records.length));
    const big = await deliverToFirehose([...records(5, 1_000_000), Buffer.alloc(1_024_001)], 's', { client: new FirehoseClient({}) });
    expect(big).toMatchObject({ calls: 2, accepted: 5, failed: 1, oversize: 1, errors: { RecordTooLarge: 1 } });
  });

  it('uses a default client from the SDK chain when none is given', async () => {
    firehose.on(PutRecordBatchCommand).resolves(allOk(1));
    const report = await deliverToFirehose(records(1), 's');
    expect(report.accepted).toBe(1);
  });
});
