/**
 * Default escalations: single-event conditions from public detection rules that
 * raise (or cap) an event's severity (see scripts/taxonomy/ and
 * ../shared/reference/okta-security-taxonomy.md §2). Conditions name output-row
 * columns where there is one, so a reader can check them against the column
 * catalogue, and LogEvent paths (`field`) where there is none. Aggregations
 * (thresholds, sequences) belong in OpenObserve alerts, not in a per-record
 * transform. Each has a firing and a near-miss case in default-rules.tests.json,
 * and a note naming its public source in escalation-notes.ts (kept out of the
 * Lambda bundle, which carries only what it runs).
 */
import type { Condition, Escalation } from './rules.js';

const SIGN_IN = ['user.session.start', 'user.authentication.*'];
const NOT_DENIED: Condition = { column: 'outcome_result', noneOf: ['DENY'] };
const DENIED: Condition = { column: 'outcome_result', equals: 'DENY' };
const ADMIN_CONSOLE: Condition = { column: 'target_app_display_name', containsAny: ['Okta Admin Console', 'Okta Administration'] };
/** Apple iCloud Private Relay: a privacy proxy, not an anonymiser (Panther de-escalates it to INFO). */
const APPLE_RELAY: Condition = {
  anyOf: [
    { field: 'securityContext.ipDetails.ipServiceCategories[].operator', containsAny: ['apple', 'icloud'] },
    { field: 'request.ipChain[].ipDetails.ipServiceCategories[].operator', containsAny: ['apple', 'icloud'] },
    { column: 'security_as_org', contains: 'icloud private relay' },
  ],
};
const PROXY: Condition[] = [{ column: 'security_is_proxy', equals: true }, { not: APPLE_RELAY }];

