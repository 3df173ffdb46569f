/**
 * The fast path (compiled check, compiled flattener, rows of one shape) against
 * the plain zod-and-table path it replaces, which stays in the code as the
 * reference: the same validation results and issues, the same rows (same keys in
 * the same order, same values, same encoded bytes) for every sample event and for
 * random mutations of them.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { encodeRowLine } from '../../shared/firehose/codec.js';
import { COLUMN_NAMES } from '../../shared/okta/columns.js';
import { compileAccepts } from '../../shared/okta/compiled-check.js';
import { compileIssues } from '../../shared/okta/compiled-issues.js';
import { fastValidateLine, logEventIssues } from '../../shared/okta/fast-validate.js';
import { LogEventSchema } from '../../shared/okta/schema.js';
import { validateLine, type IssueLike } from '../../shared/okta/validate.js';
import { createTransformer, FAST_PATH, REFERENCE_PATH } from '../../shared/transform.js';
import { allSamples, envelope, firehoseEvent, FIXTURES, readNdjson, REPO_ROOT, type Json } from '../helpers/samples.js';

const NOW = Date.UTC(2024, 4, 1, 12);
const config = loadConfig({});
const fast = createTransformer(config, FAST_PATH);
const reference = createTransformer(config, REFERENCE_PATH);
const plain = createTransformer(config, { ...REFERENCE_PATH, newRow: () => ({}) });

const NONCONFORMING = readNdjson(`${FIXTURES}/nonconforming/panther-analysis-lowercase-keys.ndjson`);
const EVENTS: Json[] = [...allSamples().map((s) => s.event), ...NONCONFORMING];
const LINES: Json[] = [...EVENTS, ...EVENTS.map((e) => envelope(e))];

/** What a call returns, or the reason it failed: comparable with toStrictEqual. */
function outcome<T>(fn: () => T): { value: T } | { error: string } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: (error as { reason?: string }).reason ?? String(error) };
  }
}

/** A row as encoded, plus its keys in order (the encoding leaves unset slots out). */
const rowOf = (transformer: typeof fast, value: unknown) =>
  outcome(() => {
    const row = transformer.transformEvent(value, 1, NOW);
    return row === undefined ? undefined : { line: encodeRowLine(row), keys: Object.keys(JSON.parse(encodeRowLine(row)) as Json) };
  });

function expectSamePaths(value: unknown): void {
  expect(outcome(() => fastValidateLine(value, 1))).toStrictEqual(outcome(() => validateLine(value, 1)));
  expect(rowOf(fast, value)).toStrictEqual(rowOf(reference, value));
}

describe('The fast path on every sample event', () => {
  it('validates as zod does: same event, envelope and issues, or the same failure', () => {
    for (const line of LINES) expect(outcome(() => fastValidateLine(line, 1))).toStrictEqual(outcome(() => validateLine(line, 1)));
  });

  it('finds deviations where the samples have them (the comparison above is not between two empty lists)', () => {
    const deviating = EVENTS.filter((e) => { const r = outcome(() => validateLine(e, 1)); return 'value' in r && r.value.issues.length > 0; });
    expect(deviating.length).toBeGreaterThan(50);
    expect(deviating.map((e) => fastValidateLine(e, 1).issues)).toStrictEqual(deviating.map((e) => validateLine(e, 1).issues));
  });

  it('makes rows byte for byte identical to the reference path, bare and in an envelope', () => {
    for (const line of LINES) expect(rowOf(fast, line)).toStrictEqual(rowOf(reference, line));
  });

  it('answers whole records identically', () => {
    for (const line of LINES) {
      const data = Buffer.from(JSON.stringify(line)).toString('base64');
      expect(fast.transformRecord(data, NOW)).toStrictEqual(reference.transformRecord(data, NOW));
    }
  });
});

describe('Rows of one shape', () => {
  it('have every catalogued column as a slot, in catalogue order', () => {
    const row = fast.transformEvent(envelope(EVENTS[0] as Json), 1, NOW) as Json;
    expect(Object.keys(row)).toEqual([...COLUMN_NAMES]);
  });

  it('hold exactly the columns and values of a row built into {}, in catalogue order', () => {
    for (const line of LINES) {
      const shaped = rowOf(fast, line);
      const loose = rowOf(plain, line);
      if (!('value' in shaped) || !('value' in loose) || shaped.value === undefined || loose.value === undefined) {
        expect(shaped).toStrictEqual(loose);
        continue;
      }
      expect(JSON.parse(shaped.value.line)).toStrictEqual(JSON.parse(loose.value.line));
      expect(shaped.value.keys).toEqual(COLUMN_NAMES.filter((c) => shaped.value?.keys.includes(c)));
    }
  });
});

/** Every path into a value, arrays included. */
function pathsOf(root: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    out.push(path);
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(root, []);
  return out.filter((p) => p.length > 0);
}

