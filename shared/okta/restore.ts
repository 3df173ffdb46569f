/**
 * Row → the original LogEvent (and EventBridge envelope): the inverse of
 * `flattenEvent`/`flattenEnvelope`. Derived columns are ignored. A number
 * JavaScript cannot hold exactly comes back as a symbol whose description is the
 * literal as Okta wrote it (see `shared/exact-json.ts`; `stringifyExact` writes it back).
 */
import { ENVELOPE_COLUMNS, EVENT_COLUMNS, type FieldColumn, type JsonColumn } from './columns.js';
import { parseJsonKeepingNumbers } from '../exact-json.js';

type Json = Record<string, unknown>;

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let level = target;
  for (const key of path.slice(0, -1)) {
    const next = level[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      level = next as Json;
    } else {
      const created: Json = {};
      level[key] = created;
      level = created;
    }
  }
  level[path[path.length - 1] as string] = value;
}

/** True when `path` leads to a member of `target` (own keys only). */
function hasPath(target: Json, path: readonly string[]): boolean {
  let level: unknown = target;
  for (const key of path) {
    if (typeof level !== 'object' || level === null || Array.isArray(level) || !Object.hasOwn(level, key)) return false;
    level = (level as Json)[key];
  }
  return true;
}

function rebuild(row: Readonly<Record<string, unknown>>, rest: unknown, columns: readonly (FieldColumn | JsonColumn)[]): Json {
  const out: Json = typeof rest === 'string' ? (parseJsonKeepingNumbers(rest) as Json) : {};
  for (const column of columns) {
    const value = row[column.name];
    // The residual holds the original where a column holds a normalised value (a flag read from text, surrogates replaced).
    if (value === undefined || hasPath(out, column.path)) continue;
    setPath(out, column.path, column.kind === 'json' ? parseJsonKeepingNumbers(value as string) : value);
  }
  return out;
}

/** The LogEvent a row was made from. */
export function restoreEvent(row: Readonly<Record<string, unknown>>): Json {
  return rebuild(row, row.unmapped_json, EVENT_COLUMNS);
}

/** The record line a row was made from: the EventBridge envelope with its `detail`, or the bare LogEvent. */
export function restore(row: Readonly<Record<string, unknown>>): Json {
  const event = restoreEvent(row);
  if (row.eb_detail_type === undefined) return event;
  const envelope = rebuild(row, row.eb_unmapped_json, ENVELOPE_COLUMNS);
  envelope.detail = event;
  return envelope;
}
