// One cold start, in a fresh process: import the shipped bundle, then handle a
// first small batch. Prints {importMs, firstBatchMs}. Run by bench/run.ts.
import { firehoseEventOfSize } from './batches.mjs';

const event = firehoseEventOfSize(Number(process.env.BATCH_BYTES ?? 20_000));
const bundle = new URL('../dist/okta-transform/index.mjs', import.meta.url).href;
const t0 = performance.now();
const { handler } = await import(bundle);
const t1 = performance.now();
await handler(event);
const t2 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstBatchMs: t2 - t1, records: event.records.length }));
