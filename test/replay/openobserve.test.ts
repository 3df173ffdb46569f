import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  accessKeyFromEnv,
  deliverToOpenObserve,
  endpointUrl,
  planRequests,
  type OpenObserveTarget,
} from '../../tools/replay/deliver/openobserve.js';
import { backoffDelay, FIREHOSE_HTTP_BACKOFF, OKTA_BACKOFF } from '../../tools/replay/deliver/retry.js';
import { UsageError } from '../../tools/replay/errors.js';
import { b64, recordingSleep } from './helpers.js';
import { OO_ACCESS_KEY, OO_EMAIL, OO_PASSCODE, startFakeOpenObserve, type FakeOpenObserve } from './openobserve-server.js';

let oo: FakeOpenObserve;
beforeAll(async () => {
  oo = await startFakeOpenObserve();
});
afterAll(async () => oo.close());
beforeEach(() => {
  oo.requests.length = 0;
  oo.stored.length = 0;
  oo.failNext = 0;
  oo.wrongRequestId = false;
});

const row = (i: number) => `{\t"event_type":"user.session.start","uuid":"u${i}"}\n`;
const records = (n: number) => Array.from({ length: n }, (_, i) => b64(row(i)));
const target = (extra: Partial<OpenObserveTarget> = {}): OpenObserveTarget => ({
  url: oo.url,
  org: 'default',
  stream: 'okta',
  accessKey: OO_ACCESS_KEY,
  ...extra,
});

