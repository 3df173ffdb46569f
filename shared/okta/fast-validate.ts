/**
 * A check-only pass compiled from a zod schema's own definitions, so that the
 * common case (an event that conforms) costs a walk over the input instead of
 * zod's copy of it. zod stays the single source of truth: the checker is built
 * from `schema._zod.def` at cold start, anything it does not model is checked by
 * zod itself, and wherever the input deviates the issues come from zod too.
 *
 * Two functions per schema node:
 * - `accepts(value)`: true exactly when zod's parse of that node has no issue;
 * - `issues(value, path, out)`: the issues zod reports, in zod's order. Objects
 *   and arrays are walked here (they only collect their children's issues, in
 *   shape order then unknown keys, or by index); every other node that fails is
 *   handed to zod, whose issues are then prefixed with the path.
 *
 * `test/core/fast-path.test.ts` holds both to zod on every sample and on random
 * mutations of them.
 */
import * as z from 'zod/mini';
import { util } from 'zod/v4/core';
import { RecordError } from '../errors.js';
import { isPlainObject } from '../json.js';
import { EventBridgeEnvelopeSchema, LogEventSchema, type EventBridgeEnvelope } from './schema.js';
import { describe, isNotOkta, type IssueLike, type LogEventLike, type Validated } from './validate.js';

type Schema = z.core.$ZodType;
type Path = readonly PropertyKey[];

/** An issue as zod reports it (the members describing it need). */
export type CheckIssue = IssueLike;

export interface CompiledCheck {
  readonly accepts: (value: unknown) => boolean;
  /** Push zod's issues for a value this node does not accept (call it only then). */
  readonly issues: (value: unknown, path: Path, out: CheckIssue[]) => void;
}

/**
 * zod's raw issues for one node (its parse, without building a ZodError and its
 * messages, which is most of the cost of a failing `safeParse`).
 */
function run(schema: Schema, value: unknown): z.core.$ZodRawIssue[] {
  const result = schema._zod.run({ value, issues: [] }, { async: false });
  if (result instanceof Promise) throw new Error('asynchronous schemas are not supported');
  return result.issues;
}

/** zod's own issues for one node, prefixed with where the node sits. */
function zodIssues(schema: Schema, value: unknown, path: Path, out: CheckIssue[]): void {
  for (const issue of run(schema, value)) out.push({ ...issue, path: [...path, ...(issue.path ?? [])] } as CheckIssue);
}

/** A node the checker leaves to zod entirely. */
function delegated(schema: Schema): CompiledCheck {
  return {
    accepts: (value) => run(schema, value).length === 0,
    issues: (value, path, out) => zodIssues(schema, value, path, out),
  };
}

/** A leaf: a type test, then the schema's checks (formats, lengths, refinements) as zod runs them. */
function leaf(schema: Schema, isType: (value: unknown) => boolean): CompiledCheck {
  const own = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck] : [];
  const checks = [...own, ...((schema._zod.def.checks ?? []) as z.core.$ZodCheck[])];
  const accepts =
    checks.length === 0
      ? isType
      : (value: unknown) => {
          if (!isType(value)) return false;
          const payload = { value, issues: [] } as unknown as z.core.ParsePayload<never>;
          for (const check of checks) {
            const { when } = check._zod.def;
            if (when !== undefined && !when(payload)) continue;
            void check._zod.check(payload);
            if (payload.issues.length > 0) return false;
          }
          return true;
        };
  // Called only where the node failed (see `object`/`array`), so straight to zod.
  return { accepts, issues: (value, path, out) => zodIssues(schema, value, path, out) };
}

