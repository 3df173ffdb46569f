import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../shared/errors.js';
import { base64OfUtf8, decodeRecordData, encodeRowLine, isGzip, mayHoldLoneSurrogate, parseRecordText } from '../../shared/firehose/codec.js';
import { loadConfig } from '../../shared/config.js';
import { createTransformer } from '../../shared/transform.js';
import { serdeJsonError } from '../helpers/serde-json.js';

const MiB = 1024 * 1024;
const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof RecordError ? e.reason : 'other';
  }
  return undefined;
};

describe('decodeRecordData', () => {
  it('decodes base64 UTF-8 text', () => {
    expect(decodeRecordData(Buffer.from('{"a":"é"}').toString('base64'), MiB)).toBe('{"a":"é"}');
  });

  it('gunzips data that starts with the gzip magic bytes', () => {
    const data = gzipSync('{"eventType":"x"}').toString('base64');
    expect(decodeRecordData(data, MiB)).toBe('{"eventType":"x"}');
  });

  it('refuses a gzip bomb past the decompression cap', () => {
    const bomb = gzipSync(Buffer.alloc(4 * MiB, 0x20)).toString('base64');
    expect(reasonOf(() => decodeRecordData(bomb, MiB))).toBe('decompressed_too_large');
  });

  it('reports corrupt gzip, invalid base64, invalid UTF-8 and a missing data field by reason', () => {
    expect(reasonOf(() => decodeRecordData(Buffer.from([0x1f, 0x8b, 1, 2, 3]).toString('base64'), MiB))).toBe('gzip_error');
    expect(reasonOf(() => decodeRecordData('***', MiB))).toBe('invalid_base64');
    expect(reasonOf(() => decodeRecordData(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'), MiB))).toBe('invalid_utf8');
    expect(reasonOf(() => decodeRecordData(undefined, MiB))).toBe('missing_data');
  });

  it('takes strict standard base64 only: no URL-safe alphabet, no whitespace, no missing or inner padding', () => {
    const good = Buffer.from('{"a":"~~?>"}').toString('base64'); // "eyJhIjoifn4/PiJ9"
    expect(decodeRecordData(good, MiB)).toBe('{"a":"~~?>"}');
    for (const bad of [good.replace('/', '_'), good.replace('/', '-'), `${good.slice(0, 4)} ${good.slice(4)}`, `${good}\n`, 'eyJhIjoxfQ', 'eyJh=IjoxfQ==', 'eyJhIjoxfQ=']) {
      expect(reasonOf(() => decodeRecordData(bad, MiB)), bad).toBe('invalid_base64');
    }
  });

  it('decodes any bytes as strict UTF-8 would, ASCII or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 32 }).map((t) => new TextEncoder().encode(t))), (bytes) => {
        const data = Buffer.from(bytes).toString('base64');
        let expected: string;
        try {
          expected = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          expected = 'invalid_utf8';
        }
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) return; // gzip, above
        const got = reasonOf(() => decodeRecordData(data, MiB)) ?? decodeRecordData(data, MiB);
        expect(got).toBe(expected);
      }),
    );
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeRecordData(Buffer.from('\uFEFF{}').toString('base64'), MiB)).toBe('{}');
  });

  it('detects gzip by its magic number only', () => {
    expect(isGzip(String.fromCharCode(0x1f, 0x8b, 8))).toBe(true);
    expect(isGzip(String.fromCharCode(0x7b, 0x22))).toBe(false);
    expect(isGzip(String.fromCharCode(0x1f))).toBe(false);
  });
});

