/**
 * The security rule set: eventType → category, base severity and ATT&CK, plus
 * escalations that raise the severity of a single event when conditions on its
 * row hold. Both are data; users extend or override them with JSON validated here.
 */
import * as z from 'zod/mini';
import { COLUMN_NAMES } from '../okta/columns.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A test on one row column. Every operator given must hold. `contains`,
 * `containsAny` and `startsWith` compare case-insensitively.
 */
export const ConditionSchema = z
  .strictObject({
    /** A catalogued column of the output row; in TypeScript a misspelt name does not compile. */
    column: z.enum(COLUMN_NAMES, 'not a column of the output row'),
    equals: z.optional(scalar),
    oneOf: z.optional(z.array(scalar)),
    noneOf: z.optional(z.array(scalar)),
    contains: z.optional(z.string()),
    containsAny: z.optional(z.array(z.string())),
    startsWith: z.optional(z.string()),
    present: z.optional(z.boolean()),
  })
  .check(z.refine((c) => Object.keys(c).length > 1, 'a condition needs an operator besides column'));
export type Condition = z.infer<typeof ConditionSchema>;

/** eventType patterns: exact, or a prefix ending in `*` (`user.authentication.*`). */
const EventTypePatterns = z.array(z.string().check(z.minLength(1)));

export const EscalationSchema = z.strictObject({
  /** Becomes a tag in `security_tags` when the escalation matches. */
  id: z.string().check(z.regex(/^[a-z0-9_]+$/, 'lowercase snake_case')),
  severity: SeveritySchema,
  /** Restrict to these event types; all event types when absent. */
  eventTypes: z.optional(EventTypePatterns),
  /** All must hold. */
  when: z.array(ConditionSchema).check(z.minLength(1)),
  /** Category for events whose type is not catalogued. */
  category: z.optional(z.string().check(z.regex(/^[a-z0-9_]+$/, 'lowercase snake_case'))),
  attack: z.optional(z.array(z.string())),
  description: z.optional(z.string()),
});
export type Escalation = z.infer<typeof EscalationSchema>;

export const EventTypeRuleSchema = z.strictObject({
  category: z.string().check(z.regex(/^[a-z0-9_]+$/, 'lowercase snake_case')),
  severity: SeveritySchema,
  attack: z.optional(z.array(z.string())),
});
export type EventTypeRule = z.infer<typeof EventTypeRuleSchema>;

/**
 * What a user supplies (SECURITY_RULES / SECURITY_RULES_FILE). `eventTypes`
 * entries add or replace catalogue rows; `null` removes one. `escalations` add to
 * the defaults, replacing any default with the same id, or replace them all with
 * `replaceDefaultEscalations: true`.
 */
export const UserRulesSchema = z.strictObject({
  eventTypes: z.optional(z.record(z.string(), z.nullable(EventTypeRuleSchema))),
  escalations: z.optional(z.array(EscalationSchema)),
  replaceDefaultEscalations: z.optional(z.boolean()),
});
export type UserRules = z.infer<typeof UserRulesSchema>;

export interface RuleSet {
  readonly eventTypes: ReadonlyMap<string, EventTypeRule>;
  readonly escalations: readonly Escalation[];
}

/** Defaults overlaid with the user's rules. */
export function mergeRules(
  defaults: { eventTypes: Record<string, EventTypeRule>; escalations: readonly Escalation[] },
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
