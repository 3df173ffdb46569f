/**
 * The Lambda bundle leaves out the column catalogue's prose (scripts/esbuild-strip-catalogue-text.mjs)
 * and keeps every column name. Reads the bundle `npm test` builds first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { REPO_ROOT } from '../helpers/samples.js';

const bundle = readFileSync(`${REPO_ROOT}/dist/okta-transform/index.mjs`, 'utf8');

describe('Lambda bundle', () => {
  it('names every column of the table', () => {
    expect(ALL_COLUMNS.filter((c) => !bundle.includes(`"${c.name}"`) && !c.name.startsWith('target_') && !c.name.startsWith('debug_'))).toEqual([]);
  });

  it('carries none of the catalogue prose (meanings, derived sources), which only the README needs', () => {
    const prose = ALL_COLUMNS.flatMap((c) => [c.meaning, ...(c.kind === 'derived' ? [c.source] : [])]).filter((t) => t.length > 24 && t.includes(' ')); // prose, not a bare path the code also names
    expect(prose.length).toBeGreaterThan(80);
    expect(prose.filter((t) => bundle.includes(JSON.stringify(t)))).toEqual([]);
  });
});