/** Values that tend to break a hand-written check: other JSON types, edge strings, big and odd numbers. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, '', '\uD800', 'x\uDFFFy', '2024-05-01T12:00:00Z', '2024-05-01 12:00:00', 'SUCCESS', 'V4', 'WEB', 'INFO', 'User', 'true'),
  fc.constantFrom(0, -0, 1e21, 2 ** 53 + 2, 1.5, -1, [], {}, [{}], { __proto__: null }, { constructor: 'c' }),
);
const oddKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'type', 'detail'));

/** A real line (bare or in an envelope) with one to three members set, deleted or added. */
const mutatedLine: fc.Arbitrary<unknown> = fc
  .constantFrom(...LINES)
  .chain((line) => {
    const paths = pathsOf(line);
    const mutation = fc.tuple(fc.constantFrom(...paths), fc.constantFrom('set', 'delete', 'add'), oddValue, oddKey);
    return fc.tuple(fc.constant(line), fc.array(mutation, { minLength: 1, maxLength: 3 }));
  })
  .map(([line, mutations]) => {
    // Through JSON text, as the handler receives it (so `__proto__` stays an own key).
    const copy = JSON.parse(JSON.stringify(line)) as Json;
    for (const [path, op, value, key] of mutations) {
      let parent: unknown = copy;
      for (const k of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Json)[k] : undefined;
      if (typeof parent !== 'object' || parent === null) continue;
      const target = parent as Json;
      const last = path[path.length - 1] as string;
      if (op === 'set') target[last] = value;
      else if (op === 'delete') delete target[last];
      else if (!Array.isArray(target)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return JSON.parse(JSON.stringify(copy)) as unknown;
  });

describe('The fast path on random mutations of real events', () => {
  it('validates as zod does and makes the same rows', () => {
    fc.assert(fc.property(mutatedLine, expectSamePaths), { numRuns: 800 });
  });
});

/** zod's issues for a schema, as the fields describing them read them. */
const zodIssues = (schema: z.core.$ZodType, value: unknown) => {
  const result = z.safeParse(schema, value);
  return result.success ? [] : result.error.issues.map(brief);
};
const brief = (i: IssueLike) => ({
  code: i.code,
  path: i.path,
  ...('keys' in i && { keys: i.keys }),
  ...('expected' in i && { expected: i.expected }),
  ...('format' in i && { format: i.format }),
});
const compiledIssues = (schema: z.core.$ZodType, value: unknown) => {
  const accepts = compileAccepts(schema);
  const issues = compileIssues(schema);
  if (accepts(value)) return [];
  const out: IssueLike[] = [];
  issues(value, [], out);
  return out.map(brief);
};

describe('The compiled check, on schemas beyond the LogEvent', () => {
  const Shapes = z.strictObject({
    id: z.string().check(z.minLength(2)),
    any: z.unknown(),
    kind: z.optional(z.enum(['a', 'b'])),
    when: z.optional(z.iso.datetime()),
    code: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
    either: z.optional(z.union([z.number(), z.strictObject({ n: z.number() })])),
    counts: z.optional(z.record(z.string(), z.number())),
    list: z.optional(z.array(z.looseObject({ x: z.nullable(z.boolean()) }))),
    fallback: z._default(z.string(), 'd'),
  });
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        id: oddValue,
        any: oddValue,
        kind: fc.constantFrom('a', 'b', 'c', 1),
        when: fc.constantFrom('2024-05-01T12:00:00Z', '2024-05-01', 5),
        code: fc.constantFrom('US', 'usa', 7, null),
        either: fc.oneof(fc.integer(), fc.record({ n: oddValue }), oddValue),
        counts: fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), oddValue), { maxKeys: 3 }),
        list: fc.array(fc.record({ x: fc.oneof(fc.boolean(), oddValue), y: oddValue }, { requiredKeys: [] }), { maxLength: 3 }),
        fallback: oddValue,
        extra: oddValue,
      },
      { requiredKeys: [] },
    ),
  );

  it('accepts exactly what zod accepts and reports the same issues, in the same order', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(compiledIssues(Shapes, v)).toStrictEqual(zodIssues(Shapes, v));
      }),
      { numRuns: 1000 },
    );
  });

  it('reports a missing required key as zod does (nonoptional where the schema itself would take undefined)', () => {
    expect(compiledIssues(Shapes, {})).toStrictEqual(zodIssues(Shapes, {}));
    expect(compiledIssues(Shapes, {}).map((i) => i.path.join('.'))).toEqual(['id', 'any']);
  });

  it('finds unknown keys as zod does on objects no JSON text makes (the count of members is not trusted there)', () => {
    const Small = z.strictObject({ id: z.optional(z.string()), n: z.optional(z.number()) });
    const inherited = Object.assign(Object.create({ id: 'from the prototype' }) as object, { extra: 1 });
    const cases = [inherited, { id: undefined, extra: 1 }, Object.assign(Object.create(null) as object, { id: 'x', n: 1 }), Object.assign(Object.create(null) as object, { id: 'x', extra: 1 })];
    for (const v of cases) expect(compiledIssues(Small, v)).toStrictEqual(zodIssues(Small, v));
    expect(compiledIssues(Small, inherited).map((i) => i.code)).toEqual(['unrecognized_keys']);
  });

  it('lists the LogEvent deviations of a nonconforming sample in zod order', () => {
    const event = NONCONFORMING[0] as Json;
    expect(logEventIssues(event).map(brief)).toStrictEqual(zodIssues(LogEventSchema, event));
    expect(logEventIssues(event).length).toBeGreaterThan(0);
  });
});

describe('Where code generation is not allowed', () => {
  it('the bundle falls back to zod and the table walk and answers exactly as with it', async () => {
    const event = firehoseEvent([...LINES, { eventType: 'x.y', uuid: 'u', published: 'bad', extra: 1 }].map((l) => JSON.stringify(l)));
    const bundle = pathToFileURL(join(REPO_ROOT, 'dist/okta-transform/index.mjs')).href;
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
      const chunks = []; for await (const c of process.stdin) chunks.push(c);
      process.stdout.write(JSON.stringify(await handler(JSON.parse(Buffer.concat(chunks).toString()))));`;
    const run = (flags: string[]) =>
      JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { input: JSON.stringify(event), maxBuffer: 64 << 20 }).toString()) as unknown;
    const generated = run([]);
    expect(run(['--disallow-code-generation-from-strings'])).toStrictEqual(generated);
    expect((generated as { records: { result: string }[] }).records.every((r) => r.result === 'Ok' || r.result === 'ProcessingFailed')).toBe(true);
  });
});
