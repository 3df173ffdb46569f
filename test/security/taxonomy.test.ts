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
import { DefaultEventTypesSchema, eventTypeRules, EventTypeSourcesSchema } from '../../shared/security/rules.js';
import { REPO_ROOT } from '../helpers/samples.js';

type Table = Record<string, Record<string, unknown>>;
const TAXONOMY = JSON.parse(readFileSync(`${REPO_ROOT}/scripts/taxonomy/okta-security-taxonomy.json`, 'utf8')) as Record<string, { sources: string[] }>;
const issuesOf = (table: unknown) => {
  const r = DefaultEventTypesSchema.safeParse(table);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
/** The shipped table with one row of one category replaced (or a row added under another category). */
const mutated = (category: string, type: string, row: unknown): Table => {
  const table = structuredClone(EVENT_TYPES) as Table;
  table[category] = { ...table[category], [type]: row };
  return table;
};
// safeParse: a broken table fails the tests below one by one rather than this file at load.
const shipped = DefaultEventTypesSchema.safeParse(EVENT_TYPES);
const TYPES = shipped.success ? Object.keys(eventTypeRules(shipped.data)) : [];

describe('event-type table', () => {
  it('is exactly what scripts/import-taxonomy.mjs builds from the taxonomy in the repository', () => {
    expect(() => execFileSync(process.execPath, ['scripts/import-taxonomy.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('passes the schema the function applies at cold start', () => {
    expect(issuesOf(EVENT_TYPES)).toEqual([]);
    expect(TYPES.sort()).toEqual(Object.keys(TAXONOMY).sort());
  });

  it.each([
    ['a misspelt severity', mutated('authentication', 'user.session.start', ['hgh', 'T1078']), /authentication\.user\.session\.start: \[severity/],
    ['a category outside the taxonomy', mutated('authentification', 'user.session.start', ['info', '']), /Invalid input/],
    ['a malformed ATT&CK id', mutated('authentication', 'user.session.start', ['info', 'T1078,T10784']), /user\.session\.start: \[severity, "ATT&CK technique ids/],
    ['a row without ATT&CK ids', mutated('authentication', 'user.session.start', ['info']), /user\.session\.start/],
    ['an event type that is not one', mutated('authentication', 'user session start', ['info', '']), /authentication\.user session start: Invalid input/],
  ])('rejects %s', (_label, table, message) => {
    expect(issuesOf(table).join('\n')).toMatch(message);
  });

  it('refuses an event type listed under two categories', () => {
    const table = DefaultEventTypesSchema.parse(mutated('mfa', 'user.session.start', ['info', '']));
    expect(() => eventTypeRules(table)).toThrow(/user\.session\.start: listed under two categories/);
  });

  it('keeps, for every row, the public rules it comes from', () => {
    expect(EventTypeSourcesSchema.safeParse(SOURCES).success).toBe(true);
    expect(Object.keys(SOURCES).sort()).toEqual(TYPES.sort());
    for (const [type, from] of Object.entries(SOURCES)) expect(from, type).toEqual(TAXONOMY[type]?.sources);
  });
});
