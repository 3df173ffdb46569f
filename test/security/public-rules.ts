/**
 * Public single-event detection rules as test events. Each case is one event that
 * fires one public rule (Sigma, Panther, Elastic, Okta customer-detections); its
 * expected severity is read from the taxonomy (scripts/taxonomy/, §2.2 of the
 * research note) by the rule's `source:title` and, where one rule has several
 * levels, a piece of its condition. Rules that need many events (thresholds,
 * sequences, baselines, Elastic new_terms "first occurrence") are not here: they
 * belong in OpenObserve alerts. Bare-event-type cases (the rule fires on the event
 * type alone) are generated from the taxonomy's `basis` in the test.
 */
type Json = Record<string, unknown>;

export interface PublicCase {
  /** `source:title` as the taxonomy writes it (a prefix of its `source`). */
  readonly rule: string;
  readonly event: Json;
  /** A piece of the taxonomy condition, where one rule has several levels for one event type. */
  readonly condition?: string;
  /** Only for rules of §2.4 (no event type, so not in the JSON): the level the note gives. */
  readonly severity?: 'info' | 'low' | 'medium' | 'high' | 'critical';
}

const dd = (debugData: Json): Json => ({ debugContext: { debugData } });
const ADMIN = { id: '0oa1', type: 'AppInstance', alternateId: 'Okta Admin Console', displayName: 'Okta Admin Console' };
const USER = { id: '00u1', type: 'User', alternateId: 'sam.roe@example.com', displayName: 'Sam Roe' };
const PROXY = { securityContext: { isProxy: true, ipDetails: { ipServiceCategories: [{ isAnonymous: true, operator: 'TOR', type: 'Tor' }] } } };
const NEW_DEVICE_GEO = dd({ behaviors: '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=POSITIVE}' });
const SUPPORT = {
  actor: { id: '00u0', type: 'User', alternateId: 'system@okta.com', displayName: 'Okta System' },
  transaction: { type: 'JOB', id: 'unknown' },
};
const ORG2ORG = { id: '0oa2', type: 'AppInstance', alternateId: 'Okta Org2Org', displayName: 'Okta Org2Org' };
const FASTPASS = { outcome: { result: 'FAILURE', reason: 'FastPass declined phishing attempt' } };

