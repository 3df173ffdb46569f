/**
 * A Firehose transformation batch: one result per input record, same ids, same
 * order. Record problems become `ProcessingFailed`; only an event that is not a
 * Firehose transformation event at all throws (Firehose then retries the batch).
 *
 * `data` is empty on `Dropped` and `ProcessingFailed` results, as in AWS's own
 * processor blueprint: Firehose keeps the original bytes of a failed record in its
 * S3 error output, so echoing them would only spend the 6 MB response budget.
 */
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { InvocationError, type FailureReason } from '../errors.js';
import { decodeBase64Binary } from './codec.js';
import type { Row } from '../okta/flatten.js';
import { compileAccepts } from '../okta/compiled-check.js';
import type { Transformer } from '../transform.js';

/** Just enough of the invocation to answer it; record contents are checked per record. */
export const InvocationSchema = z.looseObject({
  invocationId: z.optional(z.string()),
  deliveryStreamArn: z.optional(z.string()),
  sourceKinesisStreamArn: z.optional(z.string()),
  region: z.optional(z.string()),
  records: z.array(z.looseObject({ recordId: z.string(), data: z.optional(z.unknown()) })),
});
export type Invocation = z.infer<typeof InvocationSchema>;
/**
 * The same test, check-only, compiled from the schema: zod's parse would copy every
 * record object of a 6 MB batch only to be read once.
 */
const isInvocation = compileAccepts(InvocationSchema) as (event: unknown) => event is Invocation;

export interface FailedRecord {
  readonly recordId: string;
  readonly reason: FailureReason;
  readonly line: number | undefined;
}

/** What happened to a batch, for logs and metrics; never carries event content. */
export interface BatchSummary {
  readonly records: number;
  ok: number;
  dropped: number;
  failed: number;
  /** Records put back into the delivery stream because the response was full. */
  reingested: number;
  events: number;
  eventsDropped: number;
  bytesOut: number;
  readonly bySecurityCategory: Record<string, number>;
  readonly bySecuritySeverity: Record<string, number>;
  readonly failures: FailedRecord[];
}

export interface ProcessedBatch {
  /** Where the batch came from (what re-ingestion needs); not the event, which the batch does not keep. */
  readonly source: Pick<Invocation, 'deliveryStreamArn' | 'sourceKinesisStreamArn'>;
  readonly response: { records: FirehoseTransformationResultRecord[] } & FirehoseTransformationResult;
  readonly summary: BatchSummary;
  /** Ok records that did not fit the response budget, with their input data: to re-ingest. */
  readonly overflow: { readonly index: number; readonly recordId: string; readonly data: string }[];
}

/** Characters JSON writes as they are, one byte each in UTF-8. */
const PLAIN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Bytes of a string in the serialised response: quoted, JSON-escaped (a control character takes 6), UTF-8. */
export const jsonStringBytes = (text: string): number =>
  PLAIN_JSON.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text), 'utf8');

/** Bytes of `{"records":[]}`, with a margin. */
export const RESPONSE_ENVELOPE_BYTES = 16;

/**
 * Bytes a result adds to the serialised response, as the Lambda runtime writes it
 * (`{"recordId":…,"result":"…","data":"…"},`: 36 bytes besides the three values,
 * counted as 40). `result` and `data` (base64) are plain ASCII.
 */
export const resultBytes = (recordId: string, result: string, data: string): number =>
  jsonStringBytes(recordId) + result.length + data.length + 40;

function countSecurity(rows: readonly Row[], summary: BatchSummary): void {
  for (const row of rows) {
    if (row.security_relevant !== true) continue;
    const c = String(row.security_category);
    const s = String(row.security_severity);
    summary.bySecurityCategory[c] = (summary.bySecurityCategory[c] ?? 0) + 1;
    summary.bySecuritySeverity[s] = (summary.bySecuritySeverity[s] ?? 0) + 1;
  }
}

/**
 * Transform the records of a Firehose event within a response budget. Ok
 * records past the budget are answered `ProcessingFailed` for now and listed in
 * `overflow`; {@link settleOverflow} re-ingests them.
 *
 * The first Ok record that does not fit spends the budget: every record after it
 * (whose data is strict base64) goes to `overflow` as it came, untransformed. What is left of the budget is
 * less than one row, and transforming the rest of a batch only to set nearly all
 * of it aside would cost up to a third of a full batch's time; a record that
 * would still have fitted comes round again in a later batch, as they all do.
 */
