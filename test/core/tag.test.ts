/**
 * Security tagging: base classification from the taxonomy table, escalations
 * that raise or cap severity, and user rules validated at start. Each default
 * escalation's firing and near-miss cases are in test/security/default-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';
import { ESCALATION_NOTES } from '../../shared/security/escalation-notes.js';
import { DEFAULT_ESCALATIONS } from '../../shared/security/escalations.js';
import SHIPPED from '../../shared/security/event-types.json' with { type: 'json' };
import { DefaultEventTypesSchema, EscalationSchema, eventTypeRules } from '../../shared/security/rules.js';
import { compileTagger } from '../../shared/security/tag.js';
import { createTransformer } from '../../shared/transform.js';
import type { Json } from '../helpers/samples.js';

const NOW = Date.UTC(2024, 0, 1);
const shipped = DefaultEventTypesSchema.safeParse(SHIPPED);
const EVENT_TYPES = shipped.success ? eventTypeRules(shipped.data) : {};
const tagOf = (event: Json, env: Record<string, string> = {}) =>
  createTransformer(loadConfig(env)).transformEvent({ uuid: 'u', published: new Date(NOW).toISOString(), ...event }, 1, NOW) as Json;
const tags = (r: Json) => (typeof r.security_tags === 'string' ? r.security_tags.split(',') : []);
const rules = (value: unknown) => ({ SECURITY_RULES: JSON.stringify(value) });

describe('Base classification', () => {
  it('tags each catalogued event type with its category, severity and ATT&CK ids from the table', () => {
    expect(shipped.success).toBe(true);
    for (const [eventType, rule] of Object.entries(EVENT_TYPES)) {
      const r = tagOf({ eventType });
      expect({ eventType, relevant: r.security_relevant, category: r.security_category, severity: r.security_severity, attack: r.mitre_attack }).toEqual({
        eventType,
        relevant: true,
        category: rule.category,
        severity: rule.severity,
        attack: rule.attack !== undefined && rule.attack.length > 0 ? [...rule.attack].sort().join(',') : undefined,
      });
    }
  });

  it('marks an uncatalogued, unremarkable event as not security-relevant and adds no other tag columns', () => {
    const r = tagOf({ eventType: 'user.session.end', outcome: { result: 'SUCCESS' } });
    // Rows carry every column as a slot (undefined when unset): look at the columns that have a value.
    expect(Object.keys(r).filter((k) => (k.startsWith('security_') || k === 'mitre_attack') && r[k] !== undefined)).toEqual(['security_relevant']);
    expect(r.security_relevant).toBe(false);
  });
});

describe('Escalations', () => {
  it('raise severity, never lower it: a low escalation on a high event type leaves it high', () => {
    const r = tagOf({ eventType: 'system.log_stream.lifecycle.deactivate', outcome: { result: 'FAILURE' } });
    expect(r.security_severity).toBe(EVENT_TYPES['system.log_stream.lifecycle.deactivate']?.severity);
    expect(r.security_severity).toBe('high');
  });

  it('add their ATT&CK ids to the base ones, sorted and without duplicates', () => {
    const r = tagOf({ eventType: 'user.session.start', securityContext: { isProxy: true } });
    const base = EVENT_TYPES['user.session.start']?.attack ?? [];
    expect(r.mitre_attack).toBe([...new Set([...base, 'T1090.003'])].sort().join(','));
  });

  it('give an uncatalogued event the escalation category, or other', () => {
    expect(tagOf({ eventType: 'user.session.end', securityContext: { isProxy: true } })).toMatchObject({
      security_category: 'threat_detection',
      security_severity: 'medium',
      security_tags: 'anonymizing_proxy',
    });
    const own = rules({ escalations: [{ id: 'mine', severity: 'low', when: [{ column: 'event_type', equals: 'x.y' }] }] });
    expect(tagOf({ eventType: 'x.y' }, own)).toMatchObject({ security_category: 'other', security_severity: 'low', security_tags: 'mine' });
  });

  it('cap after every raise, whatever the order, and a cap alone makes nothing security-relevant', () => {
    const env = rules({
      escalations: [
        { id: 'cap_first', severity: 'low', action: 'cap', when: [{ column: 'outcome_result', equals: 'DENY' }] },
        { id: 'raise_after', severity: 'critical', when: [{ column: 'outcome_result', equals: 'DENY' }] },
      ],
    });
    expect(tagOf({ eventType: 'user.account.lock', outcome: { result: 'DENY' } }, env)).toMatchObject({
      security_severity: 'low',
      security_tags: 'cap_first,raise_after',
    });
    expect(tagOf({ eventType: 'user.session.end', outcome: { result: 'DENY' } }, rules({ escalations: [{ id: 'c', severity: 'info', action: 'cap', when: [{ column: 'outcome_result', equals: 'DENY' }] }] }))).toEqual(
      expect.objectContaining({ security_relevant: false }),
    );
  });

  it('read members that have no column, from the event itself', () => {
    const env = rules({
      escalations: [{ id: 'group_target', severity: 'high', when: [{ field: 'target[].type', equals: 'UserGroup' }, { field: 'target[].alternateId', endsWith: '-admins' }] }],
    });
    const event = { eventType: 'group.user_membership.add', target: [{ type: 'User', alternateId: 'a@example.com' }, { type: 'UserGroup', alternateId: 'Cloud-Admins' }] };
    expect(tags(tagOf(event, env))).toEqual(['group_target']);
    expect(tags(tagOf({ ...event, target: [{ type: 'UserGroup', alternateId: 'readers' }] }, env))).toEqual([]);
  });

  it('apply only to their event types: exact names and prefix.* patterns', () => {
    const env = rules({ escalations: [{ id: 'family', severity: 'medium', eventTypes: ['user.mfa.*', 'user.account.lock'], when: [{ column: 'outcome_result', equals: 'FAILURE' }] }] });
    expect(tags(tagOf({ eventType: 'user.mfa.factor.activate', outcome: { result: 'FAILURE' } }, env))).toContain('family');
    expect(tags(tagOf({ eventType: 'user.account.lock', outcome: { result: 'FAILURE' } }, env))).toContain('family');
    expect(tags(tagOf({ eventType: 'user.account.lock.limit', outcome: { result: 'FAILURE' } }, env))).not.toContain('family');
  });

  it('give the same answer for an event type seen before (the per-type plan is cached, not stale)', () => {
    const tag = compileTagger(loadConfig({}).rules);
    const row = { event_type: 'user.session.start', security_is_proxy: true } as const;
    const first = tag({ ...row });
    expect(tag({ event_type: 'user.session.start' })).toEqual({ security_relevant: true, security_category: 'authentication', security_severity: 'info', mitre_attack: expect.any(String) });
    expect(tag({ ...row })).toEqual(first);
  });

  it('default escalations pass the schema user rules must pass, safe patterns included', () => {
    for (const e of DEFAULT_ESCALATIONS) {
      const r = EscalationSchema.safeParse(e);
      expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), e.id).toEqual([]);
    }
  });

  it('default escalations have unique ids, and a note each that names its public source', () => {
    const ids = DEFAULT_ESCALATIONS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(ESCALATION_NOTES)).toEqual(ids);
    for (const id of ids) expect(ESCALATION_NOTES[id], id).toMatch(/\((?:Sigma|Panther|Elastic|Okta)\b/);
  });
});

describe('User rules', () => {
  it('add, override and remove event types', () => {
    const env = rules({
      eventTypes: {
        'user.session.end': { category: 'session', severity: 'low' },
        'user.session.start': { category: 'authentication', severity: 'medium', attack: ['T1078'] },
        'policy.evaluate_sign_on': null,
      },
    });
    expect(tagOf({ eventType: 'user.session.end' }, env)).toMatchObject({ security_category: 'session', security_severity: 'low' });
    expect(tagOf({ eventType: 'user.session.start' }, env)).toMatchObject({ security_severity: 'medium', mitre_attack: 'T1078' });
    expect(tagOf({ eventType: 'policy.evaluate_sign_on' }, env).security_relevant).toBe(false);
  });

  it('add escalations, replace a default one by id, or replace them all', () => {
    const env = rules({
      escalations: [
        { id: 'vip_target', severity: 'critical', category: 'privilege_admin', when: [{ column: 'target_user_alternate_id', equals: 'ceo@example.com' }] },
        { id: 'sign_in_failed', severity: 'medium', eventTypes: ['user.session.start'], when: [{ column: 'outcome_result', equals: 'FAILURE' }] },
      ],
    });
    const vip = tagOf({ eventType: 'user.account.update_profile', target: [{ id: '1', type: 'User', alternateId: 'ceo@example.com' }] }, env);
    expect(vip).toMatchObject({ security_severity: 'critical', security_tags: 'vip_target' });
    expect(tagOf({ eventType: 'user.session.start', outcome: { result: 'FAILURE' } }, env).security_severity).toBe('medium');
    const none = rules({ replaceDefaultEscalations: true });
    expect(tagOf({ eventType: 'user.session.start', securityContext: { isProxy: true } }, none)).toMatchObject({ security_severity: 'info' });
  });

  it('may carry test cases, which the function ignores', () => {
    const env = rules({ tests: [{ name: 'n', event: { eventType: 'x' }, expect: { severity: 'low' } }] });
    expect(tagOf({ eventType: 'user.session.start' }, env).security_severity).toBe('info');
  });

  it.each([
    ['not JSON', '{', /SECURITY_RULES: not valid JSON/],
    ['an unknown column', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'nope', equals: 1 }] }] }), /SECURITY_RULES: escalations\.0\.when\.0\.column: not a column/],
    ['a field outside the LogEvent', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ field: 'actr.id', equals: 1 }] }] }), /escalations\.0\.when\.0\.field: a path into the LogEvent/],
    ['an unknown severity', JSON.stringify({ eventTypes: { a: { category: 'x', severity: 'urgent' } } }), /SECURITY_RULES: eventTypes\.a\.severity/],
    ['an unknown action', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', action: 'lower', when: [{ column: 'event_type', equals: 'a' }] }] }), /escalations\.0\.action/],
    ['a condition without operator', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'event_type' }] }] }), /needs an operator/],
    ['a condition with both column and field', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'event_type', field: 'eventType', equals: 'a' }] }] }), /exactly one of column, field, not, anyOf, allOf/],
    ['an operator beside not', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ not: { column: 'event_type', equals: 'a' }, equals: 'b' }] }] }), /operators go with a column or a field/],
    ['a misspelt column inside not', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ not: { anyOf: [{ column: 'outcome_reslt', equals: 'a' }] } }] }] }), /when\.0\.not\.anyOf\.0\.column: not a column/],
    ['an unsafe pattern', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'actor_alternate_id', matches: '^(a+)+$' }] }] }), /matches: not a safe regular expression/],
    ['an invalid pattern', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'actor_alternate_id', matches: '(' }] }] }), /matches: not a safe regular expression/],
    ['a condition on the tagger\'s own output', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'security_severity', equals: 'info' }] }] }), /when\.0\.column: not a column of the output row that a rule can test/],
    ['a malformed ATT&CK id', JSON.stringify({ eventTypes: { a: { category: 'x', severity: 'low', attack: ['1078'] } } }), /eventTypes\.a\.attack\.0: a MITRE ATT&CK technique id/],
  ])('fail the start with a message naming the variable and the member for %s', (_label, value, message) => {
    expect(() => loadConfig({ SECURITY_RULES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SECURITY_RULES: value })).toThrow(message);
  });
});
