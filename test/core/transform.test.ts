/**
 * One event through validate → flatten → derive → tag, at the level of the pure
 * transformer (clock and configuration injected).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { RecordError } from '../../shared/errors.js';
import { restore, restoreEvent } from '../../shared/okta/restore.js';
import { createTransformer, MAX_FUTURE_MS } from '../../shared/transform.js';
import { allSamples, elasticSamples, envelope, realEnvelope, type Json } from '../helpers/samples.js';

const NOW = Date.UTC(2023, 4, 30, 15, 0, 0);
const transformer = createTransformer(loadConfig({}));
const row = (value: unknown, now = NOW) => transformer.transformEvent(value, 1, now) as Json;
const reasonOf = (value: unknown): string | undefined => {
  try {
    transformer.transformEvent(value, 1, NOW);
  } catch (e) {
    return (e as RecordError).reason;
  }
  return undefined;
};
const minimal = (extra: Json = {}): Json => ({
  uuid: 'u-1',
  published: new Date(NOW - 60_000).toISOString(),
  eventType: 'user.session.start',
  ...extra,
});

describe('Flattening', () => {
  it('promotes actor, client, geo, outcome, transaction and authentication context to columns', () => {
    const r = row(realEnvelope());
    const detail = realEnvelope().detail as Json;
    const actor = detail.actor as Json;
    const client = detail.client as Json;
    expect(r.actor_alternate_id).toBe(actor.alternateId);
    expect(r.client_ip).toBe(client.ipAddress);
    expect(r.client_city).toBe((client.geographicalContext as Json).city);
    expect(r.outcome_result).toBe((detail.outcome as Json).result);
    expect(r.eb_source).toBe(realEnvelope().source);
    expect(r.event_type).toBe(detail.eventType);
  });

  it('keeps variable-shape members as JSON strings', () => {
    const detail = realEnvelope().detail as Json;
    const r = row(detail);
    expect(JSON.parse(r.target_json as string)).toEqual(detail.target);
    expect(JSON.parse(r.ip_chain_json as string)).toEqual((detail.request as Json).ipChain);
    expect(JSON.parse(r.debug_data_json as string)).toEqual((detail.debugContext as Json).debugData);
  });

  it('never drops unknown fields, nulls or values of an unexpected type: they go to unmapped_json', () => {
    const event = minimal({ brandNew: { nested: [1, 2] }, version: 0, client: { zone: null, ipAddress: 42 } });
    const r = row(event);
    expect(JSON.parse(r.unmapped_json as string)).toEqual({ brandNew: { nested: [1, 2] }, version: 0, client: { zone: null, ipAddress: 42 } });
    expect(r.client_ip).toBeUndefined();
    expect(restoreEvent(r)).toEqual(event);
  });

  it('tells an empty object from one the columns emptied', () => {
    const event = minimal({ client: {}, outcome: { result: 'SUCCESS' } });
    expect(restoreEvent(row(event))).toEqual(event);
  });

  it('keeps __proto__ and constructor keys as plain data, without touching any prototype', () => {
    const text = '{"uuid":"u","published":"2023-05-30T14:59:00Z","eventType":"x.y","__proto__":{"polluted":true},"actor":{"constructor":"c","__proto__":1}}';
    const event = JSON.parse(text) as Json;
    const r = row(event);
    expect(({} as Json).polluted).toBeUndefined();
    expect(JSON.stringify(restoreEvent(r))).toContain('"__proto__":{"polluted":true}');
    expect(restoreEvent(r)).toEqual(event);
  });

  it('restores every sample exactly, bare and in an envelope', () => {
    for (const { event, file, line } of allSamples()) {
      const wrapped = envelope(event);
      expect(restore(row(wrapped)), `${file}:${line}`).toEqual(wrapped);
      if (typeof event.uuid === 'string' && event.uuid !== '' && reasonOf(event) === undefined) {
        expect(restore(row(event)), `${file}:${line} bare`).toEqual(event);
      }
    }
  });
});

describe('Elastic License 2.0 samples (read from ../shared/okta-samples, never copied; skipped where absent)', () => {
  const elastic = elasticSamples();
  it.skipIf(elastic.length === 0)('transform and restore exactly', () => {
    for (const { event, file, line } of elastic) {
      const wrapped = envelope(event);
      expect(restore(row(wrapped)), `${file}:${line}`).toEqual(wrapped);
    }
    expect(elastic.length).toBe(29);
  });
});

describe('Derived columns', () => {
  it('promotes the first target of each common type', () => {
    const target = [
      { id: 'g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Admins' },
      { id: 'u1', type: 'User', alternateId: 'a@example.com', displayName: 'A' },
      { id: 'u2', type: 'User', alternateId: 'b@example.com', displayName: 'B' },
    ];
    const r = row(minimal({ target }));
    expect(r).toMatchObject({ target_count: 3, target_types: 'UserGroup,User', target_user_id: 'u1', target_group_display_name: 'Admins' });
  });

  it("parses debugData's threatSuspected, risk and behaviors out of Okta's {k=v} text", () => {
    const debugData = {
      threatSuspected: 'true',
      risk: '{reasons=Anomalous Device, Anomalous Location, level=HIGH}',
      behaviors: '{New Geo-Location=POSITIVE, New Device=NEGATIVE, New IP=POSITIVE}',
      requestUri: '/api/v1/authn',
    };
    const r = row(minimal({ debugContext: { debugData } }));
    expect(r).toMatchObject({
      debug_threat_suspected: true,
      risk_level: 'HIGH',
      risk_reasons: 'Anomalous Device, Anomalous Location',
      behaviors_positive: 'New Geo-Location,New IP',
      debug_request_uri: '/api/v1/authn',
    });
  });

  it('reads behaviours and risk from logOnlySecurityData JSON when the map text is absent', () => {
    const logOnlySecurityData = JSON.stringify({ risk: { level: 'MEDIUM' }, behaviors: { 'New Device': 'POSITIVE', 'New IP': 'NEGATIVE' } });
    const r = row(minimal({ debugContext: { debugData: { logOnlySecurityData } } }));
    expect(r).toMatchObject({ risk_level: 'MEDIUM', behaviors_positive: 'New Device' });
  });
});

describe('Event time', () => {
  it('sets _timestamp to published in epoch ms for a recent event', () => {
    const published = new Date(NOW - 3600_000).toISOString();
    expect(row(minimal({ published }))._timestamp).toBe(Date.parse(published));
  });

  it('omits _timestamp and marks ingest_delayed for an event older than MAX_EVENT_AGE_SECONDS', () => {
    const old = createTransformer(loadConfig({ MAX_EVENT_AGE_SECONDS: '600' }));
    const r = old.transformEvent(minimal({ published: new Date(NOW - 601_000).toISOString() }), 1, NOW) as Json;
    expect(r._timestamp).toBeUndefined();
    expect(r.ingest_delayed).toBe(true);
    const fresh = old.transformEvent(minimal({ published: new Date(NOW - 599_000).toISOString() }), 1, NOW) as Json;
    expect(fresh.ingest_delayed).toBeUndefined();
  });

  it('omits _timestamp for an event too far in the future, and says so', () => {
    const r = row(minimal({ published: new Date(NOW + MAX_FUTURE_MS + 1000).toISOString() }));
    expect(r._timestamp).toBeUndefined();
    expect(r.schema_issues).toContain('future');
  });

  it('falls back to the EventBridge time when published is unusable', () => {
    const r = row(envelope(minimal({ published: 'redacted' }), { time: '2023-05-30T14:00:00Z' }));
    expect(r._timestamp).toBe(Date.UTC(2023, 4, 30, 14));
    expect(r.published).toBe('redacted');
  });
});

describe('Validation', () => {
  it('lists deviations from the documented schema without values', () => {
    const event = minimal({
      published: '2023-05-30 14:59:00.000',
      severity: 'LOUD',
      version: 0,
      brandNew: 'secret-value',
      client: { ipAddress: 'x', zone: 5 },
    });
    const issues = String(row(event).schema_issues);
    expect(issues).toContain('published: not an ISO 8601 UTC timestamp');
    expect(issues).toContain('severity: not a documented value');
    expect(issues).toContain('version: expected string');
    expect(issues).toContain('brandNew: unknown field');
    expect(issues).toContain('client.zone: expected string');
    expect(issues).not.toContain('secret-value');
  });

  it('has no schema_issues for a conforming event', () => {
    expect(row(realEnvelope()).schema_issues).toBeUndefined();
  });

  it.each([
    ['a JSON array', [1]],
    ['a number', 5],
    ['an object without eventType', { uuid: 'u', published: '2023-05-30T14:00:00Z' }],
    ['an empty eventType', minimal({ eventType: '' })],
    ['an envelope whose detail is not an Okta event', envelope({ uuid: 'u' })],
  ])('rejects %s as not an Okta event', (_label, value) => {
    expect(reasonOf(value)).toMatch(/not_an_object|not_okta_event/);
  });

  it('rejects a bare event with no identity or no usable time', () => {
    expect(reasonOf({ eventType: 'x.y', published: '2023-05-30T14:00:00Z' })).toBe('no_identity');
    expect(reasonOf({ eventType: 'x.y', uuid: 'u', published: 'redacted' })).toBe('no_time');
  });

  it('accepts an event whose identity and time come from its envelope', () => {
    expect(reasonOf(envelope({ eventType: 'x.y' }))).toBeUndefined();
  });
});

describe('Drop filters', () => {
  it('drops configured event types, exact or by prefix', () => {
    const t = createTransformer(loadConfig({ DROP_EVENT_TYPES: 'user.session.start, system.org.rate_limit.*' }));
    expect(t.transformEvent(minimal(), 1, NOW)).toBeUndefined();
    expect(t.transformEvent(minimal({ eventType: 'system.org.rate_limit.warning' }), 1, NOW)).toBeUndefined();
    expect(t.transformEvent(minimal({ eventType: 'user.session.end' }), 1, NOW)).toBeDefined();
  });

  it('answers Dropped for a record whose events are all filtered, Ok when some remain', () => {
    const t = createTransformer(loadConfig({ DROP_EVENT_TYPES: 'user.session.start' }));
    const data = (events: Json[]) => Buffer.from(events.map((e) => JSON.stringify(e)).join('\n')).toString('base64');
    expect(t.transformRecord(data([minimal()]), NOW).result).toBe('Dropped');
    const mixed = t.transformRecord(data([minimal(), minimal({ eventType: 'user.session.end' })]), NOW);
    expect(mixed).toMatchObject({ result: 'Ok', dropped: 1 });
  });
});

describe('Output size', () => {
  it('fails a record whose output exceeds MAX_OUTPUT_RECORD_BYTES', () => {
    const t = createTransformer(loadConfig({ MAX_OUTPUT_RECORD_BYTES: '2048' }));
    const big = minimal({ displayMessage: 'x'.repeat(4096) });
    const outcome = t.transformRecord(Buffer.from(JSON.stringify(big)).toString('base64'), NOW);
    expect(outcome).toMatchObject({ result: 'ProcessingFailed', reason: 'output_too_large' });
  });
});
