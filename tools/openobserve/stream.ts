/**
 * The OpenObserve stream definition: one typed field per catalogued column
 * (from `shared/okta/columns.ts`, never copied by hand) and the stream settings
 * chosen for Okta System Log rows. The body is OpenObserve's `StreamCreate`
 * (`POST /api/{org}/streams/{stream}`: `{fields: [{name, type}], settings}`),
 * with `type` an Arrow data type name as OpenObserve parses it.
 */
import { ALL_COLUMNS, type Column, type ColumnName } from '../../shared/okta/columns.js';

export type ArrowType = 'Utf8' | 'Int64' | 'Float64' | 'Boolean';

/**
 * Number columns that are integers in Okta's schema (and `_timestamp`, which
 * OpenObserve keeps as Int64). Every other number column is Float64: an integer
 * value widens into a Float64 column, a fractional one never fits an Int64 column.
 */
export const INTEGER_COLUMNS = [
  '_timestamp',
  'auth_step',
  'security_as_number',
  'target_count',
  'ocsf_class_uid',
  'ocsf_activity_id',
  'ocsf_status_id',
  'ocsf_severity_id',
] as const satisfies readonly ColumnName[];

export function arrowType(column: Pick<Column, 'name' | 'type'>): ArrowType {
  switch (column.type) {
    case 'string':
      return 'Utf8';
    case 'boolean':
      return 'Boolean';
    case 'number':
      return (INTEGER_COLUMNS as readonly string[]).includes(column.name) ? 'Int64' : 'Float64';
  }
}

/** Free text worth `match_all()`: messages, reasons, who and what. */
export const FULL_TEXT_SEARCH_KEYS = [
  'display_message',
  'outcome_reason',
  'actor_alternate_id',
  'actor_display_name',
  'target_user_alternate_id',
  'client_user_agent',
  'security_tags',
  'related_ips',
  'related_users',
] as const satisfies readonly ColumnName[];

/** Low-cardinality columns nearly every query filters on (secondary index). */
export const INDEX_FIELDS = [
  'event_type',
  'outcome_result',
  'security_severity',
  'security_category',
  'event_category',
  'event_outcome',
] as const satisfies readonly ColumnName[];

/** The identifiers people search by: exact-match lookups that a bloom filter prunes. */
export const BLOOM_FILTER_FIELDS = [
  'uuid',
  'event_type',
  'actor_id',
  'actor_alternate_id',
  'target_user_id',
  'target_user_alternate_id',
  'client_ip',
  'auth_external_session_id',
  'transaction_id',
  'debug_request_id',
  'debug_request_api_token_id',
] as const satisfies readonly ColumnName[];

/** Days to keep rows: Okta itself keeps 90; a year covers PCI DSS 10.5.1. `install --retention-days` overrides. */
export const DEFAULT_RETENTION_DAYS = 365;

export interface StreamField {
  readonly name: string;
  readonly type: ArrowType;
}

export interface StreamSettings {
  readonly partition_keys: readonly never[];
  readonly full_text_search_keys: readonly string[];
  readonly index_fields: readonly string[];
  readonly bloom_filter_fields: readonly string[];
  readonly data_retention: number;
}

export interface StreamCreate {
  readonly fields: readonly StreamField[];
  readonly settings: StreamSettings;
}

/** The `StreamCreate` body for the catalogue as it is in this checkout. */
export function streamDefinition(retentionDays = DEFAULT_RETENTION_DAYS): StreamCreate {
  return {
    fields: ALL_COLUMNS.map((c) => ({ name: c.name, type: arrowType(c) })),
    settings: {
      partition_keys: [],
      full_text_search_keys: [...FULL_TEXT_SEARCH_KEYS],
      index_fields: [...INDEX_FIELDS],
      bloom_filter_fields: [...BLOOM_FILTER_FIELDS],
      data_retention: retentionDays,
    },
  };
}
