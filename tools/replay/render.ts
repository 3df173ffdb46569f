/** The replay summary as text: aligned tables of counts, no event content. */
import { FAILURE_REASON_TEXT } from './reasons.js';
import { VIOLATIONS, type ViolationCode } from './contract.js';
import { INPUT_REASONS, type InputReason } from './errors.js';
import type { FirehoseReport } from './deliver/firehose.js';
import { FAILURE_KINDS, type OpenObserveReport } from './deliver/openobserve.js';
import type { BackfillReport } from './okta/backfill.js';
import { throughput, topEntries, type ReplayStats } from './summary.js';

export interface RenderContext {
  readonly bundle: string;
  readonly bufferMb: number;
  /** Where rows went: a path, 'stdout', or undefined on a dry run. */
  /** Where rows were written; `kept`: an output left as it was, the run having stopped. */
  readonly output: string | { readonly kept: string } | undefined;
  readonly dryRun: boolean;
  readonly openobserve?: OpenObserveReport | { readonly dryRun: string; readonly records: number } | undefined;
  readonly firehose?: FirehoseReport | { readonly dryRun: string; readonly records: number } | undefined;
  /** Set when no input was named and the bundled samples were replayed: their directory. */
  readonly samples?: string | undefined;
  /** Bare events were sent unwrapped (--direct-put). */
  readonly directPut?: boolean | undefined;
  readonly okta?: BackfillReport | undefined;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];
const n = (x: number) => x.toLocaleString('en-US');
const rowsOf = (x: number) => `${n(x)} row${x === 1 ? '' : 's'}`;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
const kb = (bytes: number) => (bytes >= 1024 * 1024 ? mb(bytes) : `${(bytes / 1024).toFixed(1)} KB`);

