/**
 * A loopback stand-in for Okta's System Log API, built from Okta's documented
 * behaviour (../shared/reference/okta-schema.md §A.3; Okta's API reference on
 * pagination, rate limits, errors and OAuth for service apps):
 * - `GET /api/v1/logs?since&until&filter&limit&sortOrder` → a JSON array of
 *   LogEvents in `published` order, at most `limit` (≤ 1000), with
 *   `Link: <…>; rel="self"` and, while more may follow, `Link: <…after=CURSOR…>; rel="next"`;
 * - `X-Rate-Limit-Limit`, `-Remaining`, `-Reset` (epoch seconds) on every answer,
 *   and a `Date` header; past the limit, 429 with error E0000047 until the reset;
 * - `Authorization: SSWS <token>` or `Bearer <access token>`, else 401 E0000011;
 *   a token without the right, 403 E0000006;
 * - `POST /oauth2/v1/token`: client_credentials with a private-key JWT client
 *   assertion (RS256/ES256), verified against the registered public key, scope
 *   okta.logs.read → `{token_type, expires_in, access_token, scope}`, else 401
 *   `{error, error_description}`;
 * - faults on demand: cut the connection in the middle of a page's body, or
 *   answer a status for a number of requests.
 * The clock is the test's, so rate-limit waits cost no real time.
 */
import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOktaOptions {
  readonly events: readonly Record<string, unknown>[];
  /** Largest page the server gives, whatever `limit` asks. */
  readonly pageSize?: number;
  readonly apiToken?: string;
  /** A token that authenticates but may not read the System Log. */
  readonly forbiddenToken?: string;
  /** A service app: client id and the public key of its private-key JWT. */
  readonly client?: { readonly id: string; readonly publicKey: KeyObject | string };
  /** Requests allowed per rate-limit window, and the window's length. */
  readonly rateLimit?: number;
  readonly windowMs?: number;
  readonly now: () => number;
  /** Origin written into next links (default: the server's own). */
  readonly linkOrigin?: string;
}

export interface FakeOkta {
  readonly url: string;
  /** Every request to /api/v1/logs: its query, and the status answered. */
  readonly requests: { query: Record<string, string>; status: number; authorization: string | undefined }[];
  readonly tokenRequests: number;
  /** Cut the connection halfway through the body of the next N pages. */
  cutNext: number;
  /** Answer `status` (with Okta's error body) to the next `count` log requests. */
  fail: { status: number; count: number } | undefined;
  /** Once this many pages were served, answer 500 to every log request (Okta down for good). */
  downAfterPages: number | undefined;
  close(): Promise<void>;
}

const ERRORS: Readonly<Record<number, [string, string]>> = {
  400: ['E0000001', 'Api validation failed: filter'],
  401: ['E0000011', 'Invalid token provided'],
  403: ['E0000006', 'You do not have permission to perform the requested action'],
  429: ['E0000047', 'API call exceeded rate limit due to too many requests.'],
  500: ['E0000009', 'Internal Server Error'],
};

const errorBody = (status: number) => {
  const [errorCode, errorSummary] = ERRORS[status] ?? ['E0000009', 'Internal Server Error'];
  return JSON.stringify({ errorCode, errorSummary, errorLink: errorCode, errorId: `oae${randomUUID().replace(/-/g, '').slice(0, 19)}`, errorCauses: [] });
};

