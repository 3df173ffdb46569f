/**
 * A local stand-in for OpenObserve's Firehose endpoint (openobserve-firehose.md
 * §1–§3), on 127.0.0.1: `POST /aws/{org}/{stream}/_kinesis_firehose`, access key
 * = base64(email:passcode) else 401, request gzip decoded, every record base64 →
 * (gzip) → UTF-8 → lines, each line must be JSON else 400 for the whole batch
 * with `{requestId, timestamp, errorMessage}`; 200 `{requestId, timestamp}`.
 * It can be told to answer 503 for the next N requests, or to echo a wrong requestId.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseLikeSerdeJson } from '../helpers/serde-json.js';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly requestId: string;
  readonly records: number;
  readonly rows: Record<string, unknown>[];
  readonly status: number;
}

export interface FakeOpenObserve {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Rows stored (only from requests answered 200). */
  readonly stored: Record<string, unknown>[];
  /** Answer 503 to the next N requests. */
  failNext: number;
  /** Echo a requestId that is not the caller's. */
  wrongRequestId: boolean;
  close(): Promise<void>;
}

export const OO_EMAIL = 'root@example.com';
export const OO_PASSCODE = 'Complexpass#123';
export const OO_ACCESS_KEY = Buffer.from(`${OO_EMAIL}:${OO_PASSCODE}`).toString('base64');

/**
 * OpenObserve's check of one line: it must parse as JSON, else the whole request
 * is refused with 400. The only place the fake parses a line, so stricter rules
 * (serde_json's) are a one-line change here.
 */
const parseLine = (line: string): unknown => parseLikeSerdeJson(line);

/** Rust `str::lines()`: split on \n, drop one trailing \r per line, no empty last line. */
const rustLines = (text: string): string[] => {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
};

function decodeRecords(records: { data: string }[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const { data } of records) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) throw new Error('Base64 decode error');
    let bytes = Buffer.from(data, 'base64');
    try {
      bytes = gunzipSync(bytes);
    } catch {
      // not gzip: raw bytes, as OpenObserve does
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    for (const line of rustLines(text)) {
      const value = parseLine(line); // throws → 400 for the whole request
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) rows.push(value as Record<string, unknown>);
    }
  }
  return rows;
}

export async function startFakeOpenObserve(): Promise<FakeOpenObserve> {
  const state: Omit<FakeOpenObserve, 'url' | 'close'> = { requests: [], stored: [], failNext: 0, wrongRequestId: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown, record?: Omit<ReceivedRequest, 'status' | 'path' | 'headers'>) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
        res.end(text);
        state.requests.push({ path: req.url ?? '', headers: req.headers, status, requestId: '', records: 0, rows: [], ...record });
      };
      if (req.method !== 'POST' || !/^\/aws\/[^/]+\/[^/]+\/_kinesis_firehose$/.test(req.url ?? '')) return answer(404, 'Not Found');
      if (req.headers['x-amz-firehose-access-key'] !== OO_ACCESS_KEY) return answer(401, 'Unauthorized Access');
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const body = JSON.parse(raw.toString('utf8')) as { requestId: string; timestamp: number; records: { data: string }[] };
      const { requestId, timestamp } = body;
      const seen = { requestId, records: body.records.length, rows: [] as Record<string, unknown>[] };
      if (state.failNext > 0) {
        state.failNext -= 1;
        return answer(503, { requestId, timestamp, errorMessage: 'Error# memtable is full' }, seen);
      }
      let rows: Record<string, unknown>[];
      try {
        rows = decodeRecords(body.records);
      } catch (error) {
        const message = `Error# Failed processing: AWSError(SerdeJsonError# ${(error as Error).name})`;
        return answer(400, { requestId, timestamp, errorMessage: message }, seen);
      }
      state.stored.push(...rows);
      answer(200, { requestId: state.wrongRequestId ? 'not-your-request' : requestId, timestamp }, { ...seen, rows });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake = state as FakeOpenObserve;
  Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return fake;
}
