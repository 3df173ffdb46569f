import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { invocationDir, main } from '../../tools/openobserve/cli.js';
import { buildContent, contentFiles, DEFAULT_STREAM, parseParamOverrides } from '../../tools/openobserve/content.js';
import { README, renderDetectionTable } from '../../tools/openobserve/readme.js';
import { exportContent, generatedFiles, REPO_CONTENT_DIR } from '../../tools/openobserve/files.js';
import { DashboardV8, LibraryAlert, StreamCreateSchema } from '../../tools/openobserve/schemas.js';
import { BLOOM_FILTER_FIELDS, FULL_TEXT_SEARCH_KEYS, INDEX_FIELDS, INTEGER_COLUMNS } from '../../tools/openobserve/stream.js';

const listFiles = (dir: string, prefix = ''): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);

describe('openobserve/ content in the repository', () => {
  it('is exactly what `npm run openobserve -- generate` writes from the code (run it after changing columns or content)', () => {
    const { content } = generatedFiles();
    const onDisk = listFiles(REPO_CONTENT_DIR).filter((f) => f.endsWith('.json'));
    expect(onDisk.sort()).toEqual([...content.keys()].sort());
    for (const [path, text] of content) expect(readFileSync(join(REPO_CONTENT_DIR, path), 'utf8'), path).toBe(text);
  });

  it('keeps no generated copy of the column names: content is typed with the catalogue\'s own ColumnName', () => {
    const tools = fileURLToPath(new URL('../../tools/openobserve/', import.meta.url));
    expect(readdirSync(tools).filter((f) => f.includes('generated'))).toEqual([]);
    for (const f of readdirSync(tools)) expect(readFileSync(join(tools, f), 'utf8'), f).not.toContain('column-names');
  });

  it('README.md carries the detection table as generated from the detections', () => {
    expect(readFileSync(README, 'utf8')).toContain(renderDetectionTable());
  });
});

describe('stream definition', () => {
  const { stream } = buildContent(DEFAULT_STREAM);

  it('has one typed field per catalogued column, in catalogue order', () => {
    expect(stream.fields.map((f) => f.name)).toEqual(ALL_COLUMNS.map((c) => c.name));
    const expected = ALL_COLUMNS.map((c) =>
      c.type === 'string' ? 'Utf8' : c.type === 'boolean' ? 'Boolean' : (INTEGER_COLUMNS as readonly string[]).includes(c.name) ? 'Int64' : 'Float64');
    expect(stream.fields.map((f) => f.type)).toEqual(expected);
    expect(stream.fields.find((f) => f.name === '_timestamp')?.type).toBe('Int64');
    expect(stream.fields.find((f) => f.name === 'client_geo_lat')?.type).toBe('Float64');
  });

  it('is a valid StreamCreate body whose settings name catalogued columns only', () => {
    expect(() => StreamCreateSchema.parse(stream)).not.toThrow();
    const names = new Set(ALL_COLUMNS.map((c) => c.name));
    for (const key of [...FULL_TEXT_SEARCH_KEYS, ...INDEX_FIELDS, ...BLOOM_FILTER_FIELDS, ...INTEGER_COLUMNS]) expect(names.has(key), key).toBe(true);
    expect(stream.settings.bloom_filter_fields).toEqual(
      expect.arrayContaining(['uuid', 'actor_alternate_id', 'target_user_alternate_id', 'client_ip', 'auth_external_session_id', 'event_type']));
    expect(stream.settings.data_retention).toBe(365);
    expect(buildContent(DEFAULT_STREAM, { retentionDays: 30 }).stream.settings.data_retention).toBe(30);
  });
});

