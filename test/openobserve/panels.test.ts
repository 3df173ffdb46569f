import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContent, DEFAULT_STREAM } from '../../tools/openobserve/content.js';
import { createEngine, type Engine } from './engine.js';
import { relayRows } from './okta-events.js';
import { attacks, normalDay, showcase } from './scenarios.js';
import { readmeQueries } from './readme-queries.js';

const NOW = Date.parse('2026-03-02T15:00:00.000Z');
const content = buildContent(DEFAULT_STREAM);
// A normal day, every attack scenario, and a late batch (older than MAX_EVENT_AGE_SECONDS: ingest_delayed).
const rows = [
  ...relayRows(normalDay(NOW), NOW, 2 * 24 * 3600),
  ...relayRows([...Object.values(attacks(NOW)).flat(), ...showcase(NOW)], NOW),
  ...relayRows(normalDay(NOW).slice(0, 3).map((e) => ({ ...e, at: NOW - 6 * 3600_000 })), NOW),
];
const panels = content.dashboards.flatMap(({ body }) =>
  body.tabs.flatMap((t) => t.panels.map((p) => ({ where: `${body.title} / ${p.title}`, panel: p }))));

describe('every dashboard panel on the relay\'s rows (DuckDB)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(DEFAULT_STREAM, content.stream.fields);
    await engine.load(rows, NOW);
  });
  afterAll(() => engine.close());

  it('the rows include delayed ones, ones with schema issues, proxies and risk verdicts', () => {
    expect(rows.filter((r) => r.ingest_delayed === true)).toHaveLength(3);
    expect(rows.filter((r) => r.schema_issues !== undefined).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.security_is_proxy === true)).toHaveLength(1);
    expect(rows.filter((r) => r.risk_level === 'MEDIUM')).toHaveLength(1);
  });

  it.each(panels)('$where runs and shows data, with every axis alias in its result', async ({ panel }) => {
    const query = panel.queries[0]!;
    const result = await engine.query(query.query, { startMs: NOW - 24 * 3600_000, endMs: NOW + 60_000 });
    expect(result.length).toBeGreaterThan(0);
    const f = query.fields;
    const aliases = [...f.x, ...f.y, ...f.breakdown, ...('latitude' in f ? [f.latitude, f.longitude, f.weight] : [])].map((a) => a!.alias);
    expect(Object.keys(result[0]!)).toEqual(expect.arrayContaining(aliases));
  });
});

describe('README example queries ("Searching in OpenObserve", "Classification")', () => {
  it.each(readmeQueries())('run on the relay\'s rows: %s', async (sql) => {
    const engine = await createEngine(DEFAULT_STREAM, content.stream.fields);
    try {
      await engine.load(rows, NOW);
      expect((await engine.query(sql)).length).toBeGreaterThan(0);
    } finally {
      engine.close();
    }
  });

  it('the password-spray example finds the spraying address', async () => {
    const engine = await createEngine(DEFAULT_STREAM, content.stream.fields);
    try {
      await engine.load(rows, NOW);
      expect(await engine.query(readmeQueries()[3]!, { startMs: NOW - 15 * 60_000, endMs: NOW })).toEqual([{ client_ip: '203.0.113.50', accounts: 20 }]);
    } finally {
      engine.close();
    }
  });
});
