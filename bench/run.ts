/**
 * npm run bench: the handler against the speed of bare JSON, the row format and a
 * hand-rolled peer; cold start, memory and scaling. Prints Markdown tables (paste
 * them into BENCHMARKS.md).
 *
 * - floor: what any relay must do at least: base64-decode → JSON.parse →
 *   JSON.stringify → base64-encode each record (Node's Buffer for both codecs);
 * - codec floor: the same with the relay's own record codec (`atob` and `btoa` for
 *   ASCII text, strict base64: shared/firehose/codec.ts), so that the handler's
 *   cheaper codec is not counted as a saving over the floor;
 * - format floor: what writing this relay's row costs at least: base64-decode →
 *   JSON.parse → JSON.stringify of the members kept as JSON strings → JSON.stringify
 *   of the finished row → base64-encode;
 * - handler: the shipped bundle (dist/okta-transform/index.mjs);
 * - peer: bench/peer.ts, classic zod + a generic flattener + a tag lookup.
 * All of them run on the same Firehose events, interleaved round by round in one
 * process, timed in CPU time (bench/clock.ts); each ratio is the median of the
 * per-round ratios. The machine may be shared: a ratio of two runs taken moments
 * apart is far steadier than either time.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { base64OfUtf8, decodeRecordData, encodeRowLine } from '../shared/firehose/codec.js';
import { ENVELOPE_COLUMNS, EVENT_COLUMNS } from '../shared/okta/columns.js';
import type { Row } from '../shared/okta/flatten.js';
import { createTransformer } from '../shared/transform.js';
import { firehoseEventOfSize, sampleRecords } from './batches.mjs';
import { memoryReport } from './memory.js';
import { peer } from './peer.js';
import { cpuMs } from './clock.js';
import { conforming, floor, type Samples } from './contenders.js';
import { stageTimes } from './stages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist/okta-transform/index.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const MB = 1_000_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number) => x.toFixed(1);
const x2 = (x: number) => `${x.toFixed(2)}×`;

type Handler = (e: FirehoseTransformationEvent, c?: unknown) => Promise<FirehoseTransformationResult>;
type Json = Record<string, unknown>;

/** The floor with the relay's codec (decodeRecordData, base64OfUtf8). */
function codecFloor(event: FirehoseTransformationEvent): FirehoseTransformationResult {
  return {
    records: event.records.map((r) => {
      const line = `${JSON.stringify(JSON.parse(decodeRecordData(r.data, MB)))}\n`;
      return { recordId: r.recordId, result: 'Ok' as const, data: base64OfUtf8(line, Buffer.byteLength(line, 'utf8')) };
    }),
  };
}

const JSON_COLUMNS = [...EVENT_COLUMNS, ...ENVELOPE_COLUMNS].filter((c) => c.kind === 'json');
const at = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Json)[k] : undefined), value);

/** The format floor needs the finished rows: made once, before timing, by the transformer the bundle is built from. */
function formatFloor(event: FirehoseTransformationEvent): (event: FirehoseTransformationEvent) => FirehoseTransformationResult {
  const transformer = createTransformer(loadConfig({}));
  const rows = event.records.map((r) => {
    const outcome = transformer.transformRecord(r.data, Date.now());
    return outcome.result === 'Ok' ? outcome.rows : [];
  });
  return (e) => ({
    records: e.records.map((r, i) => {
      const value = JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as Json;
      const detail = (value.detail ?? value) as Json;
      for (const c of JSON_COLUMNS) {
        const member = at(c.origin === 'envelope' ? value : detail, c.path);
        if (typeof member === 'object' && member !== null) JSON.stringify(member);
      }
      let out = '';
      for (const row of rows[i] as readonly Row[]) out += encodeRowLine(row);
      return { recordId: r.recordId, result: 'Ok' as const, data: Buffer.from(out).toString('base64') };
    }),
  });
}

