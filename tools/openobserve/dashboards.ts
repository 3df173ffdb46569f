/**
 * The dashboards, as data: each panel is a title, a chart type and one SQL
 * statement over the stream (OpenObserve's dialect is Apache DataFusion;
 * `histogram(_timestamp[, interval])` is OpenObserve's time bucket). Every
 * column named here is a catalogued column that exists on every relay row
 * schema (test/openobserve/sql.test.ts parses them all).
 */
import type { ColumnName } from '../../shared/okta/columns.js';
import type { DashboardSpec } from './dashboard-kit.js';

const SIGN_IN = `event_type = 'user.session.start'`;
const PRIVILEGE_EVENTS = `event_type IN ('user.account.privilege.grant', 'user.account.privilege.revoke', 'group.privilege.grant', 'group.privilege.revoke')`;
const PUSH_REFUSED = `(event_type = 'user.mfa.okta_verify.deny_push' OR (event_type = 'user.authentication.auth_via_mfa' AND outcome_result IN ('FAILURE', 'DENY', 'UNANSWERED', 'ABANDONED')))`;

/** Rows per time bucket, split by `breakdown`: the axes and SQL of a time-series panel. */
const countOverTime = (breakdown: ColumnName, where: string) => ({
  x: ['x_axis_1'], y: ['y_axis_1'], breakdown: ['breakdown_1'],
  sql: (s: string) => `SELECT histogram(_timestamp) AS x_axis_1, ${breakdown} AS breakdown_1, COUNT(*) AS y_axis_1 FROM ${s} WHERE ${where} GROUP BY x_axis_1, breakdown_1 ORDER BY x_axis_1`,
});

/** Events counted by one column (or an expression over columns), most first: the bar and pie panels' axes and SQL. */
const countBy = (by: ColumnName | `COALESCE(${string})`, where: string, limit?: number) => ({
  x: ['x_axis_1'], y: ['y_axis_1'],
  sql: (s: string) => `SELECT ${by} AS x_axis_1, COUNT(*) AS y_axis_1 FROM ${s} WHERE ${where} GROUP BY x_axis_1 ORDER BY y_axis_1 DESC${limit === undefined ? '' : ` LIMIT ${limit}`}`,
});

