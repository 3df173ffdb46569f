/**
 * The shipped bundle (dist/okta-transform/index.mjs) run in a child process, as
 * Lambda runs it: configuration from the environment, a Lambda context whose
 * remaining time runs down with the clock, AWS calls to a loopback endpoint.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { REPO_ROOT } from '../helpers/samples.js';

export const BUNDLE = join(REPO_ROOT, 'dist/okta-transform/index.mjs');

// Reads the event from a file, invokes the handler with a context whose deadline is DEADLINE_MS away, prints the result.
const RUNNER = `
import { readFileSync } from 'node:fs';
const { handler } = await import(process.env.BUNDLE);
const event = JSON.parse(readFileSync(process.env.EVENT_FILE, 'utf8'));
const started = Date.now();
const deadline = started + Number(process.env.DEADLINE_MS);
const result = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: 'req-1' });
process.stdout.write(JSON.stringify({ elapsedMs: Date.now() - started, result }) + '\\n');
process.exit(0);
`;

export interface BundleRun {
  readonly elapsedMs: number;
  readonly result: FirehoseTransformationResult;
}

/** Invoke the bundle once with `event`; `deadlineMs` is the Lambda time left at the start. */
export async function runBundle(event: unknown, env: Record<string, string>, deadlineMs = 60_000): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-run-'));
  try {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', RUNNER], {
      env: {
        PATH: process.env.PATH ?? '',
        BUNDLE,
        EVENT_FILE: file,
        DEADLINE_MS: String(deadlineMs),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
        ...env,
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as BundleRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SlowFirehose {
  readonly url: string;
  /** PutRecordBatch requests received (answered or not). */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * A PutRecordBatch endpoint (AWS JSON 1.1) on 127.0.0.1 that answers after
 * `delayMs` (accepting every record), or never when `delayMs` is Infinity.
 */
export async function startSlowFirehose(delayMs: number): Promise<SlowFirehose> {
  const state = { requests: 0 };
  const pending = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests += 1;
      pending.add(res);
      if (!Number.isFinite(delayMs)) return; // never answers
      setTimeout(() => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records: unknown[] };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: body.Records.map((_, i) => ({ RecordId: `late-${i}` })) }));
        pending.delete(res);
      }, delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
