/**
 * A check-only pass compiled from a zod schema's own definitions, so that the
 * common case (an event that conforms) costs one walk over the input instead of
 * zod's copy of it. zod stays the single source of truth: the check is generated
 * from `schema._zod.def` at cold start, and a node it does not model is checked by
 * zod itself.
 *
 * - {@link compileAccepts}: one generated function, true exactly when zod's parse
 *   has no issue (straight-line code over the shape, as zod's own JIT object
 *   parser is; where `new Function` is not allowed, zod's parse decides).
 * - {@link compileFailures}: the same walk at the root of an object schema, naming
 *   the members that fail (`./compiled-issues.ts` then asks zod for their issues).
 *
 * `test/core/fast-path.test.ts` holds both to zod on every sample and on random
 * mutations of them.
 */
import type * as z from 'zod/mini';

export type Schema = z.core.$ZodType;
export type Def = z.core.$ZodTypeDef & Record<string, unknown>;
export type Accepts = (value: unknown) => boolean;

/** zod's raw issues for one node: its parse, without building a ZodError and messages (most of a failing `safeParse`). */
export function run(schema: Schema, value: unknown): z.core.$ZodRawIssue[] {
  const result = schema._zod.run({ value, issues: [] }, { async: false });
  if (result instanceof Promise) throw new Error('asynchronous schemas are not supported');
  return result.issues;
}

const zodAccepts = (schema: Schema): Accepts => (v) => run(schema, v).length === 0;

/**
 * String formats whose zod check is its pattern's test and nothing else
 * (`$ZodCheckStringFormat`'s default check, and `$ZodCheckRegex`'s): `lastIndex = 0`,
 * then `pattern.test(value)`. Testing the pattern directly decides the same; zod's
 * check would also build the issue, writing the whole pattern out as text
 * (`pattern.toString()`), for a value that fails.
 */
const PATTERN_FORMATS: ReadonlySet<string> = new Set(['datetime', 'regex']);

function patternOf(check: z.core.$ZodCheck): RegExp | undefined {
  const def = check._zod.def as z.core.$ZodCheckDef & { format?: string; pattern?: unknown };
  return def.check === 'string_format' && def.when === undefined && PATTERN_FORMATS.has(def.format ?? '') && def.pattern instanceof RegExp
    ? def.pattern
    : undefined;
}

/** The checks zod runs on a leaf after its type test: its own (a string format), then its `.check()`s. */
const checkList = (schema: Schema): z.core.$ZodCheck[] => [
  ...(schema._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck] : []),
  ...((schema._zod.def.checks ?? []) as z.core.$ZodCheck[]),
];

/**
 * A plain string whose one check is a pattern format: the format's name. zod's
 * issue for a value it refuses is then an `invalid_type` (not a string) or an
 * `invalid_format` of that name, nothing else (./compiled-issues.ts writes it).
 */
export function patternFormat(schema: Schema): string | undefined {
  const def = schema._zod.def as Def;
  const [check, ...more] = checkList(schema);
  if (def.type !== 'string' || def.coerce === true || check === undefined || more.length > 0 || patternOf(check) === undefined) return undefined;
  // patternOf takes only string formats, whose definitions name their format.
  return (check._zod.def as { format?: string }).format;
}

/** A leaf's checks (formats, lengths, refinements) run as zod runs them, after its type test passed. */
function checksOf(schema: Schema): Accepts | undefined {
  const checks = checkList(schema);
  if (checks.length === 0) return undefined;
  const pattern = checks.length === 1 ? patternOf(checks[0] as z.core.$ZodCheck) : undefined;
  if (pattern !== undefined) {
    return (value) => {
      pattern.lastIndex = 0;
      return pattern.test(value as string);
    };
  }
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
export function objectModel(def: Def): { shape: Record<string, Schema>; strict: boolean } | undefined {
  const shape = def.shape as Record<string, Schema>;
  const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
  if (Object.getOwnPropertySymbols(shape).length > 0 || Object.hasOwn(shape, '__proto__')) return undefined;
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return undefined;
  return { shape, strict: catchall === 'never' };
}

/** Whether the generator writes this node itself; anything else is a call (checks, zod). */
export const modelled = (def: Def): boolean => (def.checks?.length ?? 0) === 0 && def.coerce !== true;

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
export type Failures = (value: unknown) => number[] | undefined | null;

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