describe('delivery to OpenObserve as Firehose’s HTTP endpoint destination', () => {
  it('POSTs {requestId, timestamp, records} with the Firehose headers and counts an echoed 200 as accepted', async () => {
    const report = await deliverToOpenObserve(records(3), target());
    expect(report).toMatchObject({ requests: 1, attempts: 1, accepted: 3, failed: 0, failures: [] });
    expect(report.endpoint).toBe(`${oo.url}/aws/default/okta/_kinesis_firehose`);
    const [req] = oo.requests;
    expect(req?.path).toBe('/aws/default/okta/_kinesis_firehose');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-amz-firehose-protocol-version']).toBe('1.0');
    expect(req?.headers['x-amz-firehose-request-id']).toBe(req?.requestId);
    expect(req?.headers['x-amz-firehose-access-key']).toBe(Buffer.from(`${OO_EMAIL}:${OO_PASSCODE}`).toString('base64'));
    expect(req?.headers['content-encoding']).toBeUndefined();
    expect(oo.stored.map((r) => r.uuid)).toEqual(['u0', 'u1', 'u2']);
  });

  it('gzips the request body when asked, and the endpoint decodes it', async () => {
    const report = await deliverToOpenObserve(records(4), target({ gzip: true }));
    expect(report.accepted).toBe(4);
    expect(oo.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(oo.stored).toHaveLength(4);
  });

  it('reports a batch the endpoint rejects with 400 as not delivered, with its errorMessage, without retrying', async () => {
    const batch = [...records(2), b64('{\t"ok":1}\nthis is not json\n')];
    const { sleep, delays } = recordingSleep();
    const report = await deliverToOpenObserve(batch, target(), { sleep });
    expect(report).toMatchObject({ accepted: 0, failed: 3, attempts: 1 });
    expect(report.failures).toEqual([
      { kind: 'rejected', records: 3, attempts: 1, status: 400, message: expect.stringMatching(/^Error# Failed processing/) },
    ]);
    expect(delays).toEqual([]);
    expect(oo.stored).toEqual([]); // OpenObserve keeps nothing of a rejected request
  });

  it('fails fast on a wrong access key (401)', async () => {
    const report = await deliverToOpenObserve(records(1), target({ accessKey: b64('root@example.com:wrong') }));
    expect(report.failures).toEqual([{ kind: 'rejected', records: 1, attempts: 1, status: 401, message: 'Unauthorized Access' }]);
  });

  it('retries a 503 with back-off, keeping the same requestId, then succeeds', async () => {
    oo.failNext = 2;
    const { sleep, delays } = recordingSleep();
    const report = await deliverToOpenObserve(records(2), target(), { sleep, random: () => 0.5 });
    expect(report).toMatchObject({ accepted: 2, failed: 0, attempts: 3, failures: [] });
    expect(oo.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(oo.requests.map((r) => r.requestId)).size).toBe(1);
    expect(delays).toEqual([1000, 2000]); // Firehose: 1 s, ×2 (no jitter at random = 0.5)
  });

  it('gives up after the last attempt and reports the records as not delivered', async () => {
    oo.failNext = 99;
    const report = await deliverToOpenObserve(records(2), target(), { sleep: async () => {}, maxAttempts: 3 });
    expect(report.failures).toEqual([
      { kind: 'server_error', records: 2, attempts: 3, status: 503, message: 'Error# memtable is full' },
    ]);
    expect(report.failed).toBe(2);
  });

  it('does not count a 200 that echoes a different requestId as delivered', async () => {
    oo.wrongRequestId = true;
    const report = await deliverToOpenObserve(records(1), target(), { sleep: async () => {}, maxAttempts: 2 });
    expect(report).toMatchObject({ accepted: 0, failed: 1 });
    expect(report.failures[0]).toMatchObject({ kind: 'request_id_mismatch', status: 200, attempts: 2 });
  });

  it('retries network errors, and reports them when the endpoint stays unreachable', async () => {
    let calls = 0;
    const failingFetch: typeof fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed');
    };
    const report = await deliverToOpenObserve(records(1), target(), { fetch: failingFetch, sleep: async () => {}, maxAttempts: 4 });
    expect(calls).toBe(4);
    expect(report.failures).toEqual([{ kind: 'network', records: 1, attempts: 4, status: undefined, message: undefined }]);
  });

  it('splits records into requests of at most 10,000 records and 64 MiB, and refuses records over 1,024,000 bytes', async () => {
    const many = records(25);
    const report = await deliverToOpenObserve(many, target(), { limits: { maxRecords: 10 } });
    expect(report).toMatchObject({ requests: 3, accepted: 25 });
    expect(oo.requests.map((r) => r.records)).toEqual([10, 10, 5]);

    const maxRequestBytes = 600;
    const bySize = planRequests(many, { maxRecords: 10_000, maxRequestBytes, maxRecordBytes: 1_024_000 });
    expect(bySize.requests.length).toBeGreaterThan(3);
    for (const request of bySize.requests) {
      const body = JSON.stringify({ requestId: crypto.randomUUID(), timestamp: Date.now(), records: request.map((data) => ({ data })) });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxRequestBytes);
    }
    expect(bySize.requests.flat()).toEqual(many);

    const huge = b64(Buffer.alloc(1_024_001, 0x61));
    const planned = planRequests([huge, ...records(2)]);
    expect(planned).toMatchObject({ oversize: 1 });
    expect(planned.requests).toEqual([records(2)]);
    expect(planRequests(records(20_001)).requests.map((r) => r.length)).toEqual([10_000, 10_000, 1]);
  });

  it('builds the endpoint URL and never needs more than the base64 access key', () => {
    expect(endpointUrl({ url: 'https://api.openobserve.ai/', org: 'my org', stream: 'okta' })).toBe(
      'https://api.openobserve.ai/aws/my%20org/okta/_kinesis_firehose',
    );
    expect(accessKeyFromEnv({ OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: OO_PASSCODE })).toBe(OO_ACCESS_KEY);
    expect(accessKeyFromEnv({ OPENOBSERVE_ACCESS_KEY: OO_ACCESS_KEY })).toBe(OO_ACCESS_KEY);
    expect(() => accessKeyFromEnv({})).toThrow(UsageError);
    expect(() => accessKeyFromEnv({ OPENOBSERVE_ACCESS_KEY: b64('no-colon') })).toThrow(/base64 of email:passcode/);
    expect(() => accessKeyFromEnv({ OPENOBSERVE_EMAIL: OO_EMAIL })).toThrow(/OPENOBSERVE_PASSCODE/);
  });

  it('backs off like Firehose (1 s doubling, ±15 % jitter, capped at 2 minutes), and between Okta page retries', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, FIREHOSE_HTTP_BACKOFF, () => 0.5))).toEqual([1000, 2000, 4000]);
    expect(backoffDelay(1, FIREHOSE_HTTP_BACKOFF, () => 0)).toBe(850);
    expect(backoffDelay(1, FIREHOSE_HTTP_BACKOFF, () => 1)).toBe(1150);
    expect(backoffDelay(20, FIREHOSE_HTTP_BACKOFF, () => 0.5)).toBe(120_000);
    // Okta page retries: 1 s doubling to 30 s, each drawn from its upper half (equal jitter).
    expect([1, 2, 3, 6].map((n) => backoffDelay(n, OKTA_BACKOFF, () => 0))).toEqual([500, 1000, 2000, 15_000]);
    expect([1, 2, 3, 6].map((n) => backoffDelay(n, OKTA_BACKOFF, () => 1))).toEqual([1000, 2000, 4000, 30_000]);
  });
});
