// One cold start, in a fresh process: import the shipped bundle, then handle a
// first small batch. Prints {importMs, firstBatchMs, importCpuMs, firstBatchCpuMs}:
// wall time, and CPU time of this process (what the work costs when the machine
// is shared and a run waits for a core). Run by bench/run.ts.
import { firehoseEventOfSize } from './batches.mjs';

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const event = firehoseEventOfSize(Number(process.env.BATCH_BYTES ?? 20_000));
const bundle = new URL('../dist/okta-transform/index.mjs', import.meta.url).href;
const t0 = performance.now();
const c0 = cpu();
const { handler } = await import(bundle);
const t1 = performance.now();
const c1 = cpu();
await handler(event);
const t2 = performance.now();
const c2 = cpu();
console.log(JSON.stringify({ importMs: t1 - t0, firstBatchMs: t2 - t1, importCpuMs: c1 - c0, firstBatchCpuMs: c2 - c1, records: event.records.length }));
