// Runs the shipped bundle on the worst case Firehose can send: a 6 MB request of
// Okta events, whose response must be cut to the 6 MB budget and the rest
// re-ingested. Prints one JSON line: results, response bytes, peak RSS.
// Meant to be run under a Lambda-sized heap, e.g.
//   node --max-old-space-size=96 bench/worst-batch.mjs
// with AWS_ENDPOINT_URL_FIREHOSE pointing at a PutRecordBatch endpoint on loopback.
import { pathToFileURL, fileURLToPath } from 'node:url';
import { firehoseEventOfSize } from './batches.mjs';

const bundle = fileURLToPath(new URL('../dist/okta-transform/index.mjs', import.meta.url));
const bytes = Number(process.env.BATCH_BYTES ?? 6_000_000);
const event = firehoseEventOfSize(bytes);
const { handler } = await import(pathToFileURL(bundle).href);
const response = await handler(event, { getRemainingTimeInMillis: () => 60_000 });
const results = {};
for (const r of response.records) results[r.result] = (results[r.result] ?? 0) + 1;
console.log(JSON.stringify({
  requestBytes: JSON.stringify(event).length,
  records: event.records.length,
  results,
  responseBytes: Buffer.byteLength(JSON.stringify(response)),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  node: process.version,
}));
