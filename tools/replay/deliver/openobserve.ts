/**
 * Deliver rows to OpenObserve exactly as Firehose's HTTP endpoint destination
 * does: `POST {url}/aws/{org}/{stream}/_kinesis_firehose` with
 * `{requestId, timestamp, records:[{data}]}` and the `X-Amz-Firehose-*`
 * headers; success is HTTP 200 with our requestId echoed. 5xx, 429, network
 * errors and non-conforming answers are retried with back-off, keeping the
 * requestId; other 4xx are final. The access key is never logged.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { backoffDelay, FIREHOSE_HTTP_BACKOFF, realSleep, type Sleep } from './retry.js';

/** Firehose HTTP endpoint request limits: 64 MiB body before compression, 10,000 records, 1,024,000 bytes a record. */
export interface HttpLimits {
  readonly maxRequestBytes: number;
  readonly maxRecords: number;
  readonly maxRecordBytes: number;
}
export const HTTP_LIMITS: HttpLimits = { maxRequestBytes: 64 * 1024 * 1024, maxRecords: 10_000, maxRecordBytes: 1_024_000 };

export interface OpenObserveTarget {
  readonly url: string;
  readonly org: string;
  readonly stream: string;
  /** base64 of `email:passcode`, as Firehose's access key. */
  readonly accessKey: string;
  readonly gzip?: boolean;
}

export const FAILURE_KINDS = {
  rejected: 'the endpoint answered 4xx: the request is not retried',
  server_error: 'the endpoint answered 5xx or 429 on every attempt',
  network: 'the endpoint could not be reached (or timed out) on every attempt',
  request_id_mismatch: 'the answer echoed a different requestId',
  invalid_response: 'the answer was not a 200 with a JSON {requestId, timestamp}',
  redirect: 'the endpoint answered a redirect, which Firehose does not follow',
  record_too_large: 'a record exceeds 1,024,000 bytes and cannot be sent',
} as const;
export type FailureKind = keyof typeof FAILURE_KINDS;

export interface RequestFailure {
  readonly kind: FailureKind;
  readonly records: number;
  readonly attempts: number;
  readonly status?: number | undefined;
  /** The endpoint's errorMessage (truncated), when it gave one. */
  readonly message?: string | undefined;
}

export interface OpenObserveReport {
  readonly endpoint: string;
  readonly requests: number;
  readonly attempts: number;
  readonly accepted: number;
  readonly failed: number;
  readonly failures: readonly RequestFailure[];
}

export interface OpenObserveOptions {
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly limits?: Partial<HttpLimits>;
  readonly timeoutMs?: number;
  readonly onProgress?: (recordsDone: number) => void;
}

/** The endpoint URL for a target. */
export function endpointUrl(target: Pick<OpenObserveTarget, 'url' | 'org' | 'stream'>): string {
  return `${target.url.replace(/\/+$/, '')}/aws/${encodeURIComponent(target.org)}/${encodeURIComponent(target.stream)}/_kinesis_firehose`;
}

/** The access key from OPENOBSERVE_ACCESS_KEY, or OPENOBSERVE_EMAIL + OPENOBSERVE_PASSCODE. */
export function accessKeyFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const key = env.OPENOBSERVE_ACCESS_KEY;
  if (key !== undefined && key !== '') {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(key) && key.length % 4 === 0 ? Buffer.from(key, 'base64').toString('utf8') : '';
    if (!decoded.includes(':')) throw new UsageError('OPENOBSERVE_ACCESS_KEY must be the base64 of email:passcode');
    return key;
  }
  const email = env.OPENOBSERVE_EMAIL;
  const passcode = env.OPENOBSERVE_PASSCODE;
  if (!email || !passcode) {
    throw new UsageError('--openobserve needs OPENOBSERVE_EMAIL and OPENOBSERVE_PASSCODE (or OPENOBSERVE_ACCESS_KEY) in the environment');
  }
  return Buffer.from(`${email}:${passcode}`, 'utf8').toString('base64');
}

const RECORD_OVERHEAD = '{"data":""},'.length;
const BODY_OVERHEAD = `{"requestId":"${randomUUID()}","timestamp":${Date.now()},"records":[]}`.length + 16;

/** Split records (base64) into requests within the limits; oversize records are returned apart. */
export function planRequests(
  records: readonly string[],
  limits: HttpLimits = HTTP_LIMITS,
): { requests: string[][]; oversize: number } {
  const requests: string[][] = [];
  let current: string[] = [];
  let bytes = BODY_OVERHEAD;
  let oversize = 0;
  for (const data of records) {
    if (Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0) > limits.maxRecordBytes) {
      oversize += 1;
      continue;
    }
    const size = data.length + RECORD_OVERHEAD;
    if (current.length > 0 && (bytes + size > limits.maxRequestBytes || current.length >= limits.maxRecords)) {
      requests.push(current);
      current = [];
      bytes = BODY_OVERHEAD;
    }
    current.push(data);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return { requests, oversize };
}

type Outcome = { ok: true } | { ok: false; retry: boolean; kind: FailureKind; status?: number; message?: string };

