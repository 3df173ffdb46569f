/**
 * Backfill from Okta's System Log API, against a loopback server speaking its
 * protocol (okta-server.ts): pagination, rate limits, errors, OAuth, resume.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../tools/replay/cli.js';
import { nextLink, oktaError } from '../../tools/replay/okta/client.js';
import { captureIo, fixtureEvents, tempDir } from './helpers.js';
import { startFakeOkta, type FakeOkta, type FakeOktaOptions } from './okta-server.js';
import { OO_EMAIL, OO_PASSCODE, startFakeOpenObserve } from './openobserve-server.js';

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const SINCE = '2026-01-01T00:00:00.000Z';
const UNTIL = '2026-01-01T01:00:00.000Z';

/** 23 distinct real events spread over the window (and two outside it). */
const events = fixtureEvents()
  .slice(0, 25)
  .map((e, i) => ({
    ...e,
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    published: i === 0 ? '2025-12-31T23:59:59.000Z' : i === 24 ? '2026-01-01T01:00:00.000Z' : `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`,
  }));
const inWindow = events.slice(1, 24).map((e) => e.uuid);

let server: FakeOkta | undefined;
const tmp = tempDir();
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A virtual clock: sleeping advances it, so rate-limit waits take no real time. */
function clock(start = Date.parse('2026-01-02T00:00:00Z')) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

async function okta(c: ReturnType<typeof clock>, extra: Partial<FakeOktaOptions> = {}) {
  server = await startFakeOkta({ events, pageSize: 5, apiToken: TOKEN, now: c.now, ...extra });
  return server;
}

const uuids = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { uuid: string }).uuid);

const run = (argv: string[], c: ReturnType<typeof clock>, env: Record<string, string> = { OKTA_API_TOKEN: TOKEN }) => {
  const io = captureIo({ cwd: tmp.dir, env, sleep: c.sleep, now: c.now, progressIntervalMs: 0 });
  return main(argv, io).then((code) => ({ code, out: io.out(), err: io.err() }));
};

