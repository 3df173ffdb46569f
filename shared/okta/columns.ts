/**
 * The output row, column by column: a declarative table a reader can audit line
 * by line (in the manner of Elastic's Okta field mapping).
 *
 * Every column has one fixed JSON type, so OpenObserve's per-stream schema never
 * flips. Names are lowercase snake_case `[a-z0-9_]`, which OpenObserve's own key
 * normalisation leaves unchanged. The set is closed: a row has no key that is not
 * listed here, so the column count of any batch is bounded by this table.
 *
 * Kinds:
 * - `field`: one Okta (or EventBridge) value, copied when it has the column's type.
 *   These, with `unmapped_json`, are what `restore` rebuilds the event from.
 * - `json`: an object or array of variable shape, kept whole as a JSON string
 *   (also part of the restore).
 * - `derived`: computed for search and tagging (promoted target, debugData parsed
 *   out, security tags, time); ignored by `restore`.
 */

export type ColumnType = 'string' | 'number' | 'boolean';

export interface FieldColumn<N extends string = string, T extends ColumnType = ColumnType> {
  readonly kind: 'field';
  readonly name: N;
  readonly type: T;
  /** Path in the LogEvent (or, for `origin: 'envelope'`, in the EventBridge event). */
  readonly path: readonly string[];
  readonly origin: 'event' | 'envelope';
  readonly meaning: string;
}

export interface JsonColumn<N extends string = string> {
  readonly kind: 'json';
  readonly name: N;
  readonly type: 'string';
  readonly path: readonly string[];
  readonly origin: 'event' | 'envelope';
  /** What JSON value the source must be for the column to take it. */
  readonly accepts: 'object' | 'array';
  readonly meaning: string;
}

export interface DerivedColumn<N extends string = string, T extends ColumnType = ColumnType> {
  readonly kind: 'derived';
  readonly name: N;
  readonly type: T;
  readonly source: string;
  readonly meaning: string;
}

export type Column = FieldColumn | JsonColumn | DerivedColumn;

// Each builder keeps the column's name and type as literal types, so that `ColumnName`
// and `Row` below are inferred from this table and a misspelt column does not compile.
const f = <const N extends string, const T extends ColumnType>(name: N, type: T, path: string, meaning: string): FieldColumn<N, T> =>
  ({ kind: 'field', name, type, path: path.split('.'), origin: 'event', meaning });
const j = <const N extends string>(name: N, accepts: 'object' | 'array', path: string, meaning: string): JsonColumn<N> =>
  ({ kind: 'json', name, type: 'string', path: path.split('.'), origin: 'event', accepts, meaning });
const env = <const N extends string, const T extends ColumnType>(name: N, type: T, key: string, meaning: string): FieldColumn<N, T> =>
  ({ kind: 'field', name, type, path: [key], origin: 'envelope', meaning });
const d = <const N extends string, const T extends ColumnType>(name: N, type: T, source: string, meaning: string): DerivedColumn<N, T> =>
  ({ kind: 'derived', name, type, source, meaning });