describe('parseRecordText', () => {
  it('reads one document, even pretty-printed', () => {
    expect(parseRecordText('{\n  "a": 1\n}')).toEqual([{ line: 1, value: { a: 1 }, exact: false }]);
  });

  it('reads NDJSON with CRLF and blank lines, numbering lines from 1', () => {
    expect(parseRecordText('{"a":1}\r\n\r\n{"b":2}\n')).toEqual([
      { line: 1, value: { a: 1 }, exact: false },
      { line: 3, value: { b: 2 }, exact: false },
    ]);
  });

  it('reads a line again, keeping numbers as written, only when it holds a number JavaScript cannot hold exactly', () => {
    const [ordinary, inexact] = parseRecordText('{"n":123456789012345678901,"s":"2024-01-01T00:00:00.000Z"}\n{"n":1.5,"lat":-0.1278,"s":"12345678901234567890"}\n');
    expect(ordinary?.exact).toBe(true);
    const value = ordinary?.value as { n: symbol; s: string };
    expect(typeof value.n).toBe('symbol');
    expect(value.n.description).toBe('123456789012345678901');
    expect(value.s).toBe('2024-01-01T00:00:00.000Z');
    expect(inexact).toEqual({ line: 2, value: { n: 1.5, lat: -0.1278, s: '12345678901234567890' }, exact: false });
  });

  it('names the line that is not JSON', () => {
    let error: unknown;
    try {
      parseRecordText('{"a":1}\n{oops\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).line).toBe(2);
  });

  it('returns nothing for blank text', () => {
    expect(parseRecordText(' \n\t ')).toEqual([]);
  });
});

describe('encodeRowLine', () => {
  it('writes one compact JSON line that starts with "{<TAB>" so OpenObserve never reads it as protobuf', () => {
    const line = encodeRowLine({ a: 1, b: 'x' });
    expect(line).toBe('{\t"a":1,"b":"x"}\n');
    expect(JSON.parse(line)).toEqual({ a: 1, b: 'x' });
    expect(line.split('\n')).toHaveLength(2);
  });

  it('replaces unpaired surrogates with U+FFFD, so that serde_json (OpenObserve) accepts the line', () => {
    const row = { a: 'Login from \ud83d', b: '\ude00x\ud83d\ude00', c: 'escaped \\ud83d stays', d: 1 };
    const line = encodeRowLine(row);
    expect(line).toBe('{\t"a":"Login from \ufffd","b":"\ufffdx\ud83d\ude00","c":"escaped \\\\ud83d stays","d":1}\n');
    expect(serdeJsonError(line.slice(0, -1))).toBeUndefined();
    expect(serdeJsonError(`{\t${JSON.stringify({ a: 'Login from \ud83d' }).slice(1)}`)).toBe('unexpected end of hex escape at character 26');
  });
});

describe('encoding a row without the surrogate pass', () => {
  it('is taken only for text without a \\u escape, the one way strict UTF-8 text can spell an unpaired surrogate', () => {
    expect(mayHoldLoneSurrogate('{"a":"Login from é 😀"}')).toBe(false);
    expect(mayHoldLoneSurrogate('{"a":"Login from \\ud83d"}')).toBe(true);
    expect(mayHoldLoneSurrogate('{"a":"\\u00e9"}')).toBe(true);
  });

  it('gives the same line as the checked encoding for any event text the relay can decode that has no \\u escape', () => {
    const transformer = createTransformer(loadConfig({}));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (name, extra) => {
        const text = JSON.stringify({ uuid: 'u', published: '2024-05-01T12:00:00.000Z', eventType: 'user.session.start', actor: { displayName: name }, [extra]: name });
        if (mayHoldLoneSurrogate(text)) return;
        const row = transformer.transformEvent(JSON.parse(text), 1, Date.UTC(2024, 4, 1)) as Record<string, unknown>;
        const unchecked = encodeRowLine({ ...row }, false);
        expect(unchecked).toBe(encodeRowLine({ ...row }, true));
        expect(serdeJsonError(unchecked.slice(0, -1))).toBeUndefined();
      }),
    );
  });
});

describe('base64OfUtf8', () => {
  it('is the base64 of the UTF-8 bytes, ASCII (btoa) or not (Buffer)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'grapheme' })), (text) => {
        expect(base64OfUtf8(text, Buffer.byteLength(text, 'utf8'))).toBe(Buffer.from(text, 'utf8').toString('base64'));
      }),
    );
  });
});

describe('base64 validation', () => {
  it.each(['YQ', 'YQ=', 'Y Q==', 'YQ==\n', 'Y=Q=', 'YQ==YQ==', 'Y$Q='])('rejects %j', (data) => {
    expect(reasonOf(() => decodeRecordData(data, MiB))).toBe('invalid_base64');
  });

  it.each([['', ''], ['YQ==', 'a'], ['YWI=', 'ab'], ['YWJj', 'abc']])('accepts %j', (data, text) => {
    expect(decodeRecordData(data, MiB)).toBe(text);
  });
});
