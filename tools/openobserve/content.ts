/**
 * Everything `install` sends and `export` writes, for one stream name: the
 * stream definition, the dashboards and the alerts (in the o2-alerts-library
 * shape: no instance fields; `destinations` are added at install).
 */
import { buildDashboard, type Dashboard } from './dashboard-kit.js';
import { DASHBOARDS } from './dashboards.js';
import { DETECTIONS, type Detection, type DetectionParams } from './detections.js';
import { DEFAULT_RETENTION_DAYS, streamDefinition, type StreamCreate } from './stream.js';

export const DEFAULT_STREAM = 'okta_system_log';

/** OpenObserve rewrites other names (`format_stream_name`); accept only names it keeps as they are. */
export function checkStreamName(stream: string): string {
  if (!/^[a-z0-9_]+$/.test(stream)) {
    throw new Error(`stream name ${JSON.stringify(stream)}: use lowercase letters, digits and _ only (OpenObserve rewrites anything else)`);
  }
  return stream;
}

/** `name.key=value` overrides of detection parameters, e.g. `okta_password_spray.accounts=20`. */
export type ParamOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

export function parseParamOverrides(values: readonly string[]): ParamOverrides {
  const out: Record<string, Record<string, number>> = {};
  for (const v of values) {
    const m = /^([a-z0-9_]+)\.([a-zA-Z_]+)=(\d+)$/.exec(v);
    if (m === null) throw new Error(`--param ${v}: expected DETECTION.PARAMETER=WHOLE_NUMBER`);
    const [, name, key, value] = m as unknown as [string, string, string, string];
    const detection = DETECTIONS.find((d) => d.name === name);
    if (detection === undefined) throw new Error(`--param ${v}: no detection named ${name}`);
    if (!(key in detection.defaults)) {
      throw new Error(`--param ${v}: ${name} has no parameter ${key} (it has ${Object.keys(detection.defaults).join(', ')})`);
    }
    (out[name] ??= {})[key] = Number(value);
    checkParams(detection, { ...detection.defaults, [key]: Number(value) }, `--param ${v}`, false);
  }
  for (const [name, values] of Object.entries(out)) {
    const detection = DETECTIONS.find((d) => d.name === name)!;
    checkParams(detection, { ...detection.defaults, ...values }, '--param');
  }
  return out;
}

/**
 * Every parameter is a count or a number of minutes, a whole number ≥ 1: a period or
 * frequency of 0 is refused by OpenObserve halfway through an install, a threshold of
 * 0 fires on everything. An alert checked less often than its window (frequency >
 * period) never looks at the minutes in between.
 */
export function checkParams(d: Detection, p: DetectionParams, what: string = d.name, together = true): DetectionParams {
  for (const [key, value] of Object.entries(p)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${what}: ${d.name}.${key} must be a whole number, at least 1 (got ${value})`);
  }
  if (together && p.frequency > p.period) {
    throw new Error(`${what}: ${d.name}.frequency (${p.frequency} min) must not exceed ${d.name}.period (${p.period} min), or the minutes between windows are never checked`);
  }
  return p;
}

export function paramsOf(d: Detection, overrides: ParamOverrides = {}): DetectionParams {
  return checkParams(d, { ...d.defaults, ...overrides[d.name] });
}

export interface LibraryAlert {
  readonly name: string;
  readonly title: string;
  readonly severity: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly docs_url: string;
  readonly source: { readonly project: string; readonly url: string; readonly upstream_alert: string; readonly upstream_logic: string };
  readonly parameters: DetectionParams;
  readonly stream_type: 'logs';
  readonly stream_name: string;
  readonly is_real_time: false;
  readonly query_condition: {
    readonly type: 'sql';
    readonly conditions: null;
    readonly sql: string;
    readonly promql: null;
    readonly promql_condition: null;
    readonly aggregation: null;
    readonly vrl_function: null;
    readonly search_event_type: null;
    readonly multi_time_range: readonly never[];
  };
  readonly trigger_condition: {
    readonly period: number;
    readonly operator: string;
    readonly threshold: number;
    readonly frequency: number;
    readonly cron: '';
    readonly frequency_type: 'minutes';
    readonly silence: number;
    readonly timezone: 'UTC';
    readonly tolerance_in_secs: null;
    readonly align_time: true;
  };
  readonly context_attributes: Readonly<Record<string, string>>;
  readonly row_template: string;
  readonly row_template_type: 'String';
  readonly enabled: true;
  readonly tz_offset: 0;
  readonly creates_incident: false;
}

export function buildAlert(d: Detection, stream: string, overrides: ParamOverrides = {}): LibraryAlert {
  const p = paramsOf(d, overrides);
  const { operator, threshold } = d.trigger(p);
  return {
    name: d.name,
    title: d.title,
    severity: d.severity,
    description: d.description,
    // OpenObserve stores tags lowercased (config/src/meta/alerts/tags.rs); write them that way so a re-install compares equal.
    tags: ['okta', d.tag, ...d.mitre.map((t) => `mitre:${t.toLowerCase()}`)],
    docs_url: d.rule.url,
    source: { project: 'okta-openobserve-relay', url: d.rule.url, upstream_alert: d.rule.name, upstream_logic: d.rule.logic },
    parameters: p,
    stream_type: 'logs',
    stream_name: stream,
    is_real_time: false,
    query_condition: {
      type: 'sql',
      conditions: null,
      sql: d.sql(`"${stream}"`, p),
      promql: null,
      promql_condition: null,
      aggregation: null,
      vrl_function: null,
      search_event_type: null,
      multi_time_range: [],
    },
    trigger_condition: {
      period: p.period,
      operator,
      threshold,
      frequency: p.frequency,
      cron: '',
      frequency_type: 'minutes',
      // Stay quiet for one period after firing: the same burst is not reported twice.
      silence: p.period,
      timezone: 'UTC',
      tolerance_in_secs: null,
      align_time: true,
    },
    context_attributes: { detection: d.tag },
    row_template: d.rowTemplate,
    row_template_type: 'String',
    enabled: true,
    tz_offset: 0,
    creates_incident: false,
  };
}

export interface Content {
  readonly stream: StreamCreate;
  readonly dashboards: readonly { readonly file: string; readonly body: Dashboard }[];
  readonly alerts: readonly { readonly file: string; readonly body: LibraryAlert }[];
}

export interface ContentOptions {
  readonly retentionDays?: number;
  readonly params?: ParamOverrides;
}

export function buildContent(stream: string, options: ContentOptions = {}): Content {
  checkStreamName(stream);
  return {
    stream: streamDefinition(options.retentionDays ?? DEFAULT_RETENTION_DAYS),
    dashboards: DASHBOARDS.map((d) => ({ file: `${d.slug}.dashboard.json`, body: buildDashboard(d, stream) })),
    alerts: DETECTIONS.map((d) => ({ file: `${d.name}.json`, body: buildAlert(d, stream, options.params) })),
  };
}

/** The files of an export, path → text (two-space JSON, trailing newline). */
export function contentFiles(content: Content): Map<string, string> {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const files = new Map<string, string>([['stream.json', json(content.stream)]]);
  for (const d of content.dashboards) files.set(`dashboards/${d.file}`, json(d.body));
  for (const a of content.alerts) files.set(`alerts/${a.file}`, json(a.body));
  return files;
}