const hasOwnSymbol = (value: object): boolean =>
  Object.getOwnPropertySymbols(value).some((s) => Object.prototype.propertyIsEnumerable.call(value, s));

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** Compile one node; an unmodelled one (coercion, defaults, transforms, ...) goes to zod. */
export function compileCheck(schema: Schema): CompiledCheck {
  const def = schema._zod.def as Def;
  const hasChecks = (def.checks?.length ?? 0) > 0;
  switch (def.type) {
    case 'string':
      return def.coerce === true ? delegated(schema) : leaf(schema, (v) => typeof v === 'string');
    case 'number':
      return def.coerce === true ? delegated(schema) : leaf(schema, (v) => typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return def.coerce === true ? delegated(schema) : leaf(schema, (v) => typeof v === 'boolean');
    case 'unknown':
      return leaf(schema, () => true);
    case 'never':
      return leaf(schema, () => false);
    case 'custom':
      return leaf(schema, () => true);
    case 'enum': {
      const values = schema._zod.values as Set<unknown>;
      return leaf(schema, (v) => values.has(v));
    }
    case 'optional':
    case 'nullable':
      return hasChecks ? delegated(schema) : wrapper(schema, def);
    case 'union':
      return hasChecks || def.inclusive === false ? delegated(schema) : union(schema, def);
    case 'record':
      return hasChecks ? delegated(schema) : record(schema, def);
    case 'array':
      return hasChecks ? delegated(schema) : array(schema, def);
    case 'object':
      return hasChecks ? delegated(schema) : object(schema, def);
    default:
      return delegated(schema);
  }
}

function wrapper(schema: Schema, def: Def): CompiledCheck {
  const inner = def.innerType as Schema;
  // An optional around a defaulted schema substitutes a value for absence: zod's business.
  if (def.type === 'optional' && inner._zod.optin === 'defaulted') return delegated(schema);
  const passes = def.type === 'optional' ? (v: unknown) => v === undefined : (v: unknown) => v === null;
  const child = compileCheck(inner);
  return {
    accepts: (v) => passes(v) || child.accepts(v),
    issues: (v, path, out) => (passes(v) ? undefined : child.issues(v, path, out)),
  };
}

function union(schema: Schema, def: Def): CompiledCheck {
  const options = (def.options as Schema[]).map(compileCheck);
  const accepts = (v: unknown) => options.some((o) => o.accepts(v));
  return { accepts, issues: (v, path, out) => zodIssues(schema, v, path, out) };
}

function record(schema: Schema, def: Def): CompiledCheck {
  const keyType = def.keyType as Schema;
  const keyDef = keyType._zod.def as Def;
  // Only string keys without checks are modelled (enum keys, refined or numeric keys go to zod).
  if (keyDef.type !== 'string' || (keyDef.checks?.length ?? 0) > 0 || keyType._zod.traits.has('$ZodCheck') || def.mode === 'loose') {
    return delegated(schema);
  }
  const value = compileCheck(def.valueType as Schema);
  const anyValue = (def.valueType as Schema)._zod.def.type === 'unknown';
  const accepts = (v: unknown): boolean => {
    if (!util.isPlainObject(v) || hasOwnSymbol(v)) return false;
    if (anyValue) return true;
    for (const key of Object.keys(v)) if (key !== '__proto__' && !value.accepts((v as Record<string, unknown>)[key])) return false;
    return true;
  };
  return { accepts, issues: (v, path, out) => zodIssues(schema, v, path, out) };
}

function array(schema: Schema, def: Def): CompiledCheck {
  const element = compileCheck(def.element as Schema);
  return {
    accepts: (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i += 1) if (!element.accepts(v[i])) return false;
      return true;
    },
    issues: (v, path, out) => {
      if (!Array.isArray(v)) return zodIssues(schema, v, path, out);
      for (let i = 0; i < v.length; i += 1) if (!element.accepts(v[i])) element.issues(v[i], [...path, i], out);
    },
  };
}

interface Member {
  readonly key: string;
  readonly check: CompiledCheck;
  /** 'optional': an absent key is fine whatever; 'required': absence is an issue; 'value': the schema judges `undefined`. */
  readonly absence: 'optional' | 'required' | 'value';
}

function object(schema: Schema, def: Def): CompiledCheck {
  const shape = def.shape as Record<string, Schema>;
  const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
  // Strict (`never`) and loose (`unknown`) objects are modelled; other catchalls go to zod.
  if (Object.getOwnPropertySymbols(shape).length > 0 || (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown')) {
    return delegated(schema);
  }
  const strict = catchall === 'never';
  const members: Member[] = Object.keys(shape)
    .filter((key) => key !== '__proto__')
    .map((key) => {
      const s = shape[key] as Schema;
      const absence = s._zod.optin === undefined ? 'required' : s._zod.optout === 'optional' ? 'optional' : 'value';
      return { key, check: compileCheck(s), absence };
    });
  if (members.length !== Object.keys(shape).length) return delegated(schema);
  const known = new Set(members.map((m) => m.key));

  const memberAccepts = (m: Member, v: Record<string, unknown>): boolean => {
    if (m.absence === 'value') return m.check.accepts(v[m.key]);
    if (!(m.key in v)) return m.absence === 'optional';
    return m.check.accepts(v[m.key]);
  };
  const walk = (v: unknown): boolean => {
    if (!util.isObject(v)) return false;
    const obj = v as Record<string, unknown>;
    for (const m of members) if (!memberAccepts(m, obj)) return false;
    if (strict) for (const key in obj) if (!known.has(key)) return false;
    return true;
  };
  let generated: ((v: unknown) => boolean) | undefined;
  const accepts = (v: unknown): boolean => (generated ??= generateAccepts(schema, walk))(v);
  const issues = (v: unknown, path: Path, out: CheckIssue[]): void => {
    if (!util.isObject(v)) return zodIssues(schema, v, path, out);
    const obj = v as Record<string, unknown>;
    for (const m of members) {
      if (memberAccepts(m, obj)) continue;
      const at = [...path, m.key];
      if (m.absence !== 'required' || m.key in obj) m.check.issues(obj[m.key], at, out);
      else {
        const before = out.length;
        m.check.issues(undefined, at, out);
        if (out.length === before) out.push({ code: 'invalid_type', expected: 'nonoptional', path: at });
      }
    }
    if (!strict) return;
    const unknown: string[] = [];
    for (const key in obj) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) out.push({ code: 'unrecognized_keys', keys: unknown, path: [...path] });
  };
  return { accepts, issues };
}

