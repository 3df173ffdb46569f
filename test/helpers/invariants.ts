/** The Firehose contract and row invariants every response must meet. */
import type { FirehoseTransformationResult } from 'aws-lambda';
import { expect } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { parseLikeSerdeJson } from './serde-json.js';

const TYPES = new Map<string, string>(ALL_COLUMNS.map((c) => [c.name, c.type]));
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One result per input recordId, in order; Ok data is newline-terminated flat rows of catalogued keys that serde_json accepts. */
export function expectFirehoseContract(recordIds: readonly string[], result: FirehoseTransformationResult): Record<string, unknown>[][] {
  expect(result.records.map((r) => r.recordId)).toEqual(recordIds);
  return result.records.map((r) => {
    expect(['Ok', 'Dropped', 'ProcessingFailed']).toContain(r.result);
    expect(typeof r.data).toBe('string');
    expect(r.data).toMatch(BASE64);
    if (r.result !== 'Ok') return [];
    const text = Buffer.from(r.data as string, 'base64').toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    return text
      .slice(0, -1)
      .split('\n')
      .map((line) => {
        const row = parseLikeSerdeJson(line) as Record<string, unknown>; // as OpenObserve reads it
        expect(typeof row === 'object' && row !== null && !Array.isArray(row)).toBe(true);
        for (const [key, value] of Object.entries(row)) {
          expect(key).toMatch(/^[a-z0-9_]+$/);
          expect(typeof value).toBe(TYPES.get(key));
        }
        return row;
      });
  });
}