/** LogEvent members, copied as they are. */
export const EVENT_COLUMNS = [
  f('uuid', 'string', 'uuid', 'Okta event id; the key to de-duplicate on (delivery is at-least-once)'),
  f('published', 'string', 'published', 'When Okta recorded the event, as Okta wrote it'),
  f('event_type', 'string', 'eventType', 'Okta event type, e.g. user.session.start'),
  f('version', 'string', 'version', 'LogEvent schema version'),
  f('severity', 'string', 'severity', "Okta's own severity: DEBUG, INFO, WARN, ERROR"),
  f('legacy_event_type', 'string', 'legacyEventType', 'Classic Events API type'),
  f('display_message', 'string', 'displayMessage', 'Human-readable description'),

  f('actor_id', 'string', 'actor.id', 'Who acted: Okta id'),
  f('actor_type', 'string', 'actor.type', 'Who acted: User, SystemPrincipal, PublicClientApp, ...'),
  f('actor_alternate_id', 'string', 'actor.alternateId', 'Who acted: login (usually e-mail)'),
  f('actor_display_name', 'string', 'actor.displayName', 'Who acted: display name'),
  j('actor_detail_entry_json', 'object', 'actor.detailEntry', 'Actor details map, JSON'),

  f('client_id', 'string', 'client.id', 'OAuth client or agent id'),
  f('client_zone', 'string', 'client.zone', 'Network zone matched (Okta often writes the string "null")'),
  f('client_device', 'string', 'client.device', 'Client device class: Computer, Mobile, Unknown, ...'),
  f('client_ip', 'string', 'client.ipAddress', 'Client IP address'),
  f('client_user_agent', 'string', 'client.userAgent.rawUserAgent', 'Raw User-Agent'),
  f('client_os', 'string', 'client.userAgent.os', 'Operating system from the User-Agent'),
  f('client_browser', 'string', 'client.userAgent.browser', 'Browser from the User-Agent'),
  f('client_city', 'string', 'client.geographicalContext.city', 'Client city'),
  f('client_state', 'string', 'client.geographicalContext.state', 'Client state or region'),
  f('client_country', 'string', 'client.geographicalContext.country', 'Client country'),
  f('client_postal_code', 'string', 'client.geographicalContext.postalCode', 'Client postal code'),
  f('client_geo_lat', 'number', 'client.geographicalContext.geolocation.lat', 'Client latitude'),
  f('client_geo_lon', 'number', 'client.geographicalContext.geolocation.lon', 'Client longitude'),

  f('device_id', 'string', 'device.id', 'Okta Verify / FastPass device id'),
  f('device_name', 'string', 'device.name', 'Device name'),
  f('device_os_platform', 'string', 'device.os_platform', 'Device OS platform'),
  f('device_os_version', 'string', 'device.os_version', 'Device OS version'),
  f('device_managed', 'boolean', 'device.managed', 'Device is managed'),
  f('device_registered', 'boolean', 'device.registered', 'Device is registered'),
  f('device_integrator', 'string', 'device.device_integrator', 'Device integrators (when Okta sends a string)'),
  f('device_disk_encryption_type', 'string', 'device.disk_encryption_type', 'Disk encryption'),
  f('device_screen_lock_type', 'string', 'device.screen_lock_type', 'Screen lock'),
  f('device_jailbreak', 'boolean', 'device.jailbreak', 'Device is jailbroken'),
  f('device_secure_hardware_present', 'boolean', 'device.secure_hardware_present', 'Secure hardware present'),

  f('outcome_result', 'string', 'outcome.result', 'SUCCESS, FAILURE, ALLOW, DENY, CHALLENGE, ...'),
  f('outcome_reason', 'string', 'outcome.reason', 'Why the outcome was what it was'),

  j('target_json', 'array', 'target', 'All targets, JSON array (see the target_* columns for the first of each type)'),

  f('transaction_type', 'string', 'transaction.type', 'WEB or JOB'),
  f('transaction_id', 'string', 'transaction.id', 'Transaction (request) id'),
  j('transaction_detail_json', 'object', 'transaction.detail', 'Transaction details, JSON'),

  j('debug_data_json', 'object', 'debugContext.debugData', 'All debugData, JSON (useful keys also as debug_* columns)'),

  f('auth_provider', 'string', 'authenticationContext.authenticationProvider', 'Authentication provider'),
  f('auth_credential_provider', 'string', 'authenticationContext.credentialProvider', 'Credential provider'),
  f('auth_credential_type', 'string', 'authenticationContext.credentialType', 'Credential type'),
  f('auth_issuer_id', 'string', 'authenticationContext.issuer.id', 'Identity provider id'),
  f('auth_issuer_type', 'string', 'authenticationContext.issuer.type', 'Identity provider type'),
  f('auth_interface', 'string', 'authenticationContext.interface', 'Interface used'),
  f('auth_step', 'number', 'authenticationContext.authenticationStep', 'Authentication step'),
  f('auth_external_session_id', 'string', 'authenticationContext.externalSessionId', 'Okta session id'),
  f('auth_root_session_id', 'string', 'authenticationContext.rootSessionId', 'Root session id'),

  f('security_as_number', 'number', 'securityContext.asNumber', 'Autonomous system number of the client IP'),
  f('security_as_org', 'string', 'securityContext.asOrg', 'Autonomous system organisation'),
  f('security_isp', 'string', 'securityContext.isp', 'Internet service provider'),
  f('security_domain', 'string', 'securityContext.domain', 'Domain of the client IP'),
  f('security_is_proxy', 'boolean', 'securityContext.isProxy', 'Client came through an anonymising proxy'),
  j('security_ip_details_json', 'object', 'securityContext.ipDetails', 'IP details (service categories), JSON'),
  j('security_risk_json', 'object', 'securityContext.risk', 'Risk assessment (level, reasons, detection), JSON'),
  j('security_user_behaviors_json', 'array', 'securityContext.userBehaviors', 'User behaviours evaluated, JSON'),
  j('security_bot_protection_json', 'object', 'securityContext.botProtection', 'Bot protection verdict, JSON'),

  j('ip_chain_json', 'array', 'request.ipChain', 'Every IP the request passed through, JSON'),
] as const satisfies readonly (FieldColumn | JsonColumn)[];

