/**
 * The Lambda bundle stays within its 100 KB budget: it leaves out the column catalogue's
 * prose (scripts/esbuild-strip-catalogue-text.mjs), carries the event-type table in a
 * compact form (scripts/esbuild-compact-event-types.mjs) and keeps every column name.
 * Reads the bundle `npm test` builds first.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEventTypes, encodeEventTypes } from '../../scripts/event-types-codec.mjs';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import EVENT_TYPES from '../../shared/security/event-types.json' with { type: 'json' };
import { REPO_ROOT } from '../helpers/samples.js';

const BUNDLE = `${REPO_ROOT}/dist/okta-transform/index.mjs`;
const bundle = readFileSync(BUNDLE, 'utf8');

describe('Lambda bundle', () => {
  it('is at most 100,000 bytes minified (the 100 KB budget)', () => {
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(100_000);
  });

  it('names every column of the table', () => {
    expect(ALL_COLUMNS.filter((c) => !bundle.includes(`"${c.name}"`) && !c.name.startsWith('target_') && !c.name.startsWith('debug_'))).toEqual([]);
  });

  it('carries none of the catalogue prose (meanings, derived sources), which only the README needs', () => {
    const prose = ALL_COLUMNS.flatMap((c) => [c.meaning, ...(c.kind === 'derived' ? [c.source] : [])]).filter((t) => t.length > 24 && t.includes(' ')); // prose, not a bare path the code also names
    expect(prose.length).toBeGreaterThan(80);
    expect(prose.filter((t) => bundle.includes(JSON.stringify(t)))).toEqual([]);
  });

  it('carries the event-type table in its compact form, not as the JSON object', () => {
    const entries = Object.values(EVENT_TYPES).flatMap((rows) => Object.entries(rows));
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.filter(([type, rule]) => bundle.includes(`${JSON.stringify(type)}:${JSON.stringify(rule)}`))).toEqual([]);
    // esbuild may write the text as a template literal, so each line is looked for on its own.
    const lines = encodeEventTypes(EVENT_TYPES).split('\n');
    expect(lines.filter((line) => !bundle.includes(line))).toEqual([]);
  });
});

describe('compact event-type form', () => {
  it('decodes to exactly the shipped table, in the same order', () => {
    const decoded = decodeEventTypes(encodeEventTypes(EVENT_TYPES));
    expect(decoded).toEqual(EVENT_TYPES);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(EVENT_TYPES));
  });

  it('keeps empty ATT&CK lists, long shared prefixes and every severity', () => {
    const table = {
      a: { 'x.y': ['info', ''] as [string, string], 'x.y.z': ['critical', 'T1078,T1078.004'] as [string, string] },
      b: { [`p.${'q'.repeat(90)}.r`]: ['low', ''] as [string, string], [`p.${'q'.repeat(90)}.s`]: ['medium', 'T1110'] as [string, string], 'p.t': ['high', 'T1110'] as [string, string] },
    };
    expect(decodeEventTypes(encodeEventTypes(table))).toEqual(table);
  });

  it('refuses what the form cannot carry', () => {
    expect(() => encodeEventTypes({ a: { 'x y': ['info', ''] } })).toThrow('cannot encode x y');
    expect(() => encodeEventTypes({ a: { 'x.y': ['severe', ''] } })).toThrow('cannot encode x.y');
  });
});
