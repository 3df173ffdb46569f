import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../tools/openobserve/cli.js';
import { checkBaseUrl, createClient } from '../../tools/openobserve/client.js';
import { buildContent, DEFAULT_STREAM } from '../../tools/openobserve/content.js';
import { install, type InstallOptions } from '../../tools/openobserve/install.js';
import { createEngine } from './engine.js';
import { startO2, type O2Server } from './o2-server.js';
import { readmeQueries } from './readme-queries.js';

const CREDS = { email: 'root@example.com', password: 'Complexpass#123' };
const ORG = 'default';
let o2: O2Server;
let lines: string[];
const options = (extra: Partial<InstallOptions> = {}): InstallOptions => ({
  org: ORG, stream: DEFAULT_STREAM, destination: 'secops-slack', dryRun: false, log: (l) => lines.push(l), ...extra,
});
const run = (content = buildContent(DEFAULT_STREAM), extra: Partial<InstallOptions> = {}) =>
  install(createClient(o2.url, CREDS), content, options(extra));
const counts = (r: Awaited<ReturnType<typeof run>>) =>
  Object.fromEntries(['create', 'update', 'unchanged'].map((a) => [a, r.steps.filter((s) => s.action === a).length]));

beforeEach(async () => {
  lines = [];
  o2 = await startO2({ ...CREDS, org: ORG, destinations: ['secops-slack'] });
});
afterEach(() => o2.close());

