/**
 * Security tagging: base classification from the taxonomy table, escalations
 * from the default rule table, and user rules validated at start.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';
import { DEFAULT_ESCALATIONS } from '../../shared/security/escalations.js';
import EVENT_TYPES from '../../shared/security/event-types.json' with { type: 'json' };
import { SEVERITIES } from '../../shared/security/rules.js';
import { createTransformer } from '../../shared/transform.js';
import type { Json } from '../helpers/samples.js';

const NOW = Date.UTC(2024, 0, 1);
const tagOf = (event: Json, env: Record<string, string> = {}) =>
  createTransformer(loadConfig(env)).transformEvent(
    { uuid: 'u', published: new Date(NOW).toISOString(), ...event },
    1,
    NOW,
  ) as Json;
const rank = (s: unknown) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

describe('Base classification', () => {
  it('tags each catalogued event type with its category, severity and ATT&CK ids from the table', () => {
    for (const [eventType, rule] of Object.entries(EVENT_TYPES)) {
      const r = tagOf({ eventType });
      expect(r.security_relevant, eventType).toBe(true);
      expect(r.security_category).toBe(rule.category);
      expect(r.security_severity).toBe(rule.severity);
      expect(r.mitre_attack).toBe(rule.attack.length > 0 ? [...rule.attack].sort().join(',') : undefined);
    }
  });

  it('marks an uncatalogued, unremarkable event as not security-relevant and adds no other tag columns', () => {
    const r = tagOf({ eventType: 'user.session.end', outcome: { result: 'SUCCESS' } });
    expect(r.security_relevant).toBe(false);
    expect(r.security_category).toBeUndefined();
    expect(r.security_severity).toBeUndefined();
  });
});

describe('Escalations', () => {
  it.each([
    ['an anonymising proxy on sign-in', { eventType: 'user.session.start', securityContext: { isProxy: true } }, 'high', 'sign_in_via_proxy'],
    ['an anonymising proxy on another event', { eventType: 'user.session.end', securityContext: { isProxy: true } }, 'medium', 'anonymizing_proxy'],
    ['ThreatInsight threatSuspected', { eventType: 'user.session.start', debugContext: { debugData: { threatSuspected: 'true' } } }, 'high', 'threat_suspected'],
    ['a HIGH risk level', { eventType: 'policy.evaluate_sign_on', debugContext: { debugData: { risk: '{level=HIGH}' } } }, 'high', 'risk_high'],
    ['a new device behaviour', { eventType: 'user.session.start', debugContext: { debugData: { behaviors: '{New Device=POSITIVE}' } } }, 'low', 'new_device'],
    ['a failed sign-in', { eventType: 'user.session.start', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }, 'low', 'sign_in_failed'],
    ['Admin Console access denied', { eventType: 'user.session.access_admin_app', outcome: { result: 'FAILURE' } }, 'medium', 'admin_console_denied'],
    ['a Super administrator grant', { eventType: 'user.account.privilege.grant', debugContext: { debugData: { privilegeGranted: 'Super administrator, Read only admin' } } }, 'high', 'super_admin_role'],
    ['FastPass blocking phishing', { eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'FAILURE', reason: 'FastPass declined phishing attempt' } }, 'high', 'fastpass_phishing'],
    [
      'Admin Console from a new device and IP',
      {
        eventType: 'policy.evaluate_sign_on',
        target: [{ id: 'a', type: 'AppInstance', alternateId: 'Okta Admin Console', displayName: 'Okta Admin Console' }],
        debugContext: { debugData: { behaviors: '{New Device=POSITIVE, New IP=POSITIVE}' } },
      },
      'high',
      'admin_console_new_device_and_ip',
    ],
  ])('raises severity for %s', (_label, event, severity, tag) => {
    const base = tagOf({ eventType: (event as Json).eventType });
    const r = tagOf(event as Json);
    expect(r.security_relevant).toBe(true);
    expect(r.security_severity).toBe(severity);
    expect(String(r.security_tags).split(',')).toContain(tag);
    expect(rank(r.security_severity)).toBeGreaterThanOrEqual(rank(base.security_severity ?? 'info'));
  });

  it('never lowers a base severity', () => {
    const r = tagOf({ eventType: 'system.log_stream.lifecycle.deactivate', outcome: { result: 'FAILURE' } });
    expect(r.security_severity).toBe('high');
  });

  it('adds the escalation ATT&CK ids to the base ones', () => {
    const r = tagOf({ eventType: 'user.session.end', securityContext: { isProxy: true } });
    expect(r.mitre_attack).toContain('T1090.003');
  });

  it('default escalations have unique ids', () => {
    const ids = DEFAULT_ESCALATIONS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('User rules', () => {
  it('add, override and remove event types', () => {
    const rules = JSON.stringify({
      eventTypes: {
        'user.session.end': { category: 'session', severity: 'low' },
        'user.session.start': { category: 'authentication', severity: 'medium', attack: ['T1078'] },
        'policy.evaluate_sign_on': null,
      },
    });
    expect(tagOf({ eventType: 'user.session.end' }, { SECURITY_RULES: rules })).toMatchObject({ security_category: 'session', security_severity: 'low' });
    expect(tagOf({ eventType: 'user.session.start' }, { SECURITY_RULES: rules })).toMatchObject({ security_severity: 'medium', mitre_attack: 'T1078' });
    expect(tagOf({ eventType: 'policy.evaluate_sign_on' }, { SECURITY_RULES: rules }).security_relevant).toBe(false);
  });

  it('add escalations and replace a default one by id', () => {
    const rules = JSON.stringify({
      escalations: [
        { id: 'vip_target', severity: 'critical', category: 'privilege_admin', when: [{ column: 'target_user_alternate_id', equals: 'ceo@example.com' }] },
        { id: 'sign_in_failed', severity: 'medium', eventTypes: ['user.session.start'], when: [{ column: 'outcome_result', equals: 'FAILURE' }] },
      ],
    });
    const vip = tagOf({ eventType: 'user.account.update_profile', target: [{ id: '1', type: 'User', alternateId: 'ceo@example.com' }] }, { SECURITY_RULES: rules });
    expect(vip).toMatchObject({ security_severity: 'critical', security_tags: 'vip_target' });
    const failed = tagOf({ eventType: 'user.session.start', outcome: { result: 'FAILURE' } }, { SECURITY_RULES: rules });
    expect(failed.security_severity).toBe('medium');
  });

  it.each([
    ['not JSON', '{', /SECURITY_RULES: not valid JSON/],
    ['an unknown column', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'nope', equals: 1 }] }] }), /SECURITY_RULES: escalations\.0\.when\.0\.column/],
    ['an unknown severity', JSON.stringify({ eventTypes: { a: { category: 'x', severity: 'urgent' } } }), /SECURITY_RULES: eventTypes\.a\.severity/],
    ['a condition without operator', JSON.stringify({ escalations: [{ id: 'x', severity: 'high', when: [{ column: 'event_type' }] }] }), /operator/],
  ])('fail the start with a message naming the variable for %s', (_label, value, message) => {
    expect(() => loadConfig({ SECURITY_RULES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SECURITY_RULES: value })).toThrow(message);
  });
});
