/**
 * Security tagging of one event: base classification by eventType, then every
 * matching escalation raises the severity (or, for `cap`, bounds it) and adds its
 * id to `security_tags`. Rules are compiled once per rule set; the escalations
 * that can apply to an event type (its plan) are worked out once per type.
 */
import type { Row } from '../okta/columns.js';
import { compileCondition, type Predicate, type Subject } from './conditions.js';
import { SEVERITIES, type Escalation, type RuleSet, type Severity } from './rules.js';

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));
const rank = (s: Severity): number => RANK.get(s) ?? 0;
const higher = (a: Severity, b: Severity): Severity => (rank(a) >= rank(b) ? a : b);
const lower = (a: Severity, b: Severity): Severity => (rank(a) <= rank(b) ? a : b);

/** Matches event types against exact names and `prefix.*` patterns. */
export function eventTypeMatcher(patterns: readonly string[] | undefined): (eventType: string) => boolean {
  if (patterns === undefined) return () => true;
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (t) => exact.has(t) || prefixes.some((p) => t.startsWith(p));
}

type TagColumns = 'security_relevant' | 'security_category' | 'security_severity' | 'security_tags' | 'mitre_attack';

/** The tag columns of a row; checked against `Row`, with the severity narrowed to its enum. */
export interface SecurityTags extends Pick<Row, TagColumns> {
  readonly security_relevant: boolean;
  readonly security_severity?: Severity;
}
/** The columns the tagger writes (each one a row column, or this does not compile). */
export const TAG_COLUMNS = ['security_relevant', 'security_category', 'security_severity', 'security_tags', 'mitre_attack'] as const satisfies readonly TagColumns[];

interface Compiled {
  readonly id: string;
  readonly severity: Severity;
  readonly cap: boolean;
  readonly category: string | undefined;
  readonly attack: readonly string[];
  readonly appliesTo: (eventType: string) => boolean;
  readonly test: Predicate;
}

/** Plans kept per event type; Okta has ~1,300 types, so this bound is never reached in practice. */
const MAX_PLANS = 4096;

function compileEscalation(e: Escalation): Compiled {
  const tests = e.when.map(compileCondition);
  return {
    id: e.id,
    severity: e.severity,
    cap: e.action === 'cap',
    category: e.category,
    attack: e.attack ?? [],
    appliesTo: eventTypeMatcher(e.eventTypes),
    test: tests.length === 1 ? (tests[0] as Predicate) : (s) => tests.every((t) => t(s)),
  };
}

export type Tagger = (row: Row, event?: Readonly<Record<string, unknown>>) => SecurityTags;

/**
 * Like {@link Tagger}, but writes the tag columns into `out` (the row itself, in the
 * handler: no object per row to build and merge). The conditions read the row first;
 * the columns are written only after every condition ran, in {@link TAG_COLUMNS} order,
 * and only those a {@link Tagger}'s result would hold.
 */
export type TagWriter = (row: Row, event: Readonly<Record<string, unknown>> | undefined, out: Partial<Record<(typeof TAG_COLUMNS)[number], unknown>>) => void;

/** Build the tagger once per rule set (at cold start); call it per row, with the LogEvent it came from. */
export function compileTagger(rules: RuleSet): Tagger {
  const write = compileTagWriter(rules);
  return (row, event) => {
    const out: Partial<Record<(typeof TAG_COLUMNS)[number], unknown>> = {};
    write(row, event, out);
    return out as SecurityTags;
  };
}

/** {@link compileTagger}'s writer form: the same tags, written into a given object. */
export function compileTagWriter(rules: RuleSet): TagWriter {
  const escalations = rules.escalations.map(compileEscalation);
  const baseAttack = new Map<string, string>();
  for (const [type, rule] of rules.eventTypes) {
    const joined = joinAttack(rule.attack ?? []);
    if (joined !== undefined) baseAttack.set(type, joined);
  }
  const plans = new Map<string, readonly Compiled[]>();
  const planFor = (eventType: string): readonly Compiled[] => {
    let plan = plans.get(eventType);
    if (plan === undefined) {
      plan = escalations.filter((e) => e.appliesTo(eventType));
      if (plans.size < MAX_PLANS) plans.set(eventType, plan);
    }
    return plan;
  };

  return (row, event, out) => {
    const eventType = row.event_type ?? '';
    const base = rules.eventTypes.get(eventType);
    let category = base?.category;
    let severity: Severity | undefined = base?.severity;
    let ceiling: Severity | undefined;
    let attack: Set<string> | undefined;
    let tags: string[] | undefined;
    const subject: Subject = event === undefined ? { row } : { row, event };
    for (const e of planFor(eventType)) {
      if (!e.test(subject)) continue;
      (tags ??= []).push(e.id);
      if (e.cap) {
        ceiling = ceiling === undefined ? e.severity : lower(ceiling, e.severity);
        continue;
      }
      severity = severity === undefined ? e.severity : higher(severity, e.severity);
      category ??= e.category ?? 'other';
      for (const id of e.attack) (attack ??= new Set(base?.attack)).add(id);
    }
    if (category === undefined || severity === undefined) {
      out.security_relevant = false;
      return;
    }
    if (ceiling !== undefined) severity = lower(severity, ceiling);
    const mitre = attack === undefined ? baseAttack.get(eventType) : joinAttack(attack);
    out.security_relevant = true;
    out.security_category = category;
    out.security_severity = severity;
    if (tags !== undefined) out.security_tags = tags.join(',');
    if (mitre !== undefined) out.mitre_attack = mitre;
  };
}

const joinAttack = (ids: Iterable<string>): string | undefined => {
  const sorted = [...new Set(ids)].sort();
  return sorted.length > 0 ? sorted.join(',') : undefined;
};
