import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent, DEFAULT_STREAM, type LibraryAlert } from '../../tools/openobserve/content.js';
import { createEngine, evaluateAlert, fires, periodEndingAt, type Engine } from './engine.js';
import { relayRows } from './okta-events.js';
import { attacks, normalDay } from './scenarios.js';

const NOW = Date.parse('2026-03-02T15:00:00.000Z');
const DAY_SECONDS = 2 * 24 * 3600; // keep the synthetic day's own times (see relayRows)
const content = buildContent(DEFAULT_STREAM);
const alertByTag = new Map(content.alerts.map(({ body }) => [body.tags.find((t) => t.startsWith('okta:'))!, body]));
const benignRows = relayRows(normalDay(NOW), NOW, DAY_SECONDS);
const scenarios = attacks(NOW);

async function engineWith(extra: ReturnType<typeof relayRows>): Promise<Engine> {
  const engine = await createEngine(DEFAULT_STREAM, content.stream.fields);
  await engine.load([...benignRows, ...extra], NOW);
  return engine;
}

describe('Okta detections on a normal day (benign traffic through the relay)', () => {
  /** Per tag, every scheduled evaluation over the day that fired. */
  const firings = new Map<string, string[]>();
  beforeAll(async () => {
    const engine = await engineWith([]);
    try {
      const dayStart = NOW - 24 * 3600_000;
      for (const [tag, alert] of alertByTag) {
        // Each evaluation the scheduler would run while the day's traffic was arriving.
        const ends: number[] = [];
        for (let end = dayStart + alert.trigger_condition.frequency * 60_000; end <= NOW; end += alert.trigger_condition.frequency * 60_000) ends.push(end);
        const counts = await engine.countOver(alert.query_condition.sql, ends.map((end) => periodEndingAt(alert, end)));
        firings.set(tag, ends.filter((_, i) => fires(alert, counts[i]!)).map((end) => new Date(end).toISOString()));
      }
    } finally {
      engine.close();
    }
  });

  it('the day is ordinary: no row the relay rated high or critical', () => {
    expect(benignRows.filter((r) => r.security_severity === 'high' || r.security_severity === 'critical')).toEqual([]);
    expect(benignRows.length).toBeGreaterThan(500);
  });

  it.each([...alertByTag.keys()])('%s stays silent at every scheduled evaluation over the day', (tag) => {
    expect(firings.get(tag)).toEqual([]);
  });

  it('the sweep itself can fire: with the spray added, okta:password_spray fires at the evaluations covering it', async () => {
    const engine = await engineWith(relayRows(scenarios['okta:password_spray']!, NOW));
    try {
      const alert = alertByTag.get('okta:password_spray')!;
      const ends = [NOW - 10 * 60_000, NOW - 5 * 60_000, NOW, NOW + 5 * 60_000, NOW + 10 * 60_000];
      const counts = await engine.countOver(alert.query_condition.sql, ends.map((end) => periodEndingAt(alert, end)));
      expect(counts).toEqual([0, 1, 1, 1, 0]);
      // The same windows one query at a time agree with the batched sweep.
      const single = [];
      for (const end of ends) single.push((await evaluateAlert(engine, alert, end)).rows.length);
      expect(single).toEqual(counts);
    } finally {
      engine.close();
    }
  });
});