/** EventBridge envelope members (present when the record was an Okta Log Streaming event). */
export const ENVELOPE_COLUMNS = [
  env('eb_id', 'string', 'id', 'EventBridge event id (not the Okta uuid)'),
  env('eb_version', 'string', 'version', 'EventBridge envelope version'),
  env('eb_detail_type', 'string', 'detail-type', 'EventBridge detail-type (SystemLog)'),
  env('eb_source', 'string', 'source', 'Partner event source, aws.partner/okta.com/<org>/<name>'),
  env('eb_account', 'string', 'account', 'AWS account of the event bus'),
  env('eb_time', 'string', 'time', 'EventBridge event time (second precision)'),
  env('eb_region', 'string', 'region', 'AWS region of the event bus'),
  { kind: 'json', name: 'eb_resources_json', type: 'string', path: ['resources'], origin: 'envelope', accepts: 'array', meaning: 'EventBridge resources, JSON' } as JsonColumn<'eb_resources_json'>,
] as const satisfies readonly (FieldColumn | JsonColumn)[];

/** Columns that keep whatever the columns above did not take, so nothing is lost. */
export const REST_COLUMNS = [
  d('unmapped_json', 'string', 'the LogEvent', 'Every LogEvent member no other column took (unknown fields, nulls, unexpected types), JSON'),
  d('eb_unmapped_json', 'string', 'the envelope', 'Envelope members no other column took, JSON'),
] as const;

/** `target[]` promotion: the first target of each of these types gets its own columns. */
export const TARGET_PROMOTIONS = [
  { type: 'User', prefix: 'target_user' },
  { type: 'AppInstance', prefix: 'target_app' },
  { type: 'AppUser', prefix: 'target_app_user' },
  { type: 'UserGroup', prefix: 'target_group' },
  { type: 'PolicyEntity', prefix: 'target_policy' },
  { type: 'PolicyRule', prefix: 'target_policy_rule' },
  { type: 'AuthenticatorEnrollment', prefix: 'target_authenticator' },
  { type: 'Token', prefix: 'target_token' },
] as const;

export const TARGET_MEMBERS = [
  { key: 'id', suffix: 'id' },
  { key: 'alternateId', suffix: 'alternate_id' },
  { key: 'displayName', suffix: 'display_name' },
] as const;