export const SIGN_INS: DashboardSpec = {
  slug: 'okta-sign-ins',
  title: 'Okta: sign-ins',
  description: 'Okta sign-ins (user.session.start): outcomes over time, failures by account and source address, where people sign in from, and the factors they use.',
  panels: [
    { type: 'metric', title: 'Sign-ins', description: 'Okta sign-in attempts in the period.', w: 48, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(*) AS y_axis_1 FROM ${s} WHERE ${SIGN_IN}` },
    { type: 'metric', title: 'Failed sign-ins', description: 'Sign-in attempts Okta refused.', w: 48, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(*) AS y_axis_1 FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'FAILURE'` },
    { type: 'metric', title: 'Accounts signing in', description: 'Distinct accounts with a successful sign-in.', w: 48, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(DISTINCT actor_alternate_id) AS y_axis_1 FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'SUCCESS'` },
    { type: 'metric', title: 'Source addresses', description: 'Distinct client IP addresses attempting to sign in.', w: 48, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(DISTINCT client_ip) AS y_axis_1 FROM ${s} WHERE ${SIGN_IN}` },
    { type: 'area-stacked', title: 'Sign-ins by outcome', description: 'Sign-in attempts over time, split by outcome (SUCCESS, FAILURE, ...).', w: 192,
      ...countOverTime('outcome_result', SIGN_IN) },
    { type: 'table', title: 'Failed sign-ins by account', description: 'Accounts with the most refused sign-ins, with how many addresses tried them.',
      x: ['account', 'last_reason'], y: ['failures', 'source_ips'],
      sql: (s) => `SELECT actor_alternate_id AS account, MAX(outcome_reason) AS last_reason, COUNT(*) AS failures, COUNT(DISTINCT client_ip) AS source_ips FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'FAILURE' GROUP BY account ORDER BY failures DESC LIMIT 25` },
    { type: 'table', title: 'Failed sign-ins by source address', description: 'Client addresses with the most refused sign-ins, with how many accounts they tried.',
      x: ['source_ip', 'country', 'as_org'], y: ['failures', 'accounts'],
      sql: (s) => `SELECT client_ip AS source_ip, MAX(client_country) AS country, MAX(security_as_org) AS as_org, COUNT(*) AS failures, COUNT(DISTINCT actor_alternate_id) AS accounts FROM ${s} WHERE ${SIGN_IN} AND outcome_result = 'FAILURE' GROUP BY source_ip ORDER BY failures DESC LIMIT 25` },
    { type: 'geomap', title: 'Where sign-ins come from', description: 'Sign-in attempts by client location (Okta geolocation of the client IP).', w: 192,
      geo: { latitude: 'client_geo_lat', longitude: 'client_geo_lon', weight: 'weight' },
      sql: (s) => `SELECT client_geo_lat AS latitude, client_geo_lon AS longitude, COUNT(*) AS weight FROM ${s} WHERE ${SIGN_IN} AND client_geo_lat IS NOT NULL AND client_geo_lon IS NOT NULL GROUP BY latitude, longitude` },
    { type: 'h-bar', title: 'Sign-ins by country', description: 'Sign-in attempts per client country, split by outcome.',
      x: ['x_axis_1'], y: ['y_axis_1'], breakdown: ['breakdown_1'],
      sql: (s) => `SELECT client_country AS x_axis_1, outcome_result AS breakdown_1, COUNT(*) AS y_axis_1 FROM ${s} WHERE ${SIGN_IN} AND client_country IS NOT NULL GROUP BY x_axis_1, breakdown_1 ORDER BY y_axis_1 DESC LIMIT 50` },
    { type: 'pie', title: 'Factors used', description: 'Authenticators used in sign-ins and MFA verifications (debugData factor).',
      ...countBy('debug_factor', `debug_factor IS NOT NULL AND (${SIGN_IN} OR event_type LIKE 'user.authentication.%')`) },
  ],
};

export const ADMIN: DashboardSpec = {
  slug: 'okta-admin-changes',
  title: 'Okta: admin and privilege changes',
  description: 'Administrator role grants and revokes, API tokens, policy and network-zone changes, and who made them.',
  panels: [
    { type: 'stacked', title: 'Privilege grants and revokes', description: 'Admin role grants and revokes, to users and to groups, over time.', w: 192,
      ...countOverTime('event_type', PRIVILEGE_EVENTS) },
    { type: 'table', title: 'Admin role changes', description: 'Every admin role grant and revoke: who, to whom, which roles.', w: 192,
      x: ['time', 'actor', 'event', 'target_user', 'target_group', 'granted', 'revoked'],
      sql: (s) => `SELECT _timestamp AS time, actor_alternate_id AS actor, event_type AS event, target_user_alternate_id AS target_user, target_group_display_name AS target_group, debug_privilege_granted AS granted, debug_privilege_revoked AS revoked FROM ${s} WHERE ${PRIVILEGE_EVENTS} ORDER BY time DESC LIMIT 200` },
    { type: 'table', title: 'API tokens', description: 'API tokens created, enabled, revoked or deleted.',
      x: ['time', 'actor', 'event', 'token', 'network'],
      sql: (s) => `SELECT _timestamp AS time, actor_alternate_id AS actor, event_type AS event, target_token_display_name AS token, debug_network_connection AS network FROM ${s} WHERE event_type LIKE 'system.api_token.%' ORDER BY time DESC LIMIT 200` },
    { type: 'table', title: 'Policy and network-zone changes', description: 'Policies, policy rules and network zones created, changed, (de)activated or deleted.',
      x: ['time', 'actor', 'event', 'policy', 'rule', 'message'],
      sql: (s) => `SELECT _timestamp AS time, actor_alternate_id AS actor, event_type AS event, target_policy_display_name AS policy, target_policy_rule_display_name AS rule, display_message AS message FROM ${s} WHERE event_type LIKE 'policy.lifecycle.%' OR event_type LIKE 'policy.rule.%' OR event_type LIKE 'zone.%' ORDER BY time DESC LIMIT 200` },
    { type: 'h-bar', title: 'Who made changes', description: 'Actors behind privilege, API-token, policy and zone changes.', w: 192,
      ...countBy('actor_alternate_id', `${PRIVILEGE_EVENTS} OR event_type LIKE 'system.api_token.%' OR event_type LIKE 'policy.lifecycle.%' OR event_type LIKE 'policy.rule.%' OR event_type LIKE 'zone.%'`, 25) },
  ],
};

