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

type Step = { readonly key: string; readonly each: boolean };
const stepsOf = (path: string): Step[] =>
  path.split('.').map((p) => (p.endsWith('[]') ? { key: p.slice(0, -2), each: true } : { key: p, each: false }));

const isScalar = (v: unknown): v is Value =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The scalar values of the member reached: a scalar, or an array's scalar elements. */
function pushValues(v: unknown, out: Value[]): void {
  if (isScalar(v)) out.push(v);
  else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.push(x);
}

/** The scalar values at a path; `[]` after a member visits every element. */
export function compilePath(path: string): (event: Readonly<Record<string, unknown>>) => Value[] {
  const steps = stepsOf(path);
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
    for (const v of current) pushValues(v, out);
    return out;
  };
}

/** A path without `[]`: the one member it reaches, or undefined (what `compilePath` reads, without its lists). */
function compileMember(steps: readonly Step[]): (event: Readonly<Record<string, unknown>>) => unknown {
  return (event) => {
    let node: unknown = event;
    for (const { key } of steps) {
      if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
      node = node[key];
    }
    return node;
  };
}

/**
 * A leaf judges the values it reads: `present` asks whether there is any, `noneOf`
 * refuses any listed one, and the value tests must all hold for one of them. A
 * column or a member holds one value (no list is built for it); a path through
 * `[]`, or an array member, holds many.
 */
function compileLeaf(c: ColumnTest | FieldTest): Predicate {
  const tests = valueTests(c);
  const none = c.noneOf === undefined ? undefined : new Set<Value>(c.noneOf);
  const present = c.present;
  const one = (v: Value) => tests.every((t) => t(v));
  const ofNone = present !== true && tests.length === 0;
  const ofOne = (v: Value): boolean => present !== false && none?.has(v) !== true && (tests.length === 0 || one(v));
  const ofMany = (vs: readonly Value[]): boolean => {
    if (vs.length === 0) return ofNone;
    if (present === false) return false;
    if (none !== undefined && vs.some((v) => none.has(v))) return false;
    return tests.length === 0 || vs.some(one);
  };
  // A member: a scalar, an array of them, or anything else (absent, null, an object), which holds none.
  const ofMember = (v: unknown): boolean => {
    if (isScalar(v)) return ofOne(v);
    if (!Array.isArray(v)) return ofNone;
    const vs: Value[] = [];
    pushValues(v, vs);
    return ofMany(vs);
  };
  if ('column' in c) {
    const column = c.column;
    return (s) => {
      const v = s.row[column];
      return v === undefined ? ofNone : ofOne(v);
    };
  }
  const steps = stepsOf(c.field);
  if (steps.some((step) => step.each)) {
    const read = compilePath(c.field);
    return (s) => (s.event === undefined ? ofNone : ofMany(read(s.event)));
  }
  // Each kind of leaf gets a predicate of its own: one shared reader would make every call of it polymorphic.
  const member = compileMember(steps);
  return (s) => (s.event === undefined ? ofNone : ofMember(member(s.event)));
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
