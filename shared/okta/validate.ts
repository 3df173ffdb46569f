/**
 * Validation in two levels: is this an Okta event at all (else the record
 * fails), and where does it deviate from the documented schema (listed, never
 * rejected).
 */
import type * as z from 'zod/mini';
import { RecordError } from '../errors.js';
import { isPlainObject } from '../json.js';
import { EventBridgeEnvelopeSchema, LogEventSchema, type EventBridgeEnvelope } from './schema.js';

/** How many deviations `schema_issues` lists before it summarises the rest. */
export const MAX_LISTED_ISSUES = 20;

export interface Validated {
  /** The LogEvent: the input object itself, never a copy. */
  readonly event: LogEventLike;
  readonly envelope: EventBridgeEnvelope | undefined;
  /** Deviations from the documented schema, as `path: rule` (no values). */
  readonly issues: string[];
}

/** What the transform may rely on after validation: an object with a non-empty string eventType. */
export type LogEventLike = Record<string, unknown> & { eventType: string };

/** zod's messages are never shown (issues are described below); skip building them. */
const QUIET = { error: () => '', reportInput: false } as const;

/**
 * Find and validate the LogEvent in a parsed line: the `detail` of an EventBridge
 * envelope, or the line itself (Direct PUT of a bare event). One pass of the
 * documented schema both decides whether this is an Okta event (an issue at
 * `eventType` means it is not: {@link RecordError}) and lists its deviations.
 * The input objects are returned as they are, not zod's copies: a copy made by
 * assignment would turn an own `__proto__` key into a prototype and lose it.
 */
export function validateLine(value: unknown, line: number): Validated {
  if (!isPlainObject(value)) throw new RecordError('not_an_object', line);
  const isEnvelope = 'detail-type' in value && 'detail' in value && EventBridgeEnvelopeSchema.safeParse(value, QUIET).success;
  const candidate = isEnvelope ? value.detail : value;
  const result = LogEventSchema.safeParse(candidate, QUIET);
  const issues = result.success ? [] : result.error.issues;
  if (isNotOkta(issues)) throw new RecordError('not_okta_event', line);
  return {
    event: candidate as LogEventLike,
    envelope: isEnvelope ? (value as EventBridgeEnvelope) : undefined,
    issues: issues.flatMap(describe),
  };
}

/** An issue at `eventType`, or the value is not an object: not an Okta event at all. */
export const isNotOkta = (issues: readonly IssueLike[]): boolean =>
  issues.some((i) => i.path[0] === 'eventType' || (i.path.length === 0 && i.code === 'invalid_type'));

/** What describing an issue reads of it (zod's issues, and the fast path's copies of them). */
export type IssueLike = Pick<z.core.$ZodIssue, 'path'> & (
  | { readonly code: 'unrecognized_keys'; readonly keys: readonly string[] }
  | { readonly code: 'invalid_type'; readonly expected: string }
  | { readonly code: 'invalid_format'; readonly format: string }
  | { readonly code: Exclude<z.core.$ZodIssue['code'], 'unrecognized_keys' | 'invalid_type' | 'invalid_format'> });

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

/** One issue as `path: rule` lines (never the value). */
export function describe(issue: IssueLike): string[] {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${at ? `${at}.` : ''}${k}: unknown field`);
    case 'invalid_type':
      return [`${at}: expected ${issue.expected}`];
    case 'invalid_value':
      return [`${at}: not a documented value`];
    case 'invalid_format':
      return [`${at}: not ${issue.format === 'datetime' ? 'an ISO 8601 UTC timestamp' : issue.format}`];
    case 'invalid_union':
      return [`${at}: matches no documented shape`];
    default:
      return [`${at}: ${issue.code}`];
  }
}

/** The `schema_issues` column: the first {@link MAX_LISTED_ISSUES}, then a count of the rest. */
export function formatSchemaIssues(issues: readonly string[]): string | undefined {
  if (issues.length === 0) return undefined;
  const listed = issues.slice(0, MAX_LISTED_ISSUES).join('; ');
  return issues.length > MAX_LISTED_ISSUES ? `${listed}; (+${issues.length - MAX_LISTED_ISSUES} more)` : listed;
}