export const THREATS: DashboardSpec = {
  slug: 'okta-threats',
  title: 'Okta: threats',
  description: 'ThreatInsight verdicts, anonymising proxies, Okta risk levels, and the severity and tags the relay assigned.',
  panels: [
    { type: 'area-stacked', title: 'Security severity over time', description: 'Security-relevant events by the severity the relay assigned.', w: 192,
      ...countOverTime('security_severity', 'security_relevant = true') },
    { type: 'bar', title: 'ThreatInsight', description: 'Events where Okta ThreatInsight suspected a threat, and security.threat.detected events.',
      x: ['x_axis_1'], y: ['y_axis_1'],
      sql: (s) => `SELECT histogram(_timestamp) AS x_axis_1, COUNT(*) AS y_axis_1 FROM ${s} WHERE debug_threat_suspected = true OR event_type = 'security.threat.detected' GROUP BY x_axis_1 ORDER BY x_axis_1` },
    { type: 'pie', title: 'Risk levels', description: 'Risk level Okta assessed (LOW, MEDIUM, HIGH).',
      ...countBy('risk_level', 'risk_level IS NOT NULL') },
    { type: 'table', title: 'Anonymising proxies', description: 'Client addresses Okta flagged as anonymising proxies, and the accounts behind them.',
      x: ['source_ip', 'as_org', 'country'], y: ['events', 'accounts'],
      sql: (s) => `SELECT client_ip AS source_ip, MAX(security_as_org) AS as_org, MAX(client_country) AS country, COUNT(*) AS events, COUNT(DISTINCT actor_alternate_id) AS accounts FROM ${s} WHERE security_is_proxy = true GROUP BY source_ip ORDER BY events DESC LIMIT 25` },
    { type: 'h-bar', title: 'Top security tags', description: 'Escalation rules that matched (security_tags), by number of events.',
      ...countBy('security_tags', 'security_tags IS NOT NULL', 20) },
    { type: 'table', title: 'High and critical events', description: 'The latest events the relay rated high or critical.', w: 192,
      x: ['time', 'severity', 'event', 'actor', 'source_ip', 'tags', 'risk'],
      sql: (s) => `SELECT _timestamp AS time, security_severity AS severity, event_type AS event, actor_alternate_id AS actor, client_ip AS source_ip, security_tags AS tags, risk_level AS risk FROM ${s} WHERE security_severity IN ('high', 'critical') ORDER BY time DESC LIMIT 200` },
  ],
};