/**
 * The same `accepts` as one generated function (as zod's own JIT object parser
 * does): straight-line code over the shape, which V8 optimises far better than a
 * tree of closures. Nodes it does not inline call their compiled closure. Where
 * `new Function` is not allowed, the closures are used as they are.
 */
export function generateAccepts(schema: Schema, fallback: (value: unknown) => boolean): (value: unknown) => boolean {
  const refs: unknown[] = [];
  const ref = (x: unknown): string => `r[${refs.push(x) - 1}]`;
  let vars = 0;
  const fresh = (): string => `v${(vars += 1)}`;
  /** Statements that `return false` unless `v` passes `s`. */
  const gen = (s: Schema, v: string): string => {
    const def = s._zod.def as Def;
    const checked = (def.checks?.length ?? 0) > 0 || s._zod.traits.has('$ZodCheck') || def.coerce === true;
    if (!checked) {
      switch (def.type) {
        case 'string':
        case 'boolean':
          return `if (typeof ${v} !== '${def.type}') return false;`;
        case 'number':
          return `if (typeof ${v} !== 'number' || !Number.isFinite(${v})) return false;`;
        case 'unknown':
          return '';
        case 'enum':
          return `if (!${ref(s._zod.values)}.has(${v})) return false;`;
        case 'optional':
        case 'nullable': {
          const inner = def.innerType as Schema;
          if (def.type === 'optional' && inner._zod.optin === 'defaulted') break;
          return `if (${v} !== ${def.type === 'optional' ? 'undefined' : 'null'}) { ${gen(inner, v)} }`;
        }
        case 'array': {
          const el = fresh();
          const i = fresh();
          return `if (!Array.isArray(${v})) return false; for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${el} = ${v}[${i}]; ${gen(def.element as Schema, el)} }`;
        }
        case 'object': {
          const shape = def.shape as Record<string, Schema>;
          const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
          if (Object.getOwnPropertySymbols(shape).length > 0 || Object.hasOwn(shape, '__proto__') || (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown')) break;
          let code = `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return false;`;
          for (const key of Object.keys(shape)) {
            const m = shape[key] as Schema;
            const k = JSON.stringify(key);
            const x = fresh();
            const body = `const ${x} = ${v}[${k}]; ${gen(m, x)}`;
            if (m._zod.optin === undefined) code += `if (!(${k} in ${v})) return false; { ${body} }`;
            else if (m._zod.optout === 'optional') code += `if (${k} in ${v}) { ${body} }`;
            else code += `{ ${body} }`;
          }
          if (catchall === 'never') {
            const key = fresh();
            code += `for (const ${key} in ${v}) if (!${ref(new Set(Object.keys(shape)))}.has(${key})) return false;`;
          }
          return code;
        }
        default:
      }
    }
    return `if (!${ref(compileCheck(s).accepts)}(${v})) return false;`;
  };
  try {
    const body = `return function accepts(v0) { ${gen(schema, 'v0')} return true; };`;
    return new Function('r', body)(refs) as (value: unknown) => boolean;
  } catch {
    return fallback;
  }
}

const LOG_EVENT = compileCheck(LogEventSchema);
const ENVELOPE = compileCheck(EventBridgeEnvelopeSchema);

/** The issues zod's LogEvent schema reports for `value`, in zod's order ([] when it conforms). */
export function logEventIssues(value: unknown): CheckIssue[] {
  if (LOG_EVENT.accepts(value)) return [];
  const out: CheckIssue[] = [];
  LOG_EVENT.issues(value, [], out);
  return out;
}

/**
 * `validateLine` (./validate.ts) with the compiled checks: the same result, the
 * same errors, for a fraction of the time.
 */
export function fastValidateLine(value: unknown, line: number): Validated {
  if (!isPlainObject(value)) throw new RecordError('not_an_object', line);
  const isEnvelope = 'detail-type' in value && 'detail' in value && ENVELOPE.accepts(value);
  const candidate = isEnvelope ? value.detail : value;
  const issues = logEventIssues(candidate);
  if (isNotOkta(issues)) throw new RecordError('not_okta_event', line);
  return {
    event: candidate as LogEventLike,
    envelope: isEnvelope ? (value as EventBridgeEnvelope) : undefined,
    issues: issues.length === 0 ? [] : issues.flatMap(describe),
  };
}
