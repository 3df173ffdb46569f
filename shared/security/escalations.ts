/**
 * Default escalations: single-event conditions from public detection rules that
 * raise an event's severity (see ../shared/reference/okta-security-taxonomy.md §2).
 * Conditions name output-row columns, so a reader can check them against the
 * column catalogue. Aggregations (thresholds, sequences) belong in OpenObserve
 * alerts, not in a per-record transform.
 */
import type { Escalation } from './rules.js';

const SIGN_IN = ['user.session.start', 'user.authentication.*'];

export const DEFAULT_ESCALATIONS: readonly Escalation[] = [
  {
    id: 'anonymizing_proxy',
    severity: 'medium',
    category: 'threat_detection',
    when: [{ column: 'security_is_proxy', equals: true }],
    attack: ['T1090.003'],
    description: 'Request came through an anonymising proxy, VPN or Tor (Panther Okta.Anonymizing.VPN.Login)',
  },
  {
    id: 'sign_in_via_proxy',
    severity: 'high',
    eventTypes: SIGN_IN,
    when: [{ column: 'security_is_proxy', equals: true }],
    description: 'Sign-in through an anonymising proxy (Sigma: Okta User Session Start Via An Anonymising Proxy Service)',
  },
  {
    id: 'threat_suspected',
    severity: 'high',
    category: 'threat_detection',
    when: [{ column: 'debug_threat_suspected', equals: true }],
    description: 'Okta ThreatInsight flagged the request (Elastic: Okta ThreatInsight Threat Suspected Promotion)',
  },
  {
    id: 'risk_high',
    severity: 'high',
    category: 'threat_detection',
    when: [{ column: 'risk_level', equals: 'HIGH' }],
    description: 'Okta assessed the risk as HIGH',
  },
  {
    id: 'risk_medium',
    severity: 'medium',
    category: 'threat_detection',
    when: [{ column: 'risk_level', equals: 'MEDIUM' }],
    description: 'Okta assessed the risk as MEDIUM',
  },
  {
    id: 'new_device',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'policy.evaluate_sign_on'],
    when: [{ column: 'behaviors_positive', containsAny: ['New Device'] }],
    description: 'Okta behaviour detection: first sign-in from this device',
  },
  {
    id: 'new_location',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'policy.evaluate_sign_on'],
    when: [{ column: 'behaviors_positive', containsAny: ['New Geo-Location', 'New Country', 'New IP', 'Velocity'] }],
    description: 'Okta behaviour detection: new IP, location or impossible velocity',
  },
  {
    id: 'admin_console_new_device_and_ip',
    severity: 'high',
    eventTypes: ['policy.evaluate_sign_on', 'user.session.access_admin_app', ...SIGN_IN],
    when: [
      { column: 'target_app_display_name', contains: 'Okta Admin Console' },
      { column: 'behaviors_positive', contains: 'New Device' },
      { column: 'behaviors_positive', contains: 'New IP' },
    ],
    attack: ['T1078.004'],
    description: 'Admin Console reached from a new device and IP (Panther Okta.New.Behavior.Accessing.Admin.Console)',
  },
  {
    id: 'sign_in_failed',
    severity: 'low',
    eventTypes: [...SIGN_IN, 'app.generic.unauth_app_access_attempt'],
    when: [{ column: 'outcome_result', oneOf: ['FAILURE', 'DENY'] }],
    description: 'Failed sign-in or authentication',
  },
  {
    id: 'admin_console_denied',
    severity: 'medium',
    eventTypes: ['user.session.access_admin_app'],
    when: [{ column: 'outcome_result', oneOf: ['FAILURE', 'DENY'] }],
    description: 'Access to the Admin Console denied (Okta customer-detections)',
  },
  {
    id: 'fastpass_phishing',
    severity: 'high',
    when: [{ column: 'outcome_reason', contains: 'FastPass declined phishing attempt' }],
    attack: ['T1566'],
    description: 'Okta FastPass blocked a phishing (AiTM) sign-in (Sigma, Panther, Elastic, Splunk, Okta)',
  },
  {
    id: 'mfa_abandoned',
    severity: 'low',
    eventTypes: ['user.authentication.auth_via_mfa'],
    when: [{ column: 'outcome_result', oneOf: ['UNANSWERED', 'ABANDONED'] }],
    attack: ['T1621'],
    description: 'MFA challenge left unanswered: a push-fatigue signal',
  },
  {
    id: 'super_admin_role',
    severity: 'high',
    eventTypes: ['user.account.privilege.grant', 'group.privilege.grant', 'user.account.privilege.revoke'],
    when: [{ column: 'debug_privilege_granted', containsAny: ['Super administrator', 'Organization administrator'] }],
    attack: ['T1098.003'],
    description: 'Super or Organization administrator granted (Panther Okta.AdminRoleAssigned, Okta customer-detections)',
  },
  {
    id: 'okta_support_reset',
    severity: 'high',
    eventTypes: ['user.mfa.factor.update', 'user.account.reset_password', 'system.mfa.factor.deactivate', 'user.mfa.attempt_bypass'],
    when: [
      { column: 'actor_alternate_id', equals: 'system@okta.com' },
      { column: 'transaction_id', equals: 'unknown' },
      { column: 'client_user_agent', present: false },
    ],
    description: 'Credential change made by Okta support (Panther Okta.Support.Reset)',
  },
  {
    id: 'threatinsight_high',
    severity: 'high',
    eventTypes: ['security.threat.detected'],
    when: [
      { column: 'debug_threat_detections', containsAny: ['"HIGH"', '"CRITICAL"'] },
      { column: 'outcome_result', noneOf: ['DENY'] },
    ],
    description: 'ThreatInsight detection rated HIGH or CRITICAL and not blocked (Panther)',
  },
  {
    id: 'itp_risk_detection',
    severity: 'high',
    eventTypes: ['user.risk.detect'],
    when: [{ column: 'debug_risk', containsAny: ['level=HIGH', 'Brute Force Attack', 'Okta Threat Intelligence', 'suspected to be hijacked'] }],
    description: 'Identity Threat Protection: push bombing, session hijack, threat intelligence or high risk (Okta)',
  },
  {
    id: 'scim_password_push',
    severity: 'high',
    eventTypes: ['application.lifecycle.update'],
    when: [{ column: 'outcome_reason', contains: 'Pushing user passwords' }],
    description: 'Application set to push user passwords (Panther Okta.Password.Extraction.via.SCIM)',
  },
  {
    id: 'org2org_app',
    severity: 'medium',
    eventTypes: ['application.lifecycle.create', 'application.lifecycle.update', 'application.lifecycle.activate'],
    when: [{ column: 'target_app_display_name', contains: 'Org2Org' }],
    description: 'Org2Org application created or changed (Panther Okta.Org2org.Creation.Modification)',
  },
  {
    id: 'api_token_any_network',
    severity: 'medium',
    eventTypes: ['system.api_token.create', 'system.api_token.update'],
    when: [{ column: 'debug_network_connection', equals: 'ANYWHERE' }],
    description: 'API token usable from any network (Okta customer-detections)',
  },
  {
    id: 'okta_breach_2023_ioc',
    severity: 'medium',
    eventTypes: ['user.lifecycle.create', 'user.lifecycle.activate'],
    when: [{ column: 'target_user_display_name', contains: 'svc_network_backup' }],
    description: 'Account name from the 2023 Okta support breach (Sigma)',
  },
];
