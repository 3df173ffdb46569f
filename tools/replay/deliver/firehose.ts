/**
 * Put raw records (EventBridge envelopes, or bare events with --direct-put) into
 * a real Firehose stream with the core's own re-ingestion code
 * (shared/firehose/reingest.ts): the same chunking to PutRecordBatch's limits,
 * the same decision on what a missing or failed response entry means, the same
 * retries with jittered back-off. That loop is the only retry: the SDK client
 * is built with `maxAttempts: 1`, so retries are never doubled.
 */
import { FirehoseClient, PutRecordBatchCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';
import { reingest } from '../../../shared/firehose/reingest.js';
import { realSleep, type Sleep } from './retry.js';

export interface PutClient {
  send(command: PutRecordBatchCommand, options?: { abortSignal?: AbortSignal }): Promise<Pick<PutRecordBatchCommandOutput, 'FailedPutCount' | 'RequestResponses'>>;
}

export interface FirehoseReport {
  readonly stream: string;
  readonly calls: number;
  readonly accepted: number;
  readonly failed: number;
  /** Error codes seen on failed attempts (entries or whole calls), with how often. */
  readonly errors: Readonly<Record<string, number>>;
}

export interface FirehoseOptions {
  readonly client?: PutClient;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Time allowed for one put (its chunks and retries); default 2 minutes. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/**
 * The SDK client of the replay: its own retries off, since reingest retries, and
 * a timeout on each call, so a stalled endpoint costs one attempt, not the run.
 */
export const createFirehoseClient = (): FirehoseClient =>
  new FirehoseClient({ maxAttempts: 1, requestHandler: { requestTimeout: 30_000, connectionTimeout: 10_000 } });

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : 'Error';

/** Puts records into one stream, put after put, and keeps the counts. */
export class FirehoseDelivery {
  private calls = 0;
  private accepted = 0;
  private failed = 0;
  private readonly errors: Record<string, number> = {};
  private readonly client: PutClient;

  constructor(
    readonly stream: string,
    private readonly options: FirehoseOptions = {},
  ) {
    this.client = options.client ?? createFirehoseClient();
  }

  /** Put `records`; resolves, once each is accepted or has used up its attempts, to how many were not put. */
  async put(records: readonly Uint8Array[]): Promise<number> {
    if (records.length === 0) return 0;
    const now = this.options.now ?? Date.now;
    const deadline = now() + (this.options.timeoutMs ?? 120_000);
    const bump = (code: string) => (this.errors[code] = (this.errors[code] ?? 0) + 1);
    const ok = await reingest(
      this.stream,
      records.map((data, i) => ({ recordId: String(i), data })),
      {
        send: async (input, signal) => {
          this.calls += 1;
          try {
            const out = await this.client.send(new PutRecordBatchCommand(input), { abortSignal: signal });
            for (const entry of out.RequestResponses ?? []) if (entry.ErrorCode) bump(entry.ErrorCode);
            return out;
          } catch (error) {
            bump(errorName(error));
            throw error;
          }
        },
        remainingMs: () => deadline - now(),
        sleep: this.options.sleep ?? realSleep,
        random: this.options.random ?? Math.random,
      },
    );
    this.accepted += ok.size;
    this.failed += records.length - ok.size;
    return records.length - ok.size;
  }

  report(): FirehoseReport {
    return { stream: this.stream, calls: this.calls, accepted: this.accepted, failed: this.failed, errors: { ...this.errors } };
  }
}

/** Put `records` into `stream` at once (one put). */
export async function deliverToFirehose(records: readonly Uint8Array[], stream: string, options: FirehoseOptions = {}): Promise<FirehoseReport> {
  const delivery = new FirehoseDelivery(stream, options);
  await delivery.put(records);
  return delivery.report();
}
