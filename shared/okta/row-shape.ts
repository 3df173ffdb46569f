/**
 * One stable shape for every row: all catalogued columns as own slots, in
 * catalogue order, `undefined` until set. Rows built by keyed stores into `{}`
 * fall into V8's dictionary mode once they pass a dozen keys; rows copied from
 * this template keep fast properties, so the column stores, the tagger's reads
 * and `JSON.stringify` (which leaves `undefined` slots out) all run on one hidden
 * class. Built from the column table at cold start, so new columns flow in.
 */
import { COLUMN_NAMES, type Row } from './columns.js';

// JSON.parse builds the object in key order; the slots are then emptied. Past 128 members
// JSON.parse makes a dictionary-mode object, and spreading a dictionary costs ~30 µs per
// row; a spread's result, though, has fast properties, and spreading that is a
// copy of its slots (~0.4 µs). Hence the second spread, once, here.
const PARSED = JSON.parse(`{${COLUMN_NAMES.map((name) => `${JSON.stringify(name)}:0`).join(',')}}`) as Record<string, unknown>;
for (const name of COLUMN_NAMES) PARSED[name] = undefined;
const TEMPLATE: Record<string, unknown> = { ...PARSED };

/** A new empty row: every column a slot, none set. */
export const newRow = (): Row => ({ ...TEMPLATE }) as Row;
