/**
 * Backfill that survives interruption: --checkpoint resumes without duplicates or
 * gaps, a page a destination refused is sent again, a checkpoint of another
 * backfill or a hand-edited one is refused, touching nothing.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { main } from '../../tools/replay/cli.js';
import { captureIo } from './helpers.js';
import { clock, closeOktaAfterEach, inWindow, okta, run, SINCE, tmp, TOKEN, UNTIL, uuids } from './okta-harness.js';
import { OO_EMAIL, OO_PASSCODE, startFakeOpenObserve } from './openobserve-server.js';

closeOktaAfterEach();

describe('backfill with a checkpoint', () => {
  it('resumes from --checkpoint after an interruption, without duplicates or gaps, continuing its own output', async () => {
    const c = clock();
    const s = await okta(c);
    const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'resumed.ndjson', '--checkpoint', 'backfill.checkpoint.json'];
    // Pages 1 and 2 succeed, then Okta keeps failing: the run stops with the checkpoint after page 2.
    s.downAfterPages = 2;
    const r1 = await run(argv, c);
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('replay: backfill stopped: GET /api/v1/logs: HTTP 500 E0000009: Internal Server Error');
    expect(r1.err).toContain('run the same command again to resume from the checkpoint');
    const cp = JSON.parse(readFileSync(join(tmp.dir, 'backfill.checkpoint.json'), 'utf8')) as { next: string; pages: number; events: number };
    const done = uuids(join(tmp.dir, 'resumed.ndjson'));
    expect(cp).toMatchObject({ pages: 2, events: 10 });
    expect(done).toEqual(inWindow.slice(0, cp.events));
    expect(cp.next).toContain('after=');

    // Rows written after the checkpoint (a crash between writing and checkpointing) are cut off on resume.
    appendFileSync(join(tmp.dir, 'resumed.ndjson'), '{\t"uuid":"half-written"}\n');
    s.downAfterPages = undefined;
    const r2 = await run(argv, c);
    expect(r2.code).toBe(0);
    expect(uuids(join(tmp.dir, 'resumed.ndjson'))).toEqual(inWindow);
    expect(r2.out).toContain(`after ${cp.pages} page(s) and ${cp.events} event(s) done before (checkpoint)`);

    // The checkpoint continues its own output only.
    const elsewhere = await run([...argv.slice(0, -4), '--out', 'other.ndjson', '--checkpoint', 'backfill.checkpoint.json'], c);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toMatch(/^replay: the checkpoint's output is resumed\.ndjson: resume with --out resumed\.ndjson\n/);
    expect(existsSync(join(tmp.dir, 'other.ndjson'))).toBe(false);

    // Once complete, running it again fetches nothing and changes nothing.
    const before = readFileSync(join(tmp.dir, 'resumed.ndjson'));
    const requests = s.requests.length;
    const r3 = await run(argv, c);
    expect(r3.code).toBe(0);
    expect(s.requests.length).toBe(requests);
    expect(readFileSync(join(tmp.dir, 'resumed.ndjson')).equals(before)).toBe(true);
  });

  it('stops at a page OpenObserve did not accept, keeping the checkpoint before it, so a rerun sends it again', async () => {
    const c = clock();
    const s = await okta(c);
    const oo = await startFakeOpenObserve();
    try {
      const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'undelivered.ndjson', '--checkpoint', 'undelivered.checkpoint.json'];
      const deliver = ['--openobserve', oo.url, '--org', 'default', '--stream', 'okta'];
      // Wrong passcode: OpenObserve answers 401 to the first page; the backfill stops there.
      const r1 = await run([...argv, ...deliver], c, { OKTA_API_TOKEN: TOKEN, OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: 'wrong' });
      expect(r1.code).toBe(3);
      expect(r1.err).toBe(
        'replay: backfill stopped: 5 row(s) or record(s) of page 1 were not delivered\n' +
          'replay: run the same command again to resume from the checkpoint\n',
      );
      expect(s.requests).toHaveLength(1);
      const cp = JSON.parse(readFileSync(join(tmp.dir, 'undelivered.checkpoint.json'), 'utf8')) as { next: string | null; pages: number; events: number };
      expect(cp).toMatchObject({ pages: 0, events: 0, next: `${s.url}/api/v1/logs?since=${encodeURIComponent(SINCE)}&until=${encodeURIComponent(UNTIL)}&limit=1000&sortOrder=ASCENDING` });
      expect(oo.stored).toEqual([]);

      // Right passcode: the rerun sends page 1 again and the rest, each event once to the file and to OpenObserve.
      const r2 = await run([...argv, ...deliver], c, { OKTA_API_TOKEN: TOKEN, OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: OO_PASSCODE });
      expect(r2.err).toBe('');
      expect(r2.code).toBe(0);
      expect(oo.stored.map((row) => row.uuid)).toEqual(inWindow);
      expect(uuids(join(tmp.dir, 'undelivered.ndjson'))).toEqual(inWindow);
    } finally {
      await oo.close();
    }
  });

  it('stops at a page Firehose did not take either, and a rerun puts it again', async () => {
    const c = clock();
    const s = await okta(c);
    const firehose = mockClient(FirehoseClient);
    try {
      const put: string[] = [];
      firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 5, RequestResponses: Array(5).fill({ ErrorCode: 'ServiceUnavailableException' }) });
      const argv = ['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'fh.ndjson', '--checkpoint', 'fh.checkpoint.json', '--firehose', 'okta-relay'];
      const runFh = () => {
        const io = captureIo({ cwd: tmp.dir, env: { OKTA_API_TOKEN: TOKEN }, sleep: c.sleep, now: c.now, progressIntervalMs: 0, firehoseClient: new FirehoseClient({}) });
        return main(argv, io).then((code) => ({ code, err: io.err() }));
      };
      const r1 = await runFh();
      expect(r1.code).toBe(3);
      expect(r1.err).toMatch(/^replay: backfill stopped: 5 row\(s\) or record\(s\) of page 1 were not delivered\n/);
      expect(JSON.parse(readFileSync(join(tmp.dir, 'fh.checkpoint.json'), 'utf8'))).toMatchObject({ pages: 0, events: 0 });

      firehose.reset();
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
        put.push(...input.Records.map((r) => (JSON.parse(Buffer.from(r.Data).toString()) as { detail: { uuid: string } }).detail.uuid));
        return { FailedPutCount: 0, RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })) };
      });
      const r2 = await runFh();
      expect(r2).toEqual({ code: 0, err: '' });
      expect(put).toEqual(inWindow);
      expect(uuids(join(tmp.dir, 'fh.ndjson'))).toEqual(inWindow);
    } finally {
      firehose.restore();
    }
  });

  it('ends the window 5 minutes before the backfill starts when --until is not given, and keeps that end in the checkpoint', async () => {
    const c = clock(Date.parse('2026-01-01T01:05:00Z'));
    const s = await okta(c);
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'default-until.ndjson', '--checkpoint', 'default-until.checkpoint.json'], c);
    expect(r.code).toBe(0);
    expect(s.requests[0]?.query).toEqual({ since: SINCE, until: '2026-01-01T01:00:00.000Z', limit: '1000', sortOrder: 'ASCENDING' });
    expect(r.out).toContain(`Backfill    ${s.url} /api/v1/logs, ${SINCE} to 2026-01-01T01:00:00.000Z`);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'default-until.checkpoint.json'), 'utf8'))).toMatchObject({ until: '2026-01-01T01:00:00.000Z', next: null });

    const late = clock(Date.parse('2026-01-01T00:04:00Z'));
    const tooSoon = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'too-soon.ndjson'], late);
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.err).toMatch(/^replay: --since must be earlier than the end of the window, 2025-12-31T23:59:00\.000Z \(without --until: 5 minutes ago\)\n/);
    expect(existsSync(join(tmp.dir, 'too-soon.ndjson'))).toBe(false);
  });

  it.each([
    ['not a URL', 'after=abc'],
    ['another origin', 'https://evil.example.com/api/v1/logs?after=abc'],
  ])('refuses a hand-edited checkpoint whose next page is %s, with one clear sentence, touching nothing', async (_name, next) => {
    const c = clock();
    const s = await okta(c);
    const cp = { version: 1, org: s.url, since: SINCE, until: UNTIL, filter: null, next, pages: 1, events: 5, output: null, updated: SINCE };
    writeFileSync(join(tmp.dir, 'edited.checkpoint.json'), JSON.stringify(cp));
    const r = await run(['--okta-org', s.url, '--since', SINCE, '--until', UNTIL, '--out', 'edited.ndjson', '--checkpoint', 'edited.checkpoint.json'], c);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `replay: --checkpoint edited.checkpoint.json is damaged: its "next" is not a ${s.url}/api/v1/logs URL; restore it, or start again with a new file\n` +
        "Try 'npm start -- --help'.\n",
    );
    expect(s.requests).toHaveLength(0);
    expect(existsSync(join(tmp.dir, 'edited.ndjson'))).toBe(false);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'edited.checkpoint.json'), 'utf8'))).toEqual(cp);
  });

  it('refuses a checkpoint of another backfill, and an output that is not the checkpoint’s, touching nothing', async () => {
    const c = clock();
    const s = await okta(c);
    writeFileSync(join(tmp.dir, 'other.checkpoint.json'), JSON.stringify({ version: 1, org: s.url, since: SINCE, until: UNTIL, filter: null, next: null, pages: 1, events: 1, output: null, updated: SINCE }));
    const r = await run(['--okta-org', s.url, '--since', '2026-01-01T00:30:00Z', '--out', 'x.ndjson', '--checkpoint', 'other.checkpoint.json'], c);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^replay: --checkpoint other\.checkpoint\.json belongs to another backfill \(--since differ\)/);
    expect(existsSync(join(tmp.dir, 'x.ndjson'))).toBe(false);
    writeFileSync(join(tmp.dir, 'notes.txt'), 'mine');
    const r2 = await run(['--okta-org', s.url, '--since', SINCE, '--out', 'x.ndjson', '--checkpoint', 'notes.txt'], c);
    expect(r2.err).toMatch(/^replay: --checkpoint notes\.txt is not a backfill checkpoint/);
    expect(readFileSync(join(tmp.dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(s.requests).toHaveLength(0);
  });
});