/** debugData keys worth a column of their own; Okta writes every value as a string. */
export const DEBUG_DATA_PROMOTIONS = [
  { key: 'requestUri', name: 'debug_request_uri', type: 'string', meaning: 'Request path' },
  { key: 'url', name: 'debug_url', type: 'string', meaning: 'Request URL' },
  { key: 'requestId', name: 'debug_request_id', type: 'string', meaning: 'Okta request id' },
  { key: 'threatSuspected', name: 'debug_threat_suspected', type: 'boolean', meaning: 'ThreatInsight suspected a threat ("true"/"false" parsed)' },
  { key: 'threatDetections', name: 'debug_threat_detections', type: 'string', meaning: 'ThreatInsight detections and their levels' },
  { key: 'dtHash', name: 'debug_dt_hash', type: 'string', meaning: 'Device token hash' },
  { key: 'deviceFingerprint', name: 'debug_device_fingerprint', type: 'string', meaning: 'Device fingerprint' },
  { key: 'factor', name: 'debug_factor', type: 'string', meaning: 'Factor used' },
  { key: 'signOnMode', name: 'debug_sign_on_mode', type: 'string', meaning: 'Application sign-on mode' },
  { key: 'privilegeGranted', name: 'debug_privilege_granted', type: 'string', meaning: 'Admin roles granted' },
  { key: 'privilegeRevoked', name: 'debug_privilege_revoked', type: 'string', meaning: 'Admin roles revoked' },
  { key: 'networkConnection', name: 'debug_network_connection', type: 'string', meaning: 'API token network restriction' },
  { key: 'grantType', name: 'debug_grant_type', type: 'string', meaning: 'OAuth grant type' },
  { key: 'behaviors', name: 'debug_behaviors', type: 'string', meaning: 'Behaviour evaluation, as Okta wrote it' },
  { key: 'risk', name: 'debug_risk', type: 'string', meaning: 'Risk evaluation, as Okta wrote it' },
] as const satisfies readonly { key: string; name: string; type: ColumnType; meaning: string }[];

/** `target_<type>_<member>`, e.g. `target_user_alternate_id`. */
export type TargetColumnName = `${(typeof TARGET_PROMOTIONS)[number]['prefix']}_${(typeof TARGET_MEMBERS)[number]['suffix']}`;
export const targetColumnName = <P extends (typeof TARGET_PROMOTIONS)[number]['prefix'], S extends (typeof TARGET_MEMBERS)[number]['suffix']>(
  prefix: P,
  suffix: S,
): `${P}_${S}` => `${prefix}_${suffix}`;

const TARGET_COLUMNS: readonly DerivedColumn<TargetColumnName, 'string'>[] = TARGET_PROMOTIONS.flatMap(({ type, prefix }) =>
  TARGET_MEMBERS.map(({ key, suffix }) =>
    d(targetColumnName(prefix, suffix), 'string', `target[type=${type}].${key}`, `First ${type} target: ${key}`)));

type DebugDataPromotion = (typeof DEBUG_DATA_PROMOTIONS)[number];
const DEBUG_DATA_COLUMNS = DEBUG_DATA_PROMOTIONS.map(({ key, name, type, meaning }) =>
  d(name, type, `debugContext.debugData.${key}`, meaning)) as readonly { [P in DebugDataPromotion as P['name']]: DerivedColumn<P['name'], P['type']> }[DebugDataPromotion['name']][];