const truncate = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

async function interpret(res: Response, requestId: string): Promise<Outcome> {
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  const message = typeof body?.errorMessage === 'string' ? truncate(body.errorMessage) : text ? truncate(text) : undefined;
  const status = res.status;
  if (status === 200) {
    if (body === undefined || typeof body.timestamp !== 'number') return { ok: false, retry: true, kind: 'invalid_response', status };
    if (body.requestId !== requestId) return { ok: false, retry: true, kind: 'request_id_mismatch', status };
    return { ok: true };
  }
  if (status >= 300 && status < 400) return { ok: false, retry: false, kind: 'redirect', status };
  if (status >= 500 || status === 429) return { ok: false, retry: true, kind: 'server_error', status, message };
  if (status >= 400) return { ok: false, retry: false, kind: 'rejected', status, message };
  return { ok: false, retry: true, kind: 'invalid_response', status };
}

/** Send one request, retrying as Firehose would (bounded). */
async function sendRequest(
  url: string,
  target: OpenObserveTarget,
  records: readonly string[],
  options: Required<Pick<OpenObserveOptions, 'fetch' | 'sleep' | 'random' | 'maxAttempts' | 'timeoutMs'>>,
): Promise<{ outcome: Outcome; attempts: number }> {
  const requestId = randomUUID();
  const json = JSON.stringify({ requestId, timestamp: Date.now(), records: records.map((data) => ({ data })) });
  const body = target.gzip ? gzipSync(json) : Buffer.from(json, 'utf8');
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amz-Firehose-Protocol-Version': '1.0',
    'X-Amz-Firehose-Request-Id': requestId,
    'X-Amz-Firehose-Access-Key': target.accessKey,
  };
  if (target.gzip) headers['Content-Encoding'] = 'gzip';
  let outcome: Outcome = { ok: false, retry: true, kind: 'network' };
  let attempt = 0;
  while (attempt < options.maxAttempts) {
    attempt += 1;
    if (attempt > 1) await options.sleep(backoffDelay(attempt - 1, FIREHOSE_HTTP_BACKOFF, options.random));
    try {
      const res = await options.fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      outcome = await interpret(res, requestId);
    } catch {
      outcome = { ok: false, retry: true, kind: 'network' };
    }
    if (outcome.ok || !outcome.retry) break;
  }
  return { outcome, attempts: attempt };
}

/** Deliver Ok records (their base64 data, as the handler returned it) to OpenObserve. */
export async function deliverToOpenObserve(
  records: readonly string[],
  target: OpenObserveTarget,
  options: OpenObserveOptions = {},
): Promise<OpenObserveReport> {
  const endpoint = endpointUrl(target);
  const limits = { ...HTTP_LIMITS, ...options.limits };
  const resolved = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    timeoutMs: options.timeoutMs ?? 180_000, // Firehose gives an endpoint 3 minutes
  };
  const { requests, oversize } = planRequests(records, limits);
  const failures: RequestFailure[] = [];
  if (oversize > 0) failures.push({ kind: 'record_too_large', records: oversize, attempts: 0 });
  let accepted = 0;
  let attempts = 0;
  let done = oversize;
  for (const request of requests) {
    const { outcome, attempts: n } = await sendRequest(endpoint, target, request, resolved);
    attempts += n;
    if (outcome.ok) accepted += request.length;
    else failures.push({ kind: outcome.kind, records: request.length, attempts: n, status: outcome.status, message: outcome.message });
    done += request.length;
    options.onProgress?.(done);
  }
  return { endpoint, requests: requests.length, attempts, accepted, failed: records.length - accepted, failures };
}

/** Delivers Ok records to OpenObserve batch after batch, and keeps one report for the run. */
export class OpenObserveDelivery {
  private requests = 0;
  private attempts = 0;
  private accepted = 0;
  private failed = 0;
  private readonly failures = new Map<string, RequestFailure>();
  readonly endpoint: string;

  constructor(
    private readonly target: OpenObserveTarget,
    private readonly options: OpenObserveOptions = {},
  ) {
    this.endpoint = endpointUrl(target);
  }

  /** Send `records`; resolves to how many of them were not delivered. */
  async send(records: readonly string[]): Promise<number> {
    if (records.length === 0) return 0;
    const r = await deliverToOpenObserve(records, this.target, this.options);
    this.requests += r.requests;
    this.attempts += r.attempts;
    this.accepted += r.accepted;
    this.failed += r.failed;
    for (const f of r.failures) {
      // Alike failures are summed, so a long run keeps a short report.
      const key = `${f.kind}|${f.status ?? ''}|${f.message ?? ''}`;
      const seen = this.failures.get(key);
      this.failures.set(key, seen === undefined ? f : { ...seen, records: seen.records + f.records, attempts: Math.max(seen.attempts, f.attempts) });
    }
    return r.failed;
  }

  report(): OpenObserveReport {
    const failures = [...this.failures.values()];
    return { endpoint: this.endpoint, requests: this.requests, attempts: this.attempts, accepted: this.accepted, failed: this.failed, failures };
  }
}
