// Firehose transformation events built from the project's sample Okta events,
// shared by the benchmark and the memory test. Plain ESM so a bare `node` child
// process can load it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/okta/', import.meta.url));

/** The sample LogEvents, wrapped as Okta Log Streaming wraps them, as compact JSON. */
export function sampleRecords() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l.trim() !== ''))
    .map((line, i) => {
      const detail = JSON.parse(line);
      return JSON.stringify({
        version: '0', id: `bench-${i}`, 'detail-type': 'SystemLog', source: 'aws.partner/okta.com/bench/relay',
        account: '123456789012', time: '2024-05-01T12:00:00Z', region: 'us-east-1', resources: [], detail,
      });
    });
}

/**
 * A Firehose event of about `bytes` bytes of request JSON (Lambda's limit is 6 MB),
 * cycling through the samples in a fixed order so mixed event types interleave.
 */
export function firehoseEventOfSize(bytes, records = sampleRecords()) {
  const out = [];
  let size = 200;
  for (let i = 0; ; i += 1) {
    const data = Buffer.from(records[i % records.length]).toString('base64');
    const record = { recordId: `${String(i).padStart(56, '0')}`, approximateArrivalTimestamp: 1714564800000 + i, data };
    const add = JSON.stringify(record).length + 1;
    if (size + add > bytes) break;
    size += add;
    out.push(record);
  }
  return {
    invocationId: 'bench-invocation',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/okta-relay',
    region: 'us-east-1',
    records: out,
  };
}
