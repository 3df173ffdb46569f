/**
 * A rules file as `npm run rules` reads it: the function's own schema, with the
 * test cases checked too (the function ignores them, so the bundle does not carry
 * their schema).
 */
import * as z from 'zod/mini';
import { SeveritySchema, UserRulesSchema } from '../../shared/security/rules.js';

/** A user's own test case: an event and what the rules must make of it. */
export const RuleTestSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  /** A LogEvent (or an EventBridge envelope around one); uuid and published are filled in when absent. */
  event: z.record(z.string(), z.unknown()),
  expect: z.strictObject({
    security_relevant: z.optional(z.boolean()),
    category: z.optional(z.string()),
    severity: z.optional(SeveritySchema),
    /** Exactly these escalation ids, in any order (`[]` = none). */
    tags: z.optional(z.array(z.string())),
    /** These escalation ids at least. */
    tagsInclude: z.optional(z.array(z.string())),
    /** None of these escalation ids. */
    tagsExclude: z.optional(z.array(z.string())),
  }),
});
export type RuleTest = z.infer<typeof RuleTestSchema>;

export const RulesFileSchema = z.extend(UserRulesSchema, { tests: z.optional(z.array(RuleTestSchema)) });
export type RulesFile = z.infer<typeof RulesFileSchema>;
