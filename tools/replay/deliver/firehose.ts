/**
 * Put raw records (EventBridge envelopes) into a real Firehose stream with
 * PutRecordBatch: at most 500 records and 4 MiB a call, 1,000 KiB a record.
 * Failed entries (`RequestResponses[i].ErrorCode`) are retried alone; a
 * throttled or unavailable call is retried whole; both with jittered back-off
 * and a bounded number of attempts.
 */
import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandOutput,
} from '@aws-sdk/client-firehose';
import { backoffDelay, PUT_BACKOFF, realSleep, type Sleep } from './retry.js';

export interface PutLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxRecordBytes: number;
}
/** PutRecordBatch limits (API reference; they cannot be raised). */
export const PUT_LIMITS: PutLimits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, maxRecordBytes: 1_024_000 };

/** Errors of a whole call that are worth retrying. */
export const RETRYABLE_CALL_ERRORS: ReadonlySet<string> = new Set([
  'ServiceUnavailableException',
  'ThrottlingException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'TimeoutError',
]);

export interface PutClient {
  send(command: PutRecordBatchCommand): Promise<Pick<PutRecordBatchCommandOutput, 'FailedPutCount' | 'RequestResponses'>>;
}

export interface FirehoseReport {
  readonly stream: string;
  readonly calls: number;
  readonly accepted: number;
  readonly failed: number;
  /** Records larger than 1,000 KiB: not sendable. */
  readonly oversize: number;
  /** Final error codes of the records not put, with counts. */
  readonly errors: Readonly<Record<string, number>>;
}

export interface FirehoseOptions {
  readonly client?: PutClient;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly limits?: Partial<PutLimits>;
  readonly onProgress?: (recordsDone: number) => void;
}

/** Group record indexes into calls within the limits; oversize records are returned apart. */
export function planPutBatches(
  sizes: readonly number[],
  limits: PutLimits = PUT_LIMITS,
): { batches: number[][]; oversize: number[] } {
  const batches: number[][] = [];
  const oversize: number[] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (size > limits.maxRecordBytes) {
      oversize.push(i);
      return;
    }
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return { batches, oversize };
}

function isRetryableCallError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: unknown }; code?: unknown };
  if (typeof e.name === 'string' && RETRYABLE_CALL_ERRORS.has(e.name)) return true;
  if (e.$retryable !== undefined && e.$retryable !== null) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  return typeof e.code === 'string' && ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN'].includes(e.code);
}

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : 'Error';

/** Put `records` into `stream`; see the module comment. */
export async function deliverToFirehose(
  records: readonly Uint8Array[],
  stream: string,
  options: FirehoseOptions = {},
): Promise<FirehoseReport> {
  const client: PutClient = options.client ?? new FirehoseClient({});
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const limits = { ...PUT_LIMITS, ...options.limits };
  const { batches, oversize } = planPutBatches(
    records.map((r) => r.length),
    limits,
  );
  const errors: Record<string, number> = {};
  const fail = (code: string, n: number) => {
    errors[code] = (errors[code] ?? 0) + n;
  };
  if (oversize.length > 0) fail('RecordTooLarge', oversize.length);
  let calls = 0;
  let accepted = 0;
  let done = oversize.length;

  for (const batch of batches) {
    let pending = batch;
    let lastCodes = new Map<number, string>();
    for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 1) await sleep(backoffDelay(attempt - 1, PUT_BACKOFF, random));
      calls += 1;
      let output: Awaited<ReturnType<PutClient['send']>>;
      try {
        output = await client.send(
          new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: pending.map((i) => ({ Data: records[i] })) }),
        );
      } catch (error) {
        const code = errorName(error);
        lastCodes = new Map(pending.map((i) => [i, code]));
        if (!isRetryableCallError(error)) break;
        continue;
      }
      const responses = output.RequestResponses ?? [];
      const failedNow: number[] = [];
      lastCodes = new Map();
      pending.forEach((index, k) => {
        const entry = responses[k];
        // No entry for a record: only trust it as put when the call reports no failures.
        const code = entry === undefined ? ((output.FailedPutCount ?? 0) > 0 ? 'MissingResponse' : undefined) : entry.ErrorCode;
        if (code === undefined || code === '') accepted += 1;
        else {
          failedNow.push(index);
          lastCodes.set(index, code);
        }
      });
      pending = failedNow;
    }
    for (const index of pending) fail(lastCodes.get(index) ?? 'Unknown', 1);
    done += batch.length;
    options.onProgress?.(done);
  }
  return { stream, calls, accepted, failed: records.length - accepted, oversize: oversize.length, errors };
}
