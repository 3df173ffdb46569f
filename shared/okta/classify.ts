/**
 * Classification of a row: `event_category`, `event_outcome` and the OCSF ids, from
 * the prefix table in `classify-rules.ts`. The table is compiled once at cold
 * start; each event type is classified once and remembered, so a row costs a
 * map lookup and its outcome.
 */
import { ACTIVITY_OTHER, OCSF_CLASSES, SEVERITY_ID, STATUS } from '../ocsf/classes.js';
import type { Row } from './columns.js';
import { FAILURE_WORDS, FALLBACK, PREFIXES, ROUTES, SUCCESS_WORDS, type EventCategory, type Route } from './classify-rules.js';

export type EventOutcome = 'success' | 'failure' | 'unknown';

export interface EventTypeClass {
  readonly category: EventCategory;
  readonly classUid: number;
  readonly className: string;
  readonly activityId: number;
  /** What the event type's own name says about the outcome (`...unlock_failure`), if anything. */
  readonly impliedOutcome: 'success' | 'failure' | undefined;
}

interface Rule {
  readonly category: EventCategory;
  readonly uid: number;
  readonly name: string;
  readonly verbs: ReadonlyMap<string, number>;
}

/** `a b:1 c:2 *:3` → a→1, b→1, c→2, and (under '*') the activity of any other verb. */
function compileVerbs(spec: string): Map<string, number> {
  const verbs = new Map<string, number>();
  let words: string[] = [];
  for (const token of spec.split(' ')) {
    const [word, id] = token.split(':') as [string, string | undefined];
    words.push(word);
    if (id === undefined) continue;
    for (const w of words) verbs.set(w, Number(id));
    words = [];
  }
  return verbs;
}

/** Expand one prefix list: `.x` after `head.y` is `head.x`. */
export function expandPrefixes(list: string): string[] {
  let head = '';
  return list.split(' ').map((p) => {
    if (p[0] === '.') return head + p;
    head = p.slice(0, (p + '.').indexOf('.'));
    return p;
  });
}

/** Each route's verbs, compiled once (categories share routes). */
const VERBS = new Map<Route, Map<string, number>>();
function rule(category: EventCategory, route: Route): Rule {
  const [uid, spec] = ROUTES[route];
  let verbs = VERBS.get(route);
  if (verbs === undefined) VERBS.set(route, (verbs = compileVerbs(spec)));
  return { category, uid, name: OCSF_CLASSES[uid], verbs };
}

/** prefix → rule (the test holds every prefix to appear once). */
const RULES = new Map<string, Rule>();
for (const [category, routes] of Object.entries(PREFIXES) as [EventCategory, Record<Route, string>][]) {
  for (const [route, list] of Object.entries(routes) as [Route, string][]) {
    const r = rule(category, route);
    for (const prefix of expandPrefixes(list)) RULES.set(prefix, r);
  }
}
const FALLBACK_RULE = rule(...FALLBACK);
/** Segments of the longest prefix in the table: no longer prefix of an event type can match. */
const MAX_DEPTH = Math.max(...[...RULES.keys()].map((p) => p.split('.').length));
const FAILURE = new Set(FAILURE_WORDS.split(' '));
const SUCCESS = new Set(SUCCESS_WORDS.split(' '));
const WORD_SEPARATORS = /[._-]/;

/** A verb's activity: whole, then its first and last `_` words, then without a past-tense `d`/`ed`. */
function verbActivity(verbs: ReadonlyMap<string, number>, verb: string): number | undefined {
  const w = verb.toLowerCase();
  return verbs.get(w) ?? verbs.get(w.split('_')[0] as string) ?? verbs.get(w.slice(w.lastIndexOf('_') + 1)) ??
    (w.endsWith('ed') ? verbs.get(w.slice(0, -1)) ?? verbs.get(w.slice(0, -2)) : undefined);
}

/** Classify an event type (pure; not remembered). */
export function classifyEventTypeUncached(eventType: string): EventTypeClass {
  const segments = eventType.split('.');
  let n = Math.min(segments.length, MAX_DEPTH);
  let r: Rule | undefined;
  while (n > 0 && (r = RULES.get(segments.slice(0, n).join('.'))) === undefined) n -= 1;
  r ??= FALLBACK_RULE;
  // The verb follows the matched prefix; for an exact match, it is the last segment.
  let activityId: number | undefined;
  for (let i = segments.length - 1; i >= Math.min(n, segments.length - 1) && activityId === undefined; i -= 1) {
    activityId = verbActivity(r.verbs, segments[i] as string);
  }
  const words = eventType.toLowerCase().split(WORD_SEPARATORS);
  return {
    category: r.category,
    classUid: r.uid,
    className: r.name,
    activityId: activityId ?? r.verbs.get('*') ?? ACTIVITY_OTHER,
    impliedOutcome: words.some((w) => FAILURE.has(w)) ? 'failure' : words.some((w) => SUCCESS.has(w)) ? 'success' : undefined,
  };
}

/** Event types seen so far; bounded in number and length, since event types come from the input. */
const seen = new Map<string, EventTypeClass>();

export function classifyEventType(eventType: string): EventTypeClass {
  let c = seen.get(eventType);
  if (c === undefined) {
    c = classifyEventTypeUncached(eventType);
    if (eventType.length <= 256) {
      if (seen.size >= 4096) seen.clear();
      seen.set(eventType, c);
    }
  }
  return c;
}

const OUTCOME_BY_RESULT: Readonly<Record<string, 'success' | 'failure'>> = { SUCCESS: 'success', ALLOW: 'success', FAILURE: 'failure', DENY: 'failure' };

/**
 * `outcome.result` SUCCESS/ALLOW → success, FAILURE/DENY → failure (as Elastic's
 * integration does); any other result, or none, → what the event type's name
 * says, else unknown.
 */
export function eventOutcome(result: string | undefined, implied: EventTypeClass['impliedOutcome']): EventOutcome {
  return (result !== undefined && Object.hasOwn(OUTCOME_BY_RESULT, result) ? OUTCOME_BY_RESULT[result] : implied) ?? 'unknown';
}

/** OCSF status_id: Success, Failure; Other for any other result Okta wrote; Unknown for none. */
export function ocsfStatusId(outcome: EventOutcome, result: string | undefined): number {
  if (outcome !== 'unknown') return STATUS[outcome];
  return result === undefined || result === '' || result === 'UNKNOWN' ? STATUS.unknown : STATUS.other;
}

/** event_category, event_outcome, ocsf_class_uid/name, ocsf_activity_id, ocsf_status_id. */
export function deriveClassification(row: Row): void {
  const c = classifyEventType(row.event_type ?? '');
  const outcome = eventOutcome(row.outcome_result, c.impliedOutcome);
  row.event_category = c.category;
  row.event_outcome = outcome;
  row.ocsf_class_uid = c.classUid;
  row.ocsf_class_name = c.className;
  row.ocsf_activity_id = c.activityId;
  row.ocsf_status_id = ocsfStatusId(outcome, row.outcome_result);
}

/** ocsf_severity_id from the security severity (after tagging); Informational when not security-relevant. */
export function deriveSeverityId(row: Row): void {
  row.ocsf_severity_id = SEVERITY_ID[row.security_severity as keyof typeof SEVERITY_ID] ?? SEVERITY_ID.info;
}
