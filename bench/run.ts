/**
 * npm run bench: the handler against the speed of bare JSON, cold start, memory
 * and scaling. Prints a Markdown table (paste it into BENCHMARKS.md).
 *
 * Floor = what any relay must do at least: base64-decode → JSON.parse →
 * JSON.stringify → base64-encode each record. Handler = the shipped bundle
 * (dist/okta-transform/index.mjs) on the same Firehose events, interleaved with
 * the floor in the same process; medians of several runs.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { firehoseEventOfSize } from './batches.mjs';
import { stageTimes } from './stages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist/okta-transform/index.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const MB = 1_000_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number) => x.toFixed(1);

type Handler = (e: FirehoseTransformationEvent, c?: unknown) => Promise<FirehoseTransformationResult>;

function floor(event: FirehoseTransformationEvent): FirehoseTransformationResult {
  return {
    records: event.records.map((r) => ({
      recordId: r.recordId,
      result: 'Ok' as const,
      data: Buffer.from(`${JSON.stringify(JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')))}\n`).toString('base64'),
    })),
  };
}

async function startStub(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(ROOT, 'bench/firehose-stub.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { url, stop: () => child.kill() };
}

async function throughput(handler: Handler, sizes: number[]) {
  const rows: string[] = [];
  for (const size of sizes) {
    const event = firehoseEventOfSize(size);
    const context = { getRemainingTimeInMillis: () => 60_000 };
    // Warm up as a Lambda container that has seen a few batches (steady state; cold start is measured apart).
    for (let i = 0; i < Math.max(3, Math.ceil((5 * MB) / size)); i += 1) {
      floor(event);
      await handler(event, context);
    }
    const f: number[] = [];
    const h: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      let t = performance.now();
      floor(event);
      f.push(performance.now() - t);
      t = performance.now();
      await handler(event, context);
      h.push(performance.now() - t);
    }
    const mbps = size / MB / (median(h) / 1000);
    rows.push(`| ${(size / MB).toFixed(1)} MB | ${event.records.length} | ${ms(median(f))} | ${ms(median(h))} | ${(median(h) / median(f)).toFixed(2)}× | ${mbps.toFixed(1)} MB/s | ${ms((median(h) / event.records.length) * 1000)} µs |`);
  }
  return rows;
}

function coldStart() {
  const env = { ...process.env, LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench/cold-start.mjs')], { env }).toString()) as {
      importMs: number; firstBatchMs: number; records: number;
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
    wallMs: median(runs.map((r) => r.wallMs)),
    bareNodeMs: median(bare),
  };
}

function memory(stubUrl: string) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=96', join(ROOT, 'bench/worst-batch.mjs')], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_ENDPOINT_URL_FIREHOSE: stubUrl },
  }).toString();
  return JSON.parse(out.trim().split('\n').pop() as string) as { records: number; results: Record<string, number>; responseBytes: number; maxRssBytes: number };
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
  const mem = memory(stub.url);
  const sizes = await throughput(handler, [0.2 * MB, 1 * MB, 3 * MB, 6 * MB]);
  const stages = stageTimes(firehoseEventOfSize(3 * MB), Math.max(RUNS, 21));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${RUNS} runs, medians.\n`);
  console.log('| batch (request) | records | floor ms | handler ms | handler / floor | handler throughput | per record |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of sizes) console.log(r);
  console.log('\n| stage, 3 MB batch, per record | µs |\n|---|---:|');
  for (const [stage, us] of stages) console.log(`| ${stage} | ${us.toFixed(1)} |`);
  console.log('\n| cold start | value |\n|---|---:|');
  console.log(`| bundle size, minified | ${(bundle.length / 1024).toFixed(1)} KiB |`);
  console.log(`| bundle size, gzipped | ${(gzipSync(bundle).length / 1024).toFixed(1)} KiB |`);
  console.log(`| import of the bundle | ${ms(cold.importMs)} ms |`);
  console.log(`| first batch (${cold.records} records) | ${ms(cold.firstBatchMs)} ms |`);
  console.log(`| import + first batch | ${ms(cold.totalMs)} ms |`);
  console.log(`| whole process: node start, import, first batch | ${ms(cold.wallMs)} ms |`);
  console.log(`| bare \`node -e 0\` | ${ms(cold.bareNodeMs)} ms |`);
  console.log('\n| memory: worst 6 MB batch, --max-old-space-size=96 | value |\n|---|---:|');
  console.log(`| records in / results | ${mem.records} / ${JSON.stringify(mem.results)} |`);
  console.log(`| response | ${(mem.responseBytes / MB).toFixed(2)} MB |`);
  console.log(`| peak RSS | ${(mem.maxRssBytes / 2 ** 20).toFixed(1)} MiB (Lambda: 128 MiB) |`);
} finally {
  stub.stop();
}
