/**
 * Sample Okta events for tests: the project's own Apache-2.0/MIT-0 fixtures,
 * plus the Elastic License 2.0 samples read from ../shared/okta-samples when that
 * folder is present (they are never copied into the project).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLikeSerdeJson } from './serde-json.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/okta');
export const SHARED_SAMPLES = join(REPO_ROOT, '../shared/okta-samples');
const ELASTIC_FILES = ['elastic-integrations.ndjson', 'elastic-beats.ndjson'];

export type Json = Record<string, unknown>;
export interface Sample {
  readonly file: string;
  readonly line: number;
  readonly event: Json;
}

export const readNdjson = (path: string): Json[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Json);

function fromDir(dir: string, names: readonly string[]): Sample[] {
  return names.flatMap((file) => readNdjson(join(dir, file)).map((event, i) => ({ file, line: i + 1, event })));
}

/** The project's own conforming samples (Okta wire format). */
export function projectSamples(): Sample[] {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.ndjson')).sort();
  return fromDir(FIXTURES, names);
}

/** Elastic License 2.0 samples, when ../shared is beside the checkout; else empty. */
export function elasticSamples(): Sample[] {
  const present = ELASTIC_FILES.filter((f) => existsSync(join(SHARED_SAMPLES, f)));
  return fromDir(SHARED_SAMPLES, present);
}

export const allSamples = (): Sample[] => [...projectSamples(), ...elasticSamples()];

/** The real EventBridge event Okta documents (MIT-0 copy). */
export const realEnvelope = (): Json =>
  JSON.parse(readFileSync(join(FIXTURES, 'envelopes/aws-samples-serverless-patterns.eventbridge-event.json'), 'utf8')) as Json;

/** Wrap a LogEvent as Okta Log Streaming does. */
export function envelope(detail: Json, overrides: Json = {}): Json {
  return {
    version: '0',
    id: `eb-${String(detail.uuid ?? 'none')}`,
    'detail-type': 'SystemLog',
    source: 'aws.partner/okta.com/example-org/okta-relay-test',
    account: '123456789012',
    time: '2024-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...overrides,
  };
}

export const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

/** A Firehose transformation event whose records carry the given payloads. */
export function firehoseEvent(payloads: readonly (string | Buffer)[]) {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/okta-relay',
    region: 'us-east-1',
    records: payloads.map((p, i) => ({
      recordId: `record-${i}`,
      approximateArrivalTimestamp: 1_714_564_800_000 + i,
      data: b64(p),
    })),
  };
}

/** Decode an Ok result's data into its rows as OpenObserve's serde_json reads them (the `{\t` guard is ordinary JSON whitespace). */
export const decodeRows = (data: string): Json[] =>
  Buffer.from(data, 'base64')
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => parseLikeSerdeJson(l) as Json);
