/**
 * Conditions compiled to predicates, once, at cold start: sets built, needles
 * lower-cased, regular expressions compiled, field paths split. A predicate reads
 * the output row (`column`) or the LogEvent itself (`field`), never parses JSON.
 */
import type { Row } from '../okta/columns.js';
import { isPlainObject } from '../json.js';
import type { ColumnTest, Condition, FieldTest } from './rules.js';
import { MAX_MATCH_INPUT } from './safe-regex.js';

/** What a predicate sees: the row, and the LogEvent it came from (absent in pure row tests). */
export interface Subject {
  readonly row: Row;
  readonly event?: Readonly<Record<string, unknown>>;
}
export type Predicate = (s: Subject) => boolean;

type Value = string | number | boolean;
type ValueTest = (v: Value) => boolean;

const NUMERIC = /^\s*-?\d+(?:\.\d+)?\s*$/;
const asNumber = (v: Value): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : undefined;
const asLower = (v: Value): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

/** The tests of one leaf that look at a single value (all but `present` and `noneOf`). */
function valueTests(c: ColumnTest | FieldTest): ValueTest[] {
  const tests: ValueTest[] = [];
  if (c.equals !== undefined) {
    const expected = c.equals;
    tests.push((v) => v === expected);
  }
  if (c.oneOf !== undefined) {
    const set = new Set<Value>(c.oneOf);
    tests.push((v) => set.has(v));
  }
  const text = (check: (s: string) => boolean): ValueTest => (v) => {
    const s = asLower(v);
    return s !== undefined && check(s);
  };
  if (c.contains !== undefined) {
    const needle = c.contains.toLowerCase();
    tests.push(text((s) => s.includes(needle)));
  }
  if (c.containsAny !== undefined) {
    const needles = c.containsAny.map((n) => n.toLowerCase());
    tests.push(text((s) => needles.some((n) => s.includes(n))));
  }
  if (c.startsWith !== undefined) {
    const prefix = c.startsWith.toLowerCase();
    tests.push(text((s) => s.startsWith(prefix)));
  }
  if (c.endsWith !== undefined) {
    const suffix = c.endsWith.toLowerCase();
    tests.push(text((s) => s.endsWith(suffix)));
  }
  if (c.matches !== undefined) {
    const re = new RegExp(c.matches, 'u');
    // Only the leading MAX_MATCH_INPUT characters: with the shapes isSafePattern accepts, that bounds the work.
    tests.push((v) => typeof v === 'string' && re.test(v.length > MAX_MATCH_INPUT ? v.slice(0, MAX_MATCH_INPUT) : v));
  }
  const num = (check: (n: number) => boolean): ValueTest => (v) => {
    const n = asNumber(v);
    return n !== undefined && check(n);
  };
  const { gt, gte, lt, lte } = c;
  if (gt !== undefined) tests.push(num((n) => n > gt));
  if (gte !== undefined) tests.push(num((n) => n >= gte));
  if (lt !== undefined) tests.push(num((n) => n < lt));
  if (lte !== undefined) tests.push(num((n) => n <= lte));
  return tests;
}

/** The scalar values at a path; `[]` after a member visits every element. */
export function compilePath(path: string): (event: Readonly<Record<string, unknown>>) => Value[] {
  const steps = path.split('.').map((p) => (p.endsWith('[]') ? { key: p.slice(0, -2), each: true } : { key: p, each: false }));
  return (event) => {
    let current: unknown[] = [event];
    for (const { key, each } of steps) {
      const next: unknown[] = [];
      for (const node of current) {
        if (!isPlainObject(node) || !Object.hasOwn(node, key)) continue;
        const v = node[key];
        if (each) {
          if (Array.isArray(v)) for (const x of v) next.push(x); // no spread: an array may have more elements than a call has arguments
        } else {
          next.push(v);
        }
      }
      current = next;
    }
    const out: Value[] = [];
    for (const v of current) {
      if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.push(x);
    }
    return out;
  };
}

function compileLeaf(c: ColumnTest | FieldTest): Predicate {
  const values: (s: Subject) => Value[] =
    'column' in c
      ? ((column) => (s: Subject) => {
          const v = s.row[column];
          return v === undefined ? [] : [v];
        })(c.column)
      : ((read) => (s: Subject) => (s.event === undefined ? [] : read(s.event)))(compilePath(c.field));
  const tests = valueTests(c);
  const none = c.noneOf === undefined ? undefined : new Set<Value>(c.noneOf);
  const present = c.present;
  const one = (v: Value) => tests.every((t) => t(v));
  return (s) => {
    const vs = values(s);
    if (present !== undefined && (vs.length > 0) !== present) return false;
    if (none !== undefined && vs.some((v) => none.has(v))) return false;
    return tests.length === 0 || vs.some(one);
  };
}

/** One condition → one predicate. */
export function compileCondition(c: Condition): Predicate {
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (s) => !inner(s);
  }
  if ('anyOf' in c) {
    const inner = c.anyOf.map(compileCondition);
    return (s) => inner.some((p) => p(s));
  }
  if ('allOf' in c) {
    const inner = c.allOf.map(compileCondition);
    return (s) => inner.every((p) => p(s));
  }
  return compileLeaf(c);
}

/** Does any condition (however nested) read the LogEvent rather than the row? */
export function readsEvent(c: Condition): boolean {
  if ('not' in c) return readsEvent(c.not);
  if ('anyOf' in c) return c.anyOf.some(readsEvent);
  if ('allOf' in c) return c.allOf.some(readsEvent);
  return 'field' in c;
}
