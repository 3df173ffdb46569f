/**
 * Rows OpenObserve always accepts, and values read for what they mean, through
 * the handler from the sources and from the shipped bundle: unpaired surrogates,
 * impossible times, numbers JavaScript cannot hold, flags written as text.
 * Every row is read as OpenObserve's serde_json reads it (`decodeRows`).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../shared/exact-json.js';
import { restore } from '../../shared/okta/restore.js';
import { decodeRows, firehoseEvent, realEnvelope, REPO_ROOT, type Json } from '../helpers/samples.js';
import { OO_ACCESS_KEY, startFakeOpenObserve, type FakeOpenObserve } from '../replay/openobserve-server.js';
import { comparable } from './values.js';

type Handler = (event: FirehoseTransformationEvent) => Promise<FirehoseTransformationResult>;
const bundleHandler = async () => (await import(pathToFileURL(join(REPO_ROOT, 'dist/okta-transform/index.mjs')).href)).handler as Handler;
const variants: [string, () => Promise<Handler>][] = [
  ['sources', async () => (await import('../../functions/okta-transform/handler.js')).handler as Handler],
  ['bundle', bundleHandler],
];

/** The real Okta EventBridge event, stamped a minute ago so that its time is used. */
function recentEnvelope(detail: (d: Json) => Json = (d) => d): Json {
  const env = realEnvelope();
  const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const published = time.toISOString();
  return { ...env, time: published.replace('.000Z', 'Z'), detail: detail({ ...(env.detail as Json), published }) };
}

async function transformOne(handler: Handler, text: string): Promise<Json> {
  const result = await handler(firehoseEvent([text]) as unknown as FirehoseTransformationEvent);
  expect(result.records.map((r) => r.result)).toEqual(['Ok']);
  const rows = decodeRows(result.records[0]?.data as string);
  expect(rows).toHaveLength(1);
  return rows[0] as Json;
}

