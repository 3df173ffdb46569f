/**
 * Re-ingestion: put records back into their own delivery stream with
 * PutRecordBatch, as AWS's processor blueprint does when a response would
 * outgrow Lambda's 6 MB limit. Calls stay within PutRecordBatch's limits
 * (500 records, 4 MiB), only the entries that failed are retried, with
 * exponential back-off and full jitter, and never past the function's deadline:
 * every call is aborted when the time left runs out.
 */
import type { PutRecordBatchCommandInput, PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';

export const PUT_BATCH_MAX_RECORDS = 500;
/** 4 MiB is the API's cap on a call; keep a margin for the request envelope. */
export const PUT_BATCH_MAX_BYTES = 4 * 1024 * 1024 - 64 * 1024;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;
/** Attempts per chunk, the first included; the deadline usually ends retries sooner. */
export const MAX_ATTEMPTS = 8;

export interface ReingestRecord {
  readonly recordId: string;
  readonly data: Uint8Array;
}

export type PutRecordBatch = (
  input: PutRecordBatchCommandInput,
  /** Aborted when the call's time is up; pass it to the SDK (`client.send(command, { abortSignal })`). */
  signal: AbortSignal,
) => Promise<Pick<PutRecordBatchCommandOutput, 'FailedPutCount' | 'RequestResponses'>>;

export interface ReingestDeps {
  readonly send: PutRecordBatch;
  /** Milliseconds left before giving up (the function's remaining time minus a safety margin). */
  readonly remainingMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** Split into calls of at most 500 records and {@link PUT_BATCH_MAX_BYTES}. */
export function chunkForPut(records: readonly ReingestRecord[]): ReingestRecord[][] {
  const chunks: ReingestRecord[][] = [];
  let current: ReingestRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    if (current.length > 0 && (current.length === PUT_BATCH_MAX_RECORDS || bytes + r.data.length > PUT_BATCH_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += r.data.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Exponential back-off with full jitter, capped. */
export const backoffMs = (attempt: number, random: () => number): number =>
  Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));

/**
 * One call bounded by `ms`: the signal aborts it when the time is up, and the
 * race settles then whatever the SDK or the endpoint does (a request that never
 * answers, an SDK retrying inside `send`).
 */
export async function sendWithin<T>(send: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The call's time ran out: abort it; its answer, if one still comes, is ignored.
      const error = new Error('PutRecordBatch did not answer within the time left');
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([send(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Put the records into `streamName`; resolves with the ids Firehose accepted.
 * Each call is bounded by the time left, so this returns before the deadline.
 * Never throws: a call that errors counts as every entry of it failing.
 */
export async function reingest(streamName: string, records: readonly ReingestRecord[], deps: ReingestDeps): Promise<Set<string>> {
  const accepted = new Set<string>();
  for (const chunk of chunkForPut(records)) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0 && attempt < MAX_ATTEMPTS; attempt += 1) {
      if (attempt > 0) {
        const delay = backoffMs(attempt, deps.random);
        if (deps.remainingMs() <= delay) break;
        await deps.sleep(delay);
      }
      const left = deps.remainingMs();
      if (left <= 0) break;
      const input = { DeliveryStreamName: streamName, Records: pending.map((r) => ({ Data: r.data })) };
      let responses: PutRecordBatchCommandOutput['RequestResponses'];
      try {
        const out = await sendWithin((signal) => deps.send(input, signal), left);
        responses = out.RequestResponses;
      } catch {
        continue; // throttled, unavailable or out of time: retry the whole call while time is left
      }
      const failed: ReingestRecord[] = [];
      pending.forEach((r, i) => {
        const response = responses?.[i];
        if (response !== undefined && response.ErrorCode === undefined && response.RecordId !== undefined) accepted.add(r.recordId);
        else failed.push(r);
      });
      pending = failed;
    }
  }
  return accepted;
}

/** `arn:aws:firehose:<region>:<account>:deliverystream/<name>` → name. */
export function streamNameFromArn(arn: string | undefined): string | undefined {
  const match = /^arn:aws[a-z-]*:firehose:[^:]*:\d*:deliverystream\/(.+)$/.exec(arn ?? '');
  return match?.[1];
}
