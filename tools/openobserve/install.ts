/**
 * `install`: the content into one OpenObserve organization, in the order
 * OpenObserve requires (the alert save checks that the destination exists and
 * that the stream has a schema): destination check → stream (typed schema and
 * settings) → alerts → dashboards. Everything is read and planned first; only
 * then is anything written, so a missing destination or folder changes nothing.
 * Idempotent: objects are matched by name (alerts) or title (dashboards) in the
 * folder and updated in place when they differ.
 */
import type { Client } from './client.js';
import type { Content, LibraryAlert } from './content.js';
import type { Dashboard } from './dashboard-kit.js';
import type { StreamCreate } from './stream.js';

export interface InstallOptions {
  readonly org: string;
  readonly stream: string;
  readonly destination: string;
  /** Folder name for alerts and dashboards (created when missing); default OpenObserve's `default`. */
  readonly folder?: string;
  /** Set the stream's retention even when the stream exists already. */
  readonly retentionDays?: number;
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
}

export type Action = 'create' | 'update' | 'unchanged';
export interface Step {
  readonly kind: 'stream' | 'folder' | 'alert' | 'dashboard';
  readonly name: string;
  readonly action: Action;
  readonly detail?: string;
  readonly apply: () => Promise<void>;
}

interface StreamSchema {
  readonly schema?: readonly { name: string; type: string }[];
  readonly settings?: Partial<Record<'full_text_search_keys' | 'index_fields' | 'bloom_filter_fields', readonly string[]>> & { data_retention?: number };
}
interface Folder { readonly folderId: string; readonly name: string }
interface AlertListItem { readonly alert_id: string; readonly name: string; readonly folder_id?: string }
/** `ListDashboardsResponseBodyItem` has no serde rename: snake_case keys. */
interface DashboardListItem { readonly dashboard_id: string; readonly title: string; readonly hash: string; readonly folder_id?: string }

const enc = encodeURIComponent;
const noop = async () => {};

function streamStep(client: Client, o: InstallOptions, wanted: StreamCreate, existing: StreamSchema | undefined): Step {
  const base = `/api/${enc(o.org)}/streams/${enc(o.stream)}`;
  if (existing === undefined || (existing.schema ?? []).length === 0) {
    return {
      kind: 'stream', name: o.stream, action: 'create', detail: `${wanted.fields.length} typed fields`,
      apply: async () => void (await client.send('POST', `${base}?type=logs`, wanted)),
    };
  }
  const have = new Map((existing.schema ?? []).map((f) => [f.name, f.type]));
  const missing = wanted.fields.filter((f) => !have.has(f.name));
  const mistyped = wanted.fields.filter((f) => have.has(f.name) && have.get(f.name) !== f.type);
  const settings = existing.settings ?? {};
  const add = (key: 'full_text_search_keys' | 'index_fields' | 'bloom_filter_fields') =>
    wanted.settings[key].filter((k) => !(settings[key] ?? []).includes(k));
  const update = {
    fields: { add: missing, remove: [] },
    full_text_search_keys: { add: add('full_text_search_keys'), remove: [] },
    index_fields: { add: add('index_fields'), remove: [] },
    bloom_filter_fields: { add: add('bloom_filter_fields'), remove: [] },
    ...(o.retentionDays !== undefined && settings.data_retention !== o.retentionDays ? { data_retention: o.retentionDays } : {}),
  };
  const changes = [
    missing.length > 0 ? `${missing.length} new fields` : '',
    update.full_text_search_keys.add.length + update.index_fields.add.length + update.bloom_filter_fields.add.length > 0 ? 'index settings' : '',
    'data_retention' in update ? `retention ${o.retentionDays} days` : '',
  ].filter((c) => c !== '');
  const warning = mistyped.length > 0
    ? `; kept as OpenObserve has them (types cannot change in place): ${mistyped.map((f) => `${f.name} is ${have.get(f.name)}, wanted ${f.type}`).join(', ')}`
    : '';
  return {
    kind: 'stream', name: o.stream, action: changes.length > 0 ? 'update' : 'unchanged',
    detail: (changes.join(', ') || 'schema and settings as wanted') + warning,
    apply: changes.length > 0 ? async () => void (await client.send('PUT', `${base}/settings?type=logs`, update)) : noop,
  };
}

/** The parts of an alert this installer owns; anything else OpenObserve or the user keeps. */
function alertFingerprint(a: Partial<LibraryAlert>): string {
  const t = a.trigger_condition;
  return JSON.stringify({
    description: a.description, stream: a.stream_name, sql: a.query_condition?.sql,
    trigger: t && [t.period, t.operator, t.threshold, t.frequency, t.silence],
    tags: [...(a.tags ?? [])].sort(), row: a.row_template, enabled: a.enabled,
  });
}

function dashboardFingerprint(d: Partial<Dashboard>): string {
  return JSON.stringify({
    description: d.description,
    panels: (d.tabs ?? []).flatMap((t) => t.panels.map((p) => [p.id, p.type, p.title, p.description, p.queries.map((q) => q.query), p.layout])),
  });
}

async function resolveFolder(client: Client, o: InstallOptions, type: 'alerts' | 'dashboards', steps: Step[]): Promise<{ id: () => string }> {
  if (o.folder === undefined) return { id: () => 'default' };
  const list = await client.get<{ list: readonly Folder[] }>(`/api/v2/${enc(o.org)}/folders/${type}`);
  const found = list?.list.find((f) => f.name === o.folder);
  if (found !== undefined) return { id: () => found.folderId };
  let created = '';
  steps.push({
    kind: 'folder', name: `${type}/${o.folder}`, action: 'create',
    apply: async () => {
      const body = await client.send<Folder>('POST', `/api/v2/${enc(o.org)}/folders/${type}`, { name: o.folder, description: 'Okta content (okta-openobserve-relay)' });
      created = body.folderId;
    },
  });
  return { id: () => created };
}