export const PUBLIC_CASES: readonly PublicCase[] = [
  // policy.evaluate_sign_on
  { rule: 'sigma:Okta New Admin Console Behaviours', event: { eventType: 'policy.evaluate_sign_on', target: [ADMIN], ...dd({ behaviors: '{New Geo-Location=POSITIVE, New Device=NEGATIVE}' }) } },
  { rule: 'sigma:Okta New Admin Console Behaviours', event: { eventType: 'policy.evaluate_sign_on', target: [ADMIN], ...dd({ logOnlySecurityData: '{"behaviors":{"New City":"POSITIVE"},"risk":{"level":"LOW"}}' }) } },
  { rule: 'panther:Okta.New.Behavior.Accessing.Admin.Console', event: { eventType: 'policy.evaluate_sign_on', target: [ADMIN], ...dd({ behaviors: '{New Device=POSITIVE, New IP=POSITIVE}' }) } },
  { rule: 'okta:Request to access Admin Console from new device or IP', event: { eventType: 'policy.evaluate_sign_on', target: [ADMIN], ...dd({ behaviors: '{New Device=POSITIVE, New IP=POSITIVE}' }) } },
  // sign-ins
  { rule: 'sigma:Potential Okta Password in AlternateID Field', event: { eventType: 'user.session.start', legacyEventType: 'core.user_auth.login_failed', actor: { id: 'unknown', type: 'User', alternateId: 'Hunter2-Summer!' }, outcome: { result: 'FAILURE', reason: 'VERIFICATION_ERROR' } } },
  { rule: 'sigma:Okta User Session Start Via An Anonymising Proxy Service', event: { eventType: 'user.session.start', ...PROXY } },
  { rule: 'panther:Okta.Anonymizing.VPN.Login', condition: 'securityContext.isProxy=true', event: { eventType: 'user.session.start', ...PROXY } },
  { rule: 'panther:Okta.Anonymizing.VPN.Login', condition: 'Apple Private Relay', event: { eventType: 'user.session.start', securityContext: { isProxy: true, ipDetails: { ipServiceCategories: [{ isAnonymous: false, operator: 'APPLE_ICLOUD_RELAY_PROXY', type: 'Proxy' }] } } } },
  { rule: 'okta:User Authenticates from a New Device through a Proxy', event: { eventType: 'user.authentication.sso', outcome: { result: 'SUCCESS' }, ...PROXY, ...NEW_DEVICE_GEO } },
  { rule: 'okta:User Authenticates from a New Device through a Proxy', event: { eventType: 'user.authentication.verify', outcome: { result: 'SUCCESS' }, ...PROXY, ...NEW_DEVICE_GEO } },
  { rule: 'okta:User Authenticates from a New Device through a Proxy', event: { eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'SUCCESS' }, ...PROXY, ...NEW_DEVICE_GEO } },
  { rule: 'panther:Okta.SSO.to.AWS', event: { eventType: 'user.authentication.sso', outcome: { result: 'SUCCESS' }, target: [{ id: '0oa3', type: 'AppInstance', alternateId: 'AWS IAM Identity Center', displayName: 'AWS IAM Identity Center' }] } },
  {
    rule: 'okta:Access to Admin Console with Weak MFA Factor',
    event: { eventType: 'user.authentication.verify', outcome: { result: 'SUCCESS' }, target: [ADMIN, { id: 'aen1', type: 'AuthenticatorEnrollment', displayName: 'Password', detailEntry: { methodTypeUsed: 'Password' } }] },
  },
  // MFA
  { rule: 'sigma:Okta FastPass Phishing Detection', event: { eventType: 'user.authentication.auth_via_mfa', ...FASTPASS } },
  { rule: 'panther:Okta.Phishing.Attempt.Blocked.FastPass', event: { eventType: 'user.authentication.auth_via_mfa', ...FASTPASS } },
  { rule: 'elastic:Okta FastPass Phishing Detection', event: { eventType: 'user.authentication.auth_via_mfa', ...FASTPASS } },
  { rule: 'okta:Okta AiTM Phishing Detection with FastPass', event: { eventType: 'user.authentication.auth_via_mfa', ...FASTPASS } },
  { rule: 'okta:Suspicious MFA Abandonment', event: { eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'UNANSWERED' }, ...PROXY } },
  { rule: 'panther:Okta.User.MFA.Reset.Single', event: { eventType: 'user.mfa.factor.deactivate', outcome: { result: 'SUCCESS', reason: 'User reset SMS factor' } } },
  { rule: 'panther:Okta.User.MFA.Reset.Single', event: { eventType: 'user.mfa.factor.suspend', outcome: { result: 'SUCCESS', reason: 'User reset OKTA_VERIFY factor' } } },
  // Okta support
  { rule: 'panther:Okta.Support.Reset', event: { eventType: 'user.mfa.factor.update', ...SUPPORT } },
  { rule: 'panther:Okta.Support.Reset', event: { eventType: 'user.account.reset_password', ...SUPPORT } },
  { rule: 'panther:Okta.Support.Reset', event: { eventType: 'system.mfa.factor.deactivate', ...SUPPORT } },
  { rule: 'panther:Okta.Support.Reset', event: { eventType: 'user.mfa.attempt_bypass', ...SUPPORT } },
  // privilege
  { rule: 'panther:Okta.AdminRoleAssigned', event: { eventType: 'user.account.privilege.grant', ...dd({ privilegeGranted: 'Super administrator' }) } },
  { rule: 'okta:New Okta Super or Organization Admin Created or Removed', event: { eventType: 'user.account.privilege.grant', ...dd({ privilegeGranted: 'Organization administrator' }) } },
  { rule: 'okta:New Okta Super or Organization Admin Created or Removed', event: { eventType: 'user.account.privilege.revoke', ...dd({ privilegeRevoked: 'Super administrator' }) } },
  { rule: 'okta:Access to Admin Console Denied', event: { eventType: 'user.session.access_admin_app', outcome: { result: 'FAILURE' } } },
  { rule: 'okta:Protected Action Super Admin Password Reset', event: { eventType: 'security.protected_action.attempt', target: [{ id: 'pa1', type: 'ProtectedAction', displayName: 'Reset passwords for super admins' }] } },
  // credentials and apps
  { rule: 'okta:API Token Excessive Network Access', event: { eventType: 'system.api_token.create', ...dd({ networkConnection: 'ANYWHERE' }) } },
  { rule: 'okta:API Token Excessive Network Access', event: { eventType: 'system.api_token.update', ...dd({ networkConnection: 'ANYWHERE' }) } },
  { rule: 'okta:Oauth Mismatched Redirect URI', event: { eventType: 'app.oauth2.token.grant', outcome: { result: 'FAILURE', reason: 'mismatched_redirect_uri' } } },
  { rule: 'panther:Okta.Org2org.Creation.Modification', event: { eventType: 'application.lifecycle.create', target: [ORG2ORG] } },
  { rule: 'panther:Okta.Org2org.Creation.Modification', event: { eventType: 'application.lifecycle.update', target: [ORG2ORG] } },
  { rule: 'panther:Okta.Org2org.Creation.Modification', event: { eventType: 'application.lifecycle.activate', target: [ORG2ORG] } },
  { rule: 'panther:Okta.Password.Extraction.via.SCIM', event: { eventType: 'application.lifecycle.update', outcome: { result: 'SUCCESS', reason: 'Pushing user passwords' } } },
  {
    rule: 'okta:Authentication Policy MFA Downgrade',
    event: {
      eventType: 'policy.rule.update',
      outcome: { result: 'SUCCESS' },
      target: [{ id: 'rul1', type: 'PolicyRule', changeDetails: { from: { policyRuleActionJson: { appSignOn: { verificationMethod: { factorMode: '2FA' } } } }, to: { policyRuleActionJson: { appSignOn: { verificationMethod: { factorMode: '1FA' } } } } } }],
    },
  },
  { rule: 'sigma:Okta 2023 Breach Indicator Of Compromise', event: { eventType: 'user.lifecycle.create', target: [{ ...USER, displayName: 'svc_network_backup' }] } },
  { rule: 'sigma:Okta 2023 Breach Indicator Of Compromise', event: { eventType: 'user.lifecycle.activate', target: [{ ...USER, displayName: 'svc_network_backup' }] } },
  // ThreatInsight and ITP
  { rule: 'elastic:Okta ThreatInsight Threat Suspected Promotion', condition: 'risk_level = HIGH', event: { eventType: 'security.threat.detected', outcome: { result: 'ALLOW' }, ...dd({ risk: '{level=HIGH}' }) } },
  { rule: 'panther:Okta.ThreatInsight.Security.Threat.Detected', condition: 'HIGH/CRITICAL', event: { eventType: 'security.threat.detected', outcome: { result: 'ALLOW' }, ...dd({ threatDetections: '{"Password Spray":"HIGH"}' }) } },
  { rule: 'panther:Okta.ThreatInsight.Security.Threat.Detected', condition: 'outcome.result = DENY', event: { eventType: 'security.threat.detected', outcome: { result: 'DENY' }, ...dd({ threatDetections: '{"Password Spray":"HIGH"}' }) } },
  { rule: 'okta:ThreatInsight - Password Spray', event: { eventType: 'security.threat.detected', outcome: { result: 'ALLOW', reason: 'Password Spray' } } },
  { rule: 'okta:Threat Insight Alert - Login Failure with High Unknown Users', event: { eventType: 'security.threat.detected', outcome: { result: 'ALLOW', reason: 'Login failures with high unknown users count' } } },
  { rule: 'okta:ITP Push Bombing', event: { eventType: 'user.risk.detect', ...dd({ risk: '{level=MEDIUM, detectionName=Brute Force Attack, reasons=MFA brute force}' }) } },
  { rule: 'okta:ITP Okta Threat Intelligence Detection', event: { eventType: 'user.risk.detect', ...dd({ risk: '{level=MEDIUM, detectionName=Okta Threat Intelligence}' }) } },
  { rule: 'okta:ITP Suspected Session Hijacking', event: { eventType: 'user.risk.detect', ...dd({ risk: '{level=MEDIUM, reasons=Associated sessionId is suspected to be hijacked}' }) } },
  { rule: 'okta:ITP User Risk Changed to High', event: { eventType: 'user.risk.detect', ...dd({ risk: '{previousLevel=LOW, level=HIGH}' }) } },
  // §2.4: rules that key on no event type (level as the note gives it)
  { rule: 'sigma:Okta Admin Functions Access Through Proxy', severity: 'medium', event: { eventType: 'user.account.update_profile', ...PROXY, ...dd({ requestUri: '/api/v1/users/00u1/admin' }) } },
  { rule: 'sigma:Okta Password Health Report Query', severity: 'low', event: { eventType: 'user.session.access_admin_app', ...dd({ requestUri: '/reports/password-health/download' }) } },
  { rule: 'elastic:Okta ThreatInsight Threat Suspected Promotion', severity: 'medium', event: { eventType: 'user.session.start', outcome: { result: 'SUCCESS' }, ...dd({ threatSuspected: 'true' }) } },
  { rule: 'elastic:New Okta Authentication Behavior Detected', severity: 'low', event: { eventType: 'user.session.start', ...dd({ behaviors: '{New Device=POSITIVE}' }) } },
  { rule: 'elastic:Okta Admin Console Login Failure', severity: 'low', event: { eventType: 'user.authentication.sso', outcome: { result: 'FAILURE' }, target: [ADMIN] } },
];
