/**
 * A check-only pass compiled from a zod schema's own definitions, so that the
 * common case (an event that conforms) costs one walk over the input instead of
 * zod's copy of it. zod stays the single source of truth: the check is generated
 * from `schema._zod.def` at cold start, a node it does not model is checked by
 * zod itself, and wherever the input deviates the issues come from zod too.
 *
 * - {@link compileAccepts}: one generated function, true exactly when zod's parse
 *   has no issue (straight-line code over the shape, as zod's own JIT object
 *   parser is; where `new Function` is not allowed, zod's parse decides).
 * - {@link compileIssues}: the issues zod reports, in zod's order. Objects and
 *   arrays are walked here (they only gather their members' issues: shape order,
 *   then unknown keys; or by index); any other node that fails is parsed by zod,
 *   whose issues are prefixed with the path.
 *
 * `test/core/fast-path.test.ts` holds both to zod on every sample and on random
 * mutations of them.
 */
import type * as z from 'zod/mini';
import { RecordError } from '../errors.js';
import { isPlainObject } from '../json.js';
import { EventBridgeEnvelopeSchema, LogEventSchema, type EventBridgeEnvelope } from './schema.js';
import { describe, isNotOkta, type IssueLike, type LogEventLike, type Validated } from './validate.js';

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Record<string, unknown>;
type Path = readonly PropertyKey[];
type Accepts = (value: unknown) => boolean;
/**
 * Push zod's issues for a value the node does not accept (called only then); for
 * an object, `only` may name the members known to fail (see {@link Failures}).
 */
type Issues = (value: unknown, path: Path, out: IssueLike[], only?: readonly number[]) => void;

/** zod's raw issues for one node: its parse, without building a ZodError and messages (most of a failing `safeParse`). */
function run(schema: Schema, value: unknown): z.core.$ZodRawIssue[] {
  const result = schema._zod.run({ value, issues: [] }, { async: false });
  if (result instanceof Promise) throw new Error('asynchronous schemas are not supported');
  return result.issues;
}

const zodAccepts = (schema: Schema): Accepts => (v) => run(schema, v).length === 0;

/** A leaf's checks (formats, lengths, refinements) run as zod runs them, after its type test passed. */
function checksOf(schema: Schema): Accepts | undefined {
  const own = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck] : [];
  const checks = [...own, ...((schema._zod.def.checks ?? []) as z.core.$ZodCheck[])];
  if (checks.length === 0) return undefined;
  return (value) => {
    const payload = { value, issues: [] } as unknown as z.core.ParsePayload<never>;
    for (const check of checks) {
      const { when } = check._zod.def;
      if (when !== undefined && !when(payload)) continue;
      void check._zod.check(payload);
      if (payload.issues.length > 0) return false;
    }
    return true;
  };
}

/** The objects zod's strict and loose object schemas model (other catchalls, symbol or `__proto__` keys: zod's business). */
function objectModel(def: Def): { shape: Record<string, Schema>; strict: boolean } | undefined {
  const shape = def.shape as Record<string, Schema>;
  const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
  if (Object.getOwnPropertySymbols(shape).length > 0 || Object.hasOwn(shape, '__proto__')) return undefined;
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return undefined;
  return { shape, strict: catchall === 'never' };
}

/** Whether the generator writes this node itself; anything else is a call (checks, zod). */
const modelled = (def: Def): boolean => (def.checks?.length ?? 0) === 0 && def.coerce !== true;

/** zod's `util.isPlainObject` (not exported on its own), the test a record schema starts with. */
function isZodPlainObject(o: unknown): boolean {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function') return true;
  const prot = (ctor as { prototype?: unknown }).prototype;
  return typeof prot === 'object' && prot !== null && !Array.isArray(prot) && Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}
/** zod's records read `Reflect.ownKeys`: an enumerable symbol key fails a string key schema. */
const hasEnumerableSymbol = (o: object): boolean =>
  Object.getOwnPropertySymbols(o).some((s) => Object.prototype.propertyIsEnumerable.call(o, s));

/**
 * Which members of an object failed: their indices in shape order (the shape's
 * length for unknown keys), `undefined` when none did, `null` when the value is no
 * object at all.
 */
type Failures = (value: unknown) => number[] | undefined | null;

/** Generate `accepts` for a schema. */
export function compileAccepts(schema: Schema): Accepts {
  return generate(schema, false) as Accepts;
}

/** Generate {@link Failures} for an object schema (any other: `null` unless zod accepts). */
export function compileFailures(schema: Schema): Failures {
  return generate(schema, true) as Failures;
}

