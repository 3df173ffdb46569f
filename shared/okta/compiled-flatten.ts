/**
 * The flattener of `flatten.ts`, compiled from the same column trees at cold
 * start into straight-line code: one function per object level, a `switch` over
 * the member names it knows, named reads and named column stores (which, on rows
 * of one shape, V8 turns into direct slot writes). Same walk, same results: the
 * values still go through `take`, the residual keeps the input's member order,
 * and `test/core/fast-path.test.ts` holds every row to the reference byte for
 * byte. Where `new Function` is not allowed, the reference flattener is used.
 */
import type { Row } from './columns.js';
import { isPlainObject } from '../json.js';
import { ENVELOPE_TREE, EVENT_TREE, flattenEnvelope, flattenEvent, take, type Leaf, type Node } from './flatten.js';

type Residual = Record<string, unknown> | undefined;
type Extract = (obj: Record<string, unknown>, row: Row) => Residual;

/** Source of one function per tree level; returns the name of the root's. */
function generate(tree: Map<string, Node>, skip: string | undefined, columns: Leaf[], out: string[]): string {
  const at = out.push('') - 1;
  const name = `x${at}`;
  const lit = JSON.stringify;
  const cases: string[] = [];
  for (const [key, node] of tree) {
    if (node.column !== undefined) {
      const c = columns.push(node.column) - 1;
      // As `extract`: a value the column normalised (e.g. a lone surrogate replaced) also stays, as it was, in the residual.
      const keepOriginal = node.column.kind === 'json' ? 'continue;' : 'if (t === v) continue;';
      cases.push(`case ${lit(key)}: { const v = obj[${lit(key)}]; const t = take(cols[${c}], v); if (t !== undefined) { row[${lit(node.column.name)}] = t; ${keepOriginal} } break; }`);
    } else if (node.children !== undefined) {
      const child = generate(node.children, undefined, columns, out);
      cases.push(`case ${lit(key)}: { const v = obj[${lit(key)}]; if (isPlainObject(v)) { const sub = ${child}(v, row); if (sub !== undefined) (rest ??= Object.create(null))[key] = sub; continue; } break; }`);
    }
  }
  out[at] = `function ${name}(obj, row) {
    let rest; let seen = 0;
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      ${skip === undefined ? '' : `if (key === ${lit(skip)}) continue;`}
      seen++;
      switch (key) { ${cases.join('\n')} }
      (rest ??= Object.create(null))[key] = obj[key];
    }
    return seen === 0 ? Object.create(null) : rest;
  }`;
  return name;
}

function compileExtract(tree: Map<string, Node>, skip?: string): Extract {
  const columns: Leaf[] = [];
  const out: string[] = [];
  const root = generate(tree, skip, columns, out);
  return new Function('take', 'cols', 'isPlainObject', `${out.join('\n')}\nreturn ${root};`)(take, columns, isPlainObject) as Extract;
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
