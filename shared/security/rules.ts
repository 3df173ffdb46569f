/**
 * The security rule set: eventType → category, base severity and ATT&CK, plus
 * escalations that raise (or cap) the severity of a single event when conditions
 * on its row or its LogEvent hold. Both are data; users extend or override them
 * with JSON validated here, once, at cold start.
 */
import * as z from 'zod/mini';
import { COLUMN_NAMES, type ColumnName } from '../okta/columns.js';
import { isSafePattern } from './safe-regex.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const snake = () => z.string().check(z.regex(/^[a-z0-9_]+$/, 'lowercase snake_case'));

/** Top-level LogEvent members a `field` path may start with. */
export const EVENT_ROOTS = [
  'uuid', 'published', 'eventType', 'version', 'severity', 'legacyEventType', 'displayMessage', 'actor', 'client',
  'device', 'outcome', 'target', 'transaction', 'debugContext', 'authenticationContext', 'securityContext', 'request',
] as const;

/**
 * A path into the LogEvent: members separated by `.`, a member ending in `[]` is
 * an array whose every element is visited (`target[].type`,
 * `target[].changeDetails.to`, `debugContext.debugData.requestUri`).
 */
const FIELD_PATH = new RegExp(`^(?:${EVENT_ROOTS.join('|')})(?:\\[\\])?(?:\\.[A-Za-z0-9_$@-]+(?:\\[\\])?)*$`);
export const FieldPathSchema = z.string().check(z.regex(FIELD_PATH, 'a path into the LogEvent, e.g. target[].type'));

const MAX_PATTERN_LENGTH = 256;
const PatternSchema = z.string().check(
  z.maxLength(MAX_PATTERN_LENGTH, `a pattern of at most ${MAX_PATTERN_LENGTH} characters`),
  z.refine(isSafePattern, 'not a safe regular expression (see README: Security tagging)'),
);

/** The operators of a test; every one given must hold. */
const OPERATORS = {
  equals: z.optional(scalar),
  oneOf: z.optional(z.array(scalar)),
  noneOf: z.optional(z.array(scalar)),
  contains: z.optional(z.string()),
  containsAny: z.optional(z.array(z.string())),
  startsWith: z.optional(z.string()),
  endsWith: z.optional(z.string()),
  matches: z.optional(PatternSchema),
  gt: z.optional(z.number()),
  gte: z.optional(z.number()),
  lt: z.optional(z.number()),
  lte: z.optional(z.number()),
  present: z.optional(z.boolean()),
};
type Operators = { [K in keyof typeof OPERATORS]?: z.infer<(typeof OPERATORS)[K]> };

const hasOperator = (c: object) => Object.keys(c).some((k) => k in OPERATORS);

/** A test on one output column; in TypeScript a misspelt column does not compile. */
/**
 * Columns written after the tagger runs (its own output, and what is derived from it):
 * a condition on one of them could never hold, so a rule naming one is refused.
 */
export const TAG_OUTPUT_COLUMNS = ['security_relevant', 'security_category', 'security_severity', 'security_tags', 'mitre_attack', 'ocsf_severity_id'] as const satisfies readonly ColumnName[];
/** The columns a condition may test: every catalogued column but the tagger's own output. */
export type ConditionColumn = Exclude<ColumnName, (typeof TAG_OUTPUT_COLUMNS)[number]>;
const CONDITION_COLUMNS = COLUMN_NAMES.filter((c): c is ConditionColumn => !(TAG_OUTPUT_COLUMNS as readonly string[]).includes(c)) as unknown as readonly [ConditionColumn, ...ConditionColumn[]];

export type ColumnTest = Operators & { readonly column: ConditionColumn };
/** A test on a LogEvent member that may have no column (`target[].type`, `debugContext.debugData.X`). */
export type FieldTest = Operators & { readonly field: string };
/**
 * A condition: a test, or a combination of conditions. `contains`, `containsAny`,
 * `startsWith` and `endsWith` compare case-insensitively; `matches` is a regular
 * expression (case-sensitive, JavaScript syntax, `u` flag); `gt`…`lte` compare numbers (and numeric strings, as Okta writes debugData). On a field
 * with several values (`target[].type`) a test holds when any value passes it,
 * except `noneOf`, which holds when no value is in the list.
 */
