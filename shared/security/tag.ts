/**
 * Security tagging of one flat row: base classification by eventType, then every
 * matching escalation raises the severity and adds its id to `security_tags`.
 */
import type { Row } from '../okta/flatten.js';
import { SEVERITIES, type Condition, type RuleSet, type Severity } from './rules.js';

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));
const higher = (a: Severity, b: Severity): Severity => ((RANK.get(a) ?? 0) >= (RANK.get(b) ?? 0) ? a : b);

type Test = (row: Row) => boolean;

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

function compileCondition(c: Condition): Test {
  const tests: Test[] = [];
  const { column } = c;
  if (c.present !== undefined) tests.push((r) => (r[column] !== undefined) === c.present);
  if (c.equals !== undefined) tests.push((r) => r[column] === c.equals);
  if (c.oneOf !== undefined) {
    const set = new Set(c.oneOf);
    tests.push((r) => r[column] !== undefined && set.has(r[column] as string));
  }
  if (c.noneOf !== undefined) {
    const set = new Set(c.noneOf);
    tests.push((r) => !set.has(r[column] as string));
  }
  if (c.contains !== undefined) {
    const needle = c.contains.toLowerCase();
    tests.push((r) => lower(r[column])?.includes(needle) === true);
  }
  if (c.containsAny !== undefined) {
    const needles = c.containsAny.map((n) => n.toLowerCase());
    tests.push((r) => {
      const v = lower(r[column]);
      return v !== undefined && needles.some((n) => v.includes(n));
    });
  }
  if (c.startsWith !== undefined) {
    const prefix = c.startsWith.toLowerCase();
    tests.push((r) => lower(r[column])?.startsWith(prefix) === true);
  }
  return (row) => tests.every((t) => t(row));
}

/** Matches event types against exact names and `prefix.*` patterns. */
export function eventTypeMatcher(patterns: readonly string[] | undefined): (eventType: string) => boolean {
  if (patterns === undefined) return () => true;
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (t) => exact.has(t) || prefixes.some((p) => t.startsWith(p));
}

export interface SecurityTags {
  readonly security_relevant: boolean;
  readonly security_category?: string;
  readonly security_severity?: Severity;
  readonly security_tags?: string;
  readonly mitre_attack?: string;
}

/** Build the tagger once per rule set (at cold start); call it per row. */
export function compileTagger(rules: RuleSet): (row: Row) => SecurityTags {
  const escalations = rules.escalations.map((e) => ({
    ...e,
    appliesTo: eventTypeMatcher(e.eventTypes),
    tests: e.when.map(compileCondition),
  }));
  return (row) => {
    const eventType = String(row.event_type);
    const base = rules.eventTypes.get(eventType);
    let category = base?.category;
    let severity: Severity | undefined = base?.severity;
    const attack = new Set(base?.attack ?? []);
    const tags: string[] = [];
    for (const e of escalations) {
      if (!e.appliesTo(eventType) || !e.tests.every((t) => t(row))) continue;
      tags.push(e.id);
      severity = severity === undefined ? e.severity : higher(severity, e.severity);
      category ??= e.category ?? 'other';
      for (const id of e.attack ?? []) attack.add(id);
    }
    if (category === undefined || severity === undefined) return { security_relevant: false };
    return {
      security_relevant: true,
      security_category: category,
      security_severity: severity,
      ...(tags.length > 0 && { security_tags: tags.join(',') }),
      ...(attack.size > 0 && { mitre_attack: [...attack].sort().join(',') }),
    };
  };
}
