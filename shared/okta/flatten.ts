/**
 * LogEvent (and envelope) → one flat row, driven by the column table. Values
 * that a `field`/`json` column takes are moved to the row; everything else (unknown
 * members, nulls, values of an unexpected type) stays in a residual object that
 * becomes `unmapped_json`. `restore` inverts this exactly.
 */
import {
  ENVELOPE_COLUMNS,
  EVENT_COLUMNS,
  setColumn,
  type FieldColumn,
  type JsonColumn,
  type Row,
} from './columns.js';
import { isPlainObject } from '../json.js';

export type { Row } from './columns.js';

export type Leaf = (typeof EVENT_COLUMNS)[number] | (typeof ENVELOPE_COLUMNS)[number];
export interface Node {
  readonly column?: Leaf;
  readonly children?: Map<string, Node>;
}

function compile(columns: readonly Leaf[]): Map<string, Node> {
  const root = new Map<string, Node>();
  for (const column of columns) {
    let level = root;
    column.path.forEach((key, i) => {
      if (i === column.path.length - 1) {
        level.set(key, { column });
        return;
      }
      let node = level.get(key);
      if (node === undefined) {
        node = { children: new Map() };
        level.set(key, node);
      }
      level = node.children as Map<string, Node>;
    });
  }
  return root;
}

export const EVENT_TREE = compile(EVENT_COLUMNS);
export const ENVELOPE_TREE = compile(ENVELOPE_COLUMNS);


/** A flag as a JSON boolean or as Okta's text spelling (`"true"`, `" FALSE "`) → the boolean; anything else → undefined. */
export const readFlag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const flag = value.trim().toLowerCase();
  return flag === 'true' ? true : flag === 'false' ? false : undefined;
};

/**
 * The column's value for `value`, or undefined when the column does not take it.
 * A boolean column also reads `"true"`/`"false"`; a string column replaces unpaired
 * UTF-16 surrogates (which OpenObserve's JSON parser refuses) with U+FFFD. Such a
 * normalised value differs from the input, and `extract` then keeps the original too.
 */
export function take(column: FieldColumn | JsonColumn, value: unknown): string | number | boolean | undefined {
  if (column.kind === 'json') {
    const fits = column.accepts === 'array' ? Array.isArray(value) : isPlainObject(value);
    return fits ? JSON.stringify(value) : undefined;
  }
  if (column.type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (column.type === 'boolean') return readFlag(value);
  return typeof value === 'string' ? (value.isWellFormed() ? value : value.toWellFormed()) : undefined;
}

/**
 * Move what the tree's columns take from `obj` into `row`; return what is left
 * (including the original of any value a column normalised).
 * An object the columns emptied completely returns `undefined`; an object that was
 * empty to begin with is kept (`{}`), so `restore` can tell the two apart. The
 * residual has a null prototype, so a `__proto__` key stays an ordinary key.
 */
function extract(obj: Record<string, unknown>, tree: Map<string, Node>, row: Row, skip?: string): Record<string, unknown> | undefined {
  let rest: Record<string, unknown> | undefined;
  let seen = 0;
  for (const key of Object.keys(obj)) {
    if (key === skip) continue;
    seen += 1;
    const value = obj[key];
    const node = tree.get(key);
    if (node?.column !== undefined) {
      const taken = take(node.column, value);
      if (taken !== undefined) {
        setColumn(row, node.column.name, taken);
        // A normalised value leaves the original in the residual, so restore gives it back exactly.
        if (taken === value || node.column.kind === 'json') continue;
      }
    } else if (node?.children !== undefined && isPlainObject(value)) {
      const sub = extract(value, node.children, row);
      if (sub === undefined) continue;
      rest ??= Object.create(null) as Record<string, unknown>;
      rest[key] = sub;
      continue;
    }
    rest ??= Object.create(null) as Record<string, unknown>;
    rest[key] = value;
  }
  return seen === 0 ? (Object.create(null) as Record<string, unknown>) : rest;
}

/** The canonical columns of a LogEvent, plus `unmapped_json` for the rest; returns the rest. */
export function flattenEvent(event: Record<string, unknown>, row: Row): Record<string, unknown> | undefined {
  const rest = extract(event, EVENT_TREE, row);
  if (rest !== undefined) row.unmapped_json = JSON.stringify(rest);
  return rest;
}

/** The canonical columns of an EventBridge envelope (its `detail` excluded), plus `eb_unmapped_json`; returns the rest. */
export function flattenEnvelope(envelope: Record<string, unknown>, row: Row): Record<string, unknown> | undefined {
  const rest = extract(envelope, ENVELOPE_TREE, row, 'detail');
  if (rest !== undefined && Object.keys(rest).length > 0) row.eb_unmapped_json = JSON.stringify(rest);
  return rest;
}
