/**
 * Backfill from Okta's System Log API, against a loopback server speaking its
 * protocol (okta-server.ts): pagination, rate limits, errors, OAuth (resuming: okta-resume.test.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextLink, oktaError } from '../../tools/replay/okta/client.js';
import { clock, closeOktaAfterEach, inWindow, okta, run, SINCE, tmp, TOKEN, UNTIL, uuids } from './okta-harness.js';

closeOktaAfterEach();

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
