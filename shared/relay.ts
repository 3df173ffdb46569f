/**
 * One invocation, end to end: transform the batch within the response budget,
 * re-ingest what did not fit, report. The handler supplies the clock, the
 * deadline and the Firehose client; everything else is here and testable.
 */
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import type { Config } from './config.js';
import { processBatch, settleOverflow, type ProcessedBatch } from './firehose/batch.js';
import { reingest, streamNameFromArn, type PutRecordBatch } from './firehose/reingest.js';
import type { Log } from './log.js';
import { reportBatch, type MetricsSink } from './telemetry.js';
import type { Transformer } from './transform.js';

/** Time kept back from the Lambda deadline for answering Firehose. */
export const DEADLINE_MARGIN_MS = 3_000;

export interface RelayDeps {
  readonly config: Config;
  readonly transformer: Transformer;
  readonly log: Pick<Log, 'info' | 'warn' | 'setKeys'>;
  readonly metrics: MetricsSink;
  readonly now: () => number;
  /** The function's remaining time (Lambda context). */
  readonly remainingMs: () => number;
  /** Must give up when `signal` aborts (the SDK does with `{ abortSignal }`); re-ingestion stops waiting for it then anyway. */
  readonly putRecordBatch: PutRecordBatch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * The batch is transformed before anything is awaited, and the rest is handed on:
 * no suspended frame holds the event (a suspended async function keeps its
 * parameters, here 6 MB of request) while the overflow is re-ingested and the
 * runtime serialises the response; only the overflow's data stays.
 */
export async function handleFirehoseEvent(event: FirehoseTransformationEvent, deps: RelayDeps): Promise<FirehoseTransformationResult> {
  const started = performance.now();
  deps.log.setKeys({ invocationId: typeof event?.invocationId === 'string' ? event.invocationId : undefined });
  return settle(processBatch(event, deps.transformer, deps.now(), deps.config.responseBudgetBytes), deps, started);
}

async function settle(batch: ProcessedBatch, deps: RelayDeps, started: number): Promise<FirehoseTransformationResult> {
  // A stream fed by Kinesis refuses PutRecordBatch; its overflow stays ProcessingFailed (kept in S3).
  const stream = batch.source.sourceKinesisStreamArn === undefined ? streamNameFromArn(batch.source.deliveryStreamArn) : undefined;
  await settleOverflow(batch, async (records) =>
    stream === undefined
      ? new Set<string>()
      : reingest(
          stream,
          records.map((r) => ({ recordId: r.recordId, data: Buffer.from(r.data, 'base64') })),
          {
            send: deps.putRecordBatch,
            remainingMs: () => deps.remainingMs() - DEADLINE_MARGIN_MS,
            sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
            random: deps.random ?? Math.random,
          },
        ),
  );
  reportBatch(batch.summary, Math.round(performance.now() - started), deps.log, deps.metrics);
  return batch.response;
}
