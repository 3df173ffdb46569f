import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../tools/replay/errors.js';
import { detectFormat } from '../../tools/replay/inputs/detect.js';
import { readAll, readBytes, readFile } from '../../tools/replay/inputs/read.js';
import type { InputFormat, Item } from '../../tools/replay/inputs/types.js';
import { planInputs } from '../../tools/replay/sources.js';
import { b64, fixtureEnvelope, fixtureEvents, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const events = fixtureEvents().slice(0, 5);
const envelope = fixtureEnvelope();
const ndjson = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
const kinds = (items: readonly Item[]) => items.map((i) => i.kind);
const read = (text: string | Buffer, forced?: Parameters<typeof readBytes>[2], chunkBytes?: number) =>
  readBytes('in.json', Buffer.from(text), forced, chunkBytes);
/** Every operand read whole, plus the operands that stand for nothing (as the CLI reports them). */
async function readInputs(operands: string[], forced: InputFormat | undefined, cwd: string, stdin: AsyncIterable<unknown> | undefined) {
  const planned = planInputs(operands, forced, cwd, stdin);
  const files = await Promise.all(planned.readers.map(readAll));
  return [...files, ...planned.issues.map((issue) => ({ file: issue.file, items: [], issues: [issue] }))];
}

/** A Firehose S3 error record, as in firehose-contract.md A2. */
const errorRecord = (rawData: string, errorCode: string) => ({
  attemptsMade: 4,
  arrivalTimestamp: 1_700_000_000_000,
  errorCode,
  errorMessage: 'The Lambda function was successfully invoked but it returned an error result.',
  attemptEndingTimestamp: 1_700_000_060_000,
  rawData,
  lambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:okta-transform:$LATEST',
});

describe('input formats', () => {
  it('reads an Okta System Log API export: a JSON array, one page or several', async () => {
    const page1 = JSON.stringify(events.slice(0, 3), null, 2);
    const page2 = JSON.stringify(events.slice(3));
    const file = await read(`${page1}\n${page2}\n`);
    expect(file.format).toBe('json-array');
    expect(file.issues).toEqual([]);
    expect(kinds(file.items)).toEqual(['event', 'event', 'event', 'event', 'event']);
    expect(file.items.map((i) => (i.kind === 'event' ? i.value.uuid : undefined))).toEqual(events.map((e) => e.uuid));
    expect(file.items[1]?.origin.line).toBeGreaterThan(2);
  });

  it('reads NDJSON of bare LogEvents and of EventBridge envelopes', async () => {
    const bare = await read(ndjson(events));
    expect(bare.format).toBe('ndjson');
    expect(kinds(bare.items)).toEqual(Array(5).fill('event'));
    expect(bare.items.map((i) => i.origin.line)).toEqual([1, 2, 3, 4, 5]);
    const wrapped = await read(ndjson([envelope, envelope]));
    expect(wrapped.format).toBe('ndjson');
    expect(kinds(wrapped.items)).toEqual(['envelope', 'envelope']);
  });

  it('reads a single pretty-printed envelope, and objects concatenated with no separator', async () => {
    const single = await read(JSON.stringify(envelope, null, 4));
    expect(single.format).toBe('concatenated');
    expect(kinds(single.items)).toEqual(['envelope']);
    const joined = await read([envelope, envelope, envelope].map((e) => JSON.stringify(e)).join(''));
    expect(joined.format).toBe('concatenated');
    expect(kinds(joined.items)).toEqual(['envelope', 'envelope', 'envelope']);
  });

  it('reads a Firehose transformation test event, re-driving records[].data as it is', async () => {
    const data = events.map((e) => b64(JSON.stringify(e)));
    const event = {
      invocationId: 'invocationIdExample',
      deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
      region: 'us-east-1',
      records: data.map((d, i) => ({ recordId: `4954698668313554428650745793632162567570019247115678515${i}`, approximateArrivalTimestamp: 1495072949453, data: d })),
    };
    const file = await read(JSON.stringify(event, null, 2));
    expect(file.format).toBe('firehose-event');
    expect(kinds(file.items)).toEqual(Array(5).fill('record'));
    expect(file.items.map((i) => (i.kind === 'record' ? i.data.toString('base64') : ''))).toEqual(data);
  });

  it('reads Firehose processing-failed records: rawData is re-driven through the handler', async () => {
    const text = ndjson(events.slice(0, 2).map((e) => errorRecord(b64(JSON.stringify(e)), 'Lambda.FunctionError')));
    const file = await read(text);
    expect(file.format).toBe('firehose-errors');
    expect(kinds(file.items)).toEqual(['record', 'record']);
    const first = file.items[0];
    expect(first?.kind === 'record' && JSON.parse(first.data.toString('utf8'))).toEqual(events[0]);
  });

  it('reads Firehose http-endpoint-failed records: already-transformed rows are passed through, not transformed twice', async () => {
    const rows = '{\t"event_type":"user.session.start","uuid":"a"}\n{\t"event_type":"user.session.end","uuid":"b"}\n';
    const file = await read(JSON.stringify(errorRecord(b64(rows), 'HttpEndpoint.DestinationException')));
    expect(file.format).toBe('firehose-errors');
    expect(kinds(file.items)).toEqual(['rows']);
    const bad = await read(JSON.stringify(errorRecord(b64('{"nested":{"a":1}}\n'), 'HttpEndpoint.ResponseTooLarge')));
    expect(bad.issues).toEqual([{ file: 'in.json', line: 1, reason: 'invalid_rows', detail: 'rawData' }]);
  });

  it('decompresses gzip files (as Firehose may write S3 objects) and drops a byte-order mark', async () => {
    expect(kinds((await read(gzipSync(ndjson(events)))).items)).toHaveLength(5);
    expect((await read(`\ufeff${ndjson(events)}`)).format).toBe('ndjson');
    expect((await read(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).issues[0]?.reason).toBe('gzip_error');
  });
});

describe('format detection and --input-format', () => {
  it('detects each format from the content, not the file name', async () => {
    expect(detectFormat('[]')).toBe('json-array');
    expect(detectFormat('{"a":1}\n{"b":2}\n')).toBe('ndjson');
    expect(detectFormat('{"a":1}{"b":2}')).toBe('concatenated');
    expect(detectFormat('{\n "a": 1\n}')).toBe('concatenated');
    expect(detectFormat('{"records":[{"recordId":"1","data":""}]}')).toBe('firehose-event');
    expect(detectFormat('{"rawData":"","errorCode":"x"}')).toBe('firehose-errors');
    expect(detectFormat('id,eventType\n1,user.session.start')).toBeUndefined();
  });

  it('recognises error records even when the first one is broken', async () => {
    const text = `{"rawData":"AAA\n${JSON.stringify(errorRecord(b64('{}'), 'Lambda.FunctionError'))}\n`;
    expect(detectFormat(text)).toBe('firehose-errors');
  });

  it('treats NDJSON with a few bad lines as NDJSON', async () => {
    expect(detectFormat('{"a":1}\nnot json\n{"b":2}\n{"c":3}\n')).toBe('ndjson');
  });

  it('lets --input-format override detection', async () => {
    const pretty = JSON.stringify(envelope, null, 2);
    expect((await read(pretty)).items).toHaveLength(1);
    const forced = await read(pretty, 'ndjson');
    expect(forced.format).toBe('ndjson');
    expect(forced.items).toHaveLength(0);
    expect(forced.issues[0]).toMatchObject({ line: 1, reason: 'not_json' });
    // NDJSON read as concatenated objects gives the same events.
    expect((await read(ndjson(events), 'concatenated')).items).toHaveLength(5);
    // An object where an API page (array) is required.
    expect((await read(ndjson(events.slice(0, 1)), 'json-array')).issues).toEqual([{ file: 'in.json', line: 1, reason: 'not_an_array' }]);
    expect((await read(ndjson(events.slice(0, 1)), 'firehose-event')).issues[0]?.reason).toBe('not_firehose_event');
    expect((await read(ndjson(events.slice(0, 1)), 'firehose-errors')).issues[0]?.reason).toBe('not_error_record');
  });
});

describe('bad input', () => {
  it('names the file and line of a malformed line, and keeps every good line', async () => {
    const lines = events.map((e) => JSON.stringify(e));
    lines.splice(2, 0, '{"eventType": "user.session.start", "uuid": ');
    lines.splice(4, 0, '"just a string"');
    const path = tmp.write('mixed.ndjson', lines.join('\n'));
    const file = await readFile(path, tmp.dir, undefined);
    expect(file.items).toHaveLength(5);
    expect(file.issues.map(formatIssue)).toEqual([
      'mixed.ndjson:3: not_json: is not valid JSON',
      'mixed.ndjson:5: not_an_object: is JSON but not an object',
    ]);
  });

  it('reports a missing file, an unreadable file, an empty file, non-UTF-8 and an unknown format', async () => {
    expect((await readFile(join(tmp.dir, 'nope.json'), tmp.dir, undefined)).issues[0]).toEqual({ file: 'nope.json', reason: 'not_found' });
    const dir = join(tmp.dir, 'a-directory.json');
    mkdirSync(dir);
    expect((await readFile(dir, tmp.dir, undefined)).issues[0]?.reason).toBe('unreadable');
    if (process.getuid?.() !== 0) {
      const locked = tmp.write('locked.json', '{}');
      chmodSync(locked, 0o000);
      expect((await readFile(locked, tmp.dir, undefined)).issues[0]?.reason).toBe('unreadable');
    }
    expect((await read('  \n')).issues[0]?.reason).toBe('empty');
    expect((await read(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).issues[0]?.reason).toBe('not_utf8');
    const csv = await read('id,eventType\n1,user.session.start\n');
    expect(csv.format).toBeUndefined();
    expect(formatIssue(csv.issues[0]!)).toMatch(/^in\.json: unknown_format: is not a recognised format/);
  });

  it('reports invalid base64 by location in the record, never by content', async () => {
    const file = await read(JSON.stringify({ records: [{ recordId: '1', data: 'not base64!' }, { recordId: '2', data: b64('{}') }] }));
    expect(file.issues.map(formatIssue)).toEqual(['in.json:1: invalid_base64 (records[0].data): holds data that is not valid base64']);
    expect(file.items).toHaveLength(1);
  });
});

describe('operands', () => {
  it('expands a directory to its data files recursively, sorted, skipping other files', async () => {
    const dir = join(tmp.dir, 'export');
    mkdirSync(join(dir, '2024', '01'), { recursive: true });
    writeFileSync(join(dir, '2024', '01', 'okta-relay-1-2024-01-01-00-00-00-abc'), ndjson(events.slice(0, 2)));
    writeFileSync(join(dir, 'a.ndjson'), ndjson(events.slice(0, 1)));
    writeFileSync(join(dir, 'README.md'), '# not data');
    writeFileSync(join(dir, '.hidden.json'), 'garbage');
    const files = await readInputs(['export'], undefined, tmp.dir, undefined);
    expect(files.map((f) => [f.file, f.items.length])).toEqual([
      [join('export', '2024', '01', 'okta-relay-1-2024-01-01-00-00-00-abc'), 2],
      [join('export', 'a.ndjson'), 1],
    ]);
    mkdirSync(join(tmp.dir, 'empty-dir'));
    const empty = await readInputs(['empty-dir'], undefined, tmp.dir, undefined);
    expect(empty).toHaveLength(1);
    expect(empty[0]?.issues[0]?.reason).toBe('no_data_files');
  });

  it('reads - from stdin', async () => {
    async function* stdin() {
      yield Buffer.from(ndjson(events.slice(0, 2)));
      yield ndjson(events.slice(2, 3));
    }
    const [file] = await readInputs(['-'], undefined, tmp.dir, stdin());
    expect(file?.file).toBe('<stdin>');
    expect(file?.items).toHaveLength(3);
  });
});

describe('streaming', () => {
  const inputs: [string, string][] = [
    ['ndjson', ndjson(events)],
    ['json-array', `${JSON.stringify(events.slice(0, 2), null, 2)}\n${JSON.stringify(events.slice(2))}`],
    ['concatenated', [envelope, envelope].map((e) => JSON.stringify(e, null, 2)).join('\n')],
    ['firehose-errors', ndjson(events.map((e) => errorRecord(b64(JSON.stringify(e)), 'Lambda.FunctionError')))],
  ];

  it.each(inputs)('reads %s the same whatever the chunk boundaries (chunks of 1, 7 and 4096 bytes)', async (format, text) => {
    const whole = await read(text);
    expect(whole.format).toBe(format);
    expect(whole.issues).toEqual([]);
    for (const size of [1, 7, 4096]) {
      const chunked = await read(text, undefined, size);
      expect(chunked.items).toEqual(whole.items);
      expect(chunked.format).toBe(format);
    }
    const zipped = await read(gzipSync(text), undefined, 5);
    expect(zipped.items).toEqual(whole.items);
  });

  it('keeps each event exactly as its input wrote it (key order, escapes, number spelling)', async () => {
    const line = '{"uuid":"u1","eventType":"user.session.start","published":"2024-01-01T00:00:00.000Z","n":1.50,"s":"\\u00e9"}';
    const [item] = (await read(`${line}\n`)).items;
    expect(item?.kind === 'event' && item.text).toBe(line);
  });

  it('reports a multi-byte character split across chunks correctly and a broken one as not_utf8', async () => {
    const text = ndjson([{ eventType: 'x', displayMessage: 'café ✓ 😀' }]);
    expect((await read(text, undefined, 1)).items).toHaveLength(1);
    const broken = Buffer.concat([Buffer.from(text), Buffer.from([0xc3])]);
    expect((await read(broken, undefined, 3)).issues).toEqual([{ file: 'in.json', reason: 'not_utf8', line: undefined }]);
  });
});