describe('install into OpenObserve (loopback server with OpenObserve\'s save-time checks)', () => {
  it('checks the destination first: a missing one is named, and nothing is changed', async () => {
    await expect(run(undefined, { destination: 'pagerduty' })).rejects.toThrow(
      'alert destination "pagerduty" does not exist in organization "default"; create it in OpenObserve (Management → Alert destinations) first. Nothing was changed.');
    expect(o2.state.writes).toEqual([]);
    expect(o2.state.streams.size + o2.state.alerts.size + o2.state.dashboards.size).toBe(0);
  });

  it('installs in the order OpenObserve requires: typed stream, then alerts, then dashboards', async () => {
    const result = await run();
    expect(counts(result)).toEqual({ create: 15, update: 0, unchanged: 0 });
    expect(o2.state.writes).toEqual([
      `POST /api/${ORG}/streams/${DEFAULT_STREAM}`,
      ...Array(9).fill(`POST /api/v2/${ORG}/alerts`),
      ...Array(5).fill(`POST /api/${ORG}/dashboards`),
    ]);
    const stream = o2.state.streams.get(DEFAULT_STREAM)!;
    expect(stream.schema).toEqual(buildContent(DEFAULT_STREAM).stream.fields);
    expect(stream.settings.data_retention).toBe(365);
    const alerts = [...o2.state.alerts.values()].map((a) => a.body);
    expect(alerts.map((a) => a.destinations)).toEqual(Array(9).fill(['secops-slack']));
    expect(alerts.map((a) => (a.tags as string[])[1]).sort()).toEqual([
      'okta:admin_privilege_grant', 'okta:brute_force', 'okta:high_severity_event', 'okta:mfa_push_bombing', 'okta:multi_country_sign_in',
      'okta:okta_silence', 'okta:password_spray', 'okta:session_roaming', 'okta:sign_in_after_failures',
    ]);
    expect([...o2.state.dashboards.values()].map((d) => d.body.title)).toHaveLength(5);

    // The README's example queries run on the stream as created, before any data arrives.
    const engine = await createEngine(DEFAULT_STREAM, stream.schema);
    try {
      for (const sql of readmeQueries()) expect(await engine.query(sql)).toEqual([]);
    } finally {
      engine.close();
    }
  });

  it('is idempotent: a second run creates and changes nothing', async () => {
    await run();
    const writes = o2.state.writes.length;
    lines = [];
    const second = await run();
    expect(counts(second)).toEqual({ create: 0, update: 0, unchanged: 15 });
    expect(o2.state.writes.length).toBe(writes);
    expect(o2.state.alerts.size).toBe(9);
    expect(o2.state.dashboards.size).toBe(5);
  });

  it('updates changed content in place (same ids), and only that', async () => {
    await run();
    const ids = [...o2.state.alerts.keys()];
    const changed = buildContent(DEFAULT_STREAM, { params: { okta_brute_force: { failures: 10 } } });
    const result = await run(changed);
    expect(result.steps.filter((s) => s.action !== 'unchanged')).toEqual([{ kind: 'alert', name: 'okta_brute_force', action: 'update' }]);
    expect([...o2.state.alerts.keys()]).toEqual(ids);
    const brute = [...o2.state.alerts.values()].find((a) => a.body.name === 'okta_brute_force')!.body;
    expect((brute.query_condition as { sql: string }).sql).toContain('HAVING COUNT(*) >= 10');
  });

  it('adds its destination to an installed alert and keeps the ones added by hand', async () => {
    await run();
    o2.state.destinations.add('oncall-pager').add('secops-email');
    const spray = [...o2.state.alerts.values()].find((a) => a.body.name === 'okta_password_spray')!;
    spray.body = { ...spray.body, destinations: ['oncall-pager'] };
    const result = await run(undefined, { destination: 'secops-email' });
    expect(result.steps.filter((s) => s.action === 'update')).toHaveLength(9);
    expect(spray.body.destinations).toEqual(['oncall-pager', 'secops-email']);
    expect(counts(await run(undefined, { destination: 'secops-email' }))).toEqual({ create: 0, update: 0, unchanged: 15 });
  });

  it('updates a dashboard in place with its current hash', async () => {
    await run();
    const content = buildContent(DEFAULT_STREAM);
    const d0 = content.dashboards[0]!.body;
    const edited = { ...content, dashboards: [{ ...content.dashboards[0]!, body: { ...d0, description: 'Sign-ins, reworded' } }, ...content.dashboards.slice(1)] };
    const result = await run(edited);
    expect(result.steps.filter((s) => s.action !== 'unchanged')).toEqual([{ kind: 'dashboard', name: 'Okta: sign-ins', action: 'update' }]);
    expect([...o2.state.dashboards.values()].find((d) => d.body.title === 'Okta: sign-ins')!.body.description).toBe('Sign-ins, reworded');
    expect(o2.state.dashboards.size).toBe(5);
  });

  it('--dry-run prints what it would do and writes nothing', async () => {
    const result = await run(undefined, { dryRun: true, folder: 'Okta' });
    expect(counts(result)).toEqual({ create: 17, update: 0, unchanged: 0 });
    expect(o2.state.writes).toEqual([]);
    expect(lines.slice(0, 4)).toEqual([
      'would folder alerts/Okta: create',
      'would folder dashboards/Okta: create',
      `would stream ${DEFAULT_STREAM}: create (${buildContent(DEFAULT_STREAM).stream.fields.length} typed fields)`,
      'would alert okta_password_spray: create',
    ]);
  });

  it('--folder creates the folders once and installs into them', async () => {
    await run(undefined, { folder: 'Okta' });
    const folders = [...o2.state.folders.values()].filter((f) => f.name === 'Okta');
    expect(folders.map((f) => f.type).sort()).toEqual(['alerts', 'dashboards']);
    const [alertsFolder] = folders.filter((f) => f.type === 'alerts');
    expect([...o2.state.alerts.values()].every((a) => a.folder === alertsFolder!.folderId)).toBe(true);
    expect(counts(await run(undefined, { folder: 'Okta' }))).toEqual({ create: 0, update: 0, unchanged: 15 });
    expect([...o2.state.folders.values()].filter((f) => f.name === 'Okta')).toHaveLength(2);
  });

  it('completes a young stream that ingestion created with a few columns, and the README queries then run before any more data', async () => {
    o2.state.streams.set(DEFAULT_STREAM, { schema: [{ name: 'uuid', type: 'Utf8' }, { name: 'event_type', type: 'Utf8' }, { name: 'auth_step', type: 'Utf8' }, { name: '_timestamp', type: 'Int64' }], settings: { bloom_filter_fields: ['uuid'] } });
    const result = await run(undefined, { retentionDays: 90 });
    const step = result.steps.find((s) => s.kind === 'stream')!;
    expect(step.action).toBe('update');
    expect(step.detail).toContain('kept as OpenObserve has them (types cannot change in place): auth_step is Utf8, wanted Int64');
    const stream = o2.state.streams.get(DEFAULT_STREAM)!;
    expect(stream.schema.map((f) => f.name).sort()).toEqual(buildContent(DEFAULT_STREAM).stream.fields.map((f) => f.name).sort());
    expect(stream.settings.bloom_filter_fields).toEqual(buildContent(DEFAULT_STREAM).stream.settings.bloom_filter_fields);
    expect(stream.settings.data_retention).toBe(90);

    const engine = await createEngine(DEFAULT_STREAM, stream.schema);
    try {
      for (const sql of readmeQueries()) expect(await engine.query(sql)).toEqual([]);
    } finally {
      engine.close();
    }
  });

  it('reports OpenObserve\'s own message when it refuses, and what was applied before', async () => {
    const content = buildContent(DEFAULT_STREAM);
    const bad = content.alerts[1]!;
    const broken = { ...content, alerts: [content.alerts[0]!, { ...bad, body: { ...bad.body, query_condition: { ...bad.body.query_condition, sql: `SELECT * FROM "${DEFAULT_STREAM}"` } } }] };
    await expect(run(broken)).rejects.toThrow(
      `alert okta_brute_force: POST /api/v2/${ORG}/alerts?folder=default: HTTP 400: Alert with SQL can not contain SELECT * in the SQL query (already applied: stream ${DEFAULT_STREAM}, alert okta_password_spray; the rest was not attempted; fix the cause and run install again, it only changes what differs)`);
    expect(o2.state.dashboards.size).toBe(0);
  });

  it('names the address and the reason when OpenObserve cannot be reached', async () => {
    const url = o2.url;
    await o2.close();
    await expect(install(createClient(url, CREDS), buildContent(DEFAULT_STREAM), options())).rejects.toThrow(
      `GET ${url}/api/${ORG}/alerts/destinations/secops-slack: fetch failed (ECONNREFUSED)`);
    o2 = await startO2({ ...CREDS, org: ORG });
  });

  it('reports a refused login with OpenObserve\'s message', async () => {
    await expect(install(createClient(o2.url, { ...CREDS, password: 'wrong' }), buildContent(DEFAULT_STREAM), options())).rejects.toThrow(
      `GET /api/${ORG}/alerts/destinations/secops-slack: HTTP 401: Unauthorized Access`);
  });
});