const b64urlJson = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOkta(options: FakeOktaOptions): Promise<FakeOkta> {
  const events = [...options.events].sort((a, b) => String(a.published).localeCompare(String(b.published)));
  const windowMs = options.windowMs ?? 60_000;
  const accessTokens = new Set<string>();
  let windowStart = options.now();
  let used = 0;
  let base = '';
  const given = options.client?.publicKey;
  const publicKey = given === undefined ? undefined : typeof given !== 'string' && given.type === 'public' ? given : createPublicKey(given);

  const state: FakeOkta = {
    url: '',
    requests: [],
    tokenRequests: 0,
    cutNext: 0,
    fail: undefined,
    downAfterPages: undefined,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  function rateHeaders(res: ServerResponse): boolean {
    const now = options.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      used = 0;
    }
    used += 1;
    const limit = options.rateLimit ?? 1_000_000;
    res.setHeader('Date', new Date(now).toUTCString());
    res.setHeader('X-Rate-Limit-Limit', String(limit));
    res.setHeader('X-Rate-Limit-Remaining', String(Math.max(0, limit - used)));
    res.setHeader('X-Rate-Limit-Reset', String(Math.ceil((windowStart + windowMs) / 1000)));
    return used <= limit;
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    (state as { tokenRequests: number }).tokenRequests += 1;
    const form = new URLSearchParams(await readBody(req));
    const refuse = (error: string, description: string) => send(res, 401, JSON.stringify({ error, error_description: description }));
    if (form.get('grant_type') !== 'client_credentials') return refuse('unsupported_grant_type', 'The authorization grant type is not supported.');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || publicKey === undefined) {
      return refuse('invalid_client', 'Client authentication failed.');
    }
    const [h, p, s] = (form.get('client_assertion') ?? '').split('.');
    if (h === undefined || p === undefined || s === undefined) return refuse('invalid_client', 'The client_assertion is not a JWT.');
    const header = b64urlJson(h);
    const claims = b64urlJson(p);
    const alg = header.alg;
    const signed = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(s, 'base64url');
    const ok =
      alg === 'RS256'
        ? verify('sha256', signed, publicKey, signature)
        : alg === 'ES256'
          ? verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)
          : false;
    if (!ok) return refuse('invalid_client', 'The client_assertion signature is invalid.');
    const nowS = options.now() / 1000;
    if (claims.iss !== options.client?.id || claims.sub !== options.client?.id) return refuse('invalid_client', 'iss and sub must be the client id.');
    if (claims.aud !== `${base}/oauth2/v1/token`) return refuse('invalid_client', 'The audience is not the token endpoint.');
    if (typeof claims.exp !== 'number' || claims.exp < nowS || typeof claims.jti !== 'string') return refuse('invalid_client', 'The client_assertion has expired.');
    if (!(form.get('scope') ?? '').split(' ').includes('okta.logs.read')) {
      return send(res, 400, JSON.stringify({ error: 'invalid_scope', error_description: 'The requested scope is invalid.' }));
    }
    const accessToken = `at-${randomUUID()}`;
    accessTokens.add(accessToken);
    send(res, 200, JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: accessToken, scope: 'okta.logs.read' }));
  }

  function logs(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const query = Object.fromEntries(url.searchParams);
    const authorization = req.headers.authorization;
    const record = (status: number) => state.requests.push({ query, status, authorization });
    const auth = authorization ?? '';
    const known = (options.apiToken !== undefined && auth === `SSWS ${options.apiToken}`) || (auth.startsWith('Bearer ') && accessTokens.has(auth.slice(7)));
    if (!rateHeaders(res)) return record(429), send(res, 429, errorBody(429));
    if (state.fail !== undefined && state.fail.count > 0) {
      state.fail.count -= 1;
      return record(state.fail.status), send(res, state.fail.status, errorBody(state.fail.status));
    }
    if (state.downAfterPages !== undefined && state.requests.filter((r) => r.status === 200).length >= state.downAfterPages) {
      return record(500), send(res, 500, errorBody(500));
    }
    if (options.forbiddenToken !== undefined && auth === `SSWS ${options.forbiddenToken}`) return record(403), send(res, 403, errorBody(403));
    if (!known) return record(401), send(res, 401, errorBody(401), { 'WWW-Authenticate': 'SSWS realm="Okta"' });
    const limit = Math.min(Number(query.limit ?? 100), 1000, options.pageSize ?? 1000);
    let from: number;
    if (query.after !== undefined) from = Number(Buffer.from(query.after, 'base64url').toString('utf8'));
    else {
      const since = query.since ?? new Date(0).toISOString();
      from = events.findIndex((e) => String(e.published) >= since);
      if (from === -1) from = events.length;
    }
    const until = query.until;
    const page: Record<string, unknown>[] = [];
    let i = from;
    while (i < events.length && page.length < limit && (until === undefined || String(events[i]!.published) < until)) page.push(events[i++]!);
    const links = [`<${base}/api/v1/logs?${url.searchParams.toString()}>; rel="self"`];
    // Okta gives a next link while the page is full; a bounded request ends with a short (or empty) page.
    if (page.length === limit) {
      const next = new URLSearchParams({ limit: String(limit), sortOrder: query.sortOrder ?? 'ASCENDING', after: Buffer.from(String(i)).toString('base64url') });
      if (until !== undefined) next.set('until', until);
      if (query.filter !== undefined) next.set('filter', query.filter);
      links.push(`<${options.linkOrigin ?? base}/api/v1/logs?${next.toString()}>; rel="next"`);
    }
    const body = JSON.stringify(page, null, 2);
    record(200);
    if (state.cutNext > 0) {
      state.cutNext -= 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Link: links.join(', ') });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    send(res, 200, body, { Link: links.join(', ') });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'POST' && url.pathname === '/oauth2/v1/token') return void token(req, res);
    if (req.method === 'GET' && url.pathname === '/api/v1/logs') return logs(req, res, url);
    send(res, 404, JSON.stringify({ errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method', errorCauses: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (state as { url: string }).url = base;
  return state;
}