/** Left-aligned first column, right-aligned numbers, two-space indent. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

function backfillSection(o: BackfillReport): string[] {
  const w = o.window;
  const lines = [`Backfill    ${o.org} /api/v1/logs, ${w.since} to ${w.until}${w.filter === undefined ? '' : `, filter ${w.filter}`}`];
  const resumed = o.resumedPages > 0 ? `, after ${n(o.resumedPages)} page(s) and ${n(o.resumedEvents)} event(s) done before (checkpoint)` : '';
  lines.push(`  ${n(o.events)} event(s) fetched in ${n(o.pages)} page(s)${resumed}`);
  lines.push(
    `  ${n(o.requests)} request(s), ${n(o.retries)} retried, ${n(o.rateLimitWaits)} rate-limit wait(s) (${(o.waitedMs / 1000).toFixed(1)} s waited)`,
  );
  lines.push(o.complete ? '  window complete' : `  stopped before the end of the window: ${o.stopped ?? 'unknown'}`);
  return lines;
}

function inputSection(s: ReplayStats, ctx: RenderContext): string[] {
  if (ctx.okta !== undefined) return backfillSection(ctx.okta);
  const lines = [
    ...(ctx.samples === undefined ? [] : [`No input named: replayed the bundled public samples in ${ctx.samples}`]),
    'Inputs', ...table([['file', 'format', 'items', 'problems'], ...s.files.map((f) => [f.file, f.format ?? '-', n(f.items), n(f.issues)])])];
  if (s.inputIssueCount > 0) {
    lines.push(`  ${n(s.inputIssueCount)} input problem(s), not replayed:`);
    lines.push(...table(topEntries(s.inputIssues).map(([k, v]) => [k, n(v), INPUT_REASONS[k as InputReason] ?? '']), '    '));
  }
  return lines;
}

function resultSection(s: ReplayStats, ctx: RenderContext): string[] {
  const batches = `${n(s.batches)} batch${s.batches === 1 ? '' : 'es'} of up to ${ctx.bufferMb} MB`;
  const bare = ctx.directPut ? ', bare events unwrapped (--direct-put)' : '';
  const lines = [`Records in  ${n(s.recordsIn)} (${mb(s.bytesIn)}) in ${batches}, through ${ctx.bundle}${bare}`, 'Results'];
  lines.push(...table([['Ok', n(s.results.Ok)], ['Dropped', n(s.results.Dropped)], ['ProcessingFailed', n(s.results.ProcessingFailed)]]));
  if (s.passthrough > 0) lines.push(`  (plus ${n(s.passthrough)} http-endpoint-failed record(s) already transformed, passed through)`);
  if (s.results.ProcessingFailed > 0) {
    lines.push('  Failure reasons');
    lines.push(...table(topEntries(s.failureReasons).map(([k, v]) => [k, n(v), FAILURE_REASON_TEXT[k] ?? '']), '    '));
    if (s.failureReasons.response_budget !== undefined) {
      lines.push('  note: a replay never re-ingests an overflowing response (as the Lambda would into its stream); use a smaller --buffer-size');
    }
    lines.push('  Failed records (first ones; file:line of the input, reason, line in record)');
    for (const f of s.failedRecords) {
      lines.push(`    ${f.origin.file}:${f.origin.line}  ${f.reason}${f.line === undefined ? '' : ` (line ${f.line})`}`);
    }
  }
  if (s.violationCount > 0) {
    lines.push(`Firehose contract violations: ${n(s.violationCount)}`);
    lines.push(...table(topEntries(s.violations).map(([k, v]) => [k, n(v), VIOLATIONS[k as ViolationCode]]), '    '));
  }
  return lines;
}

function rowSection(s: ReplayStats): string[] {
  const lines = [`Rows out    ${n(s.rows)} (${kb(s.bytesOut)})`];
  lines.push(
    ...table([
      ['with _timestamp', n(s.withTimestamp)],
      ['ingest_delayed', n(s.ingestDelayed), s.ingestDelayed > 0 ? 'older than MAX_EVENT_AGE_SECONDS: no _timestamp (expected for old samples)' : ''],
      ['with schema_issues', n(s.schemaIssues)],
    ]),
  );
  lines.push(`Security-relevant  ${n(s.securityRelevant)}`);
  if (s.securityRelevant > 0) {
    const cats = topEntries(s.byCategory);
    const sevs = Object.entries(s.bySeverity).sort(
      ([a], [b]) => (SEVERITY_ORDER.indexOf(a) + 99) % 99 - (SEVERITY_ORDER.indexOf(b) + 99) % 99 || (a < b ? -1 : 1),
    );
    const height = Math.max(cats.length, sevs.length);
    const rows: string[][] = [['category', 'rows', '', 'severity', 'rows']];
    for (let i = 0; i < height; i++) {
      const [c, cn] = cats[i] ?? ['', undefined];
      const [v, vn] = sevs[i] ?? ['', undefined];
      rows.push([c, cn === undefined ? '' : n(cn), '', v, vn === undefined ? '' : n(vn)]);
    }
    lines.push(...table(rows));
  }
  lines.push('Top event types');
  lines.push(...table(topEntries(s.eventTypes, 10).map(([k, v]) => [k, n(v)])));
  return lines;
}

function deliverySection(ctx: RenderContext): string[] {
  const lines: string[] = [];
  const oo = ctx.openobserve;
  if (oo !== undefined) {
    if ('dryRun' in oo) lines.push(`OpenObserve  dry run: would deliver ${n(oo.records)} record(s) to ${oo.dryRun}`);
    else {
      lines.push(`OpenObserve  ${oo.endpoint}`);
      lines.push(`  ${n(oo.accepted)} record(s) accepted, ${n(oo.failed)} not delivered, in ${n(oo.requests)} request(s) (${n(oo.attempts)} attempt(s))`);
      for (const f of oo.failures) {
        const status = f.status === undefined ? '' : ` HTTP ${f.status}`;
        const message = f.message === undefined ? '' : `: ${f.message}`;
        lines.push(`  not delivered: ${n(f.records)} record(s), ${f.kind}${status} after ${f.attempts} attempt(s)${message} (${FAILURE_KINDS[f.kind]})`);
      }
    }
  }
  const fh = ctx.firehose;
  if (fh !== undefined) {
    if ('dryRun' in fh) lines.push(`Firehose     dry run: would put ${n(fh.records)} record(s) into ${fh.dryRun}`);
    else {
      lines.push(`Firehose     ${fh.stream}: ${n(fh.accepted)} record(s) put, ${n(fh.failed)} not put, in ${n(fh.calls)} PutRecordBatch call(s)`);
      for (const [code, count] of topEntries(fh.errors)) lines.push(`  failed attempts: ${n(count)} × ${code}`);
    }
  }
  return lines;
}

/** The whole summary, newline-terminated. */
export function renderSummary(s: ReplayStats, ctx: RenderContext): string {
  const t = throughput(s);
  const lines = [
    ...inputSection(s, ctx),
    ...resultSection(s, ctx),
    ...rowSection(s),
    t === undefined
      ? 'Throughput  -'
      : `Throughput  ${n(Math.round(t.eventsPerSecond))} events/s, ${t.mbPerSecond.toFixed(1)} MB/s (handler time ${n(Math.round(s.handlerMs))} ms)`,
    ctx.output === undefined
      ? 'Output      dry run: nothing written'
      : typeof ctx.output === 'string'
        ? `Output      ${rowsOf(s.rows)} (${kb(s.bytesOut)}) written to ${ctx.output}`
        : `Output      nothing written: the run stopped, ${ctx.output.kept} left as it was`,
    ...deliverySection(ctx),
  ];
  return `${lines.join('\n')}\n`;
}
