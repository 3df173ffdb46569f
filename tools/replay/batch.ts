/**
 * Firehose-style records and batches. Bare LogEvents are wrapped in EventBridge
 * envelopes shaped like Okta Log Streaming's, deterministically (the id is a
 * hash of the event's bytes, the time its `published` to the second), or sent
 * bare with `--direct-put`. Records are grouped into transformation events up
 * to the processor buffer size, counting raw bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
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

/** A UUID (version 8, RFC 9562's custom layout) from the SHA-256 of `text`: same event, same id. */
export function uuidFromText(text: string): string {
  const h = createHash('sha256').update(text).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The envelope time of an event whose `published` is not a time: the Unix epoch, fixed, so output stays deterministic. */
export const FALLBACK_TIME = '1970-01-01T00:00:00Z';

/**
 * The envelope `time` for an event: its `published`, to the second, or
 * {@link FALLBACK_TIME} when that is not a time (the event then still replays,
 * as an old one: `ingest_delayed`, no `_timestamp`).
 */
export function envelopeTime(detail: Record<string, unknown>): string {
  const ms = typeof detail.published === 'string' ? Date.parse(detail.published) : Number.NaN;
  return Number.isFinite(ms) ? isoSeconds(ms) : FALLBACK_TIME;
}

/**
 * JSON text on one line: whitespace outside strings removed, one pass, no
 * recursion (a value nested 50,000 deep is fine). The text must be valid JSON.
 */
export function compactJson(text: string): string {
  if (!/[\n\r]/.test(text)) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 32 || c === 9 || c === 10 || c === 13) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * An EventBridge envelope around a bare LogEvent, as Okta Log Streaming sends it,
 * built around the event's own text (never re-serialised): key order and values
 * of `detail` are the input's.
 */
export function envelopeText(detail: Record<string, unknown>, detailText: string): string {
  const compact = compactJson(detailText);
  const time = envelopeTime(detail);
  return (
    `{"version":"0","id":"${uuidFromText(compact)}","detail-type":"SystemLog","source":"${REPLAY_SOURCE}",` +
    `"account":"000000000000","time":"${time}","region":"us-east-1","resources":[],"detail":${compact}}`
  );
}

/** The bytes a Firehose record carries for an item (`rows` items are not records: their bytes are returned as they are). */
export function recordData(item: Item, options: { directPut?: boolean } = {}): Buffer {
  switch (item.kind) {
    case 'event':
      return Buffer.from(options.directPut ? compactJson(item.text) : envelopeText(item.value, item.text), 'utf8');
    case 'envelope':
      return Buffer.from(compactJson(item.text), 'utf8');
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

/** A transformation event as Firehose sends it, minus `deliveryStreamArn` (see {@link Batcher}). */
export type ReplayEvent = Omit<FirehoseTransformationEvent, 'deliveryStreamArn'>;

export interface ReplayBatch {
  readonly event: ReplayEvent;
  readonly records: readonly ReplayRecord[];
  /** Raw (pre-base64) bytes of the records. */
  readonly bytes: number;
}

/**
 * Groups records into transformation events of at most `maxBytes` raw bytes,
 * as they come. A batch exceeds it only when it holds one record larger than
 * the buffer. Record ids are unique within the run and keep input order.
 */
export class Batcher {
  private current: ReplayRecord[] = [];
  private bytes = 0;
  private seq = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Add a record; returns the batch it completed, if any (the record then starts the next one). */
  add(data: Buffer, origin: Origin): ReplayBatch | undefined {
    const full = this.current.length > 0 && this.bytes + data.length > this.maxBytes ? this.take() : undefined;
    this.seq += 1;
    this.current.push({ recordId: `replay-${String(this.seq).padStart(8, '0')}`, data, origin });
    this.bytes += data.length;
    return full;
  }

  /** The batch being built, if it holds any record. */
  take(): ReplayBatch | undefined {
    if (this.current.length === 0) return undefined;
    const arrival = this.now();
    const batch: ReplayBatch = {
      event: {
        invocationId: randomUUID(),
        // No deliveryStreamArn on purpose: with none, the handler never re-ingests an
        // overflowing response through PutRecordBatch, so a replay stays local.
        region: 'us-east-1',
        records: this.current.map((r) => ({ recordId: r.recordId, approximateArrivalTimestamp: arrival, data: r.data.toString('base64') })),
      },
      records: this.current,
      bytes: this.bytes,
    };
    this.current = [];
    this.bytes = 0;
    return batch;
  }
}

/** All batches of `records` at once (tests and small inputs). */
export function* planBatches(
  records: Iterable<{ readonly data: Buffer; readonly origin: Origin }>,
  maxBytes: number,
  now: () => number = Date.now,
): Generator<ReplayBatch> {
  const batcher = new Batcher(maxBytes, now);
  for (const { data, origin } of records) {
    const full = batcher.add(data, origin);
    if (full !== undefined) yield full;
  }
  const last = batcher.take();
  if (last !== undefined) yield last;
}
