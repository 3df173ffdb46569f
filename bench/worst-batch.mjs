// Runs the shipped bundle on the worst case Firehose can send: a 6 MB request of
// Okta events, whose response must be cut to the 6 MB budget and the rest
// re-ingested. Prints one JSON line: results, response bytes, peak RSS, and the
// process's memory at each stage of the (first) invocation.
// Meant to be run under the heap flags of a Lambda's memory size (lambda-node-args.mjs):
//   node --expose-gc --max-http-header-size=81920 --max-semi-space-size=6 --max-old-space-size=116 bench/worst-batch.mjs
// with AWS_ENDPOINT_URL_FIREHOSE pointing at a PutRecordBatch endpoint on loopback.
//
// WORST_BATCH_INPUT chooses how the event reaches the handler:
// - `json` (default): as Lambda's Node.js runtime delivers it. Its native client
//   (aws-lambda-nodejs-runtime-interface-client: rapid-client.cc, Runtime.js,
//   RAPIDClient.js; aws-lambda-cpp's runtime.cpp) receives the body with curl into a
//   C++ string, copies it into the invocation request, makes a JS string of it and
//   frees both; `handleOnceNonStreaming` calls `handler(JSON.parse(bodyJson), …)` and
//   returns, so the body string lives until the handler's first await. When the
//   promise settles, `postInvocationResponse` does `JSON.stringify(result)` and the
//   native `done` copies that string to UTF-8 (`Utf8Value()`) and again into the
//   invocation response, both alive while it posts. Here: this process writes the
//   event's JSON to a temporary file and runs itself again with the same flags; that
//   child builds nothing, and does the same steps in the same order (the native
//   strings as Buffers, freed at once by transferring them on Node 22, left to the
//   garbage collector on Node 20, which is never cheaper).
// - `object`: the event is built in this process as an object (the samples cycled),
//   as the benchmark did first: no request text, but the event is held throughout.
// WORST_BATCH_INVOCATIONS=n runs the batch n times in the same process, as a warm
// container that receives it again and again (peaksMiB: peak RSS after each).
// WORST_BATCH_REINGEST=off marks the event as fed by Kinesis, so the overflow stays
// ProcessingFailed and the AWS SDK is never loaded: the difference is what
// re-ingestion costs.
import { spawnSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { firehoseEventOfSize } from './batches.mjs';

// WORST_BATCH_BUNDLE: another build of the handler (e.g. of main), to compare.
const bundle = process.env.WORST_BATCH_BUNDLE ?? fileURLToPath(new URL('../dist/okta-transform/index.mjs', import.meta.url));
const bytes = Number(process.env.BATCH_BYTES ?? 6_000_000);
const input = process.env.WORST_BATCH_INPUT ?? 'json';
const reingest = process.env.WORST_BATCH_REINGEST !== 'off';
const eventFile = process.env.WORST_BATCH_EVENT_FILE;
const invocations = Number(process.env.WORST_BATCH_INVOCATIONS ?? 1);
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'worst-batch' };
const MiB = 2 ** 20;

function buildEvent() {
  const event = firehoseEventOfSize(bytes);
  if (!reingest) event.sourceKinesisStreamArn = 'arn:aws:kinesis:us-east-1:123456789012:stream/okta';
  return event;
}

if (input === 'json' && eventFile === undefined) {
  // Write the request, then measure a fresh process that only reads it.
  const dir = mkdtempSync(join(tmpdir(), 'worst-batch-'));
  try {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(buildEvent()));
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, WORST_BATCH_EVENT_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * MiB,
    });
    process.stdout.write(child.stdout);
    process.exitCode = child.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  /** @type {Record<string, Record<string, number>>} */
  const stages = {};
  let recording = true;
  const stage = (name, last = false) => {
    if (!recording) return;
    if (last) delete stages[name];
    const m = process.memoryUsage();
    const h = getHeapStatistics();
    stages[name] ??= {
      rssMiB: m.rss / MiB, maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
      heapUsedMiB: m.heapUsed / MiB, heapTotalMiB: m.heapTotal / MiB, externalMiB: m.external / MiB,
      heapPhysicalMiB: h.total_physical_size / MiB, mallocedMiB: h.malloced_memory / MiB, peakMallocedMiB: h.peak_malloced_memory / MiB,
    };
  };
  // The first PutRecordBatch request: the batch is transformed and the SDK loaded; its answer: re-ingested.
  subscribe('http.client.request.start', () => stage('reingestRequest'));
  subscribe('http.client.response.finish', () => stage('reingestAnswered', true));

  const event = input === 'json' ? undefined : buildEvent();
  const { handler } = await import(pathToFileURL(bundle).href);
  stage('imported');

  /**
   * The runtime frees its C++ strings at once; an ArrayBuffer's memory can be freed at once
   * by transferring it (Node 22; on Node 20 the Buffer waits for the garbage collector).
   */
  const free = (buffer) => buffer.buffer.transfer?.(0);

  /** The runtime's native next(): curl's body, its copy into the invocation request, the JS string. */
  function nextInvocation() {
    const received = readFileSync(/** @type {string} */ (eventFile));
    const payload = Buffer.from(received);
    free(received);
    const bodyJson = payload.toString('utf8');
    free(payload);
    stage('requestText');
    return bodyJson;
  }
  /** Runtime.handleOnceNonStreaming: the body string is held only while the handler runs up to its first await. */
  function invoke(bodyJson) {
    const parsed = JSON.parse(bodyJson);
    stage('parsed');
    return handler(parsed, context);
  }

  /** One invocation as the runtime makes it; the response is serialised and copied as done() does. */
  async function invocation() {
    const response = await (event === undefined ? invoke(nextInvocation()) : handler(event, context));
    stage('handled');
    const text = JSON.stringify(response);
    stage('stringified');
    // done(): Utf8Value() and the invocation response's own copy, both alive while it posts.
    const utf8 = Buffer.from(text, 'utf8');
    const posted = Buffer.from(utf8);
    stage('posted');
    const responseBytes = posted.length;
    free(utf8);
    free(posted);
    const results = {};
    for (const r of response.records) results[r.result] = (results[r.result] ?? 0) + 1;
    return { results, responseBytes };
  }

  // A warm container may take the worst batch again and again: each invocation's peak (the first's stages).
  const peaksMiB = [];
  let last;
  for (let i = 0; i < invocations; i += 1) {
    last = await invocation();
    recording = false;
    peaksMiB.push(Math.round((process.resourceUsage().maxRSS * 10) / 1024) / 10);
  }
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const { results, responseBytes } = /** @type {{ results: Record<string, number>, responseBytes: number }} */ (last);
  console.log(JSON.stringify({
    input,
    requestBytes: eventFile === undefined ? JSON.stringify(event).length : readFileSync(eventFile).length,
    records: Object.values(results).reduce((a, b) => a + b, 0),
    results,
    responseBytes,
    invocations,
    peaksMiB,
    maxRssBytes,
    node: process.version,
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, x]) => [n, Math.round(x * 10) / 10]))])),
  }));
}
