/**
 * The worst batch Firehose can send (6 MB of Okta events) fits a 128 MB Lambda:
 * the shipped bundle runs in a child process under a Lambda-sized heap, its
 * response stays within Lambda's 6 MB, and the overflow is re-ingested through a
 * PutRecordBatch endpoint on loopback.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirehoseServer, type FirehoseServer } from '../helpers/firehose-server.js';
import { REPO_ROOT } from '../helpers/samples.js';

const LAMBDA_MEMORY_BYTES = 128 * 1024 * 1024;
let server: FirehoseServer;
beforeAll(async () => {
  server = await startFirehoseServer();
});
afterAll(() => server.close());

describe('The worst 6 MB batch', () => {
  it('is processed within 128 MB, answers within 6 MB, and re-ingests the overflow', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--max-old-space-size=96', join(REPO_ROOT, 'bench/worst-batch.mjs')],
      {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_FIREHOSE: server.url,
          LOG_LEVEL: 'SILENT',
          POWERTOOLS_METRICS_DISABLED: 'true',
        },
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop() as string) as {
      requestBytes: number; records: number; results: Record<string, number>; responseBytes: number; maxRssBytes: number;
    };
    expect(report.requestBytes).toBeGreaterThan(5_900_000);
    expect(report.responseBytes).toBeLessThanOrEqual(6_000_000);
    expect(report.results.ProcessingFailed ?? 0).toBe(0);
    expect(report.results.Dropped).toBeGreaterThan(0);
    expect(server.received.reduce((n, r) => n + r.records, 0)).toBe(report.results.Dropped);
    expect(server.received.every((r) => r.streamName === 'okta-relay')).toBe(true);
    expect(report.maxRssBytes).toBeLessThan(LAMBDA_MEMORY_BYTES);
  });
});
