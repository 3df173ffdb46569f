/**
 * The issues zod reports for a value its schema does not accept, in zod's order,
 * without zod's copy of the whole value: objects and arrays are walked here (they
 * only gather their members' issues: shape order, then unknown keys; or by index);
 * any other node that fails is parsed by zod, whose issues are prefixed with the
 * path. Called only for values the compiled check (`./compiled-check.ts`) refused.
 */
import type * as z from 'zod/mini';
import { compileAccepts, modelled, objectModel, patternFormat, run, type Accepts, type Def, type Schema } from './compiled-check.js';
import type { IssueLike } from './validate.js';

type Path = readonly PropertyKey[];
/**
 * Push zod's issues for a value the node does not accept (called only then); for
 * an object, `only` may name the members known to fail (`compileFailures`).
 */
export type Issues = (value: unknown, path: Path, out: IssueLike[], only?: readonly number[]) => void;

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
  const format = patternFormat(schema);
  if (format !== undefined) {
    return (v, path, out) => void out.push(typeof v === 'string' ? { code: 'invalid_format', format, path: [...path] } : { code: 'invalid_type', expected: 'string', path: [...path] });
  }
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
      if (!present && m.absence === 'required') {
        // The schema's issues for undefined, else zod's `nonoptional`.
        const before = out.length;
        if (!(m.accepts ??= compileAccepts(m.schema))(undefined)) m.issues(undefined, [...path, m.key], out);
        if (out.length === before) out.push({ code: 'invalid_type', expected: 'nonoptional', path: [...path, m.key] });
        continue;
      }
      // Members named in `only` are known to fail; the others are checked first (their check generated when first needed).
      if (only !== undefined || !(m.accepts ??= compileAccepts(m.schema))(obj[m.key])) m.issues(obj[m.key], [...path, m.key], out);
    }
    if (!model.strict || (only !== undefined && !only.includes(members.length))) return;
    const unknown: string[] = [];
    for (const key in obj) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) out.push({ code: 'unrecognized_keys', keys: unknown, path: [...path] });
  };
}
