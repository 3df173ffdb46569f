import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invocationDir, main } from '../../tools/replay/cli.js';
import { REPO_ROOT } from '../../tools/replay/handler.js';
import { defaultInputs } from '../../tools/replay/sources.js';
import { b64, captureIo, fixtureEnvelope, fixtureEvents, tempDir } from './helpers.js';
import { OO_EMAIL, OO_PASSCODE, startFakeOpenObserve, type FakeOpenObserve } from './openobserve-server.js';

const tmp = tempDir();
let oo: FakeOpenObserve;
beforeAll(async () => {
  oo = await startFakeOpenObserve();
});
afterAll(async () => {
  tmp.cleanup();
  await oo.close();
});

const events = fixtureEvents();
const ndjson = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
const sampleCount = defaultInputs().reduce(
  (n, path) => n + (path.endsWith('.json') ? 1 : readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').length),
  0,
);
const outLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
const ooEnv = { OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: OO_PASSCODE };

describe('npm start (main)', () => {
  it('replays the bundled samples by default, writes NDJSON rows, prints the summary and exits 0', async () => {
    const io = captureIo({ cwd: tmp.dir });
    const code = await main([], io);
    expect(code).toBe(0);
    const summary = io.out();
    expect(summary).toMatch(/^No input named: replayed the bundled public samples in \S+test\/fixtures\/okta\n/);
    expect(summary).toContain('test/fixtures/okta/okta-sdk-java.ndjson');
    expect(summary).toContain('envelopes/aws-samples-serverless-patterns.eventbridge-event.json');
    expect(summary).not.toContain('nonconforming');
    expect(summary).toMatch(new RegExp(`Records in {2}${sampleCount} `));
    expect(summary).toMatch(new RegExp(`Ok {2,}${sampleCount}\\n`));
    expect(summary).toMatch(/ProcessingFailed {2,}0\n/);
    expect(summary).toMatch(/Security-relevant {2}\d+/);
    expect(summary).toContain('Top event types');
    expect(summary).toMatch(/Throughput {2}[\d,]+ events\/s, [\d.]+ MB\/s/);
    expect(summary).toContain('written to replay-output.ndjson');
    const rows = outLines(join(tmp.dir, 'replay-output.ndjson'));
    expect(rows).toHaveLength(sampleCount);
    for (const line of rows) expect(line.startsWith('{\t')).toBe(true);
    // Old samples: most rows are ingest_delayed instead of carrying _timestamp (expected).
    expect(rows.filter((l) => (JSON.parse(l) as Record<string, unknown>).ingest_delayed === true).length).toBeGreaterThan(sampleCount / 2);
    expect(io.err()).toBe('');
  });

  it('writes rows to stdout with --out - and moves the summary to stderr', async () => {
    const input = tmp.write('few.ndjson', ndjson(events.slice(0, 3)));
    const io = captureIo({ cwd: tmp.dir });
    expect(await main([input, '--out', '-'], io)).toBe(0);
    const rows = io.out().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.uuid)).toEqual(events.slice(0, 3).map((e) => e.uuid));
    expect(io.err()).toContain('written to stdout');
  });

  it.each([
    ['with', ooEnv],
    ['even without', {}],
  ])('validates and summarises without writing or sending on --dry-run, %s OpenObserve credentials', async (_name, env) => {
    const input = tmp.write('dry.ndjson', ndjson(events.slice(0, 2)));
    const io = captureIo({ cwd: tmp.dir, env });
    const code = await main([input, '--dry-run', '--out', 'never.ndjson', '--openobserve', oo.url, '--org', 'o', '--stream', 's'], io);
    expect(code).toBe(0);
    expect(existsSync(join(tmp.dir, 'never.ndjson'))).toBe(false);
    expect(io.out()).toContain('Output      dry run: nothing written');
    expect(io.out()).toContain(`OpenObserve  dry run: would deliver 2 record(s) to ${oo.url}/aws/o/s/_kinesis_firehose`);
    expect(oo.requests).toHaveLength(0);
    expect(io.err()).toBe('');
  });

  it('processes the good lines around a malformed one, names file:line, and exits 1', async () => {
    const lines = events.slice(0, 4).map((e) => JSON.stringify(e));
    lines.splice(1, 0, '{"eventType":"user.session.start",');
    tmp.write('bad.ndjson', lines.join('\n'));
    const io = captureIo({ cwd: tmp.dir });
    const code = await main(['bad.ndjson', '--out', 'bad-out.ndjson'], io);
    expect(code).toBe(1);
    expect(io.err()).toBe('replay: bad.ndjson:2: not_json: is not valid JSON\n');
    expect(io.out()).toMatch(/Ok {2,}4\n/);
    expect(outLines(join(tmp.dir, 'bad-out.ndjson'))).toHaveLength(4);
  });

  it('exits 2 when records are ProcessingFailed, with the reason and where the record came from', async () => {
    tmp.write('mixed.ndjson', ndjson([events[0], { hello: 'not an okta event' }, events[1]]));
    const io = captureIo({ cwd: tmp.dir });
    const code = await main(['mixed.ndjson', '--out', 'mixed-out.ndjson'], io);
    expect(code).toBe(2);
    expect(io.out()).toMatch(/Ok {2,}2\n {2}Dropped {2,}0\n {2}ProcessingFailed {2,}1\n/);
    expect(io.out()).toContain('not_okta_event  1  a line has no string eventType');
    expect(io.out()).toContain('mixed.ndjson:2  not_okta_event (line 1)');
    expect(io.out()).not.toContain('not an okta event'); // never event content
  });

  it('counts Dropped records as success (--drop maps to DROP_EVENT_TYPES)', async () => {
    tmp.write('drop.ndjson', ndjson(events.slice(0, 5)));
    const io = captureIo({ cwd: tmp.dir });
    expect(await main(['drop.ndjson', '--drop', 'user.*,app.*,system.*,group.*,policy.*', '--dry-run'], io)).toBe(0);
    expect(io.out()).toMatch(/Dropped {2,}[1-5]\n/);
  });

  it('re-drives Firehose error output: processing-failed through the handler, http-endpoint-failed as it is', async () => {
    const failed = { attemptsMade: 4, arrivalTimestamp: 1, errorCode: 'Lambda.FunctionError', errorMessage: 'x', attemptEndingTimestamp: 2, rawData: b64(JSON.stringify(fixtureEnvelope())), lambdaArn: 'arn' };
    const row = '{\t"event_type":"user.session.start","uuid":"abc"}\n';
    const httpFailed = { ...failed, errorCode: 'HttpEndpoint.DestinationException', rawData: b64(row) };
    tmp.write('processing-failed-object', ndjson([failed]));
    tmp.write('http-endpoint-failed-object', JSON.stringify(httpFailed) + JSON.stringify(httpFailed));
    const io = captureIo({ cwd: tmp.dir });
    const code = await main(['processing-failed-object', 'http-endpoint-failed-object', '--out', 'redrive.ndjson'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('(plus 2 http-endpoint-failed record(s) already transformed, passed through)');
    const out = outLines(join(tmp.dir, 'redrive.ndjson'));
    expect(out).toHaveLength(3);
    expect(out.slice(1)).toEqual([row.trimEnd(), row.trimEnd()]);
  });

  it('replays a Firehose test event read from stdin', async () => {
    const event = { invocationId: 'i', records: events.slice(0, 3).map((e, i) => ({ recordId: String(i), data: b64(JSON.stringify(e)) })) };
    async function* stdin() {
      yield Buffer.from(JSON.stringify(event));
    }
    const io = captureIo({ cwd: tmp.dir, stdin: stdin() });
    expect(await main(['-', '--dry-run'], io)).toBe(0);
    expect(io.out()).toMatch(/<stdin>\s+firehose-event\s+3\s+0/);
  });

  it('exits 1 with one clear message on a wrong flag, an unknown format, a missing file or missing credentials', async () => {
    let io = captureIo({ cwd: tmp.dir });
    expect(await main(['--buffer-size', '5'], io)).toBe(1);
    expect(io.err()).toBe("replay: --buffer-size expects a number of MB from 0.2 to 3\nTry 'npm start -- --help'.\n");

    tmp.write('table.csv', 'id,eventType\n1,user.session.start\n');
    io = captureIo({ cwd: tmp.dir });
    expect(await main(['table.csv'], io)).toBe(1);
    expect(io.err()).toBe(
      'replay: table.csv: unknown_format: is not a recognised format (expected a JSON array, NDJSON, JSON objects, a Firehose test event or Firehose error records)\n' +
        'replay: nothing to replay: no readable events in the input\n',
    );
    io = captureIo({ cwd: tmp.dir });
    expect(await main(['table.csv', 'missing.json', 'gone/'], io)).toBe(1);
    expect(io.err()).toBe("replay: missing.json, gone/: no such file or directory\nTry 'npm start -- --help'.\n");

    io = captureIo({ cwd: tmp.dir, env: {} });
    expect(await main(['--openobserve', oo.url, '--org', 'o', '--stream', 's'], io)).toBe(1);
    expect(io.err()).toMatch(/^replay: --openobserve needs OPENOBSERVE_EMAIL and OPENOBSERVE_PASSCODE/);

    io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: npm start -- \[options\]/);
  });

  it('delivers the Ok rows to OpenObserve and exits 0; exits 3 when they are not accepted', async () => {
    tmp.write('deliver.ndjson', ndjson(events.slice(0, 7)));
    oo.stored.length = 0;
    let io = captureIo({ cwd: tmp.dir, env: ooEnv });
    const args = ['deliver.ndjson', '--dry-run', '--openobserve', oo.url, '--org', 'default', '--stream', 'okta_test'];
    expect(await main(args.filter((a) => a !== '--dry-run').concat(['--out', 'd.ndjson', '--gzip']), io)).toBe(0);
    expect(oo.stored.map((r) => r.uuid)).toEqual(events.slice(0, 7).map((e) => e.uuid));
    expect(io.out()).toContain('7 record(s) accepted, 0 not delivered, in 1 request(s) (1 attempt(s))');

    io = captureIo({ cwd: tmp.dir, env: { OPENOBSERVE_EMAIL: OO_EMAIL, OPENOBSERVE_PASSCODE: 'wrong' } });
    expect(await main(['deliver.ndjson', '--out', 'd.ndjson', '--force', '--openobserve', oo.url, '--org', 'default', '--stream', 'okta_test'], io)).toBe(3);
    expect(io.out()).toContain('not delivered: 7 record(s), rejected HTTP 401 after 1 attempt(s): Unauthorized Access');
    expect(io.out() + io.err()).not.toContain('wrong'); // the passcode is never printed
  });

  it('puts the raw events into a Firehose stream as EventBridge envelopes; exits 3 when some are not put', async () => {
    const firehose = mockClient(FirehoseClient);
    try {
      const sent: Buffer[] = [];
      firehose.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
        sent.push(...input.Records.map((r) => Buffer.from(r.Data)));
        return { FailedPutCount: 0, RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })) };
      });
      tmp.write('put.ndjson', ndjson(events.slice(0, 4)));
      let io = captureIo({ cwd: tmp.dir, firehoseClient: new FirehoseClient({}) });
      expect(await main(['put.ndjson', '--out', 'p.ndjson', '--firehose', 'okta-relay'], io)).toBe(0);
      expect(sent.map((b) => JSON.parse(b.toString()) as Record<string, unknown>).map((e) => [e['detail-type'], (e.detail as Record<string, unknown>).uuid])).toEqual(
        events.slice(0, 4).map((e) => ['SystemLog', e.uuid]),
      );
      expect(io.out()).toContain('Firehose     okta-relay: 4 record(s) put, 0 not put, in 1 PutRecordBatch call(s)');

      firehose.reset();
      firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 4, RequestResponses: Array(4).fill({ ErrorCode: 'ServiceUnavailableException' }) });
      io = captureIo({ cwd: tmp.dir, firehoseClient: new FirehoseClient({}) });
      expect(await main(['put.ndjson', '--out', 'p.ndjson', '--force', '--firehose', 'okta-relay'], io)).toBe(3);
      expect(io.out()).toContain('Firehose     okta-relay: 0 record(s) put, 4 not put, in 8 PutRecordBatch call(s)');
      expect(io.out()).toContain('failed attempts: 32 × ServiceUnavailableException');
    } finally {
      firehose.restore();
    }
  });
});

