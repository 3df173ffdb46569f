/** Comparing restored events that may hold inexact numbers (symbols holding their literal). */

/** `value` with every symbol replaced by `{ $number: literal }`, so that toEqual compares literals. */
export function comparable(value: unknown): unknown {
  if (typeof value === 'symbol') return { $number: value.description };
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}
