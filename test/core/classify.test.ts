/**
 * Classification of Okta event types: Okta's whole catalogue (1,274 types, release
 * 2026.08.1) through the prefix table, held to OCSF 1.8.0's enumerations as copied
 * from the schema, and the outcome/status/severity of rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { OCSF_CLASSES, OCSF_VERSION, SEVERITY_ID, STATUS } from '../../shared/ocsf/classes.js';
import { EVENT_CATEGORIES, PREFIXES, ROUTES } from '../../shared/okta/classify-rules.js';
import { classifyEventType, eventOutcome, expandPrefixes, ocsfStatusId } from '../../shared/okta/classify.js';
import { createTransformer } from '../../shared/transform.js';
import { catalogue, enumerations, renderTable, TABLE } from '../../scripts/classification.js';

const ocsf = enumerations();
const classByUid = new Map(ocsf.classes.map((c) => [c.uid, c]));
const allPrefixes = Object.values(PREFIXES).flatMap((routes) => Object.values(routes ?? {}).flatMap((list) => expandPrefixes(list as string)));

describe("Okta's event-type catalogue", () => {
  const types = catalogue();

  it('has 1,274 event types, 1,178 of them public (neither beta nor internal)', () => {
    expect(types.length).toBe(1274);
    expect(types.filter(([, , beta, internal]) => !beta && !internal).length).toBe(1178);
  });

  it('gives every type a known category other than "other", and a class and activity of OCSF 1.8.0', () => {
    const problems: string[] = [];
    for (const [id] of types) {
      const c = classifyEventType(id);
      const ocsfClass = classByUid.get(c.classUid);
      if (c.category === 'other' || !EVENT_CATEGORIES.includes(c.category)) problems.push(`${id}: category ${c.category}`);
      if (ocsfClass?.name !== c.className) problems.push(`${id}: class ${c.classUid} ${c.className}`);
      if (ocsfClass?.activity_id[String(c.activityId)] === undefined) problems.push(`${id}: activity ${c.activityId}`);
    }
    // Nothing falls to "other": every first segment of the catalogue has a rule.
    expect(problems).toEqual([]);
  });

  it('is classified exactly as the reviewed table says (run `npm run classification` after changing the rules)', () => {
    expect(readFileSync(TABLE, 'utf8')).toBe(renderTable());
  });

  it('has no dead or repeated prefix in the table: each names a catalogue type or family, once', () => {
    const ids = types.map(([id]) => id);
    const dead = allPrefixes.filter((p) => !ids.some((id) => id === p || id.startsWith(`${p}.`)));
    expect(dead).toEqual([]);
    expect(allPrefixes.length).toBe(new Set(allPrefixes).size);
  });

  it('uses every category of the vocabulary except the fallback', () => {
    const used = new Set(types.map(([id]) => classifyEventType(id).category));
    expect(EVENT_CATEGORIES.filter((c) => !used.has(c))).toEqual(['other']);
  });
});

describe('Classes and activities where the public mappings agree (ocsf/examples Okta v1.3.0, tenzir/library okta)', () => {
  const cases: [string, string, number, number][] = [
    ['user.session.start', 'authentication', 3002, 1],
    ['user.session.end', 'authentication', 3002, 2],
    ['user.authentication.sso', 'authentication', 3002, 1],
    ['user.authentication.auth_via_mfa', 'authentication', 3002, 1],
    ['policy.evaluate_sign_on', 'authentication', 3002, 1],
    ['system.push.send_factor_verify_push', 'mfa', 3002, 6],
    ['user.account.lock', 'account', 3001, 9],
    ['user.account.unlock', 'account', 3001, 12],
    ['user.account.update_password', 'account', 3001, 3],
    ['user.account.reset_password', 'account', 3001, 4],
    ['user.lifecycle.create', 'account', 3001, 1],
    ['user.lifecycle.deactivate', 'account', 3001, 5],
    ['user.lifecycle.delete.initiated', 'account', 3001, 6],
    ['user.mfa.factor.activate', 'mfa', 3001, 10],
    ['user.mfa.factor.deactivate', 'mfa', 3001, 11],
    ['group.user_membership.add', 'group', 3006, 3],
    ['group.user_membership.remove', 'group', 3006, 4],
    ['group.lifecycle.create', 'group', 3006, 6],
    ['group.lifecycle.delete', 'group', 3006, 5],
    ['policy.lifecycle.create', 'policy', 3004, 1],
    ['application.lifecycle.deactivate', 'application', 3004, 11],
    ['zone.create', 'policy', 3004, 1],
    ['device.enrollment.create', 'device', 3004, 6],
    ['security.threat.detected', 'threat', 2004, 1],
    ['user.mfa.attempt_bypass', 'threat', 2004, 1],
    ['user.account.report_suspicious_activity_by_enduser', 'threat', 2004, 1],
    ['system.api_token.create', 'credential', 6003, 1],
    ['app.oauth2.token.revoke', 'oauth', 6003, 4],
    ['system.log_stream.lifecycle.delete', 'system', 6003, 4],
    ['workflows.user.flow.create', 'workflow', 6003, 1],
    // Where the OCSF schema has a closer class than the public mappings used:
    ['user.account.privilege.grant', 'privilege', 3005, 1],
    ['user.account.privilege.revoke', 'privilege', 3005, 2],
    ['group.privilege.grant', 'privilege', 3006, 1],
    ['user.session.access_admin_app', 'authentication', 3003, 1],
  ];
  it.each(cases)('%s → %s, class %i, activity %i', (type, category, classUid, activityId) => {
    const c = classifyEventType(type);
    expect([c.category, c.classUid, c.activityId]).toEqual([category, classUid, activityId]);
  });
});

describe('Event types the catalogue does not list yet', () => {
  it.each([
    ['user.session.brand_new_step', 'authentication', 3002, 1],
    ['user.lifecycle.archive', 'account', 3001, 99],
    ['security.threat.new_kind.detected', 'security', 3004, 99],
    ['app.oauth2.token.grant.new_grant', 'oauth', 6003, 1],
    ['pam.new_thing.create', 'privileged_access', 3004, 1],
    ['brandnew.thing.deleted', 'other', 6003, 4],
    ['nodots', 'other', 6003, 99],
  ])('%s gets its class from its prefix: %s, class %i, activity %i', (type, category, classUid, activityId) => {
    const c = classifyEventType(type);
    expect([c.category, c.classUid, c.activityId]).toEqual([category, classUid, activityId]);
  });

  it('a pathological one (100,000 segments) is classified by its first segments and its verb', () => {
    const c = classifyEventType(`user.${'x.'.repeat(100_000)}create`);
    expect([c.category, c.classUid, c.activityId]).toEqual(['account', 3001, 1]);
  });

  it('are delivered without a schema issue', () => {
    const transformer = createTransformer(loadConfig({}));
    const row = transformer.transformEvent({ uuid: 'u', published: new Date(0).toISOString(), eventType: 'brandnew.thing.deleted' }, 1, 0);
    expect(row).toMatchObject({ event_category: 'other', ocsf_class_uid: 6003, ocsf_class_name: 'API Activity', ocsf_activity_id: 4 });
    expect(row?.schema_issues).toBeUndefined();
  });
});

describe('Outcome and OCSF status', () => {
  it.each([
    ['SUCCESS', 'success', 1],
    ['ALLOW', 'success', 1],
    ['FAILURE', 'failure', 2],
    ['DENY', 'failure', 2],
    ['CHALLENGE', 'unknown', 99],
    ['UNANSWERED', 'unknown', 99],
    ['SKIPPED', 'unknown', 99],
    ['RATE_LIMIT', 'unknown', 99],
    ['UNKNOWN', 'unknown', 0],
    ['SUCCES', 'unknown', 99],
    [undefined, 'unknown', 0],
  ])('outcome.result %s → %s, status_id %i', (result, outcome, status) => {
    const o = eventOutcome(result, classifyEventType('user.session.start').impliedOutcome);
    expect([o, ocsfStatusId(o, result)]).toEqual([outcome, status]);
  });

  it('takes the outcome from the event type when outcome.result does not say success or failure', () => {
    const failure = classifyEventType('user.account.unlock_failure').impliedOutcome;
    expect(failure).toBe('failure');
    expect(eventOutcome(undefined, failure)).toBe('failure');
    expect(eventOutcome('CHALLENGE', failure)).toBe('failure');
    expect(eventOutcome('SUCCESS', failure)).toBe('success');
    expect(classifyEventType('app.radius.agent.listener.succeeded').impliedOutcome).toBe('success');
    expect(classifyEventType('security.request.blocked').impliedOutcome).toBe('failure');
    expect(classifyEventType('user.account.unlock').impliedOutcome).toBeUndefined();
  });

  it('gives ocsf_severity_id from the security severity after escalations, Informational when not security-relevant', () => {
    const transformer = createTransformer(loadConfig({}));
    const at = (extra: Record<string, unknown>) =>
      transformer.transformEvent({ uuid: 'u', published: new Date(0).toISOString(), ...extra }, 1, 0);
    expect(at({ eventType: 'user.session.start', outcome: { result: 'SUCCESS' } })).toMatchObject({ security_severity: 'info', ocsf_severity_id: 1, ocsf_status_id: 1, event_outcome: 'success' });
    expect(at({ eventType: 'user.session.start', outcome: { result: 'FAILURE' }, securityContext: { isProxy: true } })).toMatchObject({ security_severity: 'high', ocsf_severity_id: 4, ocsf_status_id: 2, event_outcome: 'failure' });
    expect(at({ eventType: 'system.theme.update' })).toMatchObject({ security_relevant: false, ocsf_severity_id: 1, ocsf_status_id: 0, event_outcome: 'unknown' });
  });
});

describe(`OCSF ids, held to the enumerations copied from the OCSF schema (shared/ocsf/enumerations.json, ${OCSF_VERSION})`, () => {
  it('gives, in every route of the table, only activity ids of its class', () => {
    const invalid = Object.entries(ROUTES).flatMap(([route, [uid, spec]]) =>
      [...spec.matchAll(/:(\d+)/g)].map((m) => Number(m[1])).filter((id) => classByUid.get(uid)?.activity_id[String(id)] === undefined).map((id) => `${route}: ${id}`));
    expect(invalid).toEqual([]);
  });

  it('is the same schema version', () => {
    expect(ocsf.version).toBe(OCSF_VERSION);
  });

  it('names each class by its uid as the schema does', () => {
    expect(Object.entries(OCSF_CLASSES).map(([uid, name]) => [Number(uid), name]).sort()).toEqual(ocsf.classes.map((c) => [c.uid, c.name]).sort());
  });

  it('writes status_id and severity_id values of the schema, with their meanings', () => {
    const status = JSON.parse(readFileSync(new URL('../../shared/ocsf/enumerations.json', import.meta.url), 'utf8')) as {
      status_id: Record<string, string>;
      severity_id: Record<string, string>;
    };
    expect(Object.entries(STATUS).map(([k, id]) => [k, status.status_id[id]])).toEqual([
      ['unknown', 'Unknown'],
      ['success', 'Success'],
      ['failure', 'Failure'],
      ['other', 'Other'],
    ]);
    expect(Object.entries(SEVERITY_ID).map(([k, id]) => [k, status.severity_id[id]])).toEqual([
      ['info', 'Informational'],
      ['low', 'Low'],
      ['medium', 'Medium'],
      ['high', 'High'],
      ['critical', 'Critical'],
    ]);
  });
});