async function startStub(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(ROOT, 'bench/firehose-stub.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { url, stop: () => child.kill() };
}

interface Batch {
  readonly name: string;
  readonly event: FirehoseTransformationEvent;
}

async function throughput(handler: Handler, batches: readonly Batch[], baseline?: Handler) {
  const rows: string[] = [];
  const context = { getRemainingTimeInMillis: () => 60_000 };
  for (const { name, event } of batches) {
    const size = JSON.stringify(event).length;
    const format = formatFloor(event);
    const contenders = {
      floor: async () => floor(event),
      codec: async () => codecFloor(event),
      format: async () => format(event),
      handler: () => handler(event, context),
      peer: async () => peer(event),
      ...(baseline && { baseline: () => baseline(event, context) }),
    };
    const t: Record<string, number[]> = { floor: [], codec: [], format: [], handler: [], peer: [], baseline: [] };
    // Warm up as a Lambda container that has seen a few batches (steady state; cold start is measured apart).
    for (let i = 0; i < Math.max(3, Math.ceil((5 * MB) / size)); i += 1) for (const run of Object.values(contenders)) await run();
    for (let i = 0; i < RUNS; i += 1) {
      for (const [key, run] of Object.entries(contenders) as [string, () => Promise<unknown>][]) {
        const start = cpuMs();
        await run();
        t[key]?.push(cpuMs() - start);
      }
    }
    const T = t as Record<'floor' | 'codec' | 'format' | 'handler' | 'peer' | 'baseline', number[]>;
    const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / (b[i] as number)));
    const n = event.records.length;
    const before = baseline ? ` ${x2(ratio(T.baseline, T.floor))} |` : '';
    rows.push(`| ${name} | ${n} | ${ms(median(T.floor))} | ${ms(median(T.handler))} | ${ms((median(T.handler) / n) * 1000)} µs | **${x2(ratio(T.handler, T.floor))}** | ${x2(ratio(T.handler, T.codec))} | ${x2(ratio(T.format, T.floor))} | ${x2(ratio(T.peer, T.floor))} | **${x2(ratio(T.peer, T.handler))}** |${before}`);
  }
  return rows;
}

const ALONE_RUNS = Number(process.env.BENCH_ALONE_RUNS ?? 5);

/**
 * The handler and the peer each alone in fresh processes (bench/alone.ts), as in a
 * Lambda container, where nothing shares the handler's heap, garbage collections and
 * V8's caches. The processes alternate; the median over them of each one's median
 * ratio to the floor.
 */
function alone(): string[] {
  const once = (contender: string, mb: number, samples: Samples) =>
    Number(execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/alone.ts'), contender, String(mb), samples, String(Math.max(RUNS, 15))], {
      env: { ...process.env, BENCH_BUNDLE: pathToFileURL(BUNDLE).href },
    }).toString());
  const rows: string[] = [];
  for (const [mb, samples] of [[3, 'mixed'], [6, 'mixed'], [3, 'conforming'], [6, 'conforming']] as const) {
    const t = { handler: [] as number[], peer: [] as number[] };
    for (let i = 0; i < ALONE_RUNS; i += 1) {
      t.handler.push(once('handler', mb, samples));
      t.peer.push(once('peer', mb, samples));
    }
    const [h, p] = [median(t.handler), median(t.peer)];
    const spread = `${x2(Math.min(...t.handler))}–${x2(Math.max(...t.handler))}`;
    rows.push(`| ${mb} MB, ${samples === 'mixed' ? 'mixed' : 'conforming only'} | **${x2(h)}** | ${spread} | ${x2(p)} | **${x2(p / h)}** |`);
  }
  return rows;
}

