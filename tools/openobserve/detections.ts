/**
 * The Okta detections, as data. Each is a scheduled SQL alert: OpenObserve runs
 * `sql(params)` over the last `period` minutes every `frequency` minutes and
 * fires when the number of result rows compares true with `threshold` under
 * `operator` (count-based alert, `src/core/src/alerts/mod.rs`). Thresholds and
 * periods are parameters with defaults; `rule` names the public rule each follows.
 */
import type { ColumnName } from '../../shared/okta/columns.js';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type Severity = 'critical' | 'warning' | 'info';

export interface DetectionParams {
  /** Look-back window, minutes. */
  readonly period: number;
  /** Evaluation interval, minutes. */
  readonly frequency: number;
  readonly [threshold: string]: number;
}

export interface Detection<P extends DetectionParams = DetectionParams> {
  /** Alert name, also the file stem; snake_case (OpenObserve refuses `:`, `/`, spaces and quotes). */
  readonly name: `okta_${string}`;
  /** The `okta:<detection>` tag that identifies the detection. */
  readonly tag: `okta:${string}`;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly mitre: readonly string[];
  readonly rule: { readonly name: string; readonly url: string; readonly logic: string };
  readonly defaults: P;
  /** What each parameter means (for the README and `--help`). */
  readonly paramDocs: { readonly [K in keyof P]: string };
  /** The entity a firing row is about (for deduplication and the row template). */
  readonly entity: readonly ColumnName[];
  /** When it fires, in words, with the parameter values (README table). */
  readonly when: (p: P) => string;
  readonly sql: (from: string, p: P) => string;
  readonly trigger: (p: P) => { readonly operator: Operator; readonly threshold: number };
  readonly rowTemplate: string;
}

/**
 * Rows the relay marked `ingest_delayed` carry their arrival time, not Okta's: a
 * re-driven backlog would otherwise look like a burst. Windowed detections skip them.
 */
const ON_TIME = 'ingest_delayed IS NOT TRUE';
const SIGN_IN = `event_type = 'user.session.start' AND ${ON_TIME}`;
/** What `period` and `frequency` mean in every windowed detection. */
const WINDOW_DOCS = { period: 'look-back window, minutes', frequency: 'evaluation interval, minutes' } as const;
const at_least_one_row = () => ({ operator: '>=', threshold: 1 }) as const;

const detect = <P extends DetectionParams>(d: Detection<P>): Detection => d as unknown as Detection;

