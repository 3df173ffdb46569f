/**
 * A Firehose transformation batch: one result per input record, same ids, same
 * order. Record problems become `ProcessingFailed`; only an event that is not a
 * Firehose transformation event at all throws (Firehose then retries the batch).
 */
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { InvocationError, type FailureReason } from '../errors.js';
import type { Transformer } from '../transform.js';

/** Just enough of the invocation to answer it; record contents are checked per record. */
export const InvocationSchema = z.looseObject({
  invocationId: z.optional(z.string()),
  deliveryStreamArn: z.optional(z.string()),
  region: z.optional(z.string()),
  records: z.array(z.looseObject({ recordId: z.string(), data: z.optional(z.unknown()) })),
});

export interface FailedRecord {
  readonly recordId: string;
  readonly reason: FailureReason | 'response_budget';
  readonly line: number | undefined;
}

/** What happened to a batch, for logs and metrics; never carries event content. */
export interface BatchSummary {
  readonly records: number;
  readonly ok: number;
  readonly dropped: number;
  readonly failed: number;
  readonly events: number;
  readonly eventsDropped: number;
  readonly bytesOut: number;
  readonly bySecurityCategory: Record<string, number>;
  readonly bySecuritySeverity: Record<string, number>;
  readonly failures: readonly FailedRecord[];
}

const resultBytes = (r: FirehoseTransformationResultRecord) => r.recordId.length + (r.data?.length ?? 0) + 64;

/**
 * Transform every record of a Firehose event.
 * @param budgetBytes response size the caller may return; records past it fail
 *   (with their original bytes kept by Firehose) instead of breaking the whole batch.
 */
export function processBatch(
  event: FirehoseTransformationEvent,
  transformer: Transformer,
  now: number,
  budgetBytes: number,
): { response: FirehoseTransformationResult; summary: BatchSummary } {
  const invocation = InvocationSchema.safeParse(event);
  if (!invocation.success) {
    throw new InvocationError('not a Firehose transformation event: records[] with a string recordId each is required');
  }
  const failures: FailedRecord[] = [];
  const bySecurityCategory: Record<string, number> = {};
  const bySecuritySeverity: Record<string, number> = {};
  let ok = 0, dropped = 0, events = 0, eventsDropped = 0, bytesOut = 0, budget = budgetBytes - 32;

  const records = invocation.data.records.map(({ recordId, data }): FirehoseTransformationResultRecord => {
    const outcome = transformer.transformRecord(data, now);
    if (outcome.result === 'ProcessingFailed') {
      failures.push({ recordId, reason: outcome.reason, line: outcome.line });
      const failed = { recordId, result: 'ProcessingFailed' as const, data: typeof data === 'string' ? data : '' };
      budget -= resultBytes(failed);
      return failed;
    }
    if (outcome.result === 'Dropped') {
      dropped += 1;
      eventsDropped += outcome.dropped;
      return { recordId, result: 'Dropped', data: '' };
    }
    const result = { recordId, result: 'Ok' as const, data: outcome.data };
    budget -= resultBytes(result);
    if (budget < 0) {
      failures.push({ recordId, reason: 'response_budget', line: undefined });
      return { recordId, result: 'ProcessingFailed', data: '' };
    }
    ok += 1;
    events += outcome.rows.length;
    eventsDropped += outcome.dropped;
    bytesOut += outcome.bytes;
    for (const row of outcome.rows) {
      if (row.security_relevant !== true) continue;
      const c = String(row.security_category);
      const s = String(row.security_severity);
      bySecurityCategory[c] = (bySecurityCategory[c] ?? 0) + 1;
      bySecuritySeverity[s] = (bySecuritySeverity[s] ?? 0) + 1;
    }
    return result;
  });

  return {
    response: { records },
    summary: {
      records: records.length,
      ok,
      dropped,
      failed: failures.length,
      events,
      eventsDropped,
      bytesOut,
      bySecurityCategory,
      bySecuritySeverity,
      failures,
    },
  };
}