function generate(schema: Schema, failures: boolean): Accepts | Failures {
  const refs: unknown[] = [];
  const ref = (x: unknown): string => `r[${refs.push(x) - 1}]`;
  let n = 0;
  const fresh = (): string => `v${(n += 1)}`;
  const call = (f: Accepts, v: string, fail: string): string => `if (!${ref(f)}(${v})) ${fail};`;
  /** Statements that run `fail` unless `v` passes `s`. */
  const gen = (s: Schema, v: string, fail: string): string => {
    const def = s._zod.def as Def;
    const checks = checksOf(s);
    if (!modelled(def) && def.type !== 'string' && def.type !== 'number') return call(zodAccepts(s), v, fail);
    switch (def.type) {
      case 'string':
      case 'boolean':
      case 'number': {
        if (def.coerce === true) return call(zodAccepts(s), v, fail);
        const type = def.type === 'number' ? `typeof ${v} !== 'number' || !Number.isFinite(${v})` : `typeof ${v} !== '${def.type}'`;
        return `if (${type}) ${fail};${checks === undefined ? '' : call(checks, v, fail)}`;
      }
      case 'unknown':
        return '';
      case 'enum':
        return `if (!${ref(s._zod.values)}.has(${v})) ${fail};`;
      case 'custom':
        return checks === undefined ? '' : call(checks, v, fail);
      case 'optional':
      case 'nullable': {
        const inner = def.innerType as Schema;
        // An optional around a defaulted schema substitutes a value for absence: zod's business.
        if (def.type === 'optional' && inner._zod.optin === 'defaulted') break;
        return `if (${v} !== ${def.type === 'optional' ? 'undefined' : 'null'}) { ${gen(inner, v, fail)} }`;
      }
      case 'union': {
        if (def.inclusive === false) break;
        const done = fresh();
        const options = (def.options as Schema[]).map((o) => {
          const next = fresh();
          return `${next}: { ${gen(o, v, `break ${next}`)} break ${done}; }`;
        });
        return `${done}: { ${options.join(' ')} ${fail}; }`;
      }
      case 'record': {
        const key = (def.keyType as Schema)._zod;
        const value = def.valueType as Schema;
        if (key.def.type !== 'string' || !modelled(key.def as Def) || key.traits.has('$ZodCheck') || def.mode === 'loose') break;
        let code = `if (!${ref(isZodPlainObject)}(${v}) || ${ref(hasEnumerableSymbol)}(${v})) ${fail};`;
        if (value._zod.def.type !== 'unknown') {
          const k = fresh();
          const x = fresh();
          code += `for (const ${k} of Object.keys(${v})) { if (${k} === '__proto__') continue; const ${x} = ${v}[${k}]; ${gen(value, x, fail)} }`;
        }
        return code;
      }
      case 'array': {
        const el = fresh();
        const i = fresh();
        return `if (!Array.isArray(${v})) ${fail}; for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${el} = ${v}[${i}]; ${gen(def.element as Schema, el, fail)} }`;
      }
      case 'object': {
        const model = objectModel(def);
        if (model === undefined) break;
        // At the root of a Failures function, a failing member is noted and the walk goes on.
        const root = failures && v === 'v0';
        const keys = Object.keys(model.shape);
        // Counting the members present answers "no unknown key" without a walk over the keys (see below).
        const count = model.strict && !keys.some((key) => key in Object.prototype) ? fresh() : undefined;
        let code = `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) ${root ? 'return null' : fail};`;
        if (count !== undefined) code += `let ${count} = 0;`;
        keys.forEach((key, i) => {
          const m = model.shape[key] as Schema;
          const k = JSON.stringify(key);
          const x = fresh();
          const label = fresh();
          const memberFail = root ? `{ (f ??= []).push(${i}); break ${label}; }` : fail;
          const present = count === undefined ? '' : `if (${x} !== undefined) ${count}++;`;
          const body = `{ const ${x} = ${v}[${k}]; ${present} ${gen(m, x, memberFail)} }`;
          // zod's object parser: a required key must be present; an optional one is judged only when
          // present, and then by its value, which an absent key's `undefined` passes anyway.
          code += `${label}: { ${m._zod.optin === undefined ? `if (!(${k} in ${v})) ${memberFail}; ${body}` : body} }`;
        });
        if (model.strict) {
          const key = fresh();
          const unknownFail = root ? `{ (f ??= []).push(${keys.length}); break; }` : fail;
          const walk = `for (const ${key} in ${v}) if (!${ref(new Set(keys))}.has(${key})) ${unknownFail};`;
          // On an object whose prototype is Object.prototype (any JSON object), a member read by name that is
          // not undefined is an own key (no member name is inherited from Object.prototype), so as many of them
          // as own keys means no other key. Otherwise (another prototype, an own member whose value is
          // undefined, which no JSON value is) the keys are walked as zod walks them.
          code += count === undefined ? walk
            : `if (${count} !== Object.keys(${v}).length || Object.getPrototypeOf(${v}) !== Object.prototype) { ${walk} }`;
        }
        return code;
      }
      default:
    }
    return call(zodAccepts(s), v, fail);
  };
  try {
    if (!failures) return new Function('r', `return function accepts(v0) { ${gen(schema, 'v0', 'return false')} return true; };`)(refs) as Accepts;
    return new Function('r', `return function failures(v0) { let f; ${gen(schema, 'v0', 'return null')} return f; };`)(refs) as Failures;
  } catch {
    return failures ? (v: unknown) => (zodAccepts(schema)(v) ? undefined : null) : zodAccepts(schema);
  }
}

