/**
 * Property-based tests (fast-check): whatever Firehose or Okta sends, the batch
 * never throws, answers every record once and in order, and every Ok row is a
 * flat catalogued object that restores to the event it came from.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { isInexact, mayHoldInexactNumber, parseJsonExact, stringifyExact } from '../../shared/exact-json.js';
import { processBatch } from '../../shared/firehose/batch.js';
import { DEBUG_DATA_PROMOTIONS, ENVELOPE_COLUMNS, EVENT_COLUMNS } from '../../shared/okta/columns.js';
import { restore } from '../../shared/okta/restore.js';
import { createTransformer } from '../../shared/transform.js';
import { expectFirehoseContract } from '../helpers/invariants.js';
import { allSamples, envelope, type Json } from '../helpers/samples.js';
import { comparable } from './values.js';

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

/*
 * Values JSON carries but JavaScript or OpenObserve does not take as they are:
 * unpaired UTF-16 surrogates (serde_json refuses them in a row), and numbers
 * JSON.parse cannot hold exactly. A number is generated as a symbol holding its
 * literal, written into the record text by stringifyExact; the expected event is
 * that text read by parseJsonExact, compared literal for literal.
 */
const HALVES = ['\ud83d', '\ude00', '\udbff', '\udc00'];
const INEXACT = ['1e400', '-1e400', '1E+999', '1e-400', '-0', '-0.0', '9007199254740993', '12345678901234567890', '-123456789012345678901234567890', '0.10000000000000000555', '1.7976931348623159e308'];
const nastyNumber = fc
  .oneof(fc.constantFrom(...INEXACT), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String))
  // Only literals JSON.parse would change: an integer such as 119209289550781250000000 reads as a
  // number whose value JSON.stringify writes back (as 1.1920928955078125e+23), so it is no symbol.
  .filter((literal) => isInexact(literal, Number(literal)))
  .map((literal) => Symbol(literal));
const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...HALVES, '😀', '12345678901234567890', '1e400', '-0', '\\ud83d', '"', 'true', ' FALSE '), fc.string({ maxLength: 4 })), { maxLength: 5 })
  .map((parts) => parts.join(''));
const nastyLeaf = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null), fc.double());
const nastyValue = fc.oneof(
  nastyLeaf,
  fc.dictionary(nastyString, nastyLeaf, { maxKeys: 3 }),
  fc.array(nastyLeaf, { maxLength: 3 }),
  fc.array(fc.record({ type: fc.constantFrom('User', 'AppInstance', 'UserGroup'), id: nastyLeaf, alternateId: nastyLeaf, displayName: nastyLeaf }), { maxLength: 2 }),
);

/** Every column's source path, every debugData key a column reads, and every path of the real samples. */
const EVERY_PATH: string[][] = [
  ...EVENT_COLUMNS.map((c) => ['detail', ...c.path]),
  ...ENVELOPE_COLUMNS.map((c) => [...c.path]),
  ...DEBUG_DATA_PROMOTIONS.map((p) => ['detail', 'debugContext', 'debugData', p.key]),
  ['detail', 'target'],
];

function setPath(root: Json, path: readonly string[], value: unknown): void {
  let level = root;
  for (const key of path.slice(0, -1)) {
    const next = level[key];
    level = typeof next === 'object' && next !== null ? (next as Json) : ((level[key] = {}) as Json);
  }
  level[path.at(-1) as string] = value;
}

/** A real event with up to three members set to nasty values (anywhere, or at a column's source) and a nasty key added. */
const nastyEventText: fc.Arbitrary<string> = fc
  .constantFrom(...SAMPLES)
  .chain((sample) =>
    fc.tuple(
      fc.constant(sample),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EVERY_PATH), pathInto(sample)), nastyValue), { minLength: 1, maxLength: 3 }),
      fc.option(fc.tuple(nastyString, nastyValue)),
    ),
  )
  .map(([sample, sets, added]) => {
    const copy = structuredClone(sample);
    for (const [path, value] of sets) setPath(copy, path, value);
    const detail = copy.detail;
    if (added !== null && typeof detail === 'object' && detail !== null && !Array.isArray(detail)) (detail as Json)[added[0]] = added[1];
    return stringifyExact(copy) as string;
  });

describe('Any event holding unpaired surrogates or numbers JavaScript cannot hold', () => {
  it('becomes rows serde_json accepts, with catalogued types, that restore literal for literal', () => {
    fc.assert(
      fc.property(fc.array(nastyEventText, { minLength: 1, maxLength: 3 }), (texts) => {
        const event = toEvent(texts.map((text) => ({ kind: 'json', text })));
        const { response } = processBatch(event, transformer, NOW, 6_000_000);
        const rows = expectFirehoseContract(event.records.map((r) => r.recordId), response);
        rows.forEach((recordRows, i) => {
          if (recordRows.length === 0) return;
          expect(recordRows).toHaveLength(1);
          const row = recordRows[0] as Json;
          for (const value of Object.values(row)) if (typeof value === 'string') expect(value.isWellFormed()).toBe(true);
          expect(comparable(restore(row))).toEqual(comparable(parseJsonExact(texts[i] as string)));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is still delivered while it keeps a string eventType, an identity and a time', () => {
    fc.assert(
      fc.property(nastyEventText, (text) => {
        const e = parseJsonExact(text) as Json;
        const detail = e.detail as Json | null;
        fc.pre(typeof detail === 'object' && detail !== null && typeof detail.eventType === 'string' && detail.eventType !== '' && e['detail-type'] === 'SystemLog' && typeof e.id === 'string' && e.id !== '' && e.time === '2024-05-01T12:00:00Z');
        const { response } = processBatch(toEvent([{ kind: 'json', text }]), transformer, NOW, 6_000_000);
        expect(response.records[0]?.result).toBe('Ok');
      }),
      { numRuns: RUNS },
    );
  });
});

/** Number literals of every shape: sign, 1–25 integer digits, 0–25 fraction digits, an exponent up to ±400. */
const numberLiteral = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(?:0|[1-9]\d{0,24})$/), fc.option(fc.stringMatching(/^\d{1,25}$/)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 }))))
  .map(([negative, int, frac, exp]) => `${negative ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`);

describe('Exact numbers', () => {
  it('the pre-scan finds every number JSON.parse would change, wherever it stands', () => {
    fc.assert(
      fc.property(numberLiteral, fc.constantFrom('{"a":%}', '[%]', '[1, %]', '{"a":[0,\n %]}'), (literal, shape) => {
        const text = shape.replace('%', literal);
        if (isInexact(literal, Number(literal))) expect(mayHoldInexactNumber(text)).toBe(true);
        const value = parseJsonExact(text);
        expect(stringifyExact(value)).toBe(stringifyExact(parseJsonExact(stringifyExact(value) as string)));
        if (!mayHoldInexactNumber(text)) expect(value).toEqual(JSON.parse(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('parseJsonExact reads what JSON.parse reads, and stringifyExact writes back exactly what it read', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), nastyValue, (plain, nasty) => {
        const text = JSON.stringify(plain) ?? 'null';
        expect(parseJsonExact(text)).toEqual(JSON.parse(text));
        const written = stringifyExact([plain, nasty]) as string;
        expect(stringifyExact(parseJsonExact(written))).toBe(written);
      }),
      { numRuns: RUNS },
    );
  });
});
