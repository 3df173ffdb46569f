/**
 * A full batch is 6 MB of request. Once it is transformed, nothing of the relay's may
 * hold the event while the overflow is re-ingested and the runtime serialises the
 * response, so that a collection can free it (on a 128 MB function that is a twentieth
 * of the memory). Checked with a WeakRef and a full garbage collection (`--expose-gc`,
 * which Lambda's runtime passes too, set here for this file's worker only).
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import type { PutRecordBatch } from '../../shared/firehose/reingest.js';
import { createLog } from '../../shared/log.js';
import { handleFirehoseEvent, type RelayDeps } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';
import { b64, envelope, projectSamples } from '../helpers/samples.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const config = loadConfig({ RESPONSE_BUDGET_BYTES: '100000', MAX_OUTPUT_RECORD_BYTES: '74000' });
const transformer = createTransformer(config);
const NOW = Date.UTC(2024, 4, 1, 12);

/** 200 sample events: more than a 100,000-byte response carries, so some overflow. */
const overflowingEvent = () =>
  ({
    invocationId: 'release',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/okta-relay',
    region: 'us-east-1',
    records: Array.from({ length: 200 }, (_, i) => {
      const samples = projectSamples();
      return { recordId: `r${i}`, data: b64(JSON.stringify(envelope(samples[i % samples.length]?.event as Record<string, unknown>))) };
    }),
  }) as unknown as FirehoseTransformationEvent;

describe('An invocation with overflow', () => {
  it('holds no reference to the event while the overflow is re-ingested', async () => {
    let event: WeakRef<object> | undefined;
    const collectedDuringPut: boolean[] = [];
    // Answers as PutRecordBatch documents it: every entry accepted, with a RecordId.
    const putRecordBatch: PutRecordBatch = async (input) => {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      collectedDuringPut.push(event?.deref() === undefined);
      return { FailedPutCount: 0, RequestResponses: (input.Records ?? []).map((_, i) => ({ RecordId: `fh-${i}` })) };
    };
    const deps: RelayDeps = {
      config, transformer, log: createLog('test', 'SILENT'),
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
      now: () => NOW, remainingMs: () => 60_000, putRecordBatch, sleep: async () => undefined, random: () => 0.5,
    };
    // As Lambda's runtime calls the handler: the parsed event is an argument and nothing else.
    const invoke = () => {
      const e = overflowingEvent();
      event = new WeakRef(e);
      return handleFirehoseEvent(e, deps);
    };

    const result = await invoke();
    expect(result.records.filter((r) => r.result === 'Dropped').length).toBeGreaterThan(0);
    expect(collectedDuringPut.length).toBeGreaterThan(0);
    expect(collectedDuringPut.every((collected) => collected)).toBe(true);
  });
});
