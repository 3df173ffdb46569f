/**
 * A loopback server speaking the part of OpenObserve's management API that
 * `install` uses, with the save-time checks of the real handlers:
 * - basic auth on every route (401 "Unauthorized Access");
 * - streams (`src/stream/src/lib.rs`): create refuses an existing stream
 *   ("stream already exists") and an unknown data type ("invalid data type: X"),
 *   adds `_timestamp` when missing; `PUT .../settings` adds fields and index
 *   settings by `{add, remove}`; schema GET is 404 "stream not found";
 * - alerts v2 (`prepare_alert`, `src/core/src/alerts/alert.rs`): name required,
 *   no `/`, no OpenFGA-unsafe characters; destinations required and existing;
 *   the stream must have a schema ("Stream X not found", 404); SQL required and no
 *   `SELECT *`; tags normalised (trimmed, lowercased); folder must exist;
 * - dashboards: body dispatched on `version` (8 here, checked with the v8 schema),
 *   new id on create, `PUT` needs the current `hash` (409 otherwise); the list
 *   items are snake_case (`dashboard_id`), the dashboard itself `{v8, version, hash}`;
 * - folders v2: list and create, `default` always present.
 * Answers carry OpenObserve's `{code, message}` error body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DashboardV8, SELECT_STAR } from '../../tools/openobserve/schemas.js';

interface Stored<T> { id: string; folder: string; body: T; hash: string }
type Json = Record<string, unknown>;

export interface O2State {
  readonly destinations: Set<string>;
  readonly streams: Map<string, { schema: { name: string; type: string }[]; settings: Json }>;
  readonly alerts: Map<string, Stored<Json>>;
  readonly dashboards: Map<string, Stored<Json>>;
  readonly folders: Map<string, { folderId: string; name: string; description: string; type: string }>;
  /** Every write, in order: `METHOD path`. */
  readonly writes: string[];
}

export interface O2Server {
  readonly url: string;
  readonly state: O2State;
  readonly close: () => Promise<void>;
}