describe('backfill from the System Log API', () => {
  it('follows rel="next" over several pages and waits out the rate limit, delivering every event of the window once', async () => {
    const c = clock();
    const s = await okta(c, { rateLimit: 2, windowMs: 60_000 });
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'backfill.ndjson'], c);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(uuids(join(tmp.dir, 'backfill.ndjson'))).toEqual(inWindow);
    // 23 events, 5 a page: 5 pages, the last one short (no next link).
    expect(s.requests.map((q) => q.status)).toEqual([200, 200, 200, 200, 200]);
    expect(s.requests[0]?.query).toEqual({ since: SINCE, until: UNTIL, limit: '1000', sortOrder: 'ASCENDING' });
    expect(s.requests.slice(1).every((q) => q.query.after !== undefined && q.query.since === undefined)).toBe(true);
    expect(s.requests.every((q) => q.authorization === `SSWS ${TOKEN}`)).toBe(true);
    // Remaining hit 0 after every second request: the client waited for the reset instead of drawing a 429.
    expect(c.slept.length).toBe(2);
    expect(r.out).toContain(`Backfill    ${s.url} /api/v1/logs, ${SINCE} to ${UNTIL}`);
    expect(r.out).toContain('  23 event(s) fetched in 5 page(s)');
    expect(r.out).toContain('  5 request(s), 0 retried, 2 rate-limit wait(s)');
    expect(r.out).toContain('  window complete');
    expect(r.out).not.toContain(TOKEN);
  });

  it('backs off on 429 until X-Rate-Limit-Reset, retries a page whose connection was cut, and still delivers each event once', async () => {
    const c = clock();
    const s = await okta(c);
    s.fail = { status: 429, count: 1 };
    s.cutNext = 2;
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'retry.ndjson', '--filter', 'eventType sw "user"'], c);
    expect(r.code).toBe(0);
    expect(uuids(join(tmp.dir, 'retry.ndjson'))).toEqual(inWindow);
    expect(s.requests.map((q) => q.status)).toEqual([429, 200, 200, 200, 200, 200, 200, 200]);
    expect(s.requests[1]?.query.filter).toBe('eventType sw "user"');
    expect(s.requests.at(-1)?.query.filter).toBe('eventType sw "user"');
    expect(c.slept[0]).toBeGreaterThanOrEqual(1000);
    expect(r.out).toContain('8 request(s), 3 retried, 1 rate-limit wait(s)');
  });

  it.each([
    [401, 'OKTA_API_TOKEN', 'wrong-token', /^replay: backfill stopped: GET \/api\/v1\/logs: HTTP 401 E0000011: Invalid token provided: the API token or access token is not valid for this org\n/],
    [403, 'OKTA_API_TOKEN', 'readonly-token', /^replay: backfill stopped: GET \/api\/v1\/logs: HTTP 403 E0000006: You do not have permission to perform the requested action: the credentials lack the right/],
  ])('stops on %i with Okta’s error, never printing the token, and exits 1', async (status, name, value, message) => {
    const c = clock();
    const s = await okta(c, { forbiddenToken: 'readonly-token' });
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', `e${status}.ndjson`], c, { [name]: value });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(s.requests.map((q) => q.status)).toEqual([status]);
    expect(r.out + r.err).not.toContain(value);
    // Without a checkpoint the output is replaced only by a complete backfill.
    expect(existsSync(join(tmp.dir, `e${status}.ndjson`))).toBe(false);
    expect(r.out).toContain(`Output      nothing written: the run stopped, e${status}.ndjson left as it was`);
  });

  it('resumes from --checkpoint after an interruption, without duplicates or gaps, continuing its own output', async () => {
    const c = clock();
    const s = await okta(c);
    const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'resumed.ndjson', '--checkpoint', 'backfill.checkpoint.json'];
    // Pages 1 and 2 succeed, then Okta keeps failing: the run stops with the checkpoint after page 2.
    s.downAfterPages = 2;
    const r1 = await run(argv, c);
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('replay: backfill stopped: GET /api/v1/logs: HTTP 500 E0000009: Internal Server Error');
    expect(r1.err).toContain('run the same command again to resume from the checkpoint');
    const cp = JSON.parse(readFileSync(join(tmp.dir, 'backfill.checkpoint.json'), 'utf8')) as { next: string; pages: number; events: number };
    const done = uuids(join(tmp.dir, 'resumed.ndjson'));
    expect(cp).toMatchObject({ pages: 2, events: 10 });
    expect(done).toEqual(inWindow.slice(0, cp.events));
    expect(cp.next).toContain('after=');

    // Rows written after the checkpoint (a crash between writing and checkpointing) are cut off on resume.
    appendFileSync(join(tmp.dir, 'resumed.ndjson'), '{\t"uuid":"half-written"}\n');
    s.downAfterPages = undefined;
    const r2 = await run(argv, c);
    expect(r2.code).toBe(0);
    expect(uuids(join(tmp.dir, 'resumed.ndjson'))).toEqual(inWindow);
    expect(r2.out).toContain(`after ${cp.pages} page(s) and ${cp.events} event(s) done before (checkpoint)`);

    // The checkpoint continues its own output only.
    const elsewhere = await run([...argv.slice(0, -4), '--out', 'other.ndjson', '--checkpoint', 'backfill.checkpoint.json'], c);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toMatch(/^replay: the checkpoint's output is resumed\.ndjson: resume with --out resumed\.ndjson\n/);
    expect(existsSync(join(tmp.dir, 'other.ndjson'))).toBe(false);

    // Once complete, running it again fetches nothing and changes nothing.
    const before = readFileSync(join(tmp.dir, 'resumed.ndjson'));
    const requests = s.requests.length;
    const r3 = await run(argv, c);
    expect(r3.code).toBe(0);
    expect(s.requests.length).toBe(requests);
    expect(readFileSync(join(tmp.dir, 'resumed.ndjson')).equals(before)).toBe(true);
  });

  it('stops at a page OpenObserve did not accept, keeping the checkpoint before it, so a rerun sends it again', async () => {
    const c = clock();
    const s = await okta(c);
    const oo = await startFakeOpenObserve();
    try {
      const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'undelivered.ndjson', '--checkpoint', 'undelivered.checkpoint.json'];
      const deliver = ['--openobserve', oo.url, '--org', 'default', '--stream', 'okta'];
      // Wrong passcode: OpenObserve answers 401 to the first page; the backfill stops there.
      const r1 = await run([...argv, ...deliver], c, { OKTA_API_TOKEN: TOKEN, OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: 'wrong' });
      expect(r1.code).toBe(3);
      expect(r1.err).toBe(
        'replay: backfill stopped: 5 row(s) or record(s) of page 1 were not delivered\n' +
          'replay: run the same command again to resume from the checkpoint\n',
      );
      expect(s.requests).toHaveLength(1);
      const cp = JSON.parse(readFileSync(join(tmp.dir, 'undelivered.checkpoint.json'), 'utf8')) as { next: string | null; pages: number; events: number };
      expect(cp).toMatchObject({ pages: 0, events: 0, next: `${s.url}/api/v1/logs?since=${encodeURIComponent(SINCE)}&until=${encodeURIComponent(UNTIL)}&limit=1000&sortOrder=ASCENDING` });
      expect(oo.stored).toEqual([]);

      // Right passcode: the rerun sends page 1 again and the rest, each event once to the file and to OpenObserve.
      const r2 = await run([...argv, ...deliver], c, { OKTA_API_TOKEN: TOKEN, OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: OO_PASSCODE });
      expect(r2.err).toBe('');
      expect(r2.code).toBe(0);
      expect(oo.stored.map((row) => row.uuid)).toEqual(inWindow);
      expect(uuids(join(tmp.dir, 'undelivered.ndjson'))).toEqual(inWindow);
    } finally {
      await oo.close();
    }
  });

  it('stops at a page Firehose did not take either, and a rerun puts it again', async () => {
    const c = clock();
    const s = await okta(c);
    const firehose = mockClient(FirehoseClient);
    try {
      const put: string[] = [];
      firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 5, RequestResponses: Array(5).fill({ ErrorCode: 'ServiceUnavailableException' }) });
      const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'fh.ndjson', '--checkpoint', 'fh.checkpoint.json', '--firehose', 'okta-relay'];
      const runFh = () => {
        const io = captureIo({ cwd: tmp.dir, env: { OKTA_API_TOKEN: TOKEN }, sleep: c.sleep, now: c.now, progressIntervalMs: 0, firehoseClient: new FirehoseClient({}) });
        return main(argv, io).then((code) => ({ code, err: io.err() }));
      };
      const r1 = await runFh();
      expect(r1.code).toBe(3);
      expect(r1.err).toMatch(/^replay: backfill stopped: 5 row\(s\) or record\(s\) of page 1 were not delivered\n/);
      expect(JSON.parse(readFileSync(join(tmp.dir, 'fh.checkpoint.json'), 'utf8'))).toMatchObject({ pages: 0, events: 0 });

      firehose.reset();
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
        put.push(...input.Records.map((r) => (JSON.parse(Buffer.from(r.Data).toString()) as { detail: { uuid: string } }).detail.uuid));
        return { FailedPutCount: 0, RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })) };
      });
      const r2 = await runFh();
      expect(r2).toEqual({ code: 0, err: '' });
      expect(put).toEqual(inWindow);
      expect(uuids(join(tmp.dir, 'fh.ndjson'))).toEqual(inWindow);
    } finally {
      firehose.restore();
    }
  });

  it('ends the window 5 minutes before the backfill starts when --until is not given, and keeps that end in the checkpoint', async () => {
    const c = clock(Date.parse('2026-01-01T01:05:00Z'));
    const s = await okta(c);
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'default-until.ndjson', '--checkpoint', 'default-until.checkpoint.json'], c);
    expect(r.code).toBe(0);
    expect(s.requests[0]?.query).toEqual({ since: SINCE, until: '2026-01-01T01:00:00.000Z', limit: '1000', sortOrder: 'ASCENDING' });
    expect(r.out).toContain(`Backfill    ${s.url} /api/v1/logs, ${SINCE} to 2026-01-01T01:00:00.000Z`);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'default-until.checkpoint.json'), 'utf8'))).toMatchObject({ until: '2026-01-01T01:00:00.000Z', next: null });

    const late = clock(Date.parse('2026-01-01T00:04:00Z'));
    const tooSoon = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'too-soon.ndjson'], late);
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.err).toMatch(/^replay: --since must be earlier than the end of the window, 2025-12-31T23:59:00\.000Z \(without --until: 5 minutes ago\)\n/);
    expect(existsSync(join(tmp.dir, 'too-soon.ndjson'))).toBe(false);
  });

  it.each([
    ['not a URL', 'after=abc'],
    ['another origin', 'https://evil.example.com/api/v1/logs?after=abc'],
  ])('refuses a hand-edited checkpoint whose next page is %s, with one clear sentence, touching nothing', async (_name, next) => {
    const c = clock();
    const s = await okta(c);
    const cp = { version: 1, org: s.url, since: SINCE, until: UNTIL, filter: null, next, pages: 1, events: 5, output: null, updated: SINCE };
    writeFileSync(join(tmp.dir, 'edited.checkpoint.json'), JSON.stringify(cp));
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'edited.ndjson', '--checkpoint', 'edited.checkpoint.json'], c);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `replay: --checkpoint edited.checkpoint.json is damaged: its "next" is not a ${s.url}/api/v1/logs URL; restore it, or start again with a new file\n` +
        "Try 'npm start -- --help'.\n",
    );
    expect(s.requests).toHaveLength(0);
    expect(existsSync(join(tmp.dir, 'edited.ndjson'))).toBe(false);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'edited.checkpoint.json'), 'utf8'))).toEqual(cp);
  });

  it('refuses a checkpoint of another backfill, and an output that is not the checkpoint’s, touching nothing', async () => {
    const c = clock();
    const s = await okta(c);
    writeFileSync(join(tmp.dir, 'other.checkpoint.json'), JSON.stringify({ version: 1, org: s.url, since: SINCE, until: UNTIL, filter: null, next: null, pages: 1, events: 1, output: null, updated: SINCE }));
    const r = await run(['--okta-org', s.url, '--since', '2026-01-01T00:30:00Z', '--out', 'x.ndjson', '--checkpoint', 'other.checkpoint.json'], c);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^replay: --checkpoint other\.checkpoint\.json belongs to another backfill \(--since differ\)/);
    expect(existsSync(join(tmp.dir, 'x.ndjson'))).toBe(false);
    writeFileSync(join(tmp.dir, 'notes.txt'), 'mine');
    const r2 = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'x.ndjson', '--checkpoint', 'notes.txt'], c);
    expect(r2.err).toMatch(/^replay: --checkpoint notes\.txt is not a backfill checkpoint/);
    expect(readFileSync(join(tmp.dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(s.requests).toHaveLength(0);
  });

  it.each([
    ['RSA, PEM', 'rsa' as const, 'pem' as const],
    ['P-256, JWK', 'ec' as const, 'jwk' as const],
  ])('authenticates as an OAuth 2.0 service app with a private-key JWT (%s), scope okta.logs.read', async (_name, type, format) => {
    const { publicKey, privateKey } =
      type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = format === 'pem' ? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'k1' });
    const c = clock();
    const s = await okta(c, { client: { id: '0oa1service', publicKey } });
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', `oauth-${type}.ndjson`], c, {
      OKTA_CLIENT_ID: '0oa1service',
      OKTA_PRIVATE_KEY: key,
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(s.tokenRequests).toBe(1); // one access token, reused for every page
    expect(s.requests.every((q) => q.authorization?.startsWith('Bearer at-'))).toBe(true);
    expect(uuids(join(tmp.dir, `oauth-${type}.ndjson`))).toEqual(inWindow);

    const wrong = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', `oauth-wrong-${type}.ndjson`], c, {
      OKTA_CLIENT_ID: '0oa1other',
      OKTA_PRIVATE_KEY: key,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/Okta refused the access token request \(invalid_client: iss and sub must be the client id\.\)/);
  });

  it('accepts https:// or loopback http:// orgs only, and needs credentials from the environment', async () => {
    const c = clock();
    for (const [url, message] of [
      ['http://example.okta.com', /must be an https:\/\/ URL \(http:\/\/ is allowed only for loopback addresses\)/],
      ['https://example.okta.com/api/v1/logs', /expects only the org origin/],
    ] as const) {
      const r = await run(['--okta-org', url, '--since', SINCE], c);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
    }
    const r = await run(['--okta-org', 'https://example.okta.com', '--since', SINCE], c, {});
    expect(r.err).toMatch(/--okta-org needs OKTA_API_TOKEN, or OKTA_CLIENT_ID and OKTA_PRIVATE_KEY/);
    expect((await run(['--okta-org', 'https://example.okta.com'], c)).err).toMatch(/needs --since ISO/);
    expect((await run(['--okta-org', 'https://example.okta.com', '--since', 'yesterday'], c)).err).toMatch(/--since expects an ISO 8601 time/);
    expect((await run(['--since', SINCE, 'file.ndjson'], c)).err).toMatch(/--since is only used with --okta-org/);
  });

  it('never follows a next link to another origin (the credentials stay with the org)', async () => {
    const c = clock();
    const s = await okta(c, { linkOrigin: 'http://127.0.0.2:9' });
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'foreign.ndjson'], c);
    expect(r.code).toBe(1);
    expect(r.err).toBe('replay: backfill stopped: Okta sent a next link to another origin (http://127.0.0.2:9): not followed\n');
    expect(s.requests).toHaveLength(1);
    expect(uuids(join(tmp.dir, 'foreign.ndjson'))).toEqual(inWindow.slice(0, 5));
  });

  it('reads Link headers and Okta error bodies as documented', () => {
    expect(nextLink('<https://o.okta.com/api/v1/logs?limit=2>; rel="self", <https://o.okta.com/api/v1/logs?after=abc&limit=2>; rel="next"')).toBe(
      'https://o.okta.com/api/v1/logs?after=abc&limit=2',
    );
    expect(nextLink('<https://o.okta.com/api/v1/logs?limit=2>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
    expect(oktaError(400, JSON.stringify({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', errorCauses: [{ errorSummary: 'Invalid filter' }] }))).toBe(
      'HTTP 400 E0000031: Invalid search criteria. (Invalid filter)',
    );
    expect(oktaError(502, '<html>bad gateway</html>')).toBe('HTTP 502');
  });
});
