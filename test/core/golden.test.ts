/**
 * Golden rows: every fixture under test/fixtures/okta/, through the shipped bundle
 * with a fixed clock, must give exactly the committed test/golden/ files. A change
 * to a column, a derivation or a rule fails here until `npm run golden` is run and
 * its diff reviewed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_NAMES } from '../../shared/okta/columns.js';
import { restore } from '../../shared/okta/restore.js';
import { FIXTURES_DIR, fixturePayloads, fixtureFiles, GOLDEN_DIR, goldenPath, REPO_ROOT, renderGolden } from '../../scripts/golden.js';

let rendered = new Map<string, string>();
beforeAll(async () => {
  rendered = await renderGolden();
});

const committed = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '(missing)');
const rowsOf = (text: string) => text.split('\n').filter((l) => l.startsWith('{\t')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('golden rows', () => {
  it.each(fixtureFiles().map((f) => [relative(FIXTURES_DIR, f), f]))('%s gives exactly its golden file', (_name, fixture) => {
    const path = goldenPath(fixture);
    const expected = committed(path);
    const actual = rendered.get(path);
    // One line per event, so a failure points at the first differing line.
    expect(actual?.split('\n'), `${relative(REPO_ROOT, path)} differs: run \`npm run golden\` and review the diff`).toEqual(expected.split('\n'));
    expect(actual?.split('\n').length).toBe(fixturePayloads(fixture).length + 1);
  });

  it('has no golden file without a fixture', () => {
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(dir, e.name)) : e.name.endsWith('.ndjson') ? [join(dir, e.name)] : []));
    expect(all(GOLDEN_DIR).filter((p) => !rendered.has(p)).map((p) => relative(REPO_ROOT, p))).toEqual([]);
  });

  it('gives every catalogued column a value in at least one row', () => {
    const seen = new Set([...rendered.values()].flatMap((t) => rowsOf(t).flatMap((r) => Object.keys(r))));
    expect(COLUMN_NAMES.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('restores every edge-case event and envelope exactly from its row', () => {
    for (const fixture of fixtureFiles().filter((f) => f.includes('/edge-cases/'))) {
      const payloads = fixturePayloads(fixture).map((p) => JSON.parse(p) as unknown);
      const rows = rowsOf(rendered.get(goldenPath(fixture)) ?? '');
      expect(rows.map((r) => restore(r))).toEqual(payloads);
    }
  });
});
