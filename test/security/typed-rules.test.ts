/**
 * The default rules are TypeScript checked against the column table: these lines
 * must not compile (each `@ts-expect-error` fails `tsc --noEmit`, part of `npm test`,
 * if the line under it ever type-checks).
 */
import { describe, expect, it } from 'vitest';
import type { Condition, Escalation } from '../../shared/security/rules.js';
import { TAG_COLUMNS, type SecurityTags } from '../../shared/security/tag.js';

describe('typed rules', () => {
  it('rejects misspelt columns at any depth, unknown severities and actions, and tag output that is not a row', () => {
    const nested: Condition = {
      // @ts-expect-error: a misspelt column inside not/anyOf
      not: { anyOf: [{ column: 'outcome_reslt', equals: 'DENY' }] },
    };
    const escalation: Escalation = {
      id: 'x',
      // @ts-expect-error: not a severity
      severity: 'hgh',
      when: [{ column: 'outcome_result', equals: 'DENY' }],
    };
    // @ts-expect-error: not an action
    const action: Escalation['action'] = 'lower';
    // @ts-expect-error: security_severity is one of the severities
    const tags: SecurityTags = { security_relevant: true, security_severity: 'urgent' };
    // @ts-expect-error: not a tag column
    const extra: SecurityTags = { security_relevant: true, security_score: 3 };
    expect([nested, escalation, action, tags, extra]).toHaveLength(5);
    expect(TAG_COLUMNS).toEqual(['security_relevant', 'security_category', 'security_severity', 'security_tags', 'mitre_attack']);
  });
});
