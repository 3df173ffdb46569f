import { describe, expect, it } from 'vitest';
import {
  bufferBytes,
  BUFFER_SIZE_MB,
  compactJson,
  envelopeText,
  envelopeTime,
  FALLBACK_TIME,
  isoSeconds,
  planBatches,
  recordData,
  REPLAY_SOURCE,
  uuidFromText,
} from '../../tools/replay/batch.js';
import { fixtureEnvelope, fixtureEvents } from './helpers.js';

const MIB = 1024 * 1024;
const origin = { file: 'f', line: 1 };
const records = (sizes: number[]) => sizes.map((n, i) => ({ data: Buffer.alloc(n, 0x61), origin: { file: 'f', line: i + 1 } }));

describe('EventBridge envelopes', () => {
  const detail = fixtureEvents()[0]!;
  const text = JSON.stringify(detail);

  it('wraps a bare LogEvent the way Okta Log Streaming delivers it, with id and time derived from the event', () => {
    const env = JSON.parse(envelopeText(detail, text)) as Record<string, unknown>;
    expect(env).toEqual({
      version: '0',
      id: uuidFromText(text),
      'detail-type': 'SystemLog',
      source: 'aws.partner/okta.com/replay/local',
      account: '000000000000',
      time: isoSeconds(Date.parse(detail.published as string)),
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(env.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(REPLAY_SOURCE.startsWith('aws.partner/okta.com/')).toBe(true);
    // Deterministic: the same event always gets the same envelope; another event another id.
    expect(envelopeText(detail, text)).toBe(envelopeText(detail, text));
    const other = { ...detail, uuid: 'another' };
    expect((JSON.parse(envelopeText(other, JSON.stringify(other))) as { id: string }).id).not.toBe(env.id);
  });

  it('gives an event whose published is not a time the fixed epoch time, so it replays as an old event', () => {
    const env = JSON.parse(envelopeText({ eventType: 'x' }, '{"eventType":"x"}')) as Record<string, unknown>;
    expect(env.time).toBe(FALLBACK_TIME);
    expect(FALLBACK_TIME).toBe('1970-01-01T00:00:00Z');
    expect(envelopeTime({ published: 'redacted' })).toBe(FALLBACK_TIME);
    expect(envelopeTime({ published: '2024-08-13T15:58:20.353Z' })).toBe('2024-08-13T15:58:20Z');
  });

  it('sends the input text on one line, never re-serialised: a value nested 50,000 deep is fine', () => {
    const envelope = fixtureEnvelope();
    const pretty = JSON.stringify(envelope, null, 2);
    expect(recordData({ kind: 'envelope', origin, value: envelope, text: pretty }).toString()).toBe(JSON.stringify(envelope));
    expect(compactJson('{\n  "a": "x  y\\" z",\r\n  "b": [1, 2]\n}')).toBe('{"a":"x  y\\" z","b":[1,2]}');
    const raw = Buffer.from([1, 2, 3]);
    expect(recordData({ kind: 'record', origin, data: raw })).toBe(raw);
    const deep = `{"eventType":"x","d":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const wrapped = recordData({ kind: 'event', origin, value: { eventType: 'x' }, text: deep }).toString();
    expect(wrapped.endsWith(`"detail":${deep}}`)).toBe(true);
  });

  it('sends bare events unwrapped with --direct-put', () => {
    expect(recordData({ kind: 'event', origin, value: detail, text }, { directPut: true }).toString()).toBe(text);
    const envelope = fixtureEnvelope();
    const envText = JSON.stringify(envelope);
    expect(recordData({ kind: 'envelope', origin, value: envelope, text: envText }, { directPut: true }).toString()).toBe(envText);
  });
});

describe('batching like the Firehose processor buffer', () => {
  it('accepts 0.2 to 3 MB and nothing else', () => {
    expect(BUFFER_SIZE_MB).toEqual({ min: 0.2, max: 3, default: 1 });
    expect(bufferBytes(1)).toBe(MIB);
    expect(bufferBytes(0.2)).toBe(Math.floor(0.2 * MIB));
    expect(bufferBytes(3)).toBe(3 * MIB);
    for (const bad of [0.1, 3.5, Number.NaN, 0]) expect(() => bufferBytes(bad)).toThrow(RangeError);
  });

  it('never lets a batch exceed the buffer size, counting raw bytes', () => {
    const max = bufferBytes(0.2);
    const batches = [...planBatches(records(Array(100).fill(9_000)), max)];
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      expect(b.bytes).toBeLessThanOrEqual(max);
      expect(b.bytes).toBe(b.records.reduce((n, r) => n + r.data.length, 0));
    }
    // Full batches: the next record would not have fitted.
    for (const b of batches.slice(0, -1)) expect(b.bytes + 9_000).toBeGreaterThan(max);
    expect(batches.reduce((n, b) => n + b.records.length, 0)).toBe(100);
  });

  it('splits many real events over several batches, keeping order and unique recordIds', () => {
    const events = fixtureEvents();
    const data = Array.from({ length: 10 }, () => events)
      .flat()
      .map((e, i) => ({ data: recordData({ kind: 'event', origin, value: e, text: JSON.stringify(e) }), origin: { file: 'f', line: i + 1 } }));
    const batches = [...planBatches(data, bufferBytes(0.2), () => 1_700_000_000_000)];
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(data.reduce((n, d) => n + d.data.length, 0) / bufferBytes(0.2)));
    const ids = batches.flatMap((b) => b.event.records.map((r) => r.recordId));
    expect(new Set(ids).size).toBe(data.length);
    expect(batches.flatMap((b) => b.records.map((r) => r.origin.line))).toEqual(data.map((_, i) => i + 1));
    const first = batches[0]!.event;
    expect(first.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.records[0]).toEqual({ recordId: ids[0], approximateArrivalTimestamp: 1_700_000_000_000, data: data[0]!.data.toString('base64') });
    expect('deliveryStreamArn' in first).toBe(false); // so the handler never re-ingests to AWS from a replay
  });

  it('gives a record larger than the buffer a batch of its own', () => {
    const max = bufferBytes(0.2);
    const batches = [...planBatches(records([1_000, max + 10, 1_000]), max)];
    expect(batches.map((b) => b.records.length)).toEqual([1, 1, 1]);
    expect(batches[1]!.bytes).toBe(max + 10);
  });
});