describe('relative paths', () => {
  it('are the user’s: from npm’s INIT_CWD under npm start, else from the process’s directory', () => {
    expect(invocationDir({ npm_lifecycle_event: 'start', INIT_CWD: '/home/me/exports' }, REPO_ROOT)).toBe('/home/me/exports');
    expect(invocationDir({ npm_lifecycle_event: 'test', INIT_CWD: '/home/me/exports' }, REPO_ROOT)).toBe(REPO_ROOT);
    expect(invocationDir({ npm_lifecycle_event: 'start' }, REPO_ROOT)).toBe(REPO_ROOT);
    expect(invocationDir({}, '/tmp/here')).toBe('/tmp/here');
  });
});

describe('npm start as a process (smoke)', () => {
  it('runs tools/replay/cli.ts with tsx on the samples, with no network and no AWS credentials', async () => {
    const out = join(tmp.dir, 'smoke.ndjson');
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const env = { PATH: process.env.PATH, HOME: tmp.dir, AWS_EC2_METADATA_DISABLED: 'true' };
    const { stdout, stderr } = await promisify(execFile)(tsx, ['tools/replay/cli.ts', '--out', out], { cwd: REPO_ROOT, env, timeout: 30_000 });
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`Records in {2}${sampleCount} [\\s\\S]*Ok {2,}${sampleCount}\\n`));
    expect(stdout).toContain(`written to ${out}`);
    expect(outLines(out)).toHaveLength(sampleCount);
  });
});
