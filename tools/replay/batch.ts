/**
 * Firehose-style batching: bare LogEvents are wrapped in EventBridge envelopes
 * (as Okta Log Streaming delivers them), and records are grouped into
 * transformation events up to the processor buffer size, counting raw bytes.
 */
import { randomUUID } from 'node:crypto';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import type { Item, Origin } from './inputs/types.js';

/** The Lambda processor's `BufferSizeInMBs` (1 MB = 1 MiB here): range and default. */
export const BUFFER_SIZE_MB = { min: 0.2, max: 3, default: 1 } as const;
/** Largest record Firehose accepts (`Record.Data`, before base64). */
export const MAX_RECORD_BYTES = 1_024_000;
const MIB = 1024 * 1024;

export const REPLAY_SOURCE = 'aws.partner/okta.com/replay/local';

/** Buffer size in bytes; throws a RangeError outside 0.2–3 MB. */
export function bufferBytes(mb: number): number {
  if (!Number.isFinite(mb) || mb < BUFFER_SIZE_MB.min || mb > BUFFER_SIZE_MB.max) {
    throw new RangeError(`buffer size must be from ${BUFFER_SIZE_MB.min} to ${BUFFER_SIZE_MB.max} MB`);
  }
  return Math.floor(mb * MIB);
}

/** ISO 8601 to the second, as EventBridge writes `time`. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An EventBridge envelope around a bare LogEvent, shaped like Okta Log Streaming's. */
export function wrapInEnvelope(detail: Record<string, unknown>, now: number) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'SystemLog',
    source: REPLAY_SOURCE,
    account: '000000000000',
    time: isoSeconds(now),
    region: 'us-east-1',
    resources: [] as string[],
    detail,
  };
}

/** The bytes a Firehose record carries for an item (`rows` items are not records and have none here). */
export function recordData(item: Item, now: number): Buffer {
  switch (item.kind) {
    case 'event':
      return Buffer.from(JSON.stringify(wrapInEnvelope(item.value, now)), 'utf8');
    case 'envelope':
      return Buffer.from(JSON.stringify(item.value), 'utf8');
    case 'record':
    case 'rows':
      return item.data;
  }
}

export interface ReplayRecord {
  readonly recordId: string;
  readonly data: Buffer;
  readonly origin: Origin;
}

/** A transformation event as Firehose sends it, minus `deliveryStreamArn` (see {@link planBatches}). */
export type ReplayEvent = Omit<FirehoseTransformationEvent, 'deliveryStreamArn'>;

export interface ReplayBatch {
  readonly event: ReplayEvent;
  readonly records: readonly ReplayRecord[];
  /** Raw (pre-base64) bytes of the records. */
  readonly bytes: number;
}

/**
 * Group records into transformation events of at most `maxBytes` raw bytes.
 * A batch exceeds it only when it holds one record larger than the buffer.
 * Record ids are unique within the run and keep input order.
 */
export function* planBatches(
  records: Iterable<{ readonly data: Buffer; readonly origin: Origin }>,
  maxBytes: number,
  now: () => number = Date.now,
): Generator<ReplayBatch> {
  let current: ReplayRecord[] = [];
  let bytes = 0;
  let seq = 0;
  const take = (): ReplayBatch => {
    const arrival = now();
    const batch: ReplayBatch = {
      event: {
        invocationId: randomUUID(),
        // No deliveryStreamArn on purpose: with none, the handler never re-ingests an
        // overflowing response through PutRecordBatch, so a replay stays local.
        region: 'us-east-1',
        records: current.map((r) => ({
          recordId: r.recordId,
          approximateArrivalTimestamp: arrival,
          data: r.data.toString('base64'),
        })),
      },
      records: current,
      bytes,
    };
    current = [];
    bytes = 0;
    return batch;
  };
  for (const { data, origin } of records) {
    if (current.length > 0 && bytes + data.length > maxBytes) yield take();
    seq += 1;
    current.push({ recordId: `replay-${String(seq).padStart(8, '0')}`, data, origin });
    bytes += data.length;
  }
  if (current.length > 0) yield take();
}
