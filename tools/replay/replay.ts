/**
 * The replay proper: records → Firehose-sized batches → the shipped handler →
 * contract check → counts, NDJSON rows, and what delivery needs.
 */
import { MAX_RECORD_BYTES, planBatches, recordData } from './batch.js';
import { checkResponse } from './contract.js';
import type { InputIssue } from './errors.js';
import type { LoadedHandler } from './handler.js';
import type { Item, Origin } from './inputs/types.js';
import type { Progress } from './progress.js';
import { addFailure, addInputIssues, addRows, addViolation, type ReplayStats } from './summary.js';

export interface ReplayOptions {
  readonly handler: LoadedHandler;
  readonly bufferBytes: number;
  /** Receives the NDJSON rows, batch by batch; absent on a dry run. */
  readonly write?: (ndjson: string) => void;
  /** A progress display for the given number of records. */
  readonly progressFor?: (total: number) => Progress;
  /** Keep the raw records for `--firehose`. */
  readonly keepRaw?: boolean;
  /** Keep the Ok data for `--openobserve`. */
  readonly keepOk?: boolean;
  readonly now?: () => number;
}

export interface ReplayOutput {
  /** base64 data of every Ok record (and passed-through rows record), for OpenObserve (with `keepOk`). */
  readonly okData: string[];
  /** Raw Firehose records (EventBridge envelopes, re-driven records), for `--firehose`. */
  readonly rawRecords: Buffer[];
  /** Problems found while building records (e.g. a record over 1,000 KiB). */
  readonly issues: InputIssue[];
}

/** Replay `items`, counting into `stats`. */
export async function runReplay(items: readonly Item[], stats: ReplayStats, options: ReplayOptions): Promise<ReplayOutput> {
  const now = options.now ?? Date.now;
  const issues: InputIssue[] = [];
  const okData: string[] = [];
  const rawRecords: Buffer[] = [];
  const records: { data: Buffer; origin: Origin }[] = [];
  const passthrough: Item[] = [];
  for (const item of items) {
    if (item.kind === 'rows') {
      passthrough.push(item);
      continue;
    }
    const data = recordData(item, now());
    if (data.length > MAX_RECORD_BYTES) {
      issues.push({ file: item.origin.file, line: item.origin.line, reason: 'record_too_large' });
      continue;
    }
    records.push({ data, origin: item.origin });
    if (options.keepRaw) rawRecords.push(data);
  }
  addInputIssues(stats, issues);

  const progress = options.progressFor?.(records.length);
  let done = 0;
  for (const batch of planBatches(records, options.bufferBytes, now)) {
    const origins = new Map(batch.records.map((r) => [r.recordId, r.origin]));
    const invocation = await options.handler.invoke(batch.event);
    stats.batches += 1;
    stats.recordsIn += batch.records.length;
    stats.bytesIn += batch.bytes;
    stats.handlerMs += invocation.durationMs;
    if (invocation.error !== undefined) {
      stats.invocationFailed += batch.records.length;
      for (const r of batch.records) addFailure(stats, { origin: r.origin, reason: 'invocation_failed' });
    } else {
      const checked = checkResponse(
        batch.records.map((r) => r.recordId),
        invocation.response,
      );
      for (const v of checked.violations) addViolation(stats, v.code);
      let out = '';
      for (const r of checked.records) {
        if (r.result === 'Dropped') stats.results.Dropped += 1;
        else if (r.result === 'ProcessingFailed') {
          const note = invocation.failures.get(r.recordId);
          const origin = origins.get(r.recordId) ?? { file: '?', line: 0 };
          addFailure(stats, { origin, reason: note?.reason ?? 'unknown', line: note?.line });
        } else if (r.text !== undefined && r.data !== undefined) {
          stats.results.Ok += 1;
          addRows(stats, r.rows ?? [], Buffer.byteLength(r.text, 'utf8'));
          if (options.keepOk) okData.push(r.data);
          out += r.text;
        }
      }
      if (out !== '') options.write?.(out);
    }
    done += batch.records.length;
    progress?.update(done);
  }

  for (const item of passthrough) {
    if (item.kind !== 'rows') continue;
    const text = item.data.toString('utf8');
    const rows = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    stats.passthrough += 1;
    addRows(stats, rows, item.data.length);
    if (options.keepOk) okData.push(item.data.toString('base64'));
    options.write?.(text);
  }
  progress?.done();
  return { okData, rawRecords, issues };
}