export function processBatch(event: FirehoseTransformationEvent, transformer: Transformer, now: number, budgetBytes: number): ProcessedBatch {
  if (!isInvocation(event)) {
    throw new InvocationError('not a Firehose transformation event: records[] with a string recordId each is required');
  }
  const invocation = event;
  const summary: BatchSummary = {
    records: invocation.records.length,
    ok: 0, dropped: 0, failed: 0, reingested: 0, events: 0, eventsDropped: 0, bytesOut: 0,
    bySecurityCategory: {}, bySecuritySeverity: {}, failures: [],
  };
  const overflow: ProcessedBatch['overflow'] = [];
  // Every result needs at least its id and status: reserve that first, so the
  // budget bounds the whole response however many records overflow.
  const minimal = invocation.records.map((r) => resultBytes(r.recordId, 'ProcessingFailed', ''));
  let remaining = minimal.reduce((left, bytes) => left - bytes, budgetBytes - RESPONSE_ENVELOPE_BYTES);
  // What an Ok result adds to its minimal one does not depend on its id.
  const okExtra = (data: string) => resultBytes('', 'Ok', data) - resultBytes('', 'ProcessingFailed', '');

  let spent = false;
  const records = invocation.records.map(({ recordId, data }, index): FirehoseTransformationResultRecord => {
    // Only data that is strict base64 goes back as it came (re-ingestion puts its bytes); anything else is
    // answered here all the same, and fails as it would have.
    if (spent && decodeBase64Binary(data) !== undefined) {
      overflow.push({ index, recordId, data });
      return { recordId, result: 'ProcessingFailed', data: '' };
    }
    const outcome = transformer.transformRecord(data, now);
    if (outcome.result === 'Ok') {
      const extra = okExtra(outcome.data);
      if ((minimal[index] as number) + extra + RESPONSE_ENVELOPE_BYTES > budgetBytes) {
        // Not even a response of this record alone could carry it: re-ingesting would only bring it back, forever.
        summary.failures.push({ recordId, reason: 'record_exceeds_response', line: undefined });
        return { recordId, result: 'ProcessingFailed', data: '' };
      }
      if (extra > remaining) {
        spent = true;
        overflow.push({ index, recordId, data: data as string });
        return { recordId, result: 'ProcessingFailed', data: '' };
      }
      remaining -= extra;
      summary.ok += 1;
      summary.events += outcome.rows.length;
      summary.eventsDropped += outcome.dropped;
      summary.bytesOut += outcome.bytes;
      countSecurity(outcome.rows, summary);
      return { recordId, result: 'Ok', data: outcome.data };
    }
    if (outcome.result === 'Dropped') {
      summary.dropped += 1;
      summary.eventsDropped += outcome.dropped;
      return { recordId, result: 'Dropped', data: '' };
    }
    summary.failures.push({ recordId, reason: outcome.reason, line: outcome.line });
    return { recordId, result: 'ProcessingFailed', data: '' };
  });
  summary.failed = summary.failures.length;
  const { deliveryStreamArn, sourceKinesisStreamArn } = invocation;
  return { source: { deliveryStreamArn, sourceKinesisStreamArn }, response: { records }, summary, overflow };
}

/**
 * Resolve the overflow of a batch: records Firehose accepted back into the stream
 * become `Dropped` (their data will come round again in a later batch); the rest
 * stay `ProcessingFailed`, so Firehose keeps them in S3. Nothing is lost.
 */
export async function settleOverflow(
  batch: ProcessedBatch,
  reingest: (records: { recordId: string; data: string }[]) => Promise<Set<string>>,
): Promise<void> {
  if (batch.overflow.length === 0) return;
  // Keyed by position, not recordId: ids are Firehose's, and nothing here relies on them being unique.
  const accepted = await reingest(batch.overflow.map(({ index, data }) => ({ recordId: String(index), data })));
  for (const { index, recordId } of batch.overflow) {
    if (accepted.has(String(index))) {
      batch.response.records[index] = { recordId, result: 'Dropped', data: '' };
      batch.summary.reingested += 1;
    } else {
      batch.summary.failures.push({ recordId, reason: 'response_budget', line: undefined });
      batch.summary.failed += 1;
    }
  }
}
