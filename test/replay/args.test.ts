import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, HELP, parseReplayArgs } from '../../tools/replay/args.js';
import { UsageError } from '../../tools/replay/errors.js';
import { REPO_ROOT } from '../../tools/replay/handler.js';

const usage = (argv: string[]) => {
  try {
    parseReplayArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('replay flags', () => {
  it('defaults to the bundled samples, replay-output.ndjson, auto-detection and a 1 MB buffer', () => {
    const args = parseReplayArgs([]);
    expect(args).toMatchObject({ inputs: [], out: DEFAULT_OUT, inputFormat: undefined, bufferMb: 1, dryRun: false, help: false });
    expect(DEFAULT_OUT).toBe('replay-output.ndjson');
  });

  it('takes files, directories and - for stdin, and --out - for stdout', () => {
    const args = parseReplayArgs(['a.json', 'dir', '-', '--out', '-']);
    expect(args.inputs).toEqual(['a.json', 'dir', '-']);
    expect(args.out).toBe('-');
  });

  it('returns help without validating anything else', () => {
    expect(parseReplayArgs(['--help', '--buffer-size', '99']).help).toBe(true);
    expect(HELP).toMatch(/Exit status:[\s\S]*0 {2}every record Ok or Dropped[\s\S]*1 {2}bad usage[\s\S]*2 {2}some records ProcessingFailed[\s\S]*3 {2}some rows/);
  });

  it('accepts a buffer size from 0.2 to 3 MB, as the Firehose processor does, and rejects others', () => {
    expect(parseReplayArgs(['-b', '0.2']).bufferMb).toBe(0.2);
    expect(parseReplayArgs(['--buffer-size', '3']).bufferMb).toBe(3);
    for (const bad of ['0.19', '3.01', '0', 'big', '1e3']) {
      expect(usage(['--buffer-size', bad])).toMatch(/--buffer-size expects a number of MB from 0.2 to 3/);
    }
    expect(usage(['--buffer-size=-1'])).toMatch(/--buffer-size expects/);
  });

  it('forces an input format, or rejects an unknown one naming the choices', () => {
    expect(parseReplayArgs(['--input-format', 'firehose-errors']).inputFormat).toBe('firehose-errors');
    expect(parseReplayArgs(['-f', 'auto']).inputFormat).toBeUndefined();
    expect(usage(['-f', 'csv'])).toMatch(/--input-format expects auto or one of: json-array, ndjson, concatenated, firehose-event, firehose-errors/);
  });

  it('maps --max-event-age and --drop to the handler settings, validated', () => {
    const args = parseReplayArgs(['--max-event-age', '3600', '--drop', 'user.session.*']);
    expect(args.maxEventAgeSeconds).toBe(3600);
    expect(args.dropEventTypes).toBe('user.session.*');
    expect(usage(['--max-event-age', '10'])).toMatch(/from 60 to 2592000/);
    expect(usage(['--drop', ' '])).toMatch(/--drop expects event types/);
  });

  it('rejects unknown flags and missing values in one sentence', () => {
    expect(usage(['--bogus'])).toBe("unknown option '--bogus'");
    expect(usage(['--out'])).toMatch(/--out/);
  });

  it('needs --org and --stream with --openobserve, and an https (or loopback http) URL without credentials', () => {
    expect(usage(['--openobserve', 'http://localhost:5080', '--stream', 's'])).toMatch(/needs --org/);
    expect(usage(['--openobserve', 'http://localhost:5080', '--org', 'o'])).toMatch(/needs --stream/);
    expect(usage(['--openobserve', 'ftp://x', '--org', 'o', '--stream', 's'])).toMatch(/http:\/\/ or https:\/\//);
    expect(usage(['--openobserve', 'not a url', '--org', 'o', '--stream', 's'])).toMatch(/expects a URL/);
    expect(usage(['--openobserve', 'https://u:p@x', '--org', 'o', '--stream', 's'])).toMatch(/must not hold credentials/);
    expect(usage(['--openobserve', 'http://u:p@127.0.0.1:5080', '--org', 'o', '--stream', 's'])).toMatch(/must not hold credentials/);
    for (const clear of ['http://openobserve.example.com:5080', 'http://10.0.0.5:5080', 'http://127.0.0.1.nip.io']) {
      expect(usage(['--openobserve', clear, '--org', 'o', '--stream', 's'])).toBe(
        '--openobserve must be an https:// URL (http:// is allowed only for loopback addresses): the access key would travel in clear',
      );
    }
    for (const ok of ['https://api.openobserve.ai', 'http://localhost:5080', 'http://[::1]:5080']) {
      expect(parseReplayArgs(['--openobserve', ok, '--org', 'o', '--stream', 's']).openobserve?.url).toBe(ok);
    }
    expect(usage(['--org', 'o'])).toMatch(/--org is only used with --openobserve/);
    expect(usage(['--gzip'])).toMatch(/--gzip is only used with --openobserve/);
    const args = parseReplayArgs(['--openobserve', 'http://127.0.0.1:5080/', '--org', 'default', '--stream', 'okta', '--gzip']);
    expect(args.openobserve).toEqual({ url: 'http://127.0.0.1:5080', org: 'default', stream: 'okta', gzip: true });
  });

  it('warns when OpenObserve will rewrite the stream name', () => {
    const args = parseReplayArgs(['--openobserve', 'https://x', '--org', 'o', '--stream', 'Okta-System.Log']);
    expect(args.warnings).toEqual(["OpenObserve stores stream 'Okta-System.Log' as 'okta_system_log' (it keeps only a-z, 0-9 and _)"]);
  });

  it('checks the --firehose stream name and allows stdin only once', () => {
    expect(parseReplayArgs(['--firehose', 'okta-relay_1.test']).firehose).toBe('okta-relay_1.test');
    expect(usage(['--firehose', 'bad name'])).toMatch(/delivery stream name/);
    expect(usage(['-', '-'])).toMatch(/only once/);
  });

  it('reads --force and --direct-put', () => {
    expect(parseReplayArgs(['x.ndjson'])).toMatchObject({ force: false, directPut: false, okta: undefined });
    expect(parseReplayArgs(['--force', '--direct-put', 'x.ndjson'])).toMatchObject({ force: true, directPut: true });
  });

  it('reads a backfill window: the org origin, times normalised to UTC, filter and checkpoint', () => {
    const args = parseReplayArgs([
      '--okta-org', 'https://example.okta.com/', '--since', '2026-01-01T01:00:00+01:00', '--until', '2026-01-02T00:00Z',
      '--filter', 'eventType eq "user.session.start"', '--checkpoint', 'gap.json',
    ]);
    expect(args.okta).toEqual({
      org: 'https://example.okta.com',
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-01-02T00:00:00.000Z',
      filter: 'eventType eq "user.session.start"',
      checkpoint: 'gap.json',
    });
    expect(parseReplayArgs(['--okta-org', 'http://127.0.0.1:8080', '--since', '2026-01-01T00:00:00Z']).okta?.org).toBe('http://127.0.0.1:8080');
    expect(parseReplayArgs(['--okta-org', 'http://[::1]:8080', '--since', '2026-01-01T00:00:00Z']).okta?.org).toBe('http://[::1]:8080');
  });

  it('refuses a backfill that cannot be right', () => {
    const base = ['--okta-org', 'https://example.okta.com', '--since', '2026-01-02T00:00:00Z'];
    expect(usage([...base, '--until', '2026-01-01T00:00:00Z'])).toMatch(/--until must be later than --since/);
    expect(usage([...base, '--since', '2026-01-02'])).toMatch(/--since expects an ISO 8601 time with a zone/);
    expect(usage([...base, 'export.json'])).toMatch(/give no FILE operands/);
    expect(usage([...base, '--checkpoint', 'c.json', '--dry-run'])).toMatch(/cannot be used with --dry-run/);
    expect(usage(['--okta-org', 'https://user:pw@example.okta.com', '--since', '2026-01-01T00:00:00Z'])).toMatch(/only the org origin/);
    expect(usage(['--okta-org', 'http://10.0.0.1', '--since', '2026-01-01T00:00:00Z'])).toMatch(/only for loopback/);
    expect(usage(['--checkpoint', 'c.json'])).toMatch(/--checkpoint is only used with --okta-org/);
  });

  it('lists in --help the exit statuses of the README table, word for word', () => {
    const whole = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const readme = whole.slice(whole.indexOf('### Delivering'), whole.indexOf("## Backfill from Okta's API"));
    const rows = [...readme.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]}`.replaceAll('`', ''));
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2', '3']);
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const help = flat(HELP.slice(HELP.indexOf('Exit status:')));
    for (const row of rows) expect(help).toContain(flat(row));
  });
});