function coldStart() {
  const env = { ...process.env, LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench/cold-start.mjs')], { env }).toString()) as {
      importMs: number; firstBatchMs: number; importCpuMs: number; firstBatchCpuMs: number; records: number;
    };
    return { ...out, wallMs: performance.now() - t };
  });
  const bare = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  });
  return {
    records: runs[0]?.records ?? 0,
    importMs: median(runs.map((r) => r.importMs)),
    firstBatchMs: median(runs.map((r) => r.firstBatchMs)),
    totalMs: median(runs.map((r) => r.importMs + r.firstBatchMs)),
    importCpuMs: median(runs.map((r) => r.importCpuMs)),
    firstBatchCpuMs: median(runs.map((r) => r.firstBatchCpuMs)),
    totalCpuMs: median(runs.map((r) => r.importCpuMs + r.firstBatchCpuMs)),
    wallMs: median(runs.map((r) => r.wallMs)),
    bareNodeMs: median(bare),
  };
}

const stub = await startStub();
Object.assign(process.env, {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_ENDPOINT_URL_FIREHOSE: stub.url,
});
try {
  const bundle = readFileSync(BUNDLE);
  const { handler } = (await import(pathToFileURL(BUNDLE).href)) as { handler: Handler };
  const cold = coldStart();
  const memory = memoryReport(stub.url);
  const all = sampleRecords();
  const clean = conforming(all);
  const deviating = all.length - clean.length;
  const mixed = (mb: number) => ({ name: `${mb} MB, mixed (${Math.round((100 * deviating) / all.length)} % deviate)`, event: firehoseEventOfSize(mb * MB, all) });
  const batches = [mixed(0.2), mixed(1), mixed(3), mixed(6),
    { name: '3 MB, conforming only', event: firehoseEventOfSize(3 * MB, clean) },
    { name: '6 MB, conforming only', event: firehoseEventOfSize(6 * MB, clean) }];
  // BASELINE_BUNDLE=path/to/index.mjs adds another build of the handler (e.g. of main) to the same rounds.
  const baseline = process.env.BASELINE_BUNDLE ? ((await import(pathToFileURL(process.env.BASELINE_BUNDLE).href)) as { handler: Handler }).handler : undefined;
  const sizes = await throughput(handler, batches, baseline);
  const apart = alone();
  const stages = stageTimes(firehoseEventOfSize(3 * MB, all), Math.max(RUNS, 21));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${RUNS} interleaved rounds, medians.\n`);
  console.log(`| batch (request) | records | floor ms | handler ms | handler per record | handler / floor | handler / codec floor | format floor / floor | peer / floor | peer / handler |${baseline ? ' baseline / floor |' : ''}`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${baseline ? '---:|' : ''}`);
  for (const r of sizes) console.log(r);
  console.log(`\n| each alone in its own process (${ALONE_RUNS} processes each, alternating) | handler / floor | handler / floor, range | peer / floor | peer / handler |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const r of apart) console.log(r);
  console.log('\n| stage, 3 MB mixed batch, per record | plain path µs | fast path µs |\n|---|---:|---:|');
  for (const { stage, plain, fast } of stages) console.log(`| ${stage} | ${plain.toFixed(1)} | ${fast.toFixed(1)} |`);
  console.log('\n| cold start (wall time; CPU time in brackets) | value |\n|---|---:|');
  console.log(`| bundle size, minified | ${(bundle.length / 1024).toFixed(1)} KiB |`);
  console.log(`| bundle size, gzipped | ${(gzipSync(bundle).length / 1024).toFixed(1)} KiB |`);
  console.log(`| import of the bundle | ${ms(cold.importMs)} ms (${ms(cold.importCpuMs)} ms) |`);
  console.log(`| first batch (${cold.records} records) | ${ms(cold.firstBatchMs)} ms (${ms(cold.firstBatchCpuMs)} ms) |`);
  console.log(`| import + first batch | ${ms(cold.totalMs)} ms (${ms(cold.totalCpuMs)} ms) |`);
  console.log(`| whole process: node start, import, first batch | ${ms(cold.wallMs)} ms |`);
  console.log(`| bare \`node -e 0\` | ${ms(cold.bareNodeMs)} ms |`);
  console.log(`\n${memory.join('\n')}`);
} finally {
  stub.stop();
}
