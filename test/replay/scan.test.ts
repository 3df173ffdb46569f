import { describe, expect, it } from 'vitest';
import { scanLines } from '../../tools/replay/inputs/lines.js';
import { scanJson, scanWork, ValueScanner, type ScanItem } from '../../tools/replay/inputs/scan.js';

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

  it('keeps the exact text of each value', () => {
    expect([...scanJson('{"a" : 1.50}{"b":"\\u00e9"}')].map((i) => (i.ok ? i.text : i.reason))).toEqual(['{"a" : 1.50}', '{"b":"\\u00e9"}']);
  });

  it('ends an open value where a new one starts at its indentation, and reports only that one', () => {
    expect(summary(scanJson('{\n  "a": {\n    "b": 1\n{"c":3}\n'))).toEqual([
      { line: 1, error: 'truncated' },
      { line: 4, value: { c: 3 } },
    ]);
    // Nested values indented deeper are part of the value.
    expect(summary(scanJson('{\n  "a": {\n    "b": [\n      {"c": 1}\n    ]\n  }\n}\n'))).toEqual([{ line: 1, value: { a: { b: [{ c: 1 }] } } }]);
  });

  it('gives the same values whatever the chunk boundaries', () => {
    const text = '[\n  {"a":"x}"},\n  {"b":[1,2]}, 7\n]\n{"c":"cut\n{"d":4}  garbage\n';
    const whole = summary(scanJson(text, { unwrapArrays: true }));
    for (const size of [1, 2, 3, 5]) {
      const scanner = new ValueScanner({ unwrapArrays: true });
      const items: ScanItem[] = [];
      for (let i = 0; i < text.length; i += size) items.push(...scanner.push(text.slice(i, i + size)));
      items.push(...scanner.end());
      expect(summary(items)).toEqual(whole);
    }
  });

  it('reports a value longer than the cap as too_large without keeping it, and goes on', () => {
    const big = `{"a":"${'x'.repeat(100)}"}`;
    expect(summary(scanJson(`${big}\n{"b":1}`, { maxValueChars: 50 }))).toEqual([
      { line: 1, error: 'too_large' },
      { line: 2, value: { b: 1 } },
    ]);
  });

  it('reads NDJSON strictly line by line, tolerating CRLF and blank lines', () => {
    expect(summary(scanLines('{"a":1}\r\n\n{"b":\n{"c":3}\n'))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, error: 'not_json' },
      { line: 4, value: { c: 3 } },
    ]);
  });
});

describe('the JSON scanner on hostile input (issue 10, item 8)', () => {
  // Unclosed input used to cost a rescan to the end of the text per line: quadratic.
  // The scanners look at each character once: the work counted here is exactly the input length.
  it.each([
    ['an unclosed object on every line', '{"a":1,\n'.repeat(25_000)],
    ['one unclosed value, 200 KB', `{"a":[${'1,'.repeat(100_000)}`],
    ['unclosed strings on every line', '{"a":"x\n'.repeat(25_000)],
    ['open brackets only', '['.repeat(200_000)],
  ])('scans %s in linear work', (_name, text) => {
    const before = scanWork.chars;
    const items = [...scanJson(text)];
    expect(scanWork.chars - before).toBe(text.length);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => !i.ok)).toBe(true);
  });

  it('reads a line nested 50,000 deep as one value, and the lines after it', () => {
    const deep = `{"eventType":"x","debugContext":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const items = [...scanLines(`${deep}\n{"b":2}\n`)];
    expect(items.map((i) => i.ok)).toEqual([true, true]);
    expect(items[0]?.ok && items[0].text).toBe(deep);
  });
});
