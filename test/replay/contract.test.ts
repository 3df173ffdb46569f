import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../tools/replay/contract.js';
import { b64 } from './helpers.js';

const row = (o: Record<string, unknown>) => `{\t${JSON.stringify(o).slice(1)}\n`;
const okData = b64(row({ event_type: 'user.session.start', n: 1 }) + row({ event_type: 'user.session.end', ok: true }));
const ids = ['a', 'b', 'c'];
const good = () => ({
  records: [
    { recordId: 'a', result: 'Ok', data: okData },
    { recordId: 'b', result: 'Dropped', data: '' },
    { recordId: 'c', result: 'ProcessingFailed', data: '' },
  ],
});
const codes = (response: unknown, inputIds = ids) => checkResponse(inputIds, response).violations.map((v) => [v.code, v.recordId]);

describe('the Firehose response contract', () => {
  it('accepts one valid result per recordId, in order, and returns the parsed rows of Ok records', () => {
    const { violations, records } = checkResponse(ids, good());
    expect(violations).toEqual([]);
    expect(records.map((r) => r.result)).toEqual(['Ok', 'Dropped', 'ProcessingFailed']);
    expect(records[0]?.rows).toEqual([
      { event_type: 'user.session.start', n: 1 },
      { event_type: 'user.session.end', ok: true },
    ]);
  });

  it('catches a missing recordId', () => {
    const r = good();
    r.records.pop();
    expect(codes(r)).toEqual([['missing_record_id', 'c']]);
  });

  it('catches a duplicated recordId and one that was never sent', () => {
    const r = good();
    r.records[2] = { recordId: 'a', result: 'Dropped', data: '' };
    expect(codes(r)).toEqual([
      ['duplicate_record_id', 'a'],
      ['missing_record_id', 'c'],
    ]);
    const s = good();
    s.records[1] = { recordId: 'zzz', result: 'Dropped', data: '' };
    expect(codes(s)).toEqual([
      ['unexpected_record_id', 'zzz'],
      ['missing_record_id', 'b'],
    ]);
  });

  it('catches invalid base64 and missing data', () => {
    const r = good();
    r.records[0] = { recordId: 'a', result: 'Ok', data: 'not*base64' };
    r.records[1] = { recordId: 'b', result: 'Dropped', data: 'abc' };
    expect(codes(r)).toEqual([
      ['invalid_data', 'a'],
      ['invalid_data', 'b'],
    ]);
    expect(codes({ records: [{ recordId: 'a', result: 'Ok' }] }, ['a'])).toEqual([['invalid_data', 'a']]);
  });

  it('catches an unknown result, results out of order, and a response that is not one', () => {
    const r = good();
    r.records[1] = { recordId: 'b', result: 'Retry', data: '' };
    expect(codes(r)).toEqual([['invalid_result', 'b']]);
    const s = good();
    s.records.reverse();
    expect(codes(s)).toEqual([['out_of_order', undefined]]);
    expect(codes(undefined)).toEqual([['not_a_response', undefined]]);
    expect(codes({ records: 'x' })).toEqual([['not_a_response', undefined]]);
  });

  it('requires Ok data to be newline-terminated lines, each one flat JSON object', () => {
    const bad = [
      b64('{"a":1}'), // no trailing newline
      b64('{"a":1}\n\n'), // blank line: OpenObserve rejects the whole request
      b64('{"a":{"b":1}}\n'), // nested
      b64('[1]\n'), // not an object
      b64('{"a":1}\nnot json\n'),
      '', // Ok with nothing
      b64(Buffer.from([0xff, 0x0a])), // not UTF-8
    ];
    for (const data of bad) {
      expect(codes({ records: [{ recordId: 'a', result: 'Ok', data }] }, ['a'])).toEqual([['ok_not_rows', 'a']]);
    }
  });

  it('enforces the size limits: 1,024,000 bytes an Ok record, 6 MB a response', () => {
    const big = b64(row({ pad: 'x'.repeat(1_024_000) }));
    expect(codes({ records: [{ recordId: 'a', result: 'Ok', data: big }] }, ['a'])).toEqual([['ok_too_large', 'a']]);
    const limits = { maxResponseBytes: 100, maxRecordBytes: 1_024_000 };
    expect(checkResponse(ids, good(), limits).violations.map((v) => v.code)).toEqual(['response_too_large']);
  });
});
