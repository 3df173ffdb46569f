import { describe, expect, it } from 'vitest';
import { createProgress, renderBar, renderLine } from '../../tools/replay/progress.js';
import { renderSummary, table } from '../../tools/replay/render.js';
import { addFailure, addRows, addViolation, createStats, LISTED_FAILURES, throughput, topEntries } from '../../tools/replay/summary.js';

const rows = [
  { event_type: 'user.session.start', _timestamp: 1, security_relevant: true, security_category: 'authentication', security_severity: 'info' },
  { event_type: 'user.session.start', ingest_delayed: true, security_relevant: true, security_category: 'authentication', security_severity: 'low' },
  { event_type: 'user.mfa.factor.deactivate', ingest_delayed: true, schema_issues: 'x', security_relevant: true, security_category: 'mfa', security_severity: 'high' },
  { event_type: 'app.oauth2.token.grant', ingest_delayed: true, security_relevant: false },
];

describe('the replay summary', () => {
  it('counts rows by time handling, schema issues, security category and severity, and event type', () => {
    const s = createStats();
    addRows(s, rows, 1234);
    expect(s).toMatchObject({ rows: 4, bytesOut: 1234, withTimestamp: 1, ingestDelayed: 3, schemaIssues: 1, securityRelevant: 3 });
    expect(s.byCategory).toEqual({ authentication: 2, mfa: 1 });
    expect(s.bySeverity).toEqual({ info: 1, low: 1, high: 1 });
    expect(topEntries(s.eventTypes, 2)).toEqual([
      ['user.session.start', 2],
      ['app.oauth2.token.grant', 1],
    ]);
  });

  it('keeps failure reasons and the first failed records by file and line', () => {
    const s = createStats();
    for (let i = 1; i <= LISTED_FAILURES + 5; i++) addFailure(s, { origin: { file: 'a.ndjson', line: i }, reason: i % 2 ? 'not_okta_event' : 'no_time', line: 1 });
    expect(s.results.ProcessingFailed).toBe(LISTED_FAILURES + 5);
    expect(s.failureReasons).toEqual({ not_okta_event: 8, no_time: 7 });
    expect(s.failedRecords).toHaveLength(LISTED_FAILURES);
    addViolation(s, 'missing_record_id');
    expect(s).toMatchObject({ violationCount: 1, violations: { missing_record_id: 1 } });
  });

  it('measures throughput over handler time only, and none when nothing was timed', () => {
    const s = createStats();
    expect(throughput(s)).toBeUndefined();
    Object.assign(s, { recordsIn: 1000, bytesIn: 2 * 1024 * 1024, handlerMs: 500 });
    expect(throughput(s)).toEqual({ eventsPerSecond: 2000, mbPerSecond: 4 });
  });

  it('renders a readable table with results, reasons, security, event types, bytes and where rows went', () => {
    const s = createStats();
    s.files.push({ file: 'a.ndjson', format: 'ndjson', items: 5, issues: 1 });
    s.inputIssues.not_json = 1;
    s.inputIssueCount = 1;
    Object.assign(s, { recordsIn: 5, batches: 1, bytesIn: 5000, handlerMs: 10 });
    s.results.Ok = 4;
    addRows(s, rows, 2048);
    addFailure(s, { origin: { file: 'a.ndjson', line: 3 }, reason: 'not_okta_event', line: 1 });
    const text = renderSummary(s, { bundle: 'dist/okta-transform/index.mjs', bufferMb: 1, output: 'replay-output.ndjson', dryRun: false });
    expect(text).toContain('a.ndjson  ndjson      5         1');
    expect(text).toContain('not_json  1  is not valid JSON');
    expect(text).toMatch(/Ok {16}4\n {2}Dropped {11}0\n {2}ProcessingFailed {2}1/);
    expect(text).toContain('not_okta_event  1  a line has no string eventType');
    expect(text).toContain('a.ndjson:3  not_okta_event (line 1)');
    expect(text).toMatch(/authentication +2 +high +1/);
    expect(text).toContain('user.session.start          2');
    expect(text).toContain('Throughput  500 events/s');
    expect(text).toContain('Output      4 rows (2.0 KB) written to replay-output.ndjson');
    expect(renderSummary(s, { bundle: 'b', bufferMb: 1, output: undefined, dryRun: true })).toContain('Output      dry run: nothing written');
  });

  it('aligns tables: names left, numbers right', () => {
    expect(table([['a', '1'], ['long name', '100']])).toEqual(['  a            1', '  long name  100']);
  });
});

describe('progress', () => {
  const state = { bytes: 256 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024, records: 123_456, rows: 120_000 };

  it('draws a bar on a terminal, redrawn in place, cleared at the end', () => {
    let written = '';
    let t = 0;
    const tty = { isTTY: true, write: (s: string) => (written += s) };
    const p = createProgress(tty, 'replay', { now: () => t, intervalMs: 100 });
    t = 100;
    p.update(state);
    t = 150;
    p.update(state); // too soon: not redrawn
    p.done();
    expect(written).toBe(`\rreplay [########----------------------]  25% 256.0 MB/1.00 GB, 123,456 records\u001b[K\r\u001b[K`);
  });

  it('writes one plain line every interval when not on a terminal, and nothing on short runs', () => {
    let piped = '';
    let t = 0;
    const pipe = createProgress({ isTTY: false, write: (s: string) => (piped += s) }, 'replay', { now: () => t, lineIntervalMs: 10_000 });
    pipe.update(state);
    expect(piped).toBe('');
    t = 10_000;
    pipe.update(state);
    t = 15_000;
    pipe.update(state);
    pipe.done();
    expect(piped).toBe('replay: 256.0 MB of 1.00 GB (25%) read, 123,456 records, 120,000 rows\n');
    expect(renderLine('replay', { ...state, totalBytes: undefined })).toBe('replay: 256.0 MB read, 123,456 records, 120,000 rows');
  });

  it('renders the bar for a given count', () => {
    expect(renderBar('x', 1500, 1500)).toBe(`x [${'#'.repeat(30)}] 100% 1,500/1,500`);
  });
});
