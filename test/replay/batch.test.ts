import { describe, expect, it } from 'vitest';
import { bufferBytes, BUFFER_SIZE_MB, planBatches, recordData, REPLAY_SOURCE, wrapInEnvelope } from '../../tools/replay/batch.js';
import { fixtureEnvelope, fixtureEvents } from './helpers.js';

const MIB = 1024 * 1024;
const origin = { file: 'f', line: 1 };
const records = (sizes: number[]) => sizes.map((n, i) => ({ data: Buffer.alloc(n, 0x61), origin: { file: 'f', line: i + 1 } }));

describe('EventBridge envelopes', () => {
  it('wraps a bare LogEvent the way Okta Log Streaming delivers it', () => {
    const detail = fixtureEvents()[0]!;
    const now = Date.parse('2026-01-02T03:04:05.678Z');
    const env = wrapInEnvelope(detail, now);
    expect(env).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'SystemLog',
      source: 'aws.partner/okta.com/replay/local',
      account: '000000000000',
      time: '2026-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(REPLAY_SOURCE.startsWith('aws.partner/okta.com/')).toBe(true);
    expect(wrapInEnvelope(detail, now).id).not.toBe(env.id);
  });

  it('sends envelopes as compact JSON and re-driven records byte for byte', () => {
    const envelope = fixtureEnvelope();
    expect(recordData({ kind: 'envelope', origin, value: envelope }, 0).toString()).toBe(JSON.stringify(envelope));
    const raw = Buffer.from([1, 2, 3]);
    expect(recordData({ kind: 'record', origin, data: raw }, 0)).toBe(raw);
    const wrapped = JSON.parse(recordData({ kind: 'event', origin, value: { eventType: 'x' } }, 0).toString()) as Record<string, unknown>;
    expect(wrapped.detail).toEqual({ eventType: 'x' });
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
      .map((e, i) => ({ data: recordData({ kind: 'event', origin, value: e }, 0), origin: { file: 'f', line: i + 1 } }));
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
