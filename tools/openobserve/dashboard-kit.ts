/**
 * Small builders for OpenObserve v8 dashboards (`src/config/src/meta/dashboards/v8/mod.rs`):
 * panels are written as data (type, title, SQL over the stream, which SELECT
 * aliases feed which axis, width), and the builder fills in the fields the v8
 * structs require (`PanelFields.stream/stream_type/x/y/filter`, `PanelConfig.show_legends`,
 * `QueryConfig.promql_legend`, integer `Layout` on the 192-column grid).
 * Key casing is OpenObserve's own: Panel/Query/Tab/AxisItem camelCase, PanelFields and configs snake_case.
 */
import type { ColumnName } from '../../shared/okta/columns.js';

/** Panel types used here, all of them in OpenObserve's own dashboards repository. */
export type PanelType = 'line' | 'area-stacked' | 'bar' | 'h-bar' | 'stacked' | 'table' | 'metric' | 'pie' | 'donut' | 'geomap';

/** SQL over the stream: given its quoted name (`"okta_system_log"`), returns the statement. */
export type Sql = (from: string) => string;

export interface PanelSpec {
  readonly type: PanelType;
  readonly title: string;
  readonly description: string;
  readonly sql: Sql;
  /** SELECT aliases on the x axis (dimensions, time). */
  readonly x?: readonly string[];
  /** SELECT aliases on the y axis (measures). */
  readonly y?: readonly string[];
  /** SELECT aliases that split a series (stacked charts). */
  readonly breakdown?: readonly string[];
  /** geomap: the alias of each of latitude, longitude, weight, and the column behind it. */
  readonly geo?: { readonly latitude: ColumnName; readonly longitude: ColumnName; readonly weight: string };
  /** Width on the 192-column grid (default half: 96). */
  readonly w?: 48 | 64 | 96 | 192;
  readonly unit?: 'numbers' | 'default';
}

export interface DashboardSpec {
  /** File stem: `<slug>.dashboard.json`. */
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly panels: readonly PanelSpec[];
}

/**
 * An axis field of a custom-query panel, as the UI's v7→v8 migration writes it
 * (`web/src/utils/dashboard/convertDashboardSchemaVersion.ts`): `type: "custom"`,
 * no function, no args; the result column is the SELECT alias.
 */
export interface AxisItem {
  readonly label: string;
  readonly alias: string;
  readonly column: string;
  readonly type: 'custom';
  readonly functionName: null;
  readonly args: readonly never[];
  readonly color: null;
  readonly isDerived: false;
}

const axis = (alias: string, column = alias): AxisItem => ({
  label: alias.replace(/_/g, ' '),
  alias,
  column,
  type: 'custom',
  functionName: null,
  args: [],
  color: null,
  isDerived: false,
});

const PANEL_HEIGHT = 18;
const GRID_WIDTH = 192;

export interface Layout {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly i: number;
}

/** Left to right, wrapping at the grid width, one row height for all. */
export function layoutPanels(widths: readonly number[]): Layout[] {
  let x = 0;
  let y = 0;
  return widths.map((w, index) => {
    if (x + w > GRID_WIDTH) {
      x = 0;
      y += PANEL_HEIGHT;
    }
    const layout = { x, y, w, h: PANEL_HEIGHT, i: index + 1 };
    x += w;
    return layout;
  });
}

export function buildPanel(spec: PanelSpec, index: number, layout: Layout, stream: string) {
  const fields = {
    stream,
    stream_type: 'logs' as const,
    x: (spec.x ?? []).map((a) => axis(a)),
    y: (spec.y ?? []).map((a) => axis(a)),
    z: [],
    breakdown: (spec.breakdown ?? []).map((a) => axis(a)),
    ...(spec.geo === undefined
      ? {}
      : {
          latitude: axis('latitude', spec.geo.latitude),
          longitude: axis('longitude', spec.geo.longitude),
          weight: axis('weight', spec.geo.weight),
        }),
    filter: { filterType: 'group', logicalOperator: 'AND', conditions: [] },
  };
  return {
    id: `Panel_ID${index + 1}`,
    type: spec.type,
    title: spec.title,
    description: spec.description,
    config: {
      show_legends: spec.type !== 'metric' && spec.type !== 'table',
      decimals: 0,
      ...(spec.unit === undefined ? {} : { unit: spec.unit }),
      ...(spec.type === 'geomap' ? { base_map: { type: 'osm' }, map_view: { zoom: 1, lat: 0, lng: 0 } } : {}),
    },
    queryType: 'sql',
    queries: [
      {
        query: spec.sql(`"${stream}"`),
        vrlFunctionQuery: '',
        customQuery: true,
        fields,
        config: { promql_legend: '', ...(spec.type === 'geomap' ? { layer_type: 'scatter', weight_fixed: 1 } : {}) },
      },
    ],
    layout,
  };
}

export type Panel = ReturnType<typeof buildPanel>;

/** A whole v8 dashboard for `stream`; no instance fields (id, owner, created are set by OpenObserve). */
export function buildDashboard(spec: DashboardSpec, stream: string) {
  const layouts = layoutPanels(spec.panels.map((p) => p.w ?? 96));
  return {
    version: 8,
    title: spec.title,
    description: spec.description,
    tabs: [
      {
        tabId: 'default',
        name: 'Default',
        panels: spec.panels.map((p, i) => buildPanel(p, i, layouts[i]!, stream)),
      },
    ],
    defaultDatetimeDuration: { type: 'relative', relativeTimePeriod: '24h', startTime: 0, endTime: 0 },
  };
}

export type Dashboard = ReturnType<typeof buildDashboard>;