/** Read everything, decide every step; writes nothing. */
export async function planInstall(client: Client, content: Content, o: InstallOptions): Promise<Step[]> {
  const destination = await client.get(`/api/${enc(o.org)}/alerts/destinations/${enc(o.destination)}`);
  if (destination === undefined) {
    throw new Error(`alert destination "${o.destination}" does not exist in organization "${o.org}"; create it in OpenObserve (Management → Alert destinations) first. Nothing was changed.`);
  }
  const steps: Step[] = [];
  const schema = await client.get<StreamSchema>(`/api/${enc(o.org)}/streams/${enc(o.stream)}/schema?type=logs`);
  steps.push(streamStep(client, o, content.stream, schema));

  const alertFolder = await resolveFolder(client, o, 'alerts', steps);
  const dashboardFolder = await resolveFolder(client, o, 'dashboards', steps);
  const folderExists = (f: { id: () => string }) => f.id() !== '';

  const alerts = folderExists(alertFolder)
    ? (await client.get<{ list: readonly AlertListItem[] }>(`/api/v2/${enc(o.org)}/alerts?folder=${enc(alertFolder.id())}`))?.list ?? []
    : [];
  for (const { body } of content.alerts) {
    const found = alerts.find((a) => a.name === body.name);
    const current = found && (await client.get<LibraryAlert & { destinations?: string[] }>(`/api/v2/${enc(o.org)}/alerts/${enc(found.alert_id)}`));
    if (found === undefined || current === undefined) {
      steps.push({ kind: 'alert', name: body.name, action: 'create', apply: async () =>
        void (await client.send('POST', `/api/v2/${enc(o.org)}/alerts?folder=${enc(alertFolder.id())}`, { ...body, destinations: [o.destination] })) });
    } else if (alertFingerprint(current) !== alertFingerprint(body) || !(current.destinations ?? []).includes(o.destination)) {
      // Destinations someone added by hand stay; ours is added.
      const destinations = [...new Set([...(current.destinations ?? []), o.destination])];
      steps.push({ kind: 'alert', name: body.name, action: 'update', apply: async () =>
        void (await client.send('PUT', `/api/v2/${enc(o.org)}/alerts/${enc(found.alert_id)}?folder=${enc(alertFolder.id())}`, { ...body, destinations, id: found.alert_id })) });
    } else {
      steps.push({ kind: 'alert', name: body.name, action: 'unchanged', apply: noop });
    }
  }

  const dashboards = folderExists(dashboardFolder)
    ? (await client.get<{ dashboards: readonly DashboardListItem[] }>(`/api/${enc(o.org)}/dashboards?folder=${enc(dashboardFolder.id())}`))?.dashboards ?? []
    : [];
  for (const { body } of content.dashboards) {
    const found = dashboards.find((d) => d.title === body.title);
    const current = found && (await client.get<{ v8?: Dashboard; hash?: string }>(`/api/${enc(o.org)}/dashboards/${enc(found.dashboard_id)}`));
    if (found === undefined || current === undefined) {
      steps.push({ kind: 'dashboard', name: body.title, action: 'create', apply: async () =>
        void (await client.send('POST', `/api/${enc(o.org)}/dashboards?folder=${enc(dashboardFolder.id())}`, body)) });
    } else if (dashboardFingerprint(current.v8 ?? {}) !== dashboardFingerprint(body)) {
      const hash = current.hash ?? found.hash;
      steps.push({ kind: 'dashboard', name: body.title, action: 'update', apply: async () =>
        void (await client.send('PUT', `/api/${enc(o.org)}/dashboards/${enc(found.dashboard_id)}?folder=${enc(dashboardFolder.id())}&hash=${enc(hash)}`, { ...body, dashboardId: found.dashboard_id })) });
    } else {
      steps.push({ kind: 'dashboard', name: body.title, action: 'unchanged', apply: noop });
    }
  }
  // Folders first, then the required order: stream → alerts → dashboards.
  const order = { folder: 0, stream: 1, alert: 2, dashboard: 3 } as const;
  return steps.sort((a, b) => order[a.kind] - order[b.kind]);
}

export interface InstallResult {
  readonly steps: readonly Pick<Step, 'kind' | 'name' | 'action' | 'detail'>[];
}

export async function install(client: Client, content: Content, o: InstallOptions): Promise<InstallResult> {
  const steps = await planInstall(client, content, o);
  const describe = (s: Step) => `${s.kind} ${s.name}: ${s.action}${s.detail ? ` (${s.detail})` : ''}`;
  const done: Step[] = [];
  for (const step of steps) {
    if (o.dryRun || step.action === 'unchanged') {
      o.log(`${o.dryRun && step.action !== 'unchanged' ? 'would ' : ''}${describe(step)}`);
      continue;
    }
    try {
      await step.apply();
    } catch (error) {
      const applied = done.length > 0 ? `already applied: ${done.map((s) => `${s.kind} ${s.name}`).join(', ')}` : 'nothing was applied';
      throw new Error(`${step.kind} ${step.name}: ${(error as Error).message} (${applied}; the rest was not attempted; fix the cause and run install again, it only changes what differs)`);
    }
    done.push(step);
    o.log(describe(step));
  }
  return { steps: steps.map(({ kind, name, action, detail }) => ({ kind, name, action, ...(detail ? { detail } : {}) })) };
}
