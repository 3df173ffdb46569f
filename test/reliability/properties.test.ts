/**
 * Property-based tests (fast-check): whatever Firehose or Okta sends, the batch
 * never throws, answers every record once and in order, and every Ok row is a
 * flat catalogued object that restores to the event it came from.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { processBatch } from '../../shared/firehose/batch.js';
import { restore } from '../../shared/okta/restore.js';
import { createTransformer } from '../../shared/transform.js';
import { expectFirehoseContract } from '../helpers/invariants.js';
import { allSamples, envelope, type Json } from '../helpers/samples.js';

const transformer = createTransformer(loadConfig({}));
const NOW = Date.UTC(2024, 4, 1, 12);
const SAMPLES = allSamples().map((s) => envelope(s.event));
const RUNS = 300;

type Payload = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'json'; text: string };

const pathInto = (root: Json): fc.Arbitrary<string[]> => {
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    paths.push(path);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(root, []);
  return fc.constantFrom(...paths.filter((p) => p.length > 0));
};

/** A real event with one member replaced by arbitrary JSON, deleted, or joined by a new one. */
const mutatedEvent: fc.Arbitrary<Json> = fc
  .constantFrom(...SAMPLES)
  .chain((sample) =>
    fc.tuple(fc.constant(sample), pathInto(sample), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('set', 'delete', 'add'), fc.string()),
  )
  .map(([sample, path, value, op, key]) => {
    const copy = structuredClone(sample);
    let parent: Json = copy;
    for (const k of path.slice(0, -1)) parent = parent[k] as Json;
    const last = path[path.length - 1] as string;
    if (op === 'set') parent[last] = value;
    else if (op === 'delete') delete parent[last];
    else parent[key] = value;
    return copy;
  });

const payload: fc.Arbitrary<Payload> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes): Payload => ({ kind: 'bytes', bytes })),
  fc.jsonValue({ maxDepth: 4 }).map((v): Payload => ({ kind: 'json', text: JSON.stringify(v) ?? 'null' })),
  mutatedEvent.map((e): Payload => ({ kind: 'json', text: JSON.stringify(e) })),
  mutatedEvent.map((e): Payload => ({ kind: 'json', text: JSON.stringify(e.detail) ?? 'null' })),
);

const toEvent = (payloads: readonly Payload[]) =>
  ({
    invocationId: 'prop',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/okta-relay',
    region: 'us-east-1',
    records: payloads.map((p, i) => ({
      recordId: `r${i}`,
      approximateArrivalTimestamp: NOW,
      data: Buffer.from(p.kind === 'bytes' ? p.bytes : Buffer.from(p.text)).toString('base64'),
    })),
  }) as unknown as FirehoseTransformationEvent;

describe('Any batch', () => {
  it('is answered once per record, in order, with valid rows that restore to their input', () => {
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 8 }), (payloads) => {
        const event = toEvent(payloads);
        const { response } = processBatch(event, transformer, NOW, 6_000_000);
        const rows = expectFirehoseContract(event.records.map((r) => r.recordId), response);
        rows.forEach((recordRows, i) => {
          const p = payloads[i] as Payload;
          if (recordRows.length === 0) return;
          expect(p.kind).toBe('json');
          expect(recordRows).toHaveLength(1);
          expect(restore(recordRows[0] as Json)).toEqual(JSON.parse((p as { text: string }).text));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('never sends a mutated real event to ProcessingFailed while it keeps a string eventType, an identity and a time', () => {
    fc.assert(
      fc.property(mutatedEvent, (e) => {
        const detail = e.detail as Json | undefined;
        const keepsEssentials =
          typeof detail === 'object' && detail !== null && typeof detail.eventType === 'string' && detail.eventType !== '' &&
          e['detail-type'] === 'SystemLog' && typeof e.id === 'string' && e.id !== '' && e.time === '2024-05-01T12:00:00Z';
        fc.pre(keepsEssentials);
        const { response } = processBatch(toEvent([{ kind: 'json', text: JSON.stringify(e) }]), transformer, NOW, 6_000_000);
        expect(response.records[0]?.result).toBe('Ok');
      }),
      { numRuns: RUNS },
    );
  });
});