describe.each(variants)('Rows (%s)', (_name, load) => {
  it('replace unpaired UTF-16 surrogates in every column, keep the originals for restore, and pass serde_json', async () => {
    const handler = await load();
    const half = '\ud83d'; // the first half of 😀, as a truncating producer leaves it
    const input = recentEnvelope((d) => ({
      ...d,
      displayMessage: `Login from ${half}`,
      actor: { ...(d.actor as Json), displayName: `\ude00${half}` },
      [`note${half}`]: 'an unknown member whose name holds half a pair',
      target: [{ id: '00u1', type: `User${half}`, displayName: half }, { id: '00u2', type: 'User', alternateId: `a${half}@example.com` }],
      debugContext: { debugData: { requestUri: `/login${half}`, [`key${half}`]: `value${half}` } },
    }));
    const text = JSON.stringify(input);
    expect(text).toContain('Login from \\ud83d');

    const row = await transformOne(handler, text);
    expect(row).toMatchObject({
      display_message: 'Login from \ufffd',
      actor_display_name: '\ufffd\ufffd',
      target_types: 'User\ufffd,User',
      target_user_alternate_id: 'a\ufffd@example.com',
      debug_request_uri: '/login\ufffd',
    });
    expect(String(row.schema_issues)).toContain('note\ufffd: unknown field');
    for (const value of Object.values(row)) if (typeof value === 'string') expect(value.isWellFormed()).toBe(true);
    expect(restore(row)).toEqual(input);
  });

  it.each([
    ['a second of 60', ':60.000Z'],
    ['a second of 99', ':99.000Z'],
  ])('fall back to the EventBridge time for a published time with %s, saying why', async (_label, tail) => {
    const handler = await load();
    const input = recentEnvelope();
    const detail = input.detail as Json;
    detail.published = String(detail.published).replace(/:\d\d\.\d{3}Z$/, tail);
    const row = await transformOne(handler, JSON.stringify(input));
    expect(row._timestamp).toBe(Date.parse(String(input.time)));
    expect(row.published).toBe(detail.published);
    expect(String(row.schema_issues)).toContain('published: not a valid time, _timestamp from the EventBridge time');
  });

  it('fall back to the EventBridge time for an offset of +99:99 instead of shifting the event by 100 hours', async () => {
    const handler = await load();
    const input = recentEnvelope();
    const detail = input.detail as Json;
    detail.published = String(detail.published).replace(/Z$/, '+99:99');
    const row = await transformOne(handler, JSON.stringify(input));
    expect(row._timestamp).toBe(Date.parse(String(input.time)));
    expect(row.ingest_delayed).toBeUndefined();
  });

  it('keep numbers JavaScript cannot hold exactly as written, say where, and restore their literals', async () => {
    const handler = await load();
    const input = recentEnvelope();
    const text = JSON.stringify(input)
      .replace(/"asNumber":\d+/, '"asNumber":123456789012345678901')
      .replace('"debugData":{', '"debugData":{"sessionCounter":12345678901234567890,"ratio":0.10000000000000000555,')
      .replace('"actor":{', '"budget":1e400,"offset":-0,"tiny":1e-400,"ok":[1.5,9007199254740992,-0.25],"actor":{');
    expect(JSON.parse(text)).toMatchObject({ detail: { budget: Number.POSITIVE_INFINITY } });

    const row = await transformOne(handler, text);
    expect(row.security_as_number).toBeUndefined();
    expect(String(row.unmapped_json)).toContain('"budget":1e400,"offset":-0,"tiny":1e-400,"ok":[1.5,9007199254740992,-0.25]');
    expect(String(row.unmapped_json)).toContain('"securityContext":{"asNumber":123456789012345678901');
    expect(String(row.debug_data_json)).toContain('"sessionCounter":12345678901234567890,"ratio":0.10000000000000000555,');
    const kept = String(row.schema_issues).split('; ').filter((i) => i.endsWith(': number JavaScript cannot hold exactly, kept as written'));
    expect(kept.map((i) => i.split(':')[0]).sort()).toEqual(
      ['budget', 'offset', 'tiny', 'debugContext.debugData.sessionCounter', 'debugContext.debugData.ratio', 'securityContext.asNumber'].sort(),
    );

    const restored = restore(row) as { detail: { budget: symbol; debugContext: { debugData: { sessionCounter: symbol } } } };
    expect(restored.detail.budget.description).toBe('1e400');
    expect(restored.detail.debugContext.debugData.sessionCounter.description).toBe('12345678901234567890');
    expect(comparable(restored)).toEqual(comparable(parseJsonExact(text)));
  });

  it('fire the threat and proxy escalations for threatSuspected true and isProxy "true", and restore both as written', async () => {
    const handler = await load();
    const input = recentEnvelope((d) => ({
      ...d,
      eventType: 'user.session.start',
      debugContext: { debugData: { threatSuspected: true } },
      securityContext: { ...(d.securityContext as Json), isProxy: 'true' },
    }));
    const row = await transformOne(handler, JSON.stringify(input));
    expect(row.debug_threat_suspected).toBe(true);
    expect(row.security_is_proxy).toBe(true);
    expect(String(row.security_tags).split(',')).toEqual(expect.arrayContaining(['anonymizing_proxy', 'sign_in_via_proxy', 'threat_suspected']));
    expect(restore(row)).toEqual(input);

    const strict = recentEnvelope((d) => ({ ...d, debugContext: { debugData: { threatSuspected: ' FALSE ' } }, securityContext: { isProxy: 'no' } }));
    const quiet = await transformOne(handler, JSON.stringify(strict));
    expect(quiet.debug_threat_suspected).toBe(false);
    expect(quiet.security_is_proxy).toBeUndefined();
    expect(restore(quiet)).toEqual(strict);
  });
});

describe('One Firehose delivery to OpenObserve (loopback fake reading lines as serde_json does)', () => {
  let oo: FakeOpenObserve;
  beforeAll(async () => {
    oo = await startFakeOpenObserve();
  });
  afterAll(() => oo.close());
  const deliver = async (data: string[]) =>
    fetch(`${oo.url}/aws/default/okta_system_log/_kinesis_firehose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-firehose-access-key': OO_ACCESS_KEY, 'x-amz-firehose-request-id': 'req-1' },
      body: JSON.stringify({ requestId: 'req-1', timestamp: Date.now(), records: data.map((d) => ({ data: d })) }),
    });

  it('is accepted whole when one of its events carries half a surrogate pair', async () => {
    const handler = await bundleHandler();
    const cut = recentEnvelope((d) => ({ ...d, displayMessage: 'Login from \ud83d', [`x\udc00`]: 1 }));
    const result = await handler(firehoseEvent([JSON.stringify(cut), JSON.stringify(recentEnvelope())]) as unknown as FirehoseTransformationEvent);
    expect(result.records.map((r) => r.result)).toEqual(['Ok', 'Ok']);
    const response = await deliver(result.records.map((r) => r.data as string));
    expect(response.status).toBe(200);
    expect(oo.stored.map((r) => r.display_message)).toEqual(['Login from \ufffd', (realEnvelope().detail as Json).displayMessage]);

    // What the row was before: the same line with the escape left unpaired fails the whole request.
    const unpaired = Buffer.from(`{\t${JSON.stringify({ display_message: 'Login from \ud83d' }).slice(1)}\n`).toString('base64');
    const refused = await deliver([result.records[1]?.data as string, unpaired]);
    expect(refused.status).toBe(400);
    expect(oo.stored).toHaveLength(2);
  });
});
