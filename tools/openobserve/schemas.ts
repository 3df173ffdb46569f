/**
 * zod schemas for the three formats we ship, from OpenObserve's own structs and
 * the alert library's CI contract:
 * - dashboards: the v8 structs (`src/config/src/meta/dashboards/v8/mod.rs`): the
 *   fields without a serde default are required; Layout is integers on a
 *   192-column grid; `filter` is a group object, never an array;
 * - alerts: `Alert` (`src/api/management/src/models/alerts/mod.rs`) plus
 *   `o2-alerts-library/scripts/validate_alerts.py` (filename == name, title,
 *   severity, description without `{var}`, enabled, scheduled, tag rules, and no
 *   instance fields) and the save-time checks of `prepare_alert` (name
 *   characters, SQL present, no `SELECT *`);
 * - stream: `StreamCreate` (`src/common/src/meta/stream.rs`), data types as Arrow parses them.
 */
import * as z from 'zod';

const int = z.number().int();

const AxisItem = z.object({
  label: z.string(),
  alias: z.string().min(1),
  column: z.string().optional(),
  type: z.enum(['build', 'raw', 'custom']).optional(),
  functionName: z.string().nullable().optional(),
  args: z.array(z.looseObject({ type: z.string().nullable().optional() })).optional(),
  color: z.string().nullable().optional(),
});

const FilterGroup = z.object({
  filterType: z.literal('group'),
  logicalOperator: z.enum(['AND', 'OR']),
  conditions: z.array(z.unknown()),
});

const PanelFields = z.object({
  stream: z.string().min(1),
  stream_type: z.enum(['logs', 'metrics', 'traces']),
  x: z.array(AxisItem),
  y: z.array(AxisItem),
  z: z.array(AxisItem).optional(),
  breakdown: z.array(AxisItem).optional(),
  latitude: AxisItem.optional(),
  longitude: AxisItem.optional(),
  weight: AxisItem.optional(),
  filter: FilterGroup,
});

const Query = z.object({
  query: z.string().min(1),
  vrlFunctionQuery: z.string().optional(),
  customQuery: z.boolean(),
  fields: PanelFields,
  config: z.looseObject({ promql_legend: z.string() }),
});

export const PANEL_TYPES = ['line', 'area', 'area-stacked', 'bar', 'h-bar', 'stacked', 'h-stacked', 'table', 'metric', 'gauge', 'pie', 'donut', 'geomap', 'heatmap', 'scatter', 'maps', 'markdown'] as const;

const Layout = z.object({ x: int.min(0), y: int.min(0), w: int.min(1), h: int.min(1), i: int }).refine((l) => l.x + l.w <= 192, 'panel wider than the 192-column grid');

const Panel = z
  .object({
    id: z.string().min(1),
    type: z.enum(PANEL_TYPES),
    title: z.string().min(1),
    description: z.string(),
    config: z.looseObject({ show_legends: z.boolean() }),
    queryType: z.string().optional(),
    queries: z.array(Query).min(1),
    layout: Layout,
  })
  .refine((p) => p.type !== 'geomap' || p.queries.every((q) => q.fields.latitude && q.fields.longitude), 'a geomap needs latitude and longitude');

export const DashboardV8 = z.object({
  version: z.literal(8),
  title: z.string().min(1),
  description: z.string(),
  tabs: z
    .array(z.object({ tabId: z.string().min(1), name: z.string().min(1), panels: z.array(Panel) }))
    .min(1),
}).refine((d) => {
  const ids = d.tabs.flatMap((t) => t.panels.map((p) => p.id));
  return new Set(ids).size === ids.length;
}, 'panel ids must be unique');

/** `(?i)select[ ]+\*`, as `RE_ONLY_SELECT` in `src/search/src/sql/mod.rs`. */
export const SELECT_STAR = /select[ ]+\*/i;
/** OpenFGA-unsafe characters `prepare_alert` refuses in a name, and `/`. */
const ALERT_NAME = /^[^:#?&%'"\s/]+$/;
/** `config/src/meta/alerts/tags.rs` and `validate_alerts.py`: a letter first, then letters, digits and `_-./:`; stored lowercase. */
const TAG = /^[a-z][a-z0-9_\-./:]*$/;
export const INSTANCE_FIELDS = ['id', 'org_id', 'destinations', 'owner', 'last_edited_by', 'last_triggered_at', 'last_satisfied_at', 'updated_at'] as const;

const nonNegative = int.min(0);

export const LibraryAlert = z
  .looseObject({
    name: z.string().regex(ALERT_NAME, 'alert name with a character OpenObserve refuses'),
    title: z.string().trim().min(1),
    severity: z.enum(['critical', 'warning', 'info']),
    description: z.string().trim().min(1).refine((d) => !/\{[a-zA-Z_][a-zA-Z0-9_]*\}/.test(d), 'description with a {placeholder}'),
    tags: z.array(z.string().max(200).regex(TAG)).max(64),
    stream_type: z.enum(['logs', 'metrics', 'traces']),
    stream_name: z.string().min(1),
    is_real_time: z.literal(false),
    enabled: z.literal(true),
    query_condition: z.looseObject({
      type: z.literal('sql'),
      sql: z.string().trim().min(1).refine((s) => !SELECT_STAR.test(s), 'Alert with SQL can not contain SELECT * in the SQL query'),
    }),
    trigger_condition: z.looseObject({
      period: nonNegative.min(1),
      operator: z.enum(['=', '!=', '>', '>=', '<', '<=']),
      threshold: nonNegative,
      frequency: nonNegative.min(1),
      frequency_type: z.literal('minutes'),
      silence: nonNegative,
    }),
    row_template: z.string(),
  })
  .refine((a) => INSTANCE_FIELDS.every((f) => !(f in a)), 'instance-only fields (id, org_id, destinations, owner, ...) present');

export const StreamCreateSchema = z.object({
  fields: z.array(z.object({ name: z.string().regex(/^[a-z0-9_]+$/), type: z.enum(['Utf8', 'Int64', 'Float64', 'Boolean']) })).min(1),
  settings: z.looseObject({
    partition_keys: z.array(z.unknown()),
    full_text_search_keys: z.array(z.string()),
    index_fields: z.array(z.string()),
    bloom_filter_fields: z.array(z.string()),
    data_retention: int.min(0),
  }),
});
