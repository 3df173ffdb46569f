/**
 * How an Okta event type is classified: a plain category and an OCSF class, by
 * the longest dot-segment prefix of the event type found below (an exact type is
 * its own longest prefix), and an OCSF activity by the verb that follows it.
 *
 * Compiled from Okta's event-type catalogue (release 2026.08.1,
 * github.com/okta/okta-developer-docs `data/event-types.json`, Apache-2.0), following
 * the public OCSF mappings for Okta (ocsf/examples Okta v1.3.0; tenzir/library okta)
 * and Elastic's categorisation of the catalogue. `test/core/classify.test.ts` walks
 * all 1,274 catalogue types through this table; `npm run classification` writes the
 * result to `test/fixtures/catalogue/okta-event-type-classes.tsv` for review.
 */
import type { OcsfClass } from '../ocsf/classes.js';

/** `event_category` values, plain words a query can use without knowing Okta's names. */
export const EVENT_CATEGORIES = [
  'authentication', // sign-in, SSO, sessions, sign-on policy evaluation, OAuth/OIDC authorize
  'mfa', // factors and authenticators, push and one-time-code challenges
  'account', // user lifecycle, profile, password, lock and unlock
  'privilege', // administrator roles and privilege grants, resource sets
  'group', // groups, their members and group rules
  'application', // app integrations: lifecycle, configuration, assignments
  'provisioning', // imports, app provisioning and sync (SCIM, Office 365, AD/LDAP imports)
  'directory', // directories and their on-premises agents (AD, LDAP, RADIUS, IWA), profile mappings
  'policy', // policies, rules and network zones
  'oauth', // OAuth 2.0 tokens, clients, consents, authorization and resource servers
  'credential', // API tokens, keys, certificates, client secrets
  'device', // devices, device assurance, mobile device management
  'threat', // detections: ThreatInsight, attacks, breached credentials, risk, blocked requests
  'security', // security settings: behaviours, bot and attack protection, trusted origins, blocklists
  'privileged_access', // Okta Privileged Access / Advanced Server Access (pam.*)
  'governance', // Identity Governance: access requests, certifications, entitlements
  'workflow', // Workflows, event and inline hooks
  'identity_provider', // external identity providers
  'notification', // e-mail, SMS and voice messages Okta sends
  'rate_limit', // rate and concurrency limits
  'support', // Okta support access and impersonation
  'workload_identity', // AI agents and workload principals
  'system', // org settings, branding, domains, features, log streaming
  'other', // an event type whose first segment is unknown
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

/** Verbs of create, read, update and delete, shared by Entity Management and API Activity (ids 1–4 in both). */
const CRUD = 'create add register import generate issue:1 read view reveal export download search:2 update change rename save upsert:3 delete remove:4';

/**
 * Routes: an OCSF class (by class_uid) and how the verb of the event type becomes that
 * class's `activity_id`. The verb is the first of the segments after the matched prefix,
 * read from the last one back, that the route knows (for an exact match, the last segment).
 * `words:N` gives activity N to each word; `*:N` to any other verb (else 99 Other).
 * A verb is looked up whole, then its first and last `_` words, then without `d`/`ed`.
 */
export const ROUTES = {
  account: [3001, 'create:1 activate reactivate unsuspend enable:2 update_password:3 reset_password:4 deactivate suspend disable:5 delete:6 lock:9 unlock:12'],
  factor: [3001, 'activate enroll unsuspend:10 deactivate reset_all suspend:11'],
  logon: [3002, 'end slo universal_logout clear expire unbind:2 send:6 grant extend revoke change:99 *:1'],
  session: [3003, '*:1'],
  entity: [3004, `${CRUD} move:5 enroll:6 unenroll:7 enable:8 disable:9 activate:10 deactivate:11 suspend:12 unsuspend resume:13`],
  enroll: [3004, '*:6'],
  privileges: [3005, 'grant:1 revoke:2'],
  group: [3006, 'grant:1 revoke:2 delete:5 create:6'],
  membership: [3006, 'add:3 remove:4'],
  finding: [2004, '*:1 update change:2 end:3'],
  api: [6003, `grant:1 rotate renew:3 revoke:4 ${CRUD}`],
} as const satisfies Record<string, readonly [OcsfClass, string]>;
export type Route = keyof typeof ROUTES;

/**
 * category → route → event-type prefixes, space-separated; `.x` after `head.y` stands
 * for `head.x` (`user.session .mfa` is `user.session user.mfa`). Each prefix appears once.
 */
export const PREFIXES: { readonly [C in EventCategory]?: { readonly [R in Route]?: string } } = {
  authentication: {
    logon:
      'user.session .authentication .device_session .identity_verification policy.evaluate_sign_on .auth_reevaluate application.policy.sign_on.deny_access ' +
      '.integration.authentication_failure app.generic .inbound_del_auth .kerberos_rich_client .oauth2.authorize .oauth2.as.authorize .oauth2.signon ' +
      'device.platform_sso.authentication .password_sync.authentication system.ldapi.bind .ldapi.unbind pam.server.ssh_login',
    session: 'user.session.access_admin_app',
  },
  mfa: {
    logon: 'user.mfa system.push .sms.send_factor_verify_message .voice.send_mfa_challenge_call .email.send_factor_verify_message',
    factor: 'user.mfa.factor .mfa.promote_enrollment .credential system.mfa',
    entity: 'security.authenticator device.desktop_mfa',
  },
  account: { account: 'user scheduled_action', entity: 'user.identity_snapshot' },
  privilege: { privileges: 'user.account.privilege .privileged_account app.oauth2.client.privilege', group: 'group.privilege', entity: 'iam' },
  group: { group: 'group', membership: 'group.user_membership.add .user_membership.remove directory.external.group.membership' },
  application: { entity: 'app application master_application plugin integration' },
  provisioning: {
    entity: 'application.provision .appuser app.office365 .realtimesync .user_management .ad.api.user_import .app_instance.provision_sync_job system.import .csv .identity_sources user.import',
  },
  directory: { entity: 'directory system.agent .agent_pools .directory .iwa .iwa_agentless .iwa_agentless_kerberos .ldapi app.ad .ldap .radius' },
  policy: { entity: 'policy application.policy .registration_policy app.policy zone network_zone' },
  oauth: { api: 'app.oauth2 system.oauth2 app.interclient_mapping', entity: 'oauth2 resource_servers' },
  credential: {
    api: 'system.api_token .idp.lifecycle.read_client_secret application.configuration.read_client_secret app.oauth2.client.read_client_secret core.user_auth',
    entity: 'credential pki app.keys .app_instance.csr system.hook.key',
  },
  device: { entity: 'device mim user.chrome', enroll: 'device.enrollment' },
  threat: {
    finding:
      'security.threat.detected .attack .breached_credential .password_spray .internal .request .session .protected_action.attempt user.risk .mfa.attempt_bypass ' +
      '.account.report_suspicious_activity_by_enduser app.oauth2.token.detect_reuse .oauth2.as.token.detect_reuse',
  },
  security: { entity: 'security org' },
  privileged_access: { entity: 'pam' },
  governance: { entity: 'access certification entitlement governance resource app.access_request .request_new' },
  workflow: { api: 'workflows', entity: 'event_hook inline_hook' },
  identity_provider: { entity: 'system.idp' },
  notification: { api: 'system.email .sms .voice device.custom_push' },
  rate_limit: { api: 'system.client .operation .org.rate_limit .rate_limit core.concurrency workflows.org application.integration.rate_limit_exceeded app.oauth2.client_id_rate_limit_warning' },
  support: { logon: 'user.session.impersonation', account: 'user.account.access_support_user_app', entity: 'support' },
  workload_identity: { entity: 'workload_principal app.ai_agent_provider' },
  system: { entity: 'system account self_service personal task core', api: 'system.log_stream analytics' },
};

/** Route of an event type whose first segment is not in the table (OCSF examples' fallback). */
export const FALLBACK: readonly [EventCategory, Route] = ['other', 'api'];

/** Words in an event type that say the action failed or succeeded, used when `outcome.result` does not. */
export const FAILURE_WORDS = 'failure failed fail error errors denied deny blocked violation timeout exceeded invalid';
export const SUCCESS_WORDS = 'success succeeded successful';
