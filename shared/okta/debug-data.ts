/**
 * Okta writes some debugData values as Java map text (`{level=HIGH, reasons=A, B}`)
 * and `logOnlySecurityData` as JSON; some exports write them as objects or arrays
 * instead. These read the parts worth a column, whatever the form.
 */
import { isPlainObject } from '../json.js';

/** Parse Okta's `{key=value, key2=value2}` text. Values may hold `, ` (reasons do). */
export function parseOktaMap(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const keyAt = /(?:^|, )([A-Za-z][A-Za-z0-9 _-]*)=/g;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  for (let m = keyAt.exec(body); m !== null; m = keyAt.exec(body)) {
    keys.push({ key: m[1] as string, start: m.index, valueStart: m.index + m[0].length });
  }
  keys.forEach((k, i) => {
    const end = i + 1 < keys.length ? (keys[i + 1] as { start: number }).start : body.length;
    out.set(k.key, body.slice(k.valueStart, end));
  });
  return out;
}

interface SecuritySignals {
  readonly behaviorsPositive?: string;
  readonly riskLevel?: string;
  readonly riskReasons?: string;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined => (isPlainObject(v) ? v : undefined);

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(', ') : undefined;

/**
 * A behaviours or risk value in any of the forms exports write it: Okta's map text
 * (`{New Device=POSITIVE, …}`), an object (`{"New Device": "POSITIVE"}`), an array
 * of `{name, result}` objects (as `securityContext.userBehaviors`) or of
 * `key=value` strings. Values that are lists of strings are joined with `, `.
 */
export function readOktaMap(value: unknown): Map<string, string> | undefined {
  if (typeof value === 'string') return parseOktaMap(value);
  const record = asRecord(value);
  if (record !== undefined) {
    const out = new Map<string, string>();
    for (const [k, v] of Object.entries(record)) {
      const t = text(v);
      if (t !== undefined) out.set(k, t);
    }
    return out;
  }
  if (!Array.isArray(value)) return undefined;
  const out = new Map<string, string>();
  for (const item of value) {
    if (typeof item === 'string') {
      for (const [k, v] of parseOktaMap(item)) out.set(k, v);
      continue;
    }
    const r = asRecord(item);
    const name = r?.name ?? r?.key;
    const result = text(r?.result ?? r?.value);
    if (typeof name === 'string' && result !== undefined) out.set(name, result);
  }
  return out;
}

/** `logOnlySecurityData` as a JSON string (Okta) or as an object (some exports). */
function fromLogOnlySecurityData(value: unknown): { behaviors?: Map<string, string>; risk?: Map<string, string> } {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  const root = asRecord(parsed);
  if (root === undefined) return {};
  const behaviors = readOktaMap(root.behaviors);
  const risk = readOktaMap(root.risk);
  return { ...(behaviors && { behaviors }), ...(risk && { risk }) };
}

/** Behaviours flagged POSITIVE and the risk level/reasons, from `behaviors`/`risk` or `logOnlySecurityData`. */
export function securitySignals(debugData: Record<string, unknown>): SecuritySignals {
  const logOnly = debugData.logOnlySecurityData === undefined ? {} : fromLogOnlySecurityData(debugData.logOnlySecurityData);
  const behaviors = readOktaMap(debugData.behaviors) ?? logOnly.behaviors;
  const risk = readOktaMap(debugData.risk) ?? logOnly.risk;
  const positive = behaviors ? [...behaviors].filter(([, v]) => v.trim().toUpperCase() === 'POSITIVE').map(([k]) => k.trim()) : [];
  const level = risk?.get('level');
  const reasons = risk?.get('reasons');
  return {
    ...(positive.length > 0 && { behaviorsPositive: positive.join(',') }),
    ...(level !== undefined && level.trim() !== '' && { riskLevel: level.trim().toUpperCase() }),
    ...(reasons !== undefined && { riskReasons: reasons }),
  };
}