describe('dashboards and alerts against OpenObserve\'s structs and the alert library contract', () => {
  const content = buildContent('okta_audit_eu');

  it.each(content.dashboards.map((d) => [d.file, d.body] as const))('%s is a v8 dashboard', (_file, body) => {
    expect(DashboardV8.safeParse(body).error?.issues ?? []).toEqual([]);
    for (const p of body.tabs.flatMap((t) => t.panels)) for (const q of p.queries) expect(q.fields.stream).toBe('okta_audit_eu');
  });

  it.each(content.alerts.map((a) => [a.file, a.body] as const))('%s is a library alert named as its file', (file, body) => {
    expect(LibraryAlert.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(`${body.name}.json`).toBe(file);
    expect(body.stream_name).toBe('okta_audit_eu');
    expect(body.tags.filter((t) => t.startsWith('okta:'))).toHaveLength(1);
  });

  it('covers the required dashboards and detections', () => {
    expect(content.dashboards.map((d) => d.body.title)).toEqual([
      'Okta: sign-ins', 'Okta: admin and privilege changes', 'Okta: threats', 'Okta: MFA', 'Okta: relay health',
    ]);
    expect(content.alerts.map((a) => a.body.tags[1])).toEqual([
      'okta:password_spray', 'okta:brute_force', 'okta:sign_in_after_failures', 'okta:mfa_push_bombing', 'okta:session_roaming',
      'okta:multi_country_sign_in', 'okta:high_severity_event', 'okta:admin_privilege_grant', 'okta:okta_silence',
    ]);
  });

  it('the schemas refuse what OpenObserve refuses (they can fail)', () => {
    const alert = content.alerts[0]!.body;
    expect(LibraryAlert.safeParse({ ...alert, query_condition: { ...alert.query_condition, sql: 'SELECT * FROM "x"' } }).success).toBe(false);
    expect(LibraryAlert.safeParse({ ...alert, destinations: ['slack'] }).success).toBe(false);
    expect(LibraryAlert.safeParse({ ...alert, name: 'okta:spray' }).success).toBe(false);
    expect(LibraryAlert.safeParse({ ...alert, tags: ['1okta'] }).success).toBe(false);
    const dash = content.dashboards[0]!.body;
    const panel = dash.tabs[0]!.panels[0]!;
    const broken = { ...dash, tabs: [{ ...dash.tabs[0]!, panels: [{ ...panel, layout: { ...panel.layout, x: 150, w: 96 } }] }] };
    expect(DashboardV8.safeParse(broken).success).toBe(false);
    expect(DashboardV8.safeParse({ ...dash, tabs: [{ ...dash.tabs[0]!, panels: [{ ...panel, config: {} }] }] }).success).toBe(false);
  });

  it('detection parameters are checked by name', () => {
    expect(parseParamOverrides(['okta_brute_force.failures=10'])).toEqual({ okta_brute_force: { failures: 10 } });
    expect(() => parseParamOverrides(['okta_brute_force.accounts=10'])).toThrow('okta_brute_force has no parameter accounts (it has period, frequency, failures)');
    expect(() => parseParamOverrides(['okta_nope.period=10'])).toThrow('no detection named okta_nope');
    expect(() => parseParamOverrides(['okta_brute_force.failures=ten'])).toThrow('expected DETECTION.PARAMETER=WHOLE_NUMBER');
  });

  it('detection parameters are whole numbers ≥ 1, and no alert is checked less often than its window, before anything is sent', () => {
    expect(() => parseParamOverrides(['okta_brute_force.period=0'])).toThrow('--param okta_brute_force.period=0: okta_brute_force.period must be a whole number, at least 1 (got 0)');
    expect(() => parseParamOverrides(['okta_brute_force.failures=0'])).toThrow('okta_brute_force.failures must be a whole number, at least 1 (got 0)');
    expect(() => parseParamOverrides(['okta_silence.frequency=0'])).toThrow('okta_silence.frequency must be a whole number, at least 1 (got 0)');
    expect(() => parseParamOverrides(['okta_brute_force.failures=99999999999999999999'])).toThrow('must be a whole number, at least 1 (got 100000000000000000000)');
    expect(() => parseParamOverrides(['okta_brute_force.period=3'])).toThrow(
      '--param: okta_brute_force.frequency (5 min) must not exceed okta_brute_force.period (3 min), or the minutes between windows are never checked');
    expect(parseParamOverrides(['okta_brute_force.period=3', 'okta_brute_force.frequency=3'])).toEqual({ okta_brute_force: { period: 3, frequency: 3 } });
    expect(parseParamOverrides(['okta_brute_force.failures=1'])).toEqual({ okta_brute_force: { failures: 1 } });
    // Content built from overrides that did not come through --param is checked too.
    expect(() => buildContent('okta_prod', { params: { okta_password_spray: { accounts: 0 } } })).toThrow('okta_password_spray: okta_password_spray.accounts must be a whole number, at least 1 (got 0)');
    expect(() => buildContent('okta_prod', { params: { okta_password_spray: { period: 2.5 } } })).toThrow('okta_password_spray.period must be a whole number');
  });
});

describe('export', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('writes stream.json, dashboards/*.json and alerts/*.json for the stream, and a second run changes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'o2-export-'));
    const first = exportContent('okta_prod', dir, false);
    const expected = contentFiles(buildContent('okta_prod'));
    expect([...first.written].sort()).toEqual([...expected.keys()].sort());
    expect(listFiles(dir).sort()).toEqual([...expected.keys()].sort());
    expect(JSON.parse(readFileSync(join(dir, 'alerts/okta_password_spray.json'), 'utf8')).query_condition.sql).toContain('FROM "okta_prod"');
    expect(exportContent('okta_prod', dir, false)).toEqual({ written: [], unchanged: first.written });
  });

  it('never overwrites a file someone changed unless --force, and then writes nothing at all', () => {
    dir = mkdtempSync(join(tmpdir(), 'o2-export-'));
    exportContent('okta_prod', dir, false);
    writeFileSync(join(dir, 'stream.json'), '{"edited":true}\n');
    expect(() => exportContent('okta_other', dir!, false)).toThrow(/would overwrite .*stream\.json.*use --force/);
    expect(readFileSync(join(dir, 'stream.json'), 'utf8')).toBe('{"edited":true}\n');
    expect(readFileSync(join(dir, 'alerts/okta_password_spray.json'), 'utf8')).toContain('"okta_prod"');
    exportContent('okta_other', dir, true);
    expect(readFileSync(join(dir, 'alerts/okta_password_spray.json'), 'utf8')).toContain('"okta_other"');
  });

  it('writes a relative --out under the directory the command was started in (npm\'s INIT_CWD), not the package directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'o2-export-'));
    const saved = process.env.INIT_CWD;
    const lines: string[] = [];
    const out = `okta-content-${process.pid}`;
    let wrongPlace = false;
    try {
      process.env.INIT_CWD = dir;
      expect(await main(['export', '--stream', 'okta_prod', '--out', out], (l) => lines.push(l))).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
      wrongPlace = existsSync(join(process.cwd(), out));
      rmSync(join(process.cwd(), out), { recursive: true, force: true });
    }
    const count = contentFiles(buildContent('okta_prod')).size;
    expect(lines).toEqual([`exported to ${join(dir, out)}: ${count} files written, 0 unchanged`]);
    expect(listFiles(join(dir, out))).toHaveLength(count);
    expect(wrongPlace).toBe(false);
    expect(invocationDir({}, '/srv/team')).toBe('/srv/team');
    expect(invocationDir({ INIT_CWD: '/home/me' }, '/srv/team')).toBe('/home/me');
  });

  it('refuses a stream name OpenObserve would rewrite', () => {
    expect(() => buildContent('Okta-System.Log')).toThrow('use lowercase letters, digits and _ only');
  });
});
