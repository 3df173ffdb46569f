/**
 * The replay as a user meets it: nothing overwritten by surprise, the same
 * rows on every run, --direct-put as a Direct PUT source, one bad line never
 * the whole run, and progress on long work.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/replay/cli.js';
import { loadHandler } from '../../tools/replay/handler.js';
import { b64, captureIo, fixtureEvents, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const events = fixtureEvents();
const ndjson = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';

/** Every file under `dir` with its bytes and mtime: what "touching no file" is checked against. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[p] = `${st.mtimeMs}:${readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

describe('nothing overwritten by surprise', () => {
  const fresh = (name: string) => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'export.ndjson'), ndjson(events.slice(0, 3)));
    return dir;
  };

  it.each([
    ['an existing file named by --out, the input forgotten', ['--out', 'export.ndjson'], /^replay: export\.ndjson already exists: add --force to replace it, or choose another --out\n/],
    ['the output is the input', ['--out', 'export.ndjson', 'export.ndjson'], /^replay: --out export\.ndjson is also an input: the replay would overwrite what it reads/],
    ['the output is the input, even with --force', ['--force', '--out', './sub/../export.ndjson', 'export.ndjson'], /is also an input/],
    ['the output is a file inside an input directory', ['--force', '--out', 'export.ndjson', '.'], /is also an input/],
    ['the output is a directory', ['--out', '.', 'export.ndjson'], /^replay: --out \. is a directory: name a file/],
  ])('refuses %s, with a clear message and exit 1, touching no file', async (name, argv, message) => {
    const d = fresh(name.replace(/\W+/g, '-'));
    mkdirSync(join(d, 'sub'), { recursive: true });
    const before = snapshot(d);
    const io = captureIo({ cwd: d });
    expect(await main(argv, io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
    expect(snapshot(d)).toEqual(before);
  });

  it('replaces an existing file with --force, and the default output file freely', async () => {
    const d = fresh('force');
    writeFileSync(join(d, 'rows.ndjson'), 'old\n');
    writeFileSync(join(d, 'replay-output.ndjson'), 'old\n');
    expect(await main(['--force', '--out', 'rows.ndjson', 'export.ndjson'], captureIo({ cwd: d }))).toBe(0);
    expect(readFileSync(join(d, 'rows.ndjson'), 'utf8').split('\n')).toHaveLength(4);
    expect(await main(['export.ndjson'], captureIo({ cwd: d }))).toBe(0);
    expect(readFileSync(join(d, 'replay-output.ndjson'), 'utf8').split('\n')).toHaveLength(4);
  });

  it.each([
    ['the default output, on a mistyped input', ['typo.json'], 'replay-output.ndjson'],
    ['a --force output, on a mistyped input', ['--force', '--out', 'rows.ndjson', 'typo.json'], 'rows.ndjson'],
    ['a --force output, next to a good input', ['--force', '--out', 'rows.ndjson', 'export.ndjson', 'typo.json'], 'rows.ndjson'],
  ])('keeps %s: a named input that does not exist is refused before anything is opened', async (_name, argv, kept) => {
    const d = fresh(`typo-${kept}-${argv.length}`);
    writeFileSync(join(d, kept), 'previous rows\n');
    const before = snapshot(d);
    const io = captureIo({ cwd: d });
    expect(await main(argv, io)).toBe(1);
    expect(io.err()).toBe("replay: typo.json: no such file or directory\nTry 'npm start -- --help'.\n");
    expect(snapshot(d)).toEqual(before);
  });

  it('replaces the output only when the run completes: a run with nothing to replay leaves it as it was, and no temporary file', async () => {
    const d = fresh('nothing-to-replay');
    writeFileSync(join(d, 'rows.ndjson'), 'previous rows\n');
    writeFileSync(join(d, 'table.csv'), 'id,eventType\n1,user.session.start\n');
    const before = snapshot(d);
    const io = captureIo({ cwd: d });
    expect(await main(['--force', '--out', 'rows.ndjson', 'table.csv'], io)).toBe(1);
    expect(io.err()).toContain('replay: nothing to replay: no readable events in the input\n');
    expect(snapshot(d)).toEqual(before);

    expect(await main(['--force', '--out', 'rows.ndjson', 'export.ndjson'], captureIo({ cwd: d }))).toBe(0);
    expect(readFileSync(join(d, 'rows.ndjson'), 'utf8').split('\n')).toHaveLength(4);
    expect(readdirSync(d).sort()).toEqual(['export.ndjson', 'rows.ndjson', 'table.csv']);
  });

  it('never reads the default output back as input when replaying a directory from inside it', async () => {
    const d = fresh('dir-replay');
    const io = captureIo({ cwd: d });
    expect(await main(['.'], io)).toBe(0);
    expect(io.out()).toMatch(/Records in {2}3 /);
    const again = captureIo({ cwd: d });
    expect(await main(['.'], again)).toBe(0);
    expect(again.out()).toMatch(/Records in {2}3 /);
    expect(again.out()).not.toContain('replay-output.ndjson  ');
  });
});

describe('deterministic and faithful', () => {
  it('gives byte-identical rows on two runs of the same input', async () => {
    const input = tmp.write('det.ndjson', ndjson(events));
    expect(await main([input, '--out', 'det-1.ndjson'], captureIo({ cwd: tmp.dir }))).toBe(0);
    expect(await main([input, '--out', 'det-2.ndjson'], captureIo({ cwd: tmp.dir }))).toBe(0);
    const one = readFileSync(join(tmp.dir, 'det-1.ndjson'));
    expect(one.length).toBeGreaterThan(0);
    expect(one.equals(readFileSync(join(tmp.dir, 'det-2.ndjson')))).toBe(true);
    const row = JSON.parse(one.toString().split('\n')[0]!) as Record<string, unknown>;
    expect(row.eb_time).toBe(new Date(Date.parse(events[0]!.published as string)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('--direct-put sends bare events unwrapped: the rows are what the handler gives bare records', async () => {
    const input = tmp.write('bare.ndjson', ndjson(events.slice(0, 20)));
    const io = captureIo({ cwd: tmp.dir });
    await main([input, '--direct-put', '--out', 'direct.ndjson'], io);
    expect(io.out()).toContain('bare events unwrapped (--direct-put)');
    const handler = await loadHandler({}, { env: {} });
    try {
      const inv = await handler.invoke({
        invocationId: 'x',
        region: 'us-east-1',
        records: events.slice(0, 20).map((e, i) => ({ recordId: String(i), approximateArrivalTimestamp: 0, data: b64(JSON.stringify(e)) })),
      });
      const expected = (inv.response as { records: { result: string; data: string }[] }).records
        .filter((r) => r.result === 'Ok')
        .map((r) => Buffer.from(r.data, 'base64').toString('utf8'))
        .join('');
      expect(readFileSync(join(tmp.dir, 'direct.ndjson'), 'utf8')).toBe(expected);
      expect(expected).not.toContain('"eb_id"');
    } finally {
      await handler.close();
    }
  });
});

describe('one bad line never the whole run (issue 10, item 8)', () => {
  it('replays the rest when one NDJSON line is nested 50,000 deep; the handler answers it ProcessingFailed', async () => {
    const deep = `{"eventType":"user.session.start","uuid":"deep","published":"2024-01-01T00:00:00Z","debugContext":{"debugData":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    const lines = [JSON.stringify(events[0]), deep, JSON.stringify(events[1])];
    tmp.write('deep.ndjson', `${lines.join('\n')}\n`);
    const io = captureIo({ cwd: tmp.dir });
    expect(await main(['deep.ndjson', '--out', 'deep-out.ndjson'], io)).toBe(2);
    expect(io.out()).toMatch(/Ok {2,}2\n {2}Dropped {2,}0\n {2}ProcessingFailed {2,}1\n/);
    expect(io.out()).toContain('deep.ndjson:2  too_deeply_nested');
    expect(readFileSync(join(tmp.dir, 'deep-out.ndjson'), 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(2);
  });

  it('reports each bad line as file:line: reason and replays the others', async () => {
    const lines = [JSON.stringify(events[0]), '{"a":', '[1,2]', `{"eventType":"x","s":"${'y'.repeat(10)}`, JSON.stringify(events[1])];
    tmp.write('several.ndjson', `${lines.join('\n')}\n`);
    const io = captureIo({ cwd: tmp.dir });
    expect(await main(['several.ndjson', '--dry-run'], io)).toBe(1);
    expect(io.err()).toBe(
      'replay: several.ndjson:2: not_json: is not valid JSON\n' +
        'replay: several.ndjson:3: not_an_object: is JSON but not an object\n' +
        'replay: several.ndjson:4: not_json: is not valid JSON\n',
    );
    expect(io.out()).toMatch(/Ok {2,}2\n/);
  });
});

describe('progress on long work', () => {
  it('writes periodic one-line progress to stderr when it is not a terminal, never on stdout', async () => {
    const input = tmp.write('progress.ndjson', ndjson(Array.from({ length: 5 }, () => events).flat()));
    let t = 0;
    const io = captureIo({ cwd: tmp.dir, now: () => (t += 1_000), progressIntervalMs: 1 });
    expect(await main([input, '--buffer-size', '0.2', '--out', '-'], io)).toBe(0);
    const progress = io.err().split('\n').filter((l) => l.startsWith('replay: ') && l.includes(' read, '));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^replay: [\d.]+ MB of [\d.]+ MB \(\d+%\) read, [\d,]+ records, [\d,]+ rows$/);
    expect(io.out()).not.toContain(' read, ');
    expect(existsSync(join(tmp.dir, '-'))).toBe(false);
  });

  it('draws a bar on a terminal (bytes of the total, records), and clears it before the summary', async () => {
    const input = tmp.write('bar.ndjson', ndjson(Array.from({ length: 3 }, () => events).flat()));
    let t = 0;
    let err = '';
    const io = captureIo({ cwd: tmp.dir, now: () => (t += 1_000), stderr: { isTTY: true, write: (s: string) => (err += s) } });
    expect(await main([input, '--buffer-size', '0.2', '--out', 'bar-out.ndjson'], io)).toBe(0);
    expect(err).toMatch(/^\rreplay \[[#-]{30}\] +\d+% [\d.]+ MB\/[\d.]+ MB, [\d,]+ records\u001b\[K/);
    expect(err.endsWith('\r\u001b[K')).toBe(true);
  });
});