/** What the firing rows must name, per scenario. */
const EXPECTED: Record<string, (rows: Record<string, unknown>[]) => void> = {
  'okta:password_spray': (rows) => expect(rows).toEqual([{ client_ip: '203.0.113.50', accounts: 20, failures: 20 }]),
  'okta:brute_force': (rows) => expect(rows).toEqual([{ actor_alternate_id: 'employee11@example.com', failures: 8, source_ips: 2 }]),
  'okta:sign_in_after_failures': (rows) => expect(rows).toEqual([{ actor_alternate_id: 'employee12@example.com', failures: 6, success_ip: '203.0.113.50' }]),
  'okta:mfa_push_bombing': (rows) => expect(rows).toEqual([{ actor_alternate_id: 'employee13@example.com', refusals: 8, source_ips: 1 }]),
  'okta:session_roaming': (rows) => expect(rows).toEqual([{ auth_external_session_id: '102roaming', account: 'employee14@example.com', asns: 3, ips: 3 }]),
  'okta:multi_country_sign_in': (rows) => expect(rows).toEqual([{ actor_alternate_id: 'employee15@example.com', countries: 2, first_country: 'Romania', last_country: 'United States' }]),
  'okta:high_severity_event': (rows) => expect(rows.map((r) => [r.event_type, r.security_severity, r.actor_alternate_id])).toEqual([['user.session.start', 'high', 'employee16@example.com']]),
  'okta:admin_privilege_grant': (rows) => expect(rows.map((r) => [r.actor_alternate_id, r.target_user_alternate_id, r.debug_privilege_granted])).toEqual([['employee17@example.com', 'employee18@example.com', 'Super administrator, Read only admin']]),
  'okta:okta_silence': (rows) => expect(rows).toEqual([]),
};

describe('Okta detections on attack scenarios (Okta events through the relay, over the normal day)', () => {
  it('ship one alert per required detection, each tagged okta:<detection>', () => {
    expect([...alertByTag.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s fires on its scenario and names the attacker', async (tag) => {
    const alert: LibraryAlert = alertByTag.get(tag)!;
    const engine = await engineWith(relayRows(scenarios[tag]!, NOW));
    try {
      // Silence is checked once the traffic has stopped for a whole period.
      const end = tag === 'okta:okta_silence' ? NOW + (alert.trigger_condition.period + 1) * 60_000 : NOW;
      const { fired, rows } = await evaluateAlert(engine, alert, end);
      EXPECTED[tag]!(rows);
      expect(fired).toBe(true);
      // The notification's row template names only columns the result has.
      const placeholders = [...alert.row_template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!);
      for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(placeholders));
    } finally {
      engine.close();
    }
  });

  it('okta:mfa_push_bombing also fires on Identity Engine auth_via_mfa failures alone', async () => {
    const alert = alertByTag.get('okta:mfa_push_bombing')!;
    const ie = scenarios['okta:mfa_push_bombing']!.filter((e) => e.type === 'user.authentication.auth_via_mfa');
    const more = ie.map((e) => ({ ...e, at: e.at + 60_000 }));
    const engine = await engineWith(relayRows([...ie, ...more], NOW));
    try {
      const { fired, rows } = await evaluateAlert(engine, alert, NOW + 60_000);
      expect(rows).toEqual([{ actor_alternate_id: 'employee13@example.com', refusals: 8, source_ips: 1 }]);
      expect(fired).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('a re-driven backlog (rows the relay marked ingest_delayed) does not look like a spray now', async () => {
    const alert = alertByTag.get('okta:password_spray')!;
    const old = scenarios['okta:password_spray']!.map((e) => ({ ...e, at: e.at - 6 * 3600_000 }));
    const late = relayRows(old, NOW);
    expect(late.every((r) => r.ingest_delayed === true && r._timestamp === undefined)).toBe(true);
    const engine = await engineWith(late);
    try {
      expect(await evaluateAlert(engine, alert, NOW)).toEqual({ fired: false, rows: [] });
    } finally {
      engine.close();
    }
  });

  it('a threshold is a parameter: okta_password_spray with accounts=25 stays silent on the 20-account spray', async () => {
    const raised = buildContent(DEFAULT_STREAM, { params: { okta_password_spray: { accounts: 25 } } });
    const alert = raised.alerts.find((a) => a.body.name === 'okta_password_spray')!.body;
    const engine = await engineWith(relayRows(scenarios['okta:password_spray']!, NOW));
    try {
      expect(await evaluateAlert(engine, alert, NOW)).toEqual({ fired: false, rows: [] });
    } finally {
      engine.close();
    }
  });
});
