/**
 * Okta writes some debugData values as Java map text (`{level=HIGH, reasons=A, B}`)
 * and `logOnlySecurityData` as JSON; these read the parts worth a column.
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

function fromLogOnlySecurityData(text: unknown): { behaviors?: Map<string, string>; risk?: Map<string, string> } {
  if (typeof text !== 'string') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const toMap = (v: unknown) => {
    const r = asRecord(v);
    return r && new Map(Object.entries(r).filter((e): e is [string, string] => typeof e[1] === 'string'));
  };
  const root = asRecord(parsed);
  return { behaviors: toMap(root?.behaviors), risk: toMap(root?.risk) };
}

/** Behaviours flagged POSITIVE and the risk level/reasons, from `behaviors`/`risk` or `logOnlySecurityData`. */
export function securitySignals(debugData: Record<string, unknown>): SecuritySignals {
  const logOnly = fromLogOnlySecurityData(debugData.logOnlySecurityData);
  const behaviors = typeof debugData.behaviors === 'string' ? parseOktaMap(debugData.behaviors) : logOnly.behaviors;
  const risk = typeof debugData.risk === 'string' ? parseOktaMap(debugData.risk) : logOnly.risk;
  const positive = behaviors ? [...behaviors].filter(([, v]) => v.trim() === 'POSITIVE').map(([k]) => k) : [];
  const level = risk?.get('level');
  const reasons = risk?.get('reasons');
  return {
    ...(positive.length > 0 && { behaviorsPositive: positive.join(',') }),
    ...(level !== undefined && { riskLevel: level.trim().toUpperCase() }),
    ...(reasons !== undefined && { riskReasons: reasons }),
  };
}