/** zod's own issues for one node, prefixed with where the node sits. */
const zodIssues = (schema: Schema): Issues => (value, path, out) => {
  for (const { code, path: at, expected, format, keys } of run(schema, value) as (z.core.$ZodRawIssue & Partial<Record<'expected' | 'format' | 'keys', never>>)[]) {
    const issue: Record<string, unknown> = { code, path: at === undefined ? [...path] : [...path, ...at] };
    if (expected !== undefined) issue.expected = expected;
    if (format !== undefined) issue.format = format;
    if (keys !== undefined) issue.keys = keys;
    out.push(issue as unknown as IssueLike);
  }
};

/** Build `issues` for a schema; each member's `accepts` is generated when first needed. */
export function compileIssues(schema: Schema): Issues {
  const def = schema._zod.def as Def;
  if (!modelled(def)) return zodIssues(schema);
  if ((def.type === 'optional' || def.type === 'nullable') && (def.innerType as Schema)._zod.optin !== 'defaulted') {
    const inner = compileIssues(def.innerType as Schema);
    const absent = def.type === 'optional' ? undefined : null;
    return (v, path, out) => (v === absent ? undefined : inner(v, path, out));
  }
  if (def.type === 'array') {
    const element = def.element as Schema;
    let accepts: Accepts | undefined;
    const issues = compileIssues(element);
    return (v, path, out) => {
      if (!Array.isArray(v)) return zodIssues(schema)(v, path, out);
      accepts ??= compileAccepts(element);
      v.forEach((item, i) => (accepts?.(item) === true ? undefined : issues(item, [...path, i], out)));
    };
  }
  const model = def.type === 'object' ? objectModel(def) : undefined;
  if (model === undefined) return zodIssues(schema);
  const members = Object.entries(model.shape).map(([key, s]) => ({
    key,
    issues: compileIssues(s),
    accepts: undefined as Accepts | undefined,
    schema: s,
    absence: s._zod.optin === undefined ? 'required' : s._zod.optout === 'optional' ? 'optional' : 'value',
  }));
  const known = new Set(Object.keys(model.shape));
  return (v, path, out, only) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return zodIssues(schema)(v, path, out);
    const obj = v as Record<string, unknown>;
    for (const m of only === undefined ? members : only.flatMap((i) => members[i] ?? [])) {
      const present = m.key in obj;
      if (!present && m.absence === 'optional') continue;
      m.accepts ??= compileAccepts(m.schema);
      if (!present && m.absence === 'required') {
        // The schema's issues for undefined, else zod's `nonoptional`.
        const before = out.length;
        if (!m.accepts(undefined)) m.issues(undefined, [...path, m.key], out);
        if (out.length === before) out.push({ code: 'invalid_type', expected: 'nonoptional', path: [...path, m.key] });
        continue;
      }
      // Members named in `only` are known to fail; the others are checked first.
      if (only !== undefined || !m.accepts(obj[m.key])) m.issues(obj[m.key], [...path, m.key], out);
    }
    if (!model.strict || (only !== undefined && !only.includes(members.length))) return;
    const unknown: string[] = [];
    for (const key in obj) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) out.push({ code: 'unrecognized_keys', keys: unknown, path: [...path] });
  };
}

const logEventFailures = compileFailures(LogEventSchema);
const logEventIssuesOf = compileIssues(LogEventSchema);
const acceptsEnvelope = compileAccepts(EventBridgeEnvelopeSchema);

/** The issues zod's LogEvent schema reports for `value`, in zod's order ([] when it conforms). */
export function logEventIssues(value: unknown): IssueLike[] {
  const failed = logEventFailures(value);
  if (failed === undefined) return [];
  const out: IssueLike[] = [];
  logEventIssuesOf(value, [], out, failed ?? undefined);
  return out;
}

/**
 * `validateLine` (./validate.ts) with the compiled checks: the same result and the
 * same errors, for a fraction of the time.
 */
export function fastValidateLine(value: unknown, line: number): Validated {
  if (!isPlainObject(value)) throw new RecordError('not_an_object', line);
  const isEnvelope = 'detail-type' in value && 'detail' in value && acceptsEnvelope(value);
  const candidate = isEnvelope ? value.detail : value;
  const issues = logEventIssues(candidate);
  if (isNotOkta(issues)) throw new RecordError('not_okta_event', line);
  return {
    event: candidate as LogEventLike,
    envelope: isEnvelope ? (value as EventBridgeEnvelope) : undefined,
    issues: issues.length === 0 ? [] : issues.flatMap(describe),
  };
}