export type Condition =
  | ColumnTest
  | FieldTest
  | { readonly not: Condition }
  | { readonly anyOf: readonly Condition[] }
  | { readonly allOf: readonly Condition[] };

const ROOTS = ['column', 'field', 'not', 'anyOf', 'allOf'] as const;

/**
 * One object schema for every form (rather than a union), so that an error names
 * the exact member at fault (`when.0.column: not a column of the output row`).
 */
const ConditionObjectSchema = z
  .strictObject({
    column: z.optional(z.enum(CONDITION_COLUMNS, 'not a column of the output row that a rule can test (the security_* columns, mitre_attack and ocsf_severity_id are the rules\' own output)')),
    field: z.optional(FieldPathSchema),
    not: z.optional(z.lazy((): z.ZodMiniType<unknown> => ConditionObjectSchema)),
    anyOf: z.optional(z.array(z.lazy((): z.ZodMiniType<unknown> => ConditionObjectSchema)).check(z.minLength(1))),
    allOf: z.optional(z.array(z.lazy((): z.ZodMiniType<unknown> => ConditionObjectSchema)).check(z.minLength(1))),
    ...OPERATORS,
  })
  .check(
    z.refine((c) => ROOTS.filter((k) => k in c).length === 1, 'a condition has exactly one of column, field, not, anyOf, allOf'),
    z.refine((c) => !('column' in c || 'field' in c) || hasOperator(c), 'a condition needs an operator besides column or field'),
    z.refine((c) => 'column' in c || 'field' in c || !hasOperator(c), 'operators go with a column or a field, not with not/anyOf/allOf'),
  );

/** Validates any {@link Condition}; its TypeScript type is the union above. */
export const ConditionSchema = ConditionObjectSchema as unknown as z.ZodMiniType<Condition>;

/** eventType patterns: exact, or a prefix ending in `*` (`user.authentication.*`). */
const EventTypePatterns = z.array(z.string().check(z.minLength(1)));

export const ATTACK_ID = /^T\d{4}(?:\.\d{3})?$/;
const AttackIds = z.array(z.string().check(z.regex(ATTACK_ID, 'a MITRE ATT&CK technique id such as T1078 or T1078.004')));

export const EscalationSchema = z.strictObject({
  /** Becomes a tag in `security_tags` when the escalation matches. */
  id: snake(),
  severity: SeveritySchema,
  /**
   * `raise` (default): severity becomes at least `severity`. `cap`: severity
   * becomes at most `severity`, after every raise (a cap never makes an event
   * security-relevant).
   */
  action: z.optional(z.enum(['raise', 'cap'])),
  /** Restrict to these event types; all event types when absent. */
  eventTypes: z.optional(EventTypePatterns),
  /** All must hold. */
  when: z.array(ConditionSchema).check(z.minLength(1)),
  /** Category for events whose type is not catalogued. */
  category: z.optional(snake()),
  attack: z.optional(AttackIds),
  description: z.optional(z.string()),
  /** Public rules this escalation follows (`source:rule name`). */
  sources: z.optional(z.array(z.string())),
});
export type Escalation = z.infer<typeof EscalationSchema>;

/** The categories of the taxonomy (column-friendly tokens). */
export const CATEGORIES = [
  'authentication', 'mfa', 'session', 'account_security', 'account_lifecycle', 'privilege_admin', 'support_access',
  'api_credential', 'oauth_token', 'application', 'policy', 'network_zone', 'identity_provider', 'threat_detection',
  'rate_limit', 'directory_agent', 'audit_logging', 'device', 'privileged_access_pam',
] as const;

export const EventTypeRuleSchema = z.strictObject({
  /** A taxonomy category, or a user's own lowercase snake_case one. */
  category: snake(),
  severity: SeveritySchema,
  attack: z.optional(AttackIds),
  /** Public rules keyed on this event type (`source:rule name`). */
  sources: z.optional(z.array(z.string())),
});
export type EventTypeRule = z.infer<typeof EventTypeRuleSchema>;

