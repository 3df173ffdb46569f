/**
 * The handler as Firehose invokes it, exercised twice: from the TypeScript
 * sources and from the bundle that ships (dist/okta-transform/index.mjs).
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { restore } from '../../shared/okta/restore.js';
import { allSamples, decodeRows, envelope, firehoseEvent, realEnvelope, REPO_ROOT } from '../helpers/samples.js';

type Handler = (event: FirehoseTransformationEvent) => Promise<FirehoseTransformationResult>;

const variants: [string, () => Promise<Handler>][] = [
  ['sources', async () => (await import('../../functions/okta-transform/handler.js')).handler as Handler],
  ['bundle', async () => (await import(pathToFileURL(join(REPO_ROOT, 'dist/okta-transform/index.mjs')).href)).handler as Handler],
];

const COLUMN_TYPES = new Map<string, string>(ALL_COLUMNS.map((c) => [c.name, c.type]));
const invoke = (handler: Handler, payloads: (string | Buffer)[]) =>
  handler(firehoseEvent(payloads) as unknown as FirehoseTransformationEvent);

describe.each(variants)('Handler (%s)', (_name, load) => {
  it('answers Ok for every sample event wrapped in an EventBridge envelope, and each row restores to its input', async () => {
    const handler = await load();
    const inputs = allSamples().map((s) => envelope(s.event));
    const result = await invoke(handler, inputs.map((e) => JSON.stringify(e)));

    expect(result.records.map((r) => r.recordId)).toEqual(inputs.map((_, i) => `record-${i}`));
    result.records.forEach((record, i) => {
      expect(record.result, `sample ${i}`).toBe('Ok');
      const rows = decodeRows(record.data as string);
      expect(rows).toHaveLength(1);
      expect(restore(rows[0] as Record<string, unknown>)).toEqual(inputs[i]);
    });
  });

  it('emits only catalogued keys, each with its catalogued type', async () => {
    const handler = await load();
    const result = await invoke(handler, allSamples().map((s) => JSON.stringify(envelope(s.event))));
    const seen = new Set<string>();
    for (const record of result.records) {
      const text = Buffer.from(record.data as string, 'base64').toString('utf8');
      expect(text.startsWith('{\t')).toBe(true);
      expect(text.endsWith('}\n')).toBe(true);
      for (const row of decodeRows(record.data as string)) {
        for (const [key, value] of Object.entries(row)) {
          expect(key).toMatch(/^[a-z0-9_]+$/);
          expect(typeof value, key).toBe(COLUMN_TYPES.get(key));
          seen.add(key);
        }
      }
    }
    expect(seen.size).toBeLessThanOrEqual(150);
  });

  it('accepts the real Okta EventBridge event, a bare LogEvent, gzip, and several events in one record', async () => {
    const handler = await load();
    const env = realEnvelope();
    const bare = env.detail as Record<string, unknown>;
    const ndjson = `${JSON.stringify(env)}\n${JSON.stringify(bare)}\r\n`;
    const result = await invoke(handler, [JSON.stringify(env), JSON.stringify(bare), gzipSync(JSON.stringify(env)), ndjson]);
    expect(result.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Ok', 'Ok']);
    expect(restore(decodeRows(result.records[1]?.data as string)[0] as Record<string, unknown>)).toEqual(bare);
    const multi = decodeRows(result.records[3]?.data as string).map((r) => restore(r));
    expect(multi).toEqual([env, bare]);
  });

  it('answers ProcessingFailed (Firehose keeps the original bytes in S3) for input that is not an Okta event', async () => {
    const handler = await load();
    const payloads = ['not json', '[1,2]', 'null', '{"hello":"world"}', JSON.stringify({ ...envelope({}), detail: { foo: 1 } })];
    const result = await invoke(handler, payloads);
    expect(result.records.map((r) => r.result)).toEqual(payloads.map(() => 'ProcessingFailed'));
    // Echoing the input would only spend the 6 MB response budget (AWS's blueprint omits it too).
    expect(result.records.map((r) => r.data)).toEqual(payloads.map(() => ''));
  });

  it('fails the whole record when one of its lines is not an Okta event, so nothing is half-delivered', async () => {
    const handler = await load();
    const good = JSON.stringify(realEnvelope());
    const result = await invoke(handler, [`${good}\n{"not":"okta"}\n`]);
    expect(result.records[0]?.result).toBe('ProcessingFailed');
  });
});

describe('Handler input contract', () => {
  it('throws one clear error for an invocation that is not a Firehose event, so Firehose retries the batch', async () => {
    const { handler } = await import('../../functions/okta-transform/handler.js');
    await expect(handler({ foo: 1 } as unknown as FirehoseTransformationEvent)).rejects.toThrow(/not a Firehose transformation event/);
  });
});
