/**
 * Traffic for the detections: a synthetic normal day (sign-ins with MFA, SSO to
 * apps, sign-outs, the odd single failure or denied push, a phone switching
 * networks, routine admin work), and one attack scenario per detection, each
 * placed in the minutes before `now`.
 */
import type { EventSpec, Who } from './okta-events.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

const COUNTRIES = [
  { country: 'United States', city: 'Philadelphia', lat: 39.95, lon: -75.16, asn: 7922, asOrg: 'comcast' },
  { country: 'United Kingdom', city: 'London', lat: 51.5, lon: -0.12, asn: 2856, asOrg: 'british telecommunications' },
  { country: 'Germany', city: 'Berlin', lat: 52.52, lon: 13.4, asn: 3320, asOrg: 'deutsche telekom' },
] as const;

export const employee = (i: number): Who => {
  const place = COUNTRIES[i % COUNTRIES.length]!;
  return { login: `employee${i}@example.com`, ip: `198.51.100.${10 + i}`, ...place };
};

const superAdminTarget = (login: string) => [{ type: 'User', id: `00u${login.length}admin`, alternateId: login, displayName: login }];

/** 40 people over the 24 hours before `now`: nothing here should fire an alert. */
export function normalDay(now: number): EventSpec[] {
  const events: EventSpec[] = [];
  const start = now - 24 * HOUR;
  for (let i = 0; i < 40; i += 1) {
    const who = employee(i);
    for (const [n, hour] of [[0, 8 + (i % 3)], [1, 13 + (i % 4)]] as const) {
      const at = start + hour * HOUR + (i * 7 % 50) * MIN;
      const session = `102session${i}x${n}`;
      if (i % 9 === 0 && n === 0) events.push({ at: at - 2 * MIN, type: 'user.session.start', who, result: 'FAILURE', reason: 'INVALID_CREDENTIALS' });
      if (i === 5 && n === 1) events.push({ at: at - MIN, type: 'user.mfa.okta_verify.deny_push', who, result: 'FAILURE', reason: 'User rejected Okta push verify' });
      events.push({ at, type: 'user.session.start', who, session, debug: { factor: 'PASSWORD_AS_FACTOR' } });
      events.push({ at: at + 10_000, type: 'user.authentication.auth_via_mfa', who, session, debug: { factor: 'OKTA_VERIFY_PUSH' } });
      for (let k = 0; k < 3; k += 1) {
        // A phone on Wi-Fi, then on mobile data: one session, two networks.
        const net = i === 7 && k === 2 ? { ...who, ip: '192.0.2.77', asn: 21928, asOrg: 't-mobile' } : who;
        events.push({ at: at + (k + 1) * 5 * MIN, type: 'user.authentication.sso', who: net, session, target: [{ type: 'AppInstance', id: `0oa${k}`, alternateId: `App ${k}`, displayName: `App ${k}` }] });
      }
      events.push({ at: at + 4 * HOUR, type: 'user.session.end', who, session });
    }
  }
  // A service integration asks for a token every 10 minutes, day and night.
  const service: Who = { login: 'provisioning-service@example.com', ip: '198.51.100.250', asn: 16509, asOrg: 'amazon' };
  for (let at = start + 3 * MIN; at < now; at += 10 * MIN) {
    events.push({ at, type: 'app.oauth2.as.token.grant.access_token', who: service, debug: { grantType: 'client_credentials' } });
  }
  const admin = employee(1);
  events.push({ at: start + 10 * HOUR, type: 'user.account.privilege.grant', who: admin, debug: { privilegeGranted: 'Help Desk administrator' }, target: superAdminTarget('employee3@example.com') });
  events.push({ at: start + 11 * HOUR, type: 'policy.rule.update', who: admin, target: [{ type: 'PolicyEntity', id: '00p1', alternateId: 'Default Policy', displayName: 'Default Policy' }, { type: 'PolicyRule', id: '0pr1', alternateId: 'Default Rule', displayName: 'Default Rule' }] });
  events.push({ at: start + 11 * HOUR + MIN, type: 'zone.update', who: admin, target: [{ type: 'NetworkZone', id: 'nzo1', alternateId: 'Office', displayName: 'Office' }] });
  events.push({ at: start + 12 * HOUR, type: 'system.api_token.create', who: admin, target: [{ type: 'Token', id: '00T1', alternateId: 'ci-token', displayName: 'ci-token' }] });
  events.push({ at: start + 12 * HOUR + 5 * MIN, type: 'user.mfa.factor.activate', who: employee(2), target: [{ type: 'AuthenticatorEnrollment', id: 'pfd1', alternateId: 'Okta Verify', displayName: 'Okta Verify' }] });
  events.push({ at: start + 12 * HOUR + 6 * MIN, type: 'user.mfa.factor.reset_all', who: admin, target: superAdminTarget('employee4@example.com') });
  return events.sort((a, b) => a.at - b.at);
}