/** Columns computed from the event rather than copied. */
export const DERIVED_COLUMNS = [
  d('_timestamp', 'number', 'published', 'Event time in epoch ms, used by OpenObserve as the row time; absent when older than MAX_EVENT_AGE (then OpenObserve stamps arrival time)'),
  d('ingest_delayed', 'boolean', 'published', 'true when the event was older than MAX_EVENT_AGE and _timestamp was left out'),
  d('schema_issues', 'string', 'validation', 'Where the event deviates from the documented LogEvent schema (paths and rules, no values)'),
  d('target_count', 'number', 'target', 'Number of targets'),
  d('target_types', 'string', 'target[].type', 'Distinct target types, comma-separated'),
  ...TARGET_COLUMNS,
  ...DEBUG_DATA_COLUMNS,
  d('behaviors_positive', 'string', 'debugData.behaviors | logOnlySecurityData', 'Behaviours Okta flagged POSITIVE (New Device, New IP, New Geo-Location, ...), comma-separated'),
  d('risk_level', 'string', 'debugData.risk | logOnlySecurityData | securityContext.risk', 'Risk level Okta assessed: LOW, MEDIUM, HIGH'),
  d('risk_reasons', 'string', 'debugData.risk | logOnlySecurityData', 'Reasons for the risk level'),
  d('security_relevant', 'boolean', 'security rules', 'The event type or an escalation rule marks the event security-relevant'),
  d('security_category', 'string', 'security rules', 'Category: authentication, mfa, privilege/admin, threat detection, ...'),
  d('security_severity', 'string', 'security rules', 'info, low, medium, high or critical, after escalations'),
  d('security_tags', 'string', 'security rules', 'Escalations that matched, comma-separated (e.g. anonymizing_proxy,threat_suspected)'),
  d('mitre_attack', 'string', 'security rules', 'MITRE ATT&CK technique ids, comma-separated'),
  // Classification and search keys (shared/okta/classify.ts, related.ts, country.ts; see README "Classification").
  d('event_category', 'string', 'eventType (prefix table)', 'Plain category of the event type: authentication, mfa, account, privilege, group, application, provisioning, policy, threat, ...'),
  d('event_outcome', 'string', 'outcome.result | eventType', 'success, failure or unknown'),
  d('ocsf_class_uid', 'number', 'eventType (prefix table)', 'OCSF 1.8.0 class_uid: 3001 Account Change, 3002 Authentication, 3004 Entity Management, 2004 Detection Finding, 6003 API Activity, ...'),
  d('ocsf_class_name', 'string', 'eventType (prefix table)', 'OCSF class name'),
  d('ocsf_activity_id', 'number', 'eventType (verb)', "OCSF activity_id of the class (99 Other when none of the class's fits)"),
  d('ocsf_status_id', 'number', 'outcome.result | eventType', 'OCSF status_id: 1 Success, 2 Failure, 99 Other, 0 Unknown'),
  d('ocsf_severity_id', 'number', 'security_severity', 'OCSF severity_id: 1 Informational (also when not security-relevant) to 5 Critical'),
  d('related_ips', 'string', 'client.ipAddress, request.ipChain[].ip', 'Every IP address of the event, distinct, comma-separated'),
  d('related_users', 'string', 'actor.alternateId (User), target[type=User].alternateId', 'Logins of the actor and the user targets, lower-case, distinct, comma-separated'),
  d('debug_request_api_token_id', 'string', 'debugData.requestApiTokenId | transaction.detail.requestApiTokenId', 'API token that made the request'),
  d('debug_root_api_token_id', 'string', 'debugData.rootApiTokenId | transaction.detail.rootApiTokenId', 'Root API token of the request'),
  d('client_country_code', 'string', 'client.geographicalContext.country', 'Client country, ISO 3166-1 alpha-2 (what OpenObserve maps join on)'),
] as const;

/** Every column a row can have, in catalogue order. */
export const ALL_COLUMNS = [
  ...EVENT_COLUMNS,
  ...ENVELOPE_COLUMNS,
  ...REST_COLUMNS,
  ...DERIVED_COLUMNS,
] as const satisfies readonly Column[];

/** One column of the table, with its literal name and type. */
export type CatalogueColumn = (typeof ALL_COLUMNS)[number];
/** The name of a catalogued column: a misspelt name is a compile error. */
export type ColumnName = CatalogueColumn['name'];
/** The JavaScript type of a column's values. */
export type ValueOf<T extends ColumnType> = T extends 'string' ? string : T extends 'number' ? number : boolean;
/** Any column value. */
export type ColumnValue = string | number | boolean;

/**
 * One output row: flat, each catalogued column optional and of its own type, no
 * other key. Inferred from the table, never written by hand.
 */
export type Row = { [C in CatalogueColumn as C['name']]?: ValueOf<C['type']> };

/** The columns of a given type, e.g. `ColumnOfType<'boolean'>`. */
export type ColumnOfType<T extends ColumnType> = Extract<CatalogueColumn, { type: T }>['name'];

/** Every column name, in catalogue order (a non-empty tuple, as `z.enum` wants). */
export const COLUMN_NAMES = ALL_COLUMNS.map((c) => c.name) as unknown as readonly [ColumnName, ...ColumnName[]];

/**
 * Set one column from generic, table-driven code (flatten, promotions), where the
 * value's type was checked against `column.type` at run time. Code that names a
 * column writes `row.<name> = ...` and is checked by the compiler instead.
 */
export function setColumn(row: Row, name: ColumnName, value: ColumnValue): void {
  (row as Record<ColumnName, ColumnValue>)[name] = value;
}
