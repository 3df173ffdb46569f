/**
 * A row for an event that holds numbers JavaScript cannot hold exactly (symbols
 * from `parseJsonExact`): no column takes such a value, so it stays where the
 * event keeps everything else, and the `*_json` columns and `unmapped_json` are
 * written with the literal as it came. `schema_issues` lists where.
 */
import { ENVELOPE_COLUMNS, EVENT_COLUMNS } from './columns.js';
import { stringifyExact } from '../exact-json.js';
import { isPlainObject } from '../json.js';
import type { Row } from './flatten.js';

const JSON_COLUMNS = [...EVENT_COLUMNS, ...ENVELOPE_COLUMNS].filter((c) => c.kind === 'json');

/** Paths (`a.b[0]`, as schema_issues writes them) of every inexact number under `root`, in document order. */
export function inexactNumberPaths(root: unknown, prefix = '', skipKey?: string): string[] {
  const paths: string[] = [];
  const stack: [unknown, string][] = [[root, prefix]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'symbol') paths.push(path);
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i -= 1) stack.push([value[i], `${path}[${i}]`]);
    else if (isPlainObject(value)) {
      const keys = Object.keys(value).filter((k) => !(value === root && k === skipKey));
      for (const k of keys.reverse()) stack.push([value[k], path === '' ? k : `${path}.${k}`]);
    }
  }
  return paths;
}

const at = (root: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), root);

export interface Flattened {
  readonly event: Record<string, unknown>;
  readonly eventRest: Record<string, unknown> | undefined;
  readonly envelope: Record<string, unknown> | undefined;
  readonly envelopeRest: Record<string, unknown> | undefined;
}

/** More than schema_issues ever lists, so the first ones it lists are numbers. */
const MAX_LISTED_FIRST = 64;

/** Rewrite the JSON-text columns of `row` with exact numbers; list each inexact number's path in `issues`. */
export function keepExactNumbers({ event, eventRest, envelope, envelopeRest }: Flattened, row: Row, issues: string[]): void {
  const paths = [...inexactNumberPaths(event), ...(envelope === undefined ? [] : inexactNumberPaths(envelope, 'eb', 'detail'))];
  if (paths.length === 0) return;
  // First, so that the cap on listed issues never hides them.
  // (No spread: an event may hold more inexact numbers than a call has arguments.)
  const listed = paths.map((path) => `${path}: number JavaScript cannot hold exactly, kept as written`);
  issues.splice(0, 0, ...listed.slice(0, MAX_LISTED_FIRST));
  for (let i = MAX_LISTED_FIRST; i < listed.length; i += 1) issues.push(listed[i] as string);
  for (const c of JSON_COLUMNS) {
    if (row[c.name] !== undefined) row[c.name] = stringifyExact(at(c.origin === 'event' ? event : envelope, c.path)) as string;
  }
  if (eventRest !== undefined) row.unmapped_json = stringifyExact(eventRest) as string;
  if (envelopeRest !== undefined && Object.keys(envelopeRest).length > 0) row.eb_unmapped_json = stringifyExact(envelopeRest) as string;
}
