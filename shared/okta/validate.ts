/**
 * Validation in two levels: is this an Okta event at all (else the record
 * fails), and where does it deviate from the documented schema (listed, never
 * rejected).
 */
import type * as z from 'zod/mini';
import { RecordError } from '../errors.js';
import {
  EventBridgeEnvelopeSchema,
  LogEventSchema,
  OktaEventIdentitySchema,
  type EventBridgeEnvelope,
  type OktaEventIdentity,
} from './schema.js';

/** How many deviations `schema_issues` lists before it summarises the rest. */
export const MAX_LISTED_ISSUES = 20;

export interface Unwrapped {
  readonly event: OktaEventIdentity;
  readonly envelope: EventBridgeEnvelope | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Find the LogEvent in a parsed line: the `detail` of an EventBridge envelope, or
 * the line itself (Direct PUT of a bare event). Throws a {@link RecordError} when
 * the line is not an Okta event.
 */
export function unwrapOktaEvent(value: unknown, line: number): Unwrapped {
  if (!isObject(value)) throw new RecordError('not_an_object', line);
  const envelope = 'detail' in value && 'detail-type' in value && EventBridgeEnvelopeSchema.safeParse(value).success;
  const candidate = envelope ? value.detail : value;
  if (!OktaEventIdentitySchema.safeParse(candidate).success) throw new RecordError('not_okta_event', line);
  // Return the input objects themselves, not zod's copies: a copy made by
  // assignment would turn an own `__proto__` key into a prototype and lose it.
  return {
    event: candidate as OktaEventIdentity,
    envelope: envelope ? (value as EventBridgeEnvelope) : undefined,
  };
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

function describe(issue: z.core.$ZodIssue): string[] {
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

/**
 * Deviations of an event from the documented LogEvent schema, as `path: rule`
 * strings. Values are never included: they may be personal data.
 */
export function listSchemaIssues(event: unknown): string[] {
  const result = LogEventSchema.safeParse(event);
  return result.success ? [] : result.error.issues.flatMap(describe);
}

/** The `schema_issues` column: the first {@link MAX_LISTED_ISSUES}, then a count of the rest. */
export function formatSchemaIssues(issues: readonly string[]): string | undefined {
  if (issues.length === 0) return undefined;
  const listed = issues.slice(0, MAX_LISTED_ISSUES).join('; ');
  return issues.length > MAX_LISTED_ISSUES ? `${listed}; (+${issues.length - MAX_LISTED_ISSUES} more)` : listed;
}