export const MFA: DashboardSpec = {
  slug: 'okta-mfa',
  title: 'Okta: MFA',
  description: 'Push denials and unanswered challenges, MFA outcomes, factor enrolments and resets.',
  panels: [
    { type: 'bar', title: 'Push denials and failed MFA', description: 'Okta Verify pushes denied, and Identity Engine MFA verifications that failed or went unanswered.', w: 192,
      ...countOverTime('event_type', PUSH_REFUSED) },
    { type: 'table', title: 'Accounts with most refused pushes', description: 'Accounts whose MFA challenges were denied or not answered most often.',
      x: ['account'], y: ['refused', 'source_ips'],
      sql: (s) => `SELECT actor_alternate_id AS account, COUNT(*) AS refused, COUNT(DISTINCT client_ip) AS source_ips FROM ${s} WHERE ${PUSH_REFUSED} GROUP BY account ORDER BY refused DESC LIMIT 25` },
    { type: 'area-stacked', title: 'MFA verification outcomes', description: 'Identity Engine MFA verifications (user.authentication.auth_via_mfa) by outcome.',
      ...countOverTime('outcome_result', "event_type = 'user.authentication.auth_via_mfa'") },
    { type: 'table', title: 'Factor resets', description: 'Factors reset or deactivated, by whom and for whom.',
      x: ['time', 'actor', 'event', 'target_user', 'factor'],
      sql: (s) => `SELECT _timestamp AS time, actor_alternate_id AS actor, event_type AS event, target_user_alternate_id AS target_user, target_authenticator_display_name AS factor FROM ${s} WHERE event_type IN ('user.mfa.factor.reset_all', 'user.mfa.factor.deactivate', 'system.mfa.factor.deactivate') ORDER BY time DESC LIMIT 200` },
    { type: 'bar', title: 'Factor enrolments', description: 'Factors enrolled (user.mfa.factor.activate), by authenticator.',
      ...countBy(`COALESCE(target_authenticator_display_name, debug_factor, 'unknown')`, "event_type = 'user.mfa.factor.activate'") },
  ],
};

export const RELAY_HEALTH: DashboardSpec = {
  slug: 'okta-relay-health',
  title: 'Okta: relay health',
  description: 'What the relay delivers: events per minute by Okta log stream, rows with schema deviations, rows that arrived late.',
  panels: [
    { type: 'line', title: 'Events per minute by Okta source', description: 'Rows per minute, by EventBridge partner event source (one per Okta log stream). A flat zero means the stream stopped.', w: 192,
      x: ['x_axis_1'], y: ['y_axis_1'], breakdown: ['breakdown_1'],
      sql: (s) => `SELECT histogram(_timestamp, '1 minute') AS x_axis_1, eb_source AS breakdown_1, COUNT(*) AS y_axis_1 FROM ${s} GROUP BY x_axis_1, breakdown_1 ORDER BY x_axis_1` },
    { type: 'metric', title: 'Rows with schema issues', description: 'Rows whose event deviated from the documented LogEvent schema (schema_issues).', w: 64, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(*) AS y_axis_1 FROM ${s} WHERE schema_issues IS NOT NULL` },
    { type: 'metric', title: 'Delayed rows', description: 'Rows older than MAX_EVENT_AGE_SECONDS on arrival (ingest_delayed): their time is the arrival time.', w: 64, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(*) AS y_axis_1 FROM ${s} WHERE ingest_delayed = true` },
    { type: 'metric', title: 'Events', description: 'All rows in the period.', w: 64, y: ['y_axis_1'],
      sql: (s) => `SELECT COUNT(*) AS y_axis_1 FROM ${s}` },
    { type: 'table', title: 'Schema issues', description: 'The deviations found, most frequent first (paths and rules, never values).',
      x: ['issues'], y: ['row_count'],
      sql: (s) => `SELECT schema_issues AS issues, COUNT(*) AS row_count FROM ${s} WHERE schema_issues IS NOT NULL GROUP BY issues ORDER BY row_count DESC LIMIT 50` },
    { type: 'table', title: 'Events by type', description: 'The most frequent event types.',
      x: ['event'], y: ['row_count'],
      sql: (s) => `SELECT event_type AS event, COUNT(*) AS row_count FROM ${s} GROUP BY event ORDER BY row_count DESC LIMIT 50` },
  ],
};

export const DASHBOARDS: readonly DashboardSpec[] = [SIGN_INS, ADMIN, THREATS, MFA, RELAY_HEALTH];
