/**
 * The management client against a loopback HTTP server that answers the way a
 * reverse proxy or a wrong address does: a redirect is an error (following it
 * would turn a POST/PUT into a GET whose 200 reads as "applied"), and a server
 * that never answers is abandoned with a clear error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, REQUEST_TIMEOUT_MS } from '../../tools/openobserve/client.js';

const CREDS = { email: 'root@example.com', password: 'Complexpass#123' };
let server: Server | undefined;
let seen: string[];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  seen = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A proxy that sends everything but a GET to a login page, where a GET gets 200. */
const redirecting = (status: number, location?: string) => (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === '/login') res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"login page"}');
  else res.writeHead(status, location === undefined ? {} : { location }).end();
};

describe('the OpenObserve client', () => {
  it('does not follow a redirect: a POST answered 302 is an error naming the status and Location, and no GET follows', async () => {
    const url = await serve(redirecting(302, '/login'));
    await expect(createClient(url, CREDS).send('POST', '/api/default/streams/okta', { fields: [] })).rejects.toThrow(
      `POST ${url}/api/default/streams/okta: HTTP 302 redirect to /login; not followed (point --url at the address OpenObserve answers on)`);
    expect(seen).toEqual(['POST /api/default/streams/okta']);
  });

  it('treats a 301 on PUT and on GET the same way, and names a missing Location', async () => {
    const url = await serve(redirecting(301, 'https://sso.example.com/login'));
    await expect(createClient(url, CREDS).send('PUT', '/api/default/alerts/1', {})).rejects.toThrow(`PUT ${url}/api/default/alerts/1: HTTP 301 redirect to https://sso.example.com/login; not followed`);
    await expect(createClient(url, CREDS).get('/api/default/streams')).rejects.toThrow('HTTP 301 redirect to https://sso.example.com/login; not followed');
    expect(seen).toEqual(['PUT /api/default/alerts/1', 'GET /api/default/streams']);
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const bare = await serve(redirecting(307));
    await expect(createClient(bare, CREDS).send('POST', '/x', {})).rejects.toThrow(`POST ${bare}/x: HTTP 307 redirect without a Location; not followed`);
  });

  it('abandons a request that gets no answer, with an error that says so (30 s by default)', async () => {
    expect(REQUEST_TIMEOUT_MS).toBe(30_000);
    const url = await serve(() => {}); // accepts and never answers
    await expect(createClient(url, CREDS, 200).send('POST', '/api/default/dashboards', {})).rejects.toThrow(
      `POST ${url}/api/default/dashboards: no complete answer within 0.2 s; abandoned (is --url the OpenObserve API address?)`);
  });

  it('abandons an answer whose body never ends', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"list":');
    });
    await expect(createClient(url, CREDS, 200).get('/api/v2/default/alerts')).rejects.toThrow('GET ' + url + '/api/v2/default/alerts: no complete answer within 0.2 s');
  });
});