const ATTACK_LIST = /^(?:T\d{4}(?:\.\d{3})?(?:,T\d{4}(?:\.\d{3})?)*)?$/;

/**
 * The shipped table (`event-types.json`), compact because the Lambda bundles it:
 * category → event type → [base severity, ATT&CK ids comma-separated]. Taxonomy
 * categories only; ids well formed.
 */
export const DefaultEventTypesSchema = z.partialRecord(
  z.enum(CATEGORIES),
  z.record(
    z.string().check(z.regex(/^[a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+$/, 'an Okta event type')),
    // A pair checked by hand: zod's tuple schema would cost the bundle more than this table saves.
    z.pipe(
      z.array(z.string()).check(
        z.refine(
          (r) => r.length === 2 && (SEVERITIES as readonly string[]).includes(r[0] as string) && ATTACK_LIST.test(r[1] as string),
          '[severity, "ATT&CK technique ids, comma-separated"]',
        ),
      ),
      z.transform((r) => r as unknown as readonly [Severity, string]),
    ),
  ),
);

/** The shipped table as rules by event type (an event type listed under two categories is refused). */
export function eventTypeRules(table: z.infer<typeof DefaultEventTypesSchema>): Record<string, EventTypeRule> {
  const out: Record<string, EventTypeRule> = {};
  for (const [category, rows] of Object.entries(table)) {
    for (const [type, [severity, attack]] of Object.entries(rows ?? {})) {
      if (Object.hasOwn(out, type)) throw new Error(`${type}: listed under two categories`);
      out[type] = { category, severity, attack: attack === '' ? [] : attack.split(',') };
    }
  }
  return out;
}

/** Where each row of the table comes from (`event-types.sources.json`, not bundled). */
export const EventTypeSourcesSchema = z.record(
  z.string(),
  z.array(z.string().check(z.regex(/^(?:(?:sigma|panther|elastic|splunk|okta):.+|okta-catalog-only)$/, 'source:rule name'))).check(z.minLength(1)),
);

/**
 * What a user supplies (SECURITY_RULES / SECURITY_RULES_FILE). `eventTypes`
 * entries add or replace catalogue rows; `null` removes one. `escalations` add to
 * the defaults, replacing any default with the same id, or replace them all with
 * `replaceDefaultEscalations: true`. `tests` are ignored by the function and run
 * by `npm run rules -- test`.
 */
export const UserRulesSchema = z.strictObject({
  $schema: z.optional(z.string()),
  eventTypes: z.optional(z.record(z.string(), z.nullable(EventTypeRuleSchema))),
  escalations: z.optional(z.array(EscalationSchema)),
  replaceDefaultEscalations: z.optional(z.boolean()),
  /** Checked by `npm run rules` (tools/rules/schema.ts), not by the function. */
  tests: z.optional(z.array(z.unknown())),
});
export type UserRules = z.infer<typeof UserRulesSchema>;

export interface RuleSet {
  readonly eventTypes: ReadonlyMap<string, EventTypeRule>;
  readonly escalations: readonly Escalation[];
}

/** Defaults overlaid with the user's rules. */
export function mergeRules(
  defaults: { eventTypes: Readonly<Record<string, EventTypeRule>>; escalations: readonly Escalation[] },
  user: UserRules | undefined,
): RuleSet {
  const eventTypes = new Map(Object.entries(defaults.eventTypes));
  for (const [type, rule] of Object.entries(user?.eventTypes ?? {})) {
    if (rule === null) eventTypes.delete(type);
    else eventTypes.set(type, rule);
  }
  const own = user?.escalations ?? [];
  const replaced = new Set(own.map((e) => e.id));
  const base = user?.replaceDefaultEscalations ? [] : defaults.escalations.filter((e) => !replaced.has(e.id));
  return { eventTypes, escalations: [...base, ...own] };
}
