/**
 * The flattener of `flatten.ts`, compiled from the same column trees at cold
 * start into straight-line code: one function per object level, a `switch` over
 * the member names it knows, each column's common case written inline (a string,
 * number or boolean taken as it is, an object or array written as JSON) and named
 * column stores (which, on rows of one shape, V8 turns into direct slot writes).
 * Members are visited by `for…in` with an own-key test, which visits what
 * `Object.keys` lists, in its order, without making the list; V8 reads each
 * member through the object's own key cache, where a read by a computed key on
 * events of many shapes goes through a lookup cache shared by all (−3 % of the
 * handler's CPU time on the 3 MB mixed batch).
 * Same walk, same results: any other value goes through `take`, the residual keeps
 * the input's member order, and `test/core/fast-path.test.ts` holds every row to
 * the reference byte for byte. Where `new Function` is not allowed, the reference
 * flattener is used.
 */
import type { Row } from './columns.js';
import { isPlainObject } from '../json.js';
import { ENVELOPE_TREE, EVENT_TREE, flattenEnvelope, flattenEvent, take, type Leaf, type Node } from './flatten.js';

type Residual = Record<string, unknown> | undefined;
type Extract = (obj: Record<string, unknown>, row: Row) => Residual;

/**
 * The values `take` returns unchanged (or, for a JSON column, as `JSON.stringify`),
 * as a test of `v`: the inline fast case. Anything else falls through to `take` itself.
 */
function takesAsIs(column: Leaf): string {
  if (column.kind === 'json') return column.accepts === 'array' ? 'Array.isArray(v)' : 'isPlainObject(v)';
  if (column.type === 'number') return `typeof v === 'number' && Number.isFinite(v)`;
  if (column.type === 'boolean') return `typeof v === 'boolean'`;
  return `typeof v === 'string' && v.isWellFormed()`;
}

/**
 * A residual member. The residual is an ordinary object (fast to stringify); a
 * `__proto__` key is defined as an own property, so it stays an ordinary key.
 */
function keep(rest: Record<string, unknown> | undefined, key: string, value: unknown): Record<string, unknown> {
  const out = rest ?? {};
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
  return out;
}

/** Source of one function per tree level; returns the name of the root's. */
function generate(tree: Map<string, Node>, skip: string | undefined, refs: unknown[], out: string[]): string {
  const at = out.push('') - 1;
  const name = `x${at}`;
  const ref = (x: unknown): string => `r[${refs.push(x) - 1}]`;
  const lit = JSON.stringify;
  const cases: string[] = [];
  for (const [key, node] of tree) {
    if (node.column !== undefined) {
      const column = node.column;
      const store = `row[${lit(column.name)}]`;
      const value = column.kind === 'json' ? 'JSON.stringify(v)' : 'v';
      // As `extract`: a value the column normalised (e.g. a lone surrogate replaced) also stays, as it was, in the residual.
      const keepOriginal = column.kind === 'json' ? 'continue;' : 'if (t === v) continue;';
      cases.push(`case ${lit(key)}: if (${takesAsIs(column)}) { ${store} = ${value}; continue; } { const t = take(${ref(column)}, v); if (t !== undefined) { ${store} = t; ${keepOriginal} } } break;`);
    } else if (node.children !== undefined) {
      const child = generate(node.children, undefined, refs, out);
      cases.push(`case ${lit(key)}: if (isPlainObject(v)) { const sub = ${child}(v, row); if (sub !== undefined) rest = keep(rest, key, sub); continue; } break;`);
    }
  }
  out[at] = `function ${name}(obj, row) {
    let rest; let seen = 0;
    for (const key in obj) {
      if (!own.call(obj, key)) continue;
      ${skip === undefined ? '' : `if (key === ${lit(skip)}) continue;`}
      seen++;
      const v = obj[key];
      switch (key) { ${cases.join('\n')} }
      rest = keep(rest, key, v);
    }
    return seen === 0 ? {} : rest;
  }`;
  return name;
}

function compileExtract(tree: Map<string, Node>, skip?: string): Extract {
  const refs: unknown[] = [];
  const out: string[] = [];
  const root = generate(tree, skip, refs, out);
  return new Function('take', 'r', 'isPlainObject', 'keep', 'own', `${out.join('\n')}\nreturn ${root};`)(take, refs, isPlainObject, keep, Object.prototype.hasOwnProperty) as Extract;
}

function compileFlatteners(): { flattenEvent: typeof flattenEvent; flattenEnvelope: typeof flattenEnvelope } {
  let event: Extract;
  let envelope: Extract;
  try {
    event = compileExtract(EVENT_TREE);
    envelope = compileExtract(ENVELOPE_TREE, 'detail');
  } catch {
    return { flattenEvent, flattenEnvelope };
  }
  return {
    flattenEvent: (obj, row) => {
      const rest = event(obj, row);
      if (rest !== undefined) row.unmapped_json = JSON.stringify(rest);
      return rest;
    },
    flattenEnvelope: (obj, row) => {
      const rest = envelope(obj, row);
      if (rest !== undefined && Object.keys(rest).length > 0) row.eb_unmapped_json = JSON.stringify(rest);
      return rest;
    },
  };
}

/** `flattenEvent` and `flattenEnvelope` of `flatten.ts`, compiled. */
export const compiledFlatten = compileFlatteners();
