/**
 * The line check of the OpenObserve fake follows serde_json (1.0.150, src/read.rs
 * and src/de.rs), which is stricter than JSON.parse: these cases pin each rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLikeSerdeJson, SerdeJsonError, serdeJsonError } from '../helpers/serde-json.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('serde_json line check', () => {
  it.each([
    ['{}'],
    ['{\t"a":1}'],
    [' [1, -0, 0.5, 1e5, 1E-5, 2.5e+3, true, false, null] \r\n'],
    ['{"a":"\\ud83d\\ude00"}'],
    ['{"a":"😀 ü \\u00fc \\" \\\\ \\/ \\b \\f \\n \\r \\t"}'],
    ['{"\\ud83d\\ude00":"key with an escaped pair"}'],
    ['{"a":"\\uDBFF\\uDFFF"}'],
    ['{"a":"\\\\ud83d"}'],
    ['"\u007f"'],
    ['12345678901234567890123'],
    ['1e-400'],
    [nested(127)],
    ['{"a":{"b":[{"c":"d"}]},"a":2}'],
  ])('accepts %j, as JSON.parse does', (line) => {
    expect(serdeJsonError(line)).toBeUndefined();
    expect(parseLikeSerdeJson(line)).toEqual(JSON.parse(line));
  });

  it.each([
    ['{"a":"\\ud83d"}', 'unexpected end of hex escape'],
    ['{"a":"Login from \\ud83d and more"}', 'unexpected end of hex escape'],
    ['{"a":"\\ud83d\\n"}', 'unexpected end of hex escape'],
    ['{"a":"\\ude00"}', 'lone leading surrogate in hex escape'],
    ['{"a":"\\ud83d\\ud83d"}', 'lone leading surrogate in hex escape'],
    ['{"a":"\\ud83d\\u0041"}', 'lone leading surrogate in hex escape'],
    ['{"\\ud83d":1}', 'unexpected end of hex escape'],
    ['{"a":1e400}', 'number out of range'],
    ['[-1e400]', 'number out of range'],
    [nested(128), 'recursion limit exceeded'],
    [`{"a":${nested(127)}}`, 'recursion limit exceeded'],
  ])('refuses %j, which JSON.parse accepts: %s', (line, reason) => {
    expect(() => JSON.parse(line)).not.toThrow();
    expect(serdeJsonError(line)).toMatch(new RegExp(`^${reason.replace(/[()\\]/g, '\\$&')} at character \\d+$`));
    expect(() => parseLikeSerdeJson(line)).toThrow(SerdeJsonError);
  });

  it('refuses a raw unpaired surrogate, which has no UTF-8 encoding', () => {
    expect(serdeJsonError('{"a":"\ud83d"}')).toMatch(/^invalid unicode code point/);
    expect(serdeJsonError('{"a":"\ude00\ud83d"}')).toMatch(/^invalid unicode code point/);
  });

  it('keeps 1e400 under the arbitrary_precision feature', () => {
    expect(serdeJsonError('{"a":1e400}', { arbitraryPrecision: true })).toBeUndefined();
  });

  it.each([
    '', ' ', '{', '{"a"}', '{"a":}', '{"a":1,}', '[1,]', '[1 2]', '01', '1.', '.5', '-', '1e', '+1', 'NaN', 'Infinity',
    'tru', 'nul', "{'a':1}", '{"a":1}x', '{"a":1} {}', '"\u0001"', '"\\x41"', '"\\DFFF"', '"\\u12"', '"abc', '\ufeff{}', '{"a":1}\u00a0',
  ])('refuses %j, as JSON.parse does', (line) => {
    expect(() => JSON.parse(line)).toThrow();
    expect(serdeJsonError(line)).toBeDefined();
  });
});

describe('serde_json line check, on generated JSON', () => {
  const wellFormed = fc.jsonValue({ maxDepth: 4 }).filter((v) => (JSON.stringify(v) ?? '').isWellFormed() && !/\\ud[89a-f]/i.test(JSON.stringify(v) ?? ''));

  it('accepts whatever JSON.stringify writes from well-formed strings and finite numbers, reading it as JSON.parse does', () => {
    fc.assert(
      fc.property(wellFormed, (value) => {
        const line = JSON.stringify(value) ?? 'null';
        expect(serdeJsonError(line)).toBeUndefined();
        expect(parseLikeSerdeJson(line)).toEqual(JSON.parse(line));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any string or key holding an unpaired surrogate, wherever it stands', () => {
    const half = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), half, fc.string({ maxLength: 4 }), fc.boolean(), (before, h, after, asKey) => {
        const text = `${before}${h}${after}`;
        fc.pre(!text.isWellFormed());
        const line = JSON.stringify(asKey ? { [text]: 1 } : { a: [text] });
        expect(() => JSON.parse(line)).not.toThrow();
        expect(serdeJsonError(line)).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});