export const DETECTIONS: readonly Detection[] = [
  detect({
    name: 'okta_password_spray',
    tag: 'okta:password_spray',
    title: 'Okta password spray from one address',
    severity: 'critical',
    description: 'One client IP address failed to sign in to many distinct Okta accounts within the period: a password spray (T1110.003).',
    mitre: ['T1110.003'],
    rule: {
      name: 'Splunk "Okta Multiple Users Failing To Authenticate From Ip"',
      url: 'https://github.com/splunk/security_content/blob/develop/detections/application/okta_multiple_users_failing_to_authenticate_from_ip.yml',
      logic: 'more than 9 distinct accounts failing user.session.start from one IP in 5 minutes',
    },
    defaults: { period: 15, frequency: 5, accounts: 10 },
    paramDocs: { ...WINDOW_DOCS, accounts: 'distinct accounts failing from one IP' },
    entity: ['client_ip'],
    when: (p) => `one client IP fails user.session.start for at least ${p.accounts} distinct accounts`,
    sql: (s, p) =>
      `SELECT client_ip, COUNT(DISTINCT actor_alternate_id) AS accounts, COUNT(*) AS failures FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'FAILURE' GROUP BY client_ip HAVING COUNT(DISTINCT actor_alternate_id) >= ${p.accounts}`,
    trigger: at_least_one_row,
    rowTemplate: '{client_ip}: {accounts} accounts, {failures} failed sign-ins',
  }),
  detect({
    name: 'okta_brute_force',
    tag: 'okta:brute_force',
    title: 'Okta brute force on one account',
    severity: 'warning',
    description: 'One Okta account failed to sign in many times within the period: password guessing (T1110.001).',
    mitre: ['T1110.001'],
    rule: {
      name: 'Panther "Okta Brute Force Logins" (Okta.BruteForceLogins, now marked deprecated there)',
      url: 'https://github.com/panther-labs/panther-analysis/blob/main/rules/okta_rules/okta_brute_force_logins.yml',
      logic: 'an account failing to sign in more than 5 times in 15 minutes',
    },
    defaults: { period: 15, frequency: 5, failures: 6 },
    paramDocs: { ...WINDOW_DOCS, failures: 'failed sign-ins of one account' },
    entity: ['actor_alternate_id'],
    when: (p) => `one account fails user.session.start at least ${p.failures} times`,
    sql: (s, p) =>
      `SELECT actor_alternate_id, COUNT(*) AS failures, COUNT(DISTINCT client_ip) AS source_ips FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'FAILURE' GROUP BY actor_alternate_id HAVING COUNT(*) >= ${p.failures}`,
    trigger: at_least_one_row,
    rowTemplate: '{actor_alternate_id}: {failures} failed sign-ins from {source_ips} addresses',
  }),
  detect({
    name: 'okta_sign_in_after_failures',
    tag: 'okta:sign_in_after_failures',
    title: 'Okta sign-in succeeded after a burst of failures',
    severity: 'critical',
    description: 'An Okta account signed in successfully after failing several times within the period: a guessed or stuffed password may have worked (T1110).',
    mitre: ['T1110', 'T1078.004'],
    rule: {
      name: 'Panther correlation rule "Brute Force Login Success" (Snowflake.PotentialBruteForceSuccess), applied to Okta sign-ins',
      url: 'https://github.com/panther-labs/panther-analysis/blob/main/correlation_rules/snowflake_potential_brute_force_success.yml',
      logic: 'at least 5 failed logins followed by a successful login within 30 minutes',
    },
    defaults: { period: 30, frequency: 5, failures: 5 },
    paramDocs: { ...WINDOW_DOCS, failures: 'failures before the success' },
    entity: ['actor_alternate_id'],
    when: (p) => `one account has at least ${p.failures} failed user.session.start and then a successful one`,
    sql: (s, p) =>
      `SELECT actor_alternate_id, SUM(CASE WHEN outcome_result = 'FAILURE' THEN 1 ELSE 0 END) AS failures, MAX(CASE WHEN outcome_result = 'SUCCESS' THEN client_ip END) AS success_ip FROM ${s} WHERE ${SIGN_IN} AND outcome_result IN ('SUCCESS', 'FAILURE') GROUP BY actor_alternate_id HAVING SUM(CASE WHEN outcome_result = 'FAILURE' THEN 1 ELSE 0 END) >= ${p.failures} AND MAX(CASE WHEN outcome_result = 'SUCCESS' THEN _timestamp END) > MIN(CASE WHEN outcome_result = 'FAILURE' THEN _timestamp END)`,
    trigger: at_least_one_row,
    rowTemplate: '{actor_alternate_id}: signed in from {success_ip} after {failures} failures',
  }),
  detect({
    name: 'okta_mfa_push_bombing',
    tag: 'okta:mfa_push_bombing',
    title: 'Okta MFA push bombing',
    severity: 'critical',
    description: 'Many Okta Verify pushes to one account were denied, or Identity Engine MFA verifications (user.authentication.auth_via_mfa) failed or went unanswered, within the period: MFA fatigue (T1621).',
    mitre: ['T1621'],
    rule: {
      name: 'Elastic hunting query "Rapid MFA Deny Push Notifications (MFA Bombing)"',
      url: 'https://github.com/elastic/detection-rules/blob/main/hunting/okta/docs/credential_access_mfa_bombing_push_notications.md',
      logic: 'more than 5 deny-push events for one user in 10 minutes',
    },
    defaults: { period: 10, frequency: 5, refusals: 6 },
    paramDocs: { ...WINDOW_DOCS, refusals: 'denied or unanswered MFA challenges of one account' },
    entity: ['actor_alternate_id'],
    when: (p) => `one account has at least ${p.refusals} Okta Verify pushes denied (user.mfa.okta_verify.deny_push) or Identity Engine MFA verifications failed or unanswered (user.authentication.auth_via_mfa)`,
    sql: (s, p) =>
      `SELECT actor_alternate_id, COUNT(*) AS refusals, COUNT(DISTINCT client_ip) AS source_ips FROM ${s} WHERE ${ON_TIME} AND (event_type = 'user.mfa.okta_verify.deny_push' OR (event_type = 'user.authentication.auth_via_mfa' AND outcome_result IN ('FAILURE', 'DENY', 'UNANSWERED', 'ABANDONED'))) GROUP BY actor_alternate_id HAVING COUNT(*) >= ${p.refusals}`,
    trigger: at_least_one_row,
    rowTemplate: '{actor_alternate_id}: {refusals} MFA challenges denied or unanswered',
  }),
  detect({
    name: 'okta_session_roaming',
    tag: 'okta:session_roaming',
    title: 'Okta session used from several networks',
    severity: 'critical',
    description: 'One Okta session id was used from several autonomous systems or addresses within the period: a stolen session cookie replayed elsewhere (T1539, T1550.004).',
    mitre: ['T1539', 'T1550.004'],
    rule: {
      name: 'Panther "Okta Potentially Stolen Session" (Okta.PotentiallyStolenSession)',
      url: 'https://github.com/panther-labs/panther-analysis/blob/main/rules/okta_rules/okta_potentially_stolen_session.py',
      logic: 'one session id used from a second ASN on a different device (user agent); here counted over the period as distinct ASNs or IPs, with 3 networks by default so a phone moving between Wi-Fi and mobile data stays quiet',
    },
    defaults: { period: 60, frequency: 10, asns: 3, ips: 4 },
    paramDocs: {
      ...WINDOW_DOCS,
      asns: 'distinct autonomous systems for one session (2 is common for a phone moving between Wi-Fi and mobile data)',
      ips: 'distinct client addresses for one session',
    },
    entity: ['auth_external_session_id'],
    when: (p) => `one Okta session id (auth_external_session_id) is seen from at least ${p.asns} autonomous systems or ${p.ips} client IPs`,
    sql: (s, p) =>
      `SELECT auth_external_session_id, MAX(actor_alternate_id) AS account, COUNT(DISTINCT security_as_number) AS asns, COUNT(DISTINCT client_ip) AS ips FROM ${s} WHERE ${ON_TIME} AND auth_external_session_id IS NOT NULL AND auth_external_session_id <> 'unknown' GROUP BY auth_external_session_id HAVING COUNT(DISTINCT security_as_number) >= ${p.asns} OR COUNT(DISTINCT client_ip) >= ${p.ips}`,
    trigger: at_least_one_row,
    rowTemplate: 'session {auth_external_session_id} of {account}: {asns} networks, {ips} addresses',
  }),
  detect({
    name: 'okta_multi_country_sign_in',
    tag: 'okta:multi_country_sign_in',
    title: 'Okta sign-ins from several countries',
    severity: 'warning',
    description: 'One Okta account signed in successfully from two or more countries within the period: impossible travel or a shared credential (T1078.004).',
    mitre: ['T1078.004'],
    rule: {
      name: 'Microsoft Sentinel Okta solution "User Login from Different Countries within 3 hours"',
      url: 'https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Okta%20Single%20Sign-On/Analytic%20Rules/LoginfromUsersfromDifferentCountrieswithin3hours.yaml',
      logic: 'successful logins of one user from more than one country within 3 hours (here: 1 hour by default)',
    },
    defaults: { period: 60, frequency: 10, countries: 2 },
    paramDocs: { ...WINDOW_DOCS, countries: 'distinct countries of one account' },
    entity: ['actor_alternate_id'],
    when: (p) => `one account signs in successfully from at least ${p.countries} countries`,
    sql: (s, p) =>
      `SELECT actor_alternate_id, COUNT(DISTINCT client_country) AS countries, MIN(client_country) AS first_country, MAX(client_country) AS last_country FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'SUCCESS' AND client_country IS NOT NULL GROUP BY actor_alternate_id HAVING COUNT(DISTINCT client_country) >= ${p.countries}`,
    trigger: at_least_one_row,
    rowTemplate: '{actor_alternate_id}: signed in from {countries} countries ({first_country}, {last_country})',
  }),
  detect({
    name: 'okta_high_severity_event',
    tag: 'okta:high_severity_event',
    title: 'Okta event rated high or critical',
    severity: 'critical',
    description: 'The relay rated an Okta event high or critical (security_severity): ThreatInsight, anonymising proxy with risk, Super admin grant, FastPass phishing block, Okta-support resets and the other escalation rules.',
    mitre: [],
    rule: {
      name: "the relay's escalation rules (shared/security), compiled from Sigma, Panther, Elastic, Splunk and Okta rules",
      url: 'https://github.com/SigmaHQ/sigma/tree/master/rules/identity/okta',
      logic: 'any single event whose severity after escalation is high or critical',
    },
    defaults: { period: 5, frequency: 5 },
    paramDocs: WINDOW_DOCS,
    entity: ['uuid'],
    when: () => 'any row with security_severity high or critical',
    sql: (s) =>
      `SELECT uuid, event_type, security_severity, security_tags, actor_alternate_id, client_ip FROM ${s} WHERE security_severity IN ('high', 'critical')`,
    trigger: at_least_one_row,
    rowTemplate: '{security_severity} {event_type} by {actor_alternate_id} from {client_ip} [{security_tags}]',
  }),
  detect({
    name: 'okta_admin_privilege_grant',
    tag: 'okta:admin_privilege_grant',
    title: 'Okta Super or Organization administrator granted',
    severity: 'critical',
    description: 'The Super administrator or Organization administrator role was granted to a user or a group (T1098.003).',
    mitre: ['T1098.003'],
    rule: {
      name: 'Panther "Okta Admin Role Assigned" (Okta.AdminRoleAssigned); Sigma "Okta Admin Role Assigned to an User or Group"',
      url: 'https://github.com/panther-labs/panther-analysis/blob/main/rules/okta_rules/okta_admin_role_assigned.yml',
      logic: 'user.account.privilege.grant or group.privilege.grant whose privilegeGranted names Super or Organization administrator',
    },
    defaults: { period: 5, frequency: 5 },
    paramDocs: WINDOW_DOCS,
    entity: ['uuid'],
    when: () => 'user.account.privilege.grant or group.privilege.grant naming Super administrator or Organization administrator',
    sql: (s) =>
      `SELECT uuid, actor_alternate_id, target_user_alternate_id, target_group_display_name, debug_privilege_granted FROM ${s} WHERE event_type IN ('user.account.privilege.grant', 'group.privilege.grant') AND (debug_privilege_granted LIKE '%Super administrator%' OR debug_privilege_granted LIKE '%Organization administrator%')`,
    trigger: at_least_one_row,
    rowTemplate: '{actor_alternate_id} granted {debug_privilege_granted} to {target_user_alternate_id}{target_group_display_name}',
  }),
  detect({
    name: 'okta_silence',
    tag: 'okta:okta_silence',
    title: 'No Okta events arriving',
    severity: 'critical',
    description: 'No Okta event reached the stream within the period. Okta deactivates a log stream after repeated failed deliveries, and the relay, Firehose or EventBridge may be failing: check the log stream in the Okta Admin Console and the Firehose delivery metrics.',
    mitre: [],
    rule: {
      name: 'Okta help "Log streaming": after two failed delivery attempts Okta deactivates the log stream until it is re-activated by hand',
      url: 'https://help.okta.com/en-us/Content/Topics/Reports/log-streaming/about-log-streams.htm',
      logic: 'no events at all for N minutes (an absence check: fires when the query returns no row)',
    },
    defaults: { period: 30, frequency: 10 },
    paramDocs: { period: 'minutes without any event', frequency: 'evaluation interval, minutes' },
    entity: [],
    when: () => 'no row at all arrives',
    sql: (s) => `SELECT _timestamp FROM ${s} ORDER BY _timestamp DESC LIMIT 1`,
    trigger: () => ({ operator: '<', threshold: 1 }),
    rowTemplate: 'no Okta events in the last period',
  }),
];