const ATTACKER = { ip: '203.0.113.50', country: 'Romania', city: 'Bucharest', lat: 44.43, lon: 26.1, asn: 9009, asOrg: 'm247' };

/** One scenario per detection tag, in the 10 minutes before `now`. */
export function attacks(now: number): Record<string, EventSpec[]> {
  const t = (minutesAgo: number, i = 0) => now - minutesAgo * MIN + i * 1000;
  const victim = (i: number): Who => ({ ...employee(i), ...ATTACKER, login: employee(i).login });
  return {
    'okta:password_spray': Array.from({ length: 20 }, (_, i) => ({
      at: t(9, i * 20), type: 'user.session.start', who: victim(i), result: 'FAILURE', reason: 'INVALID_CREDENTIALS',
    })),
    'okta:brute_force': Array.from({ length: 8 }, (_, i) => ({
      at: t(8, i * 30), type: 'user.session.start', who: { ...victim(11), ip: i % 2 === 0 ? ATTACKER.ip : '203.0.113.51' }, result: 'FAILURE', reason: 'INVALID_CREDENTIALS',
    })),
    'okta:sign_in_after_failures': [
      ...Array.from({ length: 6 }, (_, i) => ({ at: t(7, i * 20), type: 'user.session.start', who: victim(12), result: 'FAILURE', reason: 'INVALID_CREDENTIALS' })),
      { at: t(4), type: 'user.session.start', who: victim(12), session: '102stuffed', result: 'SUCCESS' },
    ],
    'okta:mfa_push_bombing': [
      ...Array.from({ length: 4 }, (_, i) => ({ at: t(6, i * 30), type: 'user.mfa.okta_verify.deny_push', who: employee(13), result: 'FAILURE', reason: 'User rejected Okta push verify' })),
      // Identity Engine writes refused or ignored pushes as auth_via_mfa failures.
      ...Array.from({ length: 4 }, (_, i) => ({ at: t(4, i * 30), type: 'user.authentication.auth_via_mfa', who: employee(13), result: i % 2 === 0 ? 'FAILURE' : 'UNANSWERED', debug: { factor: 'OKTA_VERIFY_PUSH' } })),
    ],
    'okta:session_roaming': [
      { at: t(9), type: 'user.session.start', who: employee(14), session: '102roaming' },
      { at: t(6), type: 'user.authentication.sso', who: { ...employee(14), ...ATTACKER }, session: '102roaming' },
      { at: t(3), type: 'user.authentication.sso', who: { ...employee(14), ip: '192.0.2.200', asn: 14061, asOrg: 'digitalocean' }, session: '102roaming' },
    ],
    'okta:multi_country_sign_in': [
      { at: t(9), type: 'user.session.start', who: employee(15), session: '102home' },
      { at: t(2), type: 'user.session.start', who: { ...employee(15), ...ATTACKER }, session: '102abroad' },
    ],
    'okta:high_severity_event': [
      { at: t(3), type: 'user.session.start', who: { ...employee(16), ...ATTACKER }, result: 'FAILURE', reason: 'INVALID_CREDENTIALS', debug: { threatSuspected: 'true' } },
    ],
    'okta:admin_privilege_grant': [
      { at: t(2), type: 'user.account.privilege.grant', who: employee(17), debug: { privilegeGranted: 'Super administrator, Read only admin' }, target: superAdminTarget('employee18@example.com') },
    ],
    // Silence has no events of its own: it is evaluated after the traffic stops.
    'okta:okta_silence': [],
  };
}

/** Rows the threat and health panels have to show: a proxy sign-in, an Okta risk verdict, an event with an undocumented member. */
export function showcase(now: number): EventSpec[] {
  return [
    { at: now - 5 * MIN, type: 'user.session.start', who: { ...employee(20), ...ATTACKER, ip: '192.0.2.99' }, proxy: true, result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    { at: now - 4 * MIN, type: 'policy.evaluate_sign_on', who: employee(21), debug: { risk: '{reasons=Anomalous Device, level=MEDIUM}' } },
    { at: now - 3 * MIN, type: 'user.session.start', who: employee(22), extra: { futureField: 'x' } },
  ];
}
