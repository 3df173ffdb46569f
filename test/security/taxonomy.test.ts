/**
 * The event-type table is data with a source: it is rebuilt from the taxonomy kept
 * in the repository and must equal the committed files, it passes the same zod
 * schema the function applies at cold start, and every row names its public rules.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import EVENT_TYPES from '../../shared/security/event-types.json' with { type: 'json' };
import SOURCES from '../../shared/security/event-types.sources.json' with { type: 'json' };
import { DefaultEventTypesSchema, EventTypeSourcesSchema } from '../../shared/security/rules.js';
import { REPO_ROOT } from '../helpers/samples.js';

type Row = { category: string; severity: string; attack: string[] };
const TAXONOMY = JSON.parse(readFileSync(`${REPO_ROOT}/scripts/taxonomy/okta-security-taxonomy.json`, 'utf8')) as Record<string, { sources: string[] }>;
const issuesOf = (table: unknown) => {
  const r = DefaultEventTypesSchema.safeParse(table);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const mutated = (type: string, change: Partial<Row>) => ({ ...EVENT_TYPES, [type]: { ...(EVENT_TYPES as Record<string, Row>)[type], ...change } });

describe('event-type table', () => {
  it('is exactly what scripts/import-taxonomy.mjs builds from the taxonomy in the repository', () => {
    expect(() => execFileSync(process.execPath, ['scripts/import-taxonomy.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('passes the schema the function applies at cold start', () => {
    expect(issuesOf(EVENT_TYPES)).toEqual([]);
    expect(Object.keys(EVENT_TYPES)).toHaveLength(Object.keys(TAXONOMY).length);
  });

  it.each([
    ['a misspelt severity', mutated('user.session.start', { severity: 'hgh' }), /user\.session\.start\.severity/],
    ['a category outside the taxonomy', mutated('user.session.start', { category: 'authentification' }), /user\.session\.start\.category/],
    ['a malformed ATT&CK id', mutated('user.session.start', { attack: ['T1078', 'T10784'] }), /user\.session\.start\.attack\.1: a MITRE ATT&CK technique id/],
    ['a row without attack', { ...EVENT_TYPES, 'user.session.start': { category: 'authentication', severity: 'info' } }, /user\.session\.start\.attack/],
  ])('rejects %s', (_label, table, message) => {
    expect(issuesOf(table).join('\n')).toMatch(message);
  });

  it('keeps, for every row, the public rules it comes from', () => {
    expect(EventTypeSourcesSchema.safeParse(SOURCES).success).toBe(true);
    expect(Object.keys(SOURCES)).toEqual(Object.keys(EVENT_TYPES));
    for (const [type, from] of Object.entries(SOURCES)) expect(from, type).toEqual(TAXONOMY[type]?.sources);
  });
});
