/**
 * npm run bench:replay — peak memory of the streaming replay on large inputs.
 * Generates NDJSON inputs of the given sizes (default 100 MB and 1 GB; override
 * with BENCH_REPLAY_MB=100,1024) from the bundled sample events, each with its
 * own uuid and time, in a temporary directory that is removed afterwards; runs
 * the replay on each in a fresh process (bench/replay-child.ts) writing its rows
 * to a file beside it, and prints peak RSS (the process, worker thread included),
 * the main thread's live heap after a forced GC at the end (flat across sizes:
 * nothing accumulates), time and throughput as Markdown.
 */
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'okta');
const MIB = 1024 * 1024;
const sizes = (process.env.BENCH_REPLAY_MB ?? '100,1024').split(',').map(Number);

function sampleEvents(): Record<string, unknown>[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.ndjson'))
    .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Write about `mb` MiB of NDJSON: the samples over and over, each line a distinct event. */
async function generate(path: string, mb: number): Promise<{ bytes: number; lines: number }> {
  const events = sampleEvents();
  const out = createWriteStream(path);
  const start = Date.parse('2026-01-01T00:00:00Z');
  let bytes = 0;
  let lines = 0;
  while (bytes < mb * MIB) {
    const e = events[lines % events.length] as Record<string, unknown>;
    const line = `${JSON.stringify({ ...e, uuid: `bench-${lines}`, published: new Date(start + lines * 10).toISOString() })}\n`;
    bytes += Buffer.byteLength(line);
    lines += 1;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return { bytes, lines };
}

interface Result {
  readonly code: number;
  readonly seconds: number;
  readonly maxRssKiB: number;
  readonly heapAfterKiB: number;
}

function replay(input: string, output: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(join(ROOT, 'bench', 'replay-child.ts'), ['--out', output, input], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, LOG_LEVEL: 'SILENT' },
    });
    let result: Result | undefined;
    child.on('message', (m) => (result = m as Result));
    child.on('error', reject);
    child.on('exit', (code) => (result === undefined ? reject(new Error(`replay exited ${code} without a result`)) : resolve(result)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'replay-bench-'));
try {
  const rows: string[] = [];
  for (const mb of sizes) {
    const input = join(dir, `input-${mb}.ndjson`);
    const output = join(dir, `rows-${mb}.ndjson`);
    const { bytes, lines } = await generate(input, mb);
    process.stderr.write(`bench: replaying ${(bytes / MIB).toFixed(0)} MiB (${lines.toLocaleString('en-US')} events)…\n`);
    const r = await replay(input, output);
    const outBytes = statSync(output).size;
    rows.push(
      `| ${(bytes / MIB).toFixed(0)} MiB NDJSON, ${lines.toLocaleString('en-US')} events | ${(r.maxRssKiB / 1024).toFixed(0)} MB | ` +
        `${(r.heapAfterKiB / 1024).toFixed(1)} MB | ${r.seconds.toFixed(0)} s | ${(bytes / MIB / r.seconds).toFixed(1)} MiB/s | ${(outBytes / MIB).toFixed(0)} MiB | ${r.code} |`,
    );
    rmSync(input);
    rmSync(output);
  }
  console.log('| input | peak RSS | main heap after the run | time | throughput | rows written | exit |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
