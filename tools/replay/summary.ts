/**
 * What a replay did, as counts: results and failure reasons, security
 * categories and severities, event types, bytes and time. Built from reason
 * codes and the rows' own tag columns; never holds event content.
 */
import type { InputIssue } from './errors.js';
import type { ViolationCode } from './contract.js';
import type { InputFormat, Origin } from './inputs/types.js';

/** How many failed records are listed individually (by file:line). */
export const LISTED_FAILURES = 10;

export interface FileStats {
  readonly file: string;
  format: InputFormat | undefined;
  items: number;
  issues: number;
}

export interface FailedRecordNote {
  readonly origin: Origin;
  readonly reason: string;
  /** Line within the record, as the handler reports it. */
  readonly line?: number | undefined;
}

export interface ReplayStats {
  readonly files: FileStats[];
  readonly inputIssues: Record<string, number>;
  inputIssueCount: number;
  batches: number;
  /** Records sent to the handler, and their raw bytes. */
  recordsIn: number;
  bytesIn: number;
  /** Records with rows to deliver (Ok results and passed-through rows). */
  okRecords: number;
  /** Already-transformed rows records (http-endpoint-failed) passed through. */
  passthrough: number;
  readonly results: { Ok: number; Dropped: number; ProcessingFailed: number };
  readonly failureReasons: Record<string, number>;
  readonly failedRecords: FailedRecordNote[];
  readonly violations: Partial<Record<ViolationCode, number>>;
  violationCount: number;
  /** Records of batches whose invocation threw. */
  invocationFailed: number;
  rows: number;
  bytesOut: number;
  withTimestamp: number;
  ingestDelayed: number;
  schemaIssues: number;
  securityRelevant: number;
  readonly byCategory: Record<string, number>;
  readonly bySeverity: Record<string, number>;
  readonly eventTypes: Record<string, number>;
  handlerMs: number;
}

export function createStats(): ReplayStats {
  return {
    files: [],
    inputIssues: {},
    inputIssueCount: 0,
    batches: 0,
    recordsIn: 0,
    bytesIn: 0,
    okRecords: 0,
    passthrough: 0,
    results: { Ok: 0, Dropped: 0, ProcessingFailed: 0 },
    failureReasons: {},
    failedRecords: [],
    violations: {},
    violationCount: 0,
    invocationFailed: 0,
    rows: 0,
    bytesOut: 0,
    withTimestamp: 0,
    ingestDelayed: 0,
    schemaIssues: 0,
    securityRelevant: 0,
    byCategory: {},
    bySeverity: {},
    eventTypes: {},
    handlerMs: 0,
  };
}

const bump = <K extends string>(map: Partial<Record<K, number>>, key: K, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

export function addInputIssues(stats: ReplayStats, issues: readonly InputIssue[]): void {
  for (const issue of issues) bump(stats.inputIssues, issue.reason);
  stats.inputIssueCount += issues.length;
}

export function addFailure(stats: ReplayStats, note: FailedRecordNote): void {
  stats.results.ProcessingFailed += 1;
  bump(stats.failureReasons, note.reason);
  if (stats.failedRecords.length < LISTED_FAILURES) stats.failedRecords.push(note);
}

export function addViolation(stats: ReplayStats, code: ViolationCode): void {
  bump(stats.violations, code);
  stats.violationCount += 1;
}

/** Count output rows: time handling, schema issues, security tags, event types. */
export function addRows(stats: ReplayStats, rows: readonly Record<string, unknown>[], bytes: number): void {
  stats.rows += rows.length;
  stats.bytesOut += bytes;
  for (const row of rows) {
    if (row._timestamp !== undefined) stats.withTimestamp += 1;
    if (row.ingest_delayed === true) stats.ingestDelayed += 1;
    if (row.schema_issues !== undefined) stats.schemaIssues += 1;
    bump(stats.eventTypes, typeof row.event_type === 'string' ? row.event_type : '(none)');
    if (row.security_relevant === true) {
      stats.securityRelevant += 1;
      bump(stats.byCategory, String(row.security_category ?? '(none)'));
      bump(stats.bySeverity, String(row.security_severity ?? '(none)'));
    }
  }
}

/** Entries by count, descending, then name; at most `limit`. */
export function topEntries(map: Readonly<Record<string, number>>, limit = Infinity): [string, number][] {
  return Object.entries(map)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit);
}

/** Events a second and MB (MiB) a second through the handler; undefined when no time was measured. */
export function throughput(stats: ReplayStats): { eventsPerSecond: number; mbPerSecond: number } | undefined {
  if (stats.handlerMs <= 0 || stats.recordsIn === 0) return undefined;
  const seconds = stats.handlerMs / 1000;
  return { eventsPerSecond: stats.recordsIn / seconds, mbPerSecond: stats.bytesIn / (1024 * 1024) / seconds };
}
