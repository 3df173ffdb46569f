/**
 * Re-ingestion: put records back into their own delivery stream with
 * PutRecordBatch, as AWS's processor blueprint does when a response would
 * outgrow Lambda's 6 MB limit. Calls stay within PutRecordBatch's limits
 * (500 records, 4 MiB), only the entries that failed are retried, with
 * exponential back-off and full jitter, and never past the function's deadline.
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

export interface ReingestDeps {
  readonly send: (input: PutRecordBatchCommandInput) => Promise<Pick<PutRecordBatchCommandOutput, 'FailedPutCount' | 'RequestResponses'>>;
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
 * Put the records into `streamName`; resolves with the ids Firehose accepted.
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
      if (deps.remainingMs() <= 0) break;
      let responses: PutRecordBatchCommandOutput['RequestResponses'];
      try {
        const out = await deps.send({ DeliveryStreamName: streamName, Records: pending.map((r) => ({ Data: r.data })) });
        responses = out.RequestResponses;
      } catch {
        continue; // throttled or unavailable: retry the whole call
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