describe('npm run openobserve -- install', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('takes credentials from OPENOBSERVE_EMAIL / OPENOBSERVE_PASSWORD only', async () => {
    delete process.env.OPENOBSERVE_EMAIL;
    delete process.env.OPENOBSERVE_PASSWORD;
    const args = ['install', '--url', o2.url, '--org', ORG, '--stream', DEFAULT_STREAM, '--destination', 'secops-slack'];
    await expect(main(args, () => {})).rejects.toThrow('set OPENOBSERVE_EMAIL and OPENOBSERVE_PASSWORD in the environment');
    await expect(main([...args, '--password', 'x'], () => {})).rejects.toThrow("Unknown option '--password'");
    process.env.OPENOBSERVE_EMAIL = CREDS.email;
    process.env.OPENOBSERVE_PASSWORD = CREDS.password;
    const out: string[] = [];
    expect(await main([...args, '--param', 'okta_password_spray.accounts=15'], (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe('create 15, update 0, unchanged 0');
    const spray = [...o2.state.alerts.values()].find((a) => a.body.name === 'okta_password_spray')!.body;
    expect((spray.query_condition as { sql: string }).sql).toContain('>= 15');
  });

  it('refuses a parameter of 0 before anything is sent', async () => {
    process.env.OPENOBSERVE_EMAIL = CREDS.email;
    process.env.OPENOBSERVE_PASSWORD = CREDS.password;
    const args = ['install', '--url', o2.url, '--org', ORG, '--stream', DEFAULT_STREAM, '--destination', 'secops-slack'];
    await expect(main([...args, '--param', 'okta_password_spray.period=0'], () => {})).rejects.toThrow(
      '--param okta_password_spray.period=0: okta_password_spray.period must be a whole number, at least 1 (got 0)');
    await expect(main([...args, '--param', 'okta_high_severity_event.frequency=10'], () => {})).rejects.toThrow('must not exceed okta_high_severity_event.period (5 min)');
    expect(o2.state.writes).toEqual([]);
    expect(o2.state.streams.size).toBe(0);
  });
});

describe('--url is checked before anything is sent (the password or token travels in every request)', () => {
  it('takes https anywhere and plain http only to this machine', () => {
    expect(checkBaseUrl('https://o2.example.com')).toBe('https://o2.example.com');
    expect(checkBaseUrl('https://o2.example.com:5080/o2/')).toBe('https://o2.example.com:5080/o2');
    expect(checkBaseUrl('http://localhost:5080')).toBe('http://localhost:5080');
    expect(checkBaseUrl('http://127.0.0.1:5080/')).toBe('http://127.0.0.1:5080');
    expect(checkBaseUrl('http://[::1]:5080')).toBe('http://[::1]:5080');
    expect(() => checkBaseUrl('http://o2.example.com:5080')).toThrow(
      '--url http://o2.example.com:5080/: use https:// (the password or token is sent with every request; plain http:// only to localhost or 127.0.0.1/[::1])');
    expect(() => checkBaseUrl('http://10.0.0.5')).toThrow('use https://');
    expect(() => checkBaseUrl('ftp://127.0.0.1')).toThrow('use https://');
    expect(() => checkBaseUrl('o2.example.com')).toThrow('--url o2.example.com: not a URL (expected https://HOST[:PORT][/PATH])');
    expect(() => checkBaseUrl('https://o2.example.com/?org=x')).toThrow('no query or fragment');
  });

  it('refuses credentials in the URL and never repeats them', () => {
    for (const url of ['https://root:Complexpass%23123@o2.example.com', 'https://token@o2.example.com', 'http://root:Complexpass%23123@127.0.0.1:5080', 'https://root:Complexpass#123@o2.example.com:notaport']) {
      let message = '';
      try {
        checkBaseUrl(url);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^--url https?:\/\/\*\*\*@/);
      expect(message).not.toMatch(/Complexpass|root|token/);
    }
    expect(() => checkBaseUrl('https://root:pw@o2.example.com')).toThrow(
      '--url https://***@o2.example.com/: must not contain a user name or password; set OPENOBSERVE_EMAIL and OPENOBSERVE_PASSWORD in the environment instead');
  });

  it('the installer refuses such a URL and sends nothing', async () => {
    const plain = o2.url.replace('127.0.0.1', 'root:Complexpass%23123@127.0.0.1');
    expect(() => createClient(plain, CREDS)).toThrow('must not contain a user name or password');
    const args = ['install', '--url', plain, '--org', ORG, '--stream', DEFAULT_STREAM, '--destination', 'secops-slack'];
    await expect(main(args, () => {})).rejects.toThrow(`--url http://***@127.0.0.1:${new URL(o2.url).port}/: must not contain`);
    await expect(main(['install', '--url', 'http://o2.example.com', '--org', ORG, '--stream', DEFAULT_STREAM, '--destination', 'x'], () => {})).rejects.toThrow('use https://');
    expect(o2.state.writes).toEqual([]);
  });
});

describe('the loopback server enforces OpenObserve\'s save-time checks (so the install order is tested, not assumed)', () => {
  const alert = () => ({ ...buildContent(DEFAULT_STREAM).alerts[0]!.body, destinations: ['secops-slack'] });
  const post = (path: string, body: unknown, password = CREDS.password) =>
    createClient(o2.url, { ...CREDS, password }).send('POST', path, body);

  it('refuses an alert on a stream without a schema, and then accepts it once the stream exists', async () => {
    await expect(post(`/api/v2/${ORG}/alerts`, alert())).rejects.toThrow(`HTTP 404: Stream ${DEFAULT_STREAM} not found`);
    await post(`/api/${ORG}/streams/${DEFAULT_STREAM}`, buildContent(DEFAULT_STREAM).stream);
    await expect(post(`/api/v2/${ORG}/alerts`, alert())).resolves.toMatchObject({ message: 'Alert saved' });
    await expect(post(`/api/${ORG}/streams/${DEFAULT_STREAM}`, buildContent(DEFAULT_STREAM).stream)).rejects.toThrow('HTTP 400: stream already exists');
  });

  it('refuses a missing destination, SELECT *, a bad name, and a wrong password', async () => {
    await post(`/api/${ORG}/streams/${DEFAULT_STREAM}`, buildContent(DEFAULT_STREAM).stream);
    await expect(post(`/api/v2/${ORG}/alerts`, { ...alert(), destinations: [] })).rejects.toThrow('HTTP 400: Alert destination or workflows is required');
    await expect(post(`/api/v2/${ORG}/alerts`, { ...alert(), destinations: ['nope'] })).rejects.toThrow('HTTP 404: Alert destination nope not found');
    await expect(post(`/api/v2/${ORG}/alerts`, { ...alert(), query_condition: { type: 'sql', sql: 'select  * from "x"' } })).rejects.toThrow('SELECT *');
    await expect(post(`/api/v2/${ORG}/alerts`, { ...alert(), name: 'okta:spray' })).rejects.toThrow("Alert name cannot contain ':'");
    await expect(post(`/api/v2/${ORG}/alerts`, alert(), 'wrong')).rejects.toThrow('HTTP 401: Unauthorized Access');
    await expect(post(`/api/${ORG}/streams/other`, { fields: [{ name: 'a', type: 'String' }], settings: {} })).rejects.toThrow('HTTP 400: invalid data type: String');
  });
});
