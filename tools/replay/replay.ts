/**
 * The replay proper, streaming: items → Firehose-sized batches → the shipped
 * handler → contract check → counts, NDJSON rows and delivery, batch by batch.
 * Nothing outlives its batch but the counts, so memory does not grow with the input.
 */
import { Batcher, MAX_RECORD_BYTES, recordData, type ReplayBatch } from './batch.js';
import { checkResponse } from './contract.js';
import type { FirehoseDelivery } from './deliver/firehose.js';
import type { OpenObserveDelivery } from './deliver/openobserve.js';
import type { InputIssue } from './errors.js';
import type { LoadedHandler } from './handler.js';
import type { Item } from './inputs/types.js';
import { addFailure, addInputIssues, addRows, addViolation, type ReplayStats } from './summary.js';

export interface ReplayOptions {
  readonly handler: LoadedHandler;
  readonly bufferBytes: number;
  /** Send bare LogEvents unwrapped, as a Direct PUT source would. */
  readonly directPut?: boolean;
  /** Receives the NDJSON rows, batch by batch; absent on a dry run. */
  readonly write?: (ndjson: string) => void;
  readonly openobserve?: OpenObserveDelivery | undefined;
  readonly firehose?: FirehoseDelivery | undefined;
  /** Called for each problem found while building records (e.g. a record over 1,000 KiB). */
  readonly onIssue?: (issue: InputIssue) => void;
  /** Called after each batch. */
  readonly onBatch?: () => void;
  readonly now?: () => number;
}

/** Feeds items through the handler batch by batch; call {@link flush} at the end (and wherever a checkpoint needs it). */
export class ReplayPipeline {
  private readonly batcher: Batcher;
  /**
   * Already-transformed rows (http-endpoint-failed) read since the last batch started,
   * all before the first record of the batch being built: written ahead of its rows.
   */
  private rows: Item[] = [];
  private rowBytes = 0;
  /** The batch the handler is working on while the next one is read (at most one). */
  private inflight: Promise<void> | undefined;
  /** Rows and records not delivered (to OpenObserve or Firehose) since the last flush. */
  private undelivered = 0;

  constructor(
    private readonly stats: ReplayStats,
    private readonly options: ReplayOptions,
  ) {
    this.batcher = new Batcher(options.bufferBytes, options.now);
  }

  async add(item: Item): Promise<void> {
    if (item.kind === 'rows') {
      // Rows after records: the records' batch goes first, so output keeps input order.
      const batch = this.batcher.take();
      if (batch !== undefined) await this.start(batch);
      this.rows.push(item);
      this.rowBytes += item.data.length;
      if (this.rowBytes >= this.options.bufferBytes) await this.flush();
      return;
    }
    let data: Buffer;
    try {
      data = recordData(item, { directPut: this.options.directPut });
    } catch {
      return this.issue({ file: item.origin.file, line: item.origin.line, reason: 'unprocessable' });
    }
    if (data.length > MAX_RECORD_BYTES) return this.issue({ file: item.origin.file, line: item.origin.line, reason: 'record_too_large' });
    const full = this.batcher.add(data, item.origin);
    if (full !== undefined) await this.start(full);
  }

  /**
   * Process the batch being built and the rows waiting with it. Resolves, when all
   * is written and delivery was attempted, to how many rows and records added since
   * the last flush were not delivered (0 when all were, or nothing is delivered).
   */
  async flush(): Promise<number> {
    const batch = this.batcher.take();
    if (batch !== undefined) await this.start(batch);
    await this.settle();
    if (this.rows.length > 0) await this.finish('', [], this.takeRows());
    const undelivered = this.undelivered;
    this.undelivered = 0;
    return undelivered;
  }

  /** The passed-through rows read ahead of the batch being built. */
  private takeRows(): Item[] {
    const rows = this.rows;
    this.rows = [];
    this.rowBytes = 0;
    return rows;
  }

  /** Wait for the batch in flight, then hand `batch` to the handler without waiting for it. */
  private async start(batch: ReplayBatch): Promise<void> {
    await this.settle();
    const running = this.run(batch, this.takeRows());
    running.catch(() => {}); // awaited by the next settle(), which rethrows
    this.inflight = running;
  }

  private async settle(): Promise<void> {
    const running = this.inflight;
    this.inflight = undefined;
    await running;
  }

  private issue(issue: InputIssue): void {
    addInputIssues(this.stats, [issue]);
    this.options.onIssue?.(issue);
  }

  private async run(batch: ReplayBatch, rows: readonly Item[]): Promise<void> {
    const { stats, options } = this;
    const invocation = await options.handler.invoke(batch.event);
    stats.batches += 1;
    stats.recordsIn += batch.records.length;
    stats.bytesIn += batch.bytes;
    stats.handlerMs += invocation.durationMs;
    let out = '';
    const okData: string[] = [];
    if (invocation.error !== undefined) {
      stats.invocationFailed += batch.records.length;
      for (const r of batch.records) addFailure(stats, { origin: r.origin, reason: 'invocation_failed' });
    } else {
      const origins = new Map(batch.records.map((r) => [r.recordId, r]));
      const checked = checkResponse(
        batch.records.map((r) => r.recordId),
        invocation.response,
      );
      for (const v of checked.violations) addViolation(stats, v.code);
      for (const r of checked.records) {
        if (r.result === 'Dropped') stats.results.Dropped += 1;
        else if (r.result === 'ProcessingFailed') {
          const record = origins.get(r.recordId);
          const note = record === undefined ? { reason: 'unknown' } : options.handler.explain(record.data.toString('base64'));
          addFailure(stats, { origin: record?.origin ?? { file: '?', line: 0 }, reason: note.reason, line: note.line });
        } else if (r.text !== undefined && r.data !== undefined) {
          stats.results.Ok += 1;
          addRows(stats, r.rows ?? [], Buffer.byteLength(r.text, 'utf8'));
          okData.push(r.data);
          out += r.text;
        }
      }
    }
    this.undelivered += (await options.firehose?.put(batch.records.map((r) => r.data))) ?? 0;
    await this.finish(out, okData, rows);
  }

  /** Write and deliver the passed-through rows read ahead of a batch, then the batch's rows. */
  private async finish(out: string, okData: string[], before: readonly Item[]): Promise<void> {
    let text = '';
    const data: string[] = [];
    for (const item of before) {
      if (item.kind !== 'rows') continue;
      const rowsText = item.data.toString('utf8');
      const rows = rowsText.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      this.stats.passthrough += 1;
      addRows(this.stats, rows, item.data.length);
      data.push(item.data.toString('base64'));
      text += rowsText;
    }
    out = text + out;
    okData.unshift(...data);
    this.stats.okRecords += okData.length;
    if (out !== '') this.options.write?.(out);
    this.undelivered += (await this.options.openobserve?.send(okData)) ?? 0;
    this.options.onBatch?.();
  }
}
