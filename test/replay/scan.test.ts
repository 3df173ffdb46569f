import { describe, expect, it } from 'vitest';
import { matchEnd, scanJson, scanLines, type ScanItem } from '../../tools/replay/inputs/scan.js';

const summary = (items: Iterable<ScanItem>) => [...items].map((i) => (i.ok ? { line: i.line, value: i.value } : { line: i.line, error: i.reason }));

describe('the JSON scanner', () => {
  it('splits objects concatenated with no separator, as Firehose writes S3 objects', () => {
    expect(summary(scanJson('{"a":1}{"b":"}{"}{"c":[1,{"d":2}]}'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 1, value: { b: '}{' } },
      { line: 1, value: { c: [1, { d: 2 }] } },
    ]);
  });

  it('reads pretty-printed objects and reports the line each starts on', () => {
    expect(summary(scanJson('{\n  "a": 1\n}\n\n{\n  "b": "x\\"y"\n}\n'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 5, value: { b: 'x"y' } },
    ]);
  });

  it('reads the elements of top-level arrays when asked, page after page', () => {
    const text = '[\n  {"a":1},\n  {"b":2}\n]\n[{"c":3}]';
    expect(summary(scanJson(text, { unwrapArrays: true }))).toEqual([
      { line: 2, value: { a: 1 } },
      { line: 3, value: { b: 2 } },
      { line: 5, value: { c: 3 } },
    ]);
    expect(summary(scanJson('[]', { unwrapArrays: true }))).toEqual([]);
  });

  it('reports a malformed object and goes on with the next one', () => {
    expect(summary(scanJson('{"a":1}\n{"b":,}\n{"c":3}\n'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: 'not_json' },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('reports a truncated line (a string cut by a newline) and resumes on the next line', () => {
    expect(summary(scanJson('{"a":"cut\n{"b":2}\n'))).toEqual([
      { line: 1, error: 'truncated' },
      { line: 2, value: { b: 2 } },
    ]);
    expect(summary(scanJson('{"a":1\n{"b":2}\n{"c":3}'))).toEqual([
      { line: 1, error: 'truncated' },
      { line: 2, value: { b: 2 } },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('reports garbage and scalars by line, without their content', () => {
    expect(summary(scanJson('{"a":1}\nhello world\n42\n{"b":2}'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: 'not_json' },
      { line: 3, error: 'not_an_object' },
      { line: 4, value: { b: 2 } },
    ]);
    expect(summary(scanJson('[{"a":1}, 7, {"b":2}]', { unwrapArrays: true }))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 1, error: 'not_an_object' },
      { line: 1, value: { b: 2 } },
    ]);
  });

  it('finds the closing bracket, or -1 when the value never closes', () => {
    expect(matchEnd('{"a":"}"}', 0)).toBe(8);
    expect(matchEnd('{"a":[1,2]', 0)).toBe(-1);
  });

  it('reads NDJSON strictly line by line, tolerating CRLF and blank lines', () => {
    expect(summary(scanLines('{"a":1}\r\n\n{"b":\n{"c":3}\n'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, error: 'not_json' },
      { line: 4, value: { c: 3 } },
    ]);
  });
});