export const DEFAULT_ESCALATIONS: readonly Escalation[] = [
  {
    id: 'anonymizing_proxy',
    severity: 'medium',
    category: 'threat_detection',
    when: PROXY,
    attack: ['T1090.003'],
  },
  {
    id: 'sign_in_via_proxy',
    severity: 'high',
    eventTypes: SIGN_IN,
    when: PROXY,
  },
  {
    id: 'apple_private_relay',
    severity: 'info',
    category: 'threat_detection',
    when: [{ column: 'security_is_proxy', equals: true }, APPLE_RELAY],
  },
  {
    id: 'threat_suspected',
    severity: 'high',
    category: 'threat_detection',
    when: [{ column: 'debug_threat_suspected', equals: true }, NOT_DENIED],
  },
  {
    id: 'risk_high',
    severity: 'high',
    category: 'threat_detection',
    when: [{ column: 'risk_level', equals: 'HIGH' }],
  },
  {
    id: 'risk_medium',
    severity: 'medium',
    category: 'threat_detection',
    when: [{ column: 'risk_level', equals: 'MEDIUM' }],
  },
  {
    id: 'new_device',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'policy.evaluate_sign_on'],
    when: [{ column: 'behaviors_positive', containsAny: ['New Device'] }],
  },
  {
    id: 'new_location',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'policy.evaluate_sign_on'],
    when: [{ column: 'behaviors_positive', containsAny: ['New Geo-Location', 'New Country', 'New State', 'New City', 'New IP', 'Velocity'] }],
  },
  {
    id: 'admin_console_new_behavior',
    severity: 'high',
    eventTypes: ['policy.evaluate_sign_on', 'user.session.access_admin_app', ...SIGN_IN],
    when: [ADMIN_CONSOLE, { column: 'behaviors_positive', present: true }],
    attack: ['T1078.004'],
  },
  {
    id: 'admin_console_weak_factor',
    severity: 'high',
    eventTypes: ['user.authentication.verify'],
    when: [
      { column: 'outcome_result', equals: 'SUCCESS' },
      ADMIN_CONSOLE,
      { field: 'target[].detailEntry.methodTypeUsed', matches: '^(?:[Pp]assword|[Ee]mail|SMS|[Ss]ms|[Ss]ecurity [Qq]uestion|security_question)$' },
    ],
    attack: ['T1078'],
  },
  {
    id: 'sign_in_failed',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'app.generic.unauth_app_access_attempt'],
    when: [{ column: 'outcome_result', oneOf: ['FAILURE', 'DENY'] }],
  },
  {
    id: 'password_in_username',
    severity: 'high',
    eventTypes: ['user.session.start'],
    when: [
      { column: 'legacy_event_type', equals: 'core.user_auth.login_failed' },
      { column: 'actor_alternate_id', present: true },
      { not: { column: 'actor_alternate_id', contains: '@' } },
      { not: { column: 'actor_alternate_id', startsWith: '0oa' } },
      { not: { column: 'actor_alternate_id', oneOf: ['unknown', 'Unknown'] } },
    ],
    attack: ['T1552'],
  },
  {
    id: 'admin_console_denied',
    severity: 'medium',
    eventTypes: ['user.session.access_admin_app'],
    when: [{ column: 'outcome_result', oneOf: ['FAILURE', 'DENY'] }],
  },
  {
    id: 'fastpass_phishing',
    severity: 'high',
    when: [{ column: 'outcome_reason', contains: 'FastPass declined phishing attempt' }],
    attack: ['T1566'],
  },
  {
    id: 'fastpass_suspicious_binary',
    severity: 'medium',
    eventTypes: ['user.authentication.*'],
    when: [
      { column: 'debug_factor', equals: 'SIGNED_NONCE' },
      { column: 'outcome_result', equals: 'SUCCESS' },
      { field: 'authenticationContext.authenticatorContext.bindingMethod', equals: 'LOOPBACK' },
      {
        anyOf: [
          { field: 'authenticationContext.authenticatorContext.validationStatus', equals: 'NO_SIGNATURE' },
          { not: { field: 'authenticationContext.authenticatorContext.binaryIdentifier', containsAny: ['edge', 'chrome', 'firefox', 'safari', 'brave', 'microsoft'] } },
        ],
      },
    ],
  },
  {
    id: 'mfa_abandoned',
    severity: 'low',
    eventTypes: ['user.authentication.auth_via_mfa'],
    when: [{ column: 'outcome_result', oneOf: ['UNANSWERED', 'ABANDONED'] }],
    attack: ['T1621'],
  },
  {
    id: 'mfa_self_reset',
    severity: 'info',
    action: 'cap',
    eventTypes: ['user.mfa.factor.deactivate', 'user.mfa.factor.suspend'],
    when: [{ column: 'outcome_reason', startsWith: 'User reset' }],
  },
  {
    id: 'super_admin_role',
    severity: 'high',
    eventTypes: ['user.account.privilege.grant', 'group.privilege.grant', 'user.account.privilege.revoke', 'group.privilege.revoke'],
    when: [
      {
        anyOf: [
          { column: 'debug_privilege_granted', containsAny: ['Super administrator', 'Organization administrator'] },
          { column: 'debug_privilege_revoked', containsAny: ['Super administrator', 'Organization administrator'] },
        ],
      },
    ],
    attack: ['T1098.003'],
  },
  {
    id: 'okta_support_reset',
    severity: 'high',
    eventTypes: ['user.mfa.factor.update', 'user.account.reset_password', 'system.mfa.factor.deactivate', 'user.mfa.attempt_bypass'],
    when: [
      { column: 'actor_alternate_id', equals: 'system@okta.com' },
      { column: 'transaction_id', equals: 'unknown' },
      { column: 'client_user_agent', present: false },
      { column: 'client_country', present: false },
    ],
  },
  {
    id: 'threatinsight_high',
    severity: 'high',
    eventTypes: ['security.threat.detected'],
    when: [{ column: 'debug_threat_detections', matches: '"HIGH"|=HIGH\\b' }, NOT_DENIED],
  },
  {
    id: 'threatinsight_critical',
    severity: 'critical',
    eventTypes: ['security.threat.detected'],
    when: [{ column: 'debug_threat_detections', matches: '"CRITICAL"|=CRITICAL\\b' }, NOT_DENIED],
  },
  {
    id: 'threatinsight_denied',
    severity: 'info',
    action: 'cap',
    eventTypes: ['security.threat.detected'],
    when: [DENIED],
  },
  {
    id: 'itp_risk_detection',
    severity: 'high',
    eventTypes: ['user.risk.detect'],
    when: [{ column: 'debug_risk', containsAny: ['level=HIGH', 'Brute Force Attack', 'Okta Threat Intelligence', 'suspected to be hijacked'] }],
  },
  {
    id: 'protected_action_super_admin_reset',
    severity: 'high',
    eventTypes: ['security.protected_action.attempt'],
    when: [{ field: 'target[].displayName', equals: 'Reset passwords for super admins' }],
  },
  {
    id: 'mfa_downgrade_policy',
    severity: 'high',
    eventTypes: ['policy.rule.update'],
    when: [
      NOT_DENIED,
      {
        anyOf: [
          { field: 'target[].changeDetails.to.policyRuleActionJson.appSignOn.verificationMethod.factorMode', equals: '1FA' },
          { field: 'target[].changeDetails.to.policyRuleActionJson', contains: '"factorMode":"1FA"' },
        ],
      },
      {
        anyOf: [
          { field: 'target[].changeDetails.from.policyRuleActionJson.appSignOn.verificationMethod.factorMode', equals: '2FA' },
          { field: 'target[].changeDetails.from.policyRuleActionJson', contains: '"factorMode":"2FA"' },
        ],
      },
    ],
    attack: ['T1556.006'],
  },
  {
    id: 'scim_password_push',
    severity: 'high',
    eventTypes: ['application.lifecycle.update'],
    when: [{ column: 'outcome_reason', contains: 'Pushing user passwords' }],
  },
  {
    id: 'org2org_app_created',
    severity: 'high',
    eventTypes: ['application.lifecycle.create'],
    when: [{ column: 'target_app_display_name', contains: 'Org2Org' }],
  },
  {
    id: 'org2org_app',
    severity: 'medium',
    eventTypes: ['application.lifecycle.update', 'application.lifecycle.activate'],
    when: [{ column: 'target_app_display_name', contains: 'Org2Org' }],
  },
  {
    id: 'api_token_any_network',
    severity: 'medium',
    eventTypes: ['system.api_token.create', 'system.api_token.update'],
    when: [{ column: 'debug_network_connection', equals: 'ANYWHERE' }],
  },
  {
    id: 'oauth_mismatched_redirect',
    severity: 'medium',
    eventTypes: ['app.oauth2.token.grant', 'app.oauth2.as.token.grant', 'app.oauth2.authorize.*'],
    when: [{ column: 'outcome_result', equals: 'FAILURE' }, { column: 'outcome_reason', equals: 'mismatched_redirect_uri' }],
  },
  {
    id: 'oauth_public_client_scope_denied',
    severity: 'medium',
    eventTypes: ['app.oauth2.as.token.grant', 'app.oauth2.token.grant'],
    when: [
      { column: 'actor_type', equals: 'PublicClientApp' },
      { column: 'debug_grant_type', equals: 'client_credentials' },
      { column: 'outcome_result', equals: 'FAILURE' },
      { column: 'outcome_reason', equals: 'no_matching_scope' },
    ],
  },
  {
    id: 'password_health_report',
    severity: 'low',
    category: 'application',
    when: [{ column: 'debug_request_uri', contains: '/reports/password-health/' }],
  },
  {
    id: 'okta_breach_2023_ioc',
    severity: 'medium',
    eventTypes: ['user.lifecycle.create', 'user.lifecycle.activate'],
    when: [{ field: 'target[].displayName', contains: 'svc_network_backup' }],
  },
];