const ARROW_TYPES = new Set(['Utf8', 'LargeUtf8', 'Int64', 'Int32', 'UInt64', 'Float64', 'Float32', 'Boolean']);
const OFGA_UNSAFE = /[:#?&%'"\s]/;

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export async function startO2(options: { email: string; password: string; org: string; destinations?: string[] }): Promise<O2Server> {
  const state: O2State = {
    destinations: new Set(options.destinations ?? []),
    streams: new Map(),
    alerts: new Map(),
    dashboards: new Map(),
    folders: new Map([['alerts/default', { folderId: 'default', name: 'default', description: 'default', type: 'alerts' }], ['dashboards/default', { folderId: 'default', name: 'default', description: 'default', type: 'dashboards' }]]),
    writes: [],
  };
  let ids = 0;
  const newId = (prefix: string) => `${prefix}${(ids += 1).toString().padStart(6, '0')}`;
  const expectedAuth = `Basic ${Buffer.from(`${options.email}:${options.password}`).toString('base64')}`;

  const folderExists = (type: string, id: string) => [...state.folders.values()].some((f) => f.type === type && f.folderId === id);

  function saveAlert(body: Json, folder: string, id: string | undefined): Json {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (OFGA_UNSAFE.test(name)) throw new HttpError(400, "Alert name cannot contain ':', '#', '?', '&', '%', quotes and space characters");
    if (name === '' || typeof body.stream_name !== 'string' || body.stream_name === '') throw new HttpError(400, 'Alert name is required');
    if (name.includes('/')) throw new HttpError(400, "Alert name cannot contain '/'");
    const destinations = Array.isArray(body.destinations) ? (body.destinations as string[]) : [];
    if (destinations.length === 0) throw new HttpError(400, 'Alert destination or workflows is required');
    for (const d of destinations) if (!state.destinations.has(d)) throw new HttpError(404, `Alert destination ${d} not found`);
    if ((state.streams.get(body.stream_name)?.schema.length ?? 0) === 0) throw new HttpError(404, `Stream ${body.stream_name} not found`);
    const sql = (body.query_condition as Json | undefined)?.sql;
    if (typeof sql !== 'string' || sql === '') throw new HttpError(400, 'Alert with SQL mode should have a query');
    if (SELECT_STAR.test(sql)) throw new HttpError(400, 'Alert with SQL can not contain SELECT * in the SQL query');
    const tags = ((body.tags as string[] | undefined) ?? []).map((t) => t.trim().toLowerCase());
    const stored = { ...body, name, tags, id: id ?? newId('alert') };
    return stored;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<[number, unknown]> {
    if (req.headers.authorization !== expectedAuth) return [401, { code: 401, message: 'Unauthorized Access' }];
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Json = {};
    if (text !== '') {
      try {
        body = JSON.parse(text) as Json;
      } catch {
        return [400, { code: 400, message: 'Json deserialize error: invalid JSON' }];
      }
    }
    const org = `/${options.org}`;
    const path = url.pathname;
    const folder = url.searchParams.get('folder') ?? 'default';
    if (method !== 'GET') state.writes.push(`${method} ${path}`);
    let m: RegExpExecArray | null;

    if ((m = new RegExp(`^/api${org}/alerts/destinations/([^/]+)$`).exec(path)) && method === 'GET') {
      const name = decodeURIComponent(m[1]!);
      return state.destinations.has(name) ? [200, { name, type: 'http', url: 'http://127.0.0.1/hook' }] : [404, { code: 404, message: 'Destination not found' }];
    }
    if ((m = new RegExp(`^/api/v2${org}/folders/(alerts|dashboards)$`).exec(path))) {
      const type = m[1]!;
      if (method === 'GET') return [200, { list: [...state.folders.values()].filter((f) => f.type === type).map(({ type: _t, ...f }) => f) }];
      if (method === 'POST') {
        if ([...state.folders.values()].some((f) => f.type === type && f.name === body.name)) return [400, { code: 400, message: 'Folder with this name already exists in this organization' }];
        const f = { folderId: newId('folder'), name: String(body.name), description: String(body.description ?? ''), type };
        state.folders.set(`${type}/${f.folderId}`, f);
        return [200, { folderId: f.folderId, name: f.name, description: f.description }];
      }
    }
    if ((m = new RegExp(`^/api${org}/streams/([^/]+)/schema$`).exec(path)) && method === 'GET') {
      const s = state.streams.get(decodeURIComponent(m[1]!));
      return s === undefined ? [404, { code: 404, message: 'stream not found' }] : [200, { name: m[1], stream_type: 'logs', schema: s.schema, settings: s.settings }];
    }
    if ((m = new RegExp(`^/api${org}/streams/([^/]+)$`).exec(path)) && method === 'POST') {
      const name = decodeURIComponent(m[1]!);
      if ((state.streams.get(name)?.schema.length ?? 0) > 0) return [400, { code: 400, message: 'stream already exists' }];
      const fields = (body.fields as { name: string; type: string }[] | undefined) ?? [];
      for (const f of fields) if (!ARROW_TYPES.has(f.type)) return [400, { code: 400, message: `invalid data type: ${f.type}` }];
      const schema = fields.some((f) => f.name === '_timestamp') ? fields : [...fields, { name: '_timestamp', type: 'Int64' }];
      state.streams.set(name, { schema, settings: (body.settings as Json) ?? {} });
      return [200, { code: 200, message: 'stream created' }];
    }
    if ((m = new RegExp(`^/api${org}/streams/([^/]+)/settings$`).exec(path)) && method === 'PUT') {
      const s = state.streams.get(decodeURIComponent(m[1]!));
      if (s === undefined) return [404, { code: 404, message: 'stream not found' }];
      const add = (key: string) => ((body[key] as { add?: unknown[] } | undefined)?.add ?? []);
      for (const f of add('fields') as { name: string; type: string }[]) {
        if (!ARROW_TYPES.has(f.type)) return [500, { code: 500, message: `invalid data type: ${f.type}` }];
        if (!s.schema.some((x) => x.name === f.name)) s.schema.push(f);
      }
      for (const key of ['full_text_search_keys', 'index_fields', 'bloom_filter_fields']) {
        s.settings[key] = [...((s.settings[key] as string[] | undefined) ?? []), ...(add(key) as string[])];
      }
      if (typeof body.data_retention === 'number') s.settings.data_retention = body.data_retention;
      return [200, { code: 200, message: '' }];
    }
    if (path === `/api/v2${org}/alerts`) {
      if (method === 'GET') {
        return [200, { list: [...state.alerts.values()].filter((a) => a.folder === folder).map((a) => ({ alert_id: a.id, name: a.body.name, folder_id: a.folder })) }];
      }
      if (method === 'POST') {
        if (!folderExists('alerts', folder)) return [404, { code: 404, message: 'Error creating alert in folder that cannot be found' }];
        const stored = saveAlert(body, folder, undefined);
        state.alerts.set(stored.id as string, { id: stored.id as string, folder, body: stored, hash: '' });
        return [200, { code: 200, message: 'Alert saved', id: stored.id, name: stored.name }];
      }
    }
    if ((m = new RegExp(`^/api/v2${org}/alerts/([^/]+)$`).exec(path))) {
      const a = state.alerts.get(decodeURIComponent(m[1]!));
      if (a === undefined) return [404, { code: 404, message: 'Alert not found' }];
      if (method === 'GET') return [200, a.body];
      if (method === 'PUT') {
        a.body = saveAlert(body, a.folder, a.id);
        return [200, { code: 200, message: 'Alert Updated' }];
      }
    }
    if (path === `/api${org}/dashboards`) {
      if (method === 'GET') {
        return [200, { dashboards: [...state.dashboards.values()].filter((d) => d.folder === folder).map((d) => ({ dashboard_id: d.id, title: d.body.title, description: d.body.description, hash: d.hash, folder_id: d.folder, version: 8 })) }];
      }
      if (method === 'POST') {
        if (!folderExists('dashboards', folder)) return [404, { code: 404, message: 'Folder not found' }];
        const parsed = DashboardV8.safeParse(body);
        if (!parsed.success) return [400, { code: 400, message: `Json deserialize error: ${parsed.error.issues[0]!.message}` }];
        const id = newId('dash');
        const stored = { id, folder, body: { ...body, dashboardId: id }, hash: String(ids) };
        state.dashboards.set(id, stored);
        return [200, { v8: stored.body, version: 8, hash: stored.hash }];
      }
    }
    if ((m = new RegExp(`^/api${org}/dashboards/([^/]+)$`).exec(path))) {
      const d = state.dashboards.get(decodeURIComponent(m[1]!));
      if (d === undefined) return [404, { code: 404, message: 'Dashboard not found' }];
      if (method === 'GET') return [200, { v8: d.body, version: 8, hash: d.hash }];
      if (method === 'PUT') {
        if (url.searchParams.get('hash') !== d.hash) return [409, { code: 409, message: 'Conflict: Failed to save due to concurrent changes' }];
        const parsed = DashboardV8.safeParse(body);
        if (!parsed.success) return [400, { code: 400, message: `Json deserialize error: ${parsed.error.issues[0]!.message}` }];
        d.body = { ...body, dashboardId: d.id };
        d.hash = String((ids += 1));
        return [200, { v8: d.body, version: 8, hash: d.hash }];
      }
    }
    return [404, { code: 404, message: `no route ${method} ${path}` }];
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).then(
      ([status, payload]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload)),
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: status, message: (error as Error).message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
