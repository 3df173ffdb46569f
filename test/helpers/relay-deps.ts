/**
 * What the relay's re-ingestion specifications share: an SDK client for
 * aws-sdk-client-mock to intercept, the relay's dependencies around it (silent log,
 * no metrics, no real waits), and a PutRecordBatch answer that accepts every entry.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { createLog } from '../../shared/log.js';
import type { RelayDeps } from '../../shared/relay.js';

/** A client with test credentials: every call it makes is answered by the mock. */
export const testFirehoseClient = (): FirehoseClient =>
  new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/** PutRecordBatch accepting every entry, as Firehose answers it. */
export const acceptingPut = (input: { Records?: unknown[] }) => ({
  FailedPutCount: 0,
  RequestResponses: (input.Records ?? []).map((_, i) => ({ RecordId: `fh-${i}` })),
});

/** Dependencies putting through `client`, with a minute left, no real waits and a fixed jitter. */
export const relayDeps = (client: FirehoseClient, deps: Pick<RelayDeps, 'config' | 'transformer' | 'now'> & Partial<RelayDeps>): RelayDeps => ({
  log: createLog('test', 'SILENT'),
  metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
  remainingMs: () => 60_000,
  putRecordBatch: (input, signal) => client.send(new PutRecordBatchCommand(input), { abortSignal: signal }),
  sleep: async () => undefined,
  random: () => 0.5,
  ...deps,
});
