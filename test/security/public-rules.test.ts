/**
 * Severity agreement with public detection rules, run as single events through
 * the shipped bundle: per source, at least 95 % of the rules' cases get a severity
 * within one level of the rule's own (in either direction). The cases that differ
 * by more are pinned below with the reason we chose to differ, so a new one fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../shared/security/rules.js';
import type { RuleTest } from '../../tools/rules/schema.js';
import { loadRulesHandler, runCases } from '../../tools/rules/run.js';
import { REPO_ROOT } from '../helpers/samples.js';
import { PUBLIC_CASES } from './public-rules.js';

interface TaxonomyRow {
  basis: string;
  escalations: { condition: string; severity: string | null; source: string }[];
  [member: string]: unknown;
}
const TAXONOMY = JSON.parse(readFileSync(`${REPO_ROOT}/scripts/taxonomy/okta-security-taxonomy.json`, 'utf8')) as Record<string, TaxonomyRow>;
const REFERENCE = `${REPO_ROOT}/../shared/reference/okta-security-taxonomy.json`;
const SOURCES = ['sigma', 'panther', 'elastic', 'okta'] as const;
type Source = (typeof SOURCES)[number];
const level = (s: string): number => SEVERITIES.indexOf((s === 'informational' ? 'info' : s) as (typeof SEVERITIES)[number]);

interface Measured {
  readonly source: Source;
  readonly rule: string;
  readonly eventType: string;
  readonly theirs: string;
  ours?: string;
}

/** One case per source level in `basis` ("median(Sigma medium, Panther info, Elastic medium)"): the bare event type. */
const bareCases = (): { measured: Measured; event: Record<string, unknown> }[] =>
  Object.entries(TAXONOMY).flatMap(([eventType, row]) =>
    row.basis.startsWith('median(')
      ? [...row.basis.matchAll(/(Sigma|Panther|Elastic) (\w+)/g)].map(([, src, lvl]) => ({
          measured: { source: (src as string).toLowerCase() as Source, rule: `${(src as string).toLowerCase()}:${eventType} (event type alone)`, eventType, theirs: lvl === 'informational' ? 'info' : (lvl as string) },
          event: { eventType },
        }))
      : [],
  );

/** A conditional case's level, from the taxonomy's §2.2 row for its rule (and condition), or §2.4 as given. */
function conditionalCases(): { measured: Measured; event: Record<string, unknown> }[] {
  return PUBLIC_CASES.map((c) => {
    const eventType = String(c.event.eventType);
    const source = c.rule.slice(0, c.rule.indexOf(':')) as Source;
    let theirs = c.severity as string | undefined;
    if (theirs === undefined) {
      const rows = (TAXONOMY[eventType]?.escalations ?? []).filter(
        (e) => e.source.startsWith(c.rule) && e.severity !== null && (c.condition === undefined || e.condition.includes(c.condition)),
      );
      if (rows.length !== 1) throw new Error(`${c.rule} on ${eventType}: ${rows.length} taxonomy rows match (want 1)`);
      theirs = rows[0]?.severity as string;
    }
    return { measured: { source, rule: c.rule, eventType, theirs }, event: c.event };
  });
}

/**
 * Where we differ from a public rule by two levels or more, and why. Key: `rule | eventType`.
 */
const CHOSEN_DIFFERENCES: Record<string, string> = {
  'panther:system.api_token.create (event type alone) | system.api_token.create':
    'Panther Okta.APIKeyCreated is an Info signal; Sigma (Okta API Token Created) and Elastic (Attempt to Create Okta API Token) rate it medium, and a new API token is a persistence path: we keep the median, medium.',
  'panther:user.account.privilege.grant (event type alone) | user.account.privilege.grant':
    'Panther Okta.AdminRoleAssigned is Info unless the role is Super administrator (then HIGH, which we match); Sigma and Elastic rate any admin role grant medium: we keep the median, medium.',
};

let measured: Measured[] = [];
beforeAll(async () => {
  const cases = [...bareCases(), ...conditionalCases()];
  const tests: RuleTest[] = cases.map((c) => ({ name: c.measured.rule, event: c.event, expect: {} }));
  const results = await runCases(await loadRulesHandler(undefined), tests);
  measured = cases.map((c, i) => ({ ...c.measured, ...(results[i]?.got.severity !== undefined && { ours: results[i]?.got.severity }) }));
});

describe('agreement with public single-event rules', () => {
  it('uses the taxonomy kept in the repository, the same as the research note where that is present', () => {
    if (!existsSync(REFERENCE)) return;
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const [type, row] of Object.entries(TAXONOMY)) {
      expect(Object.fromEntries(Object.keys(row).map((k) => [k, reference[type]?.[k]])), type).toEqual(row);
    }
    expect(Object.keys(TAXONOMY).sort()).toEqual(Object.keys(reference).sort());
  });

  it('tags every public rule case security-relevant', () => {
    expect(measured.filter((m) => m.ours === undefined).map((m) => `${m.rule} | ${m.eventType}`)).toEqual([]);
  });

  it('differs by two levels or more only where we chose to, and says why', () => {
    const far = measured.filter((m) => Math.abs(level(m.ours ?? 'none') - level(m.theirs)) >= 2);
    expect(Object.fromEntries(far.map((m) => [`${m.rule} | ${m.eventType}`, `${m.theirs} → ${m.ours}`]))).toEqual(
      Object.fromEntries(Object.keys(CHOSEN_DIFFERENCES).map((k) => [k, expect.any(String)])),
    );
  });

  it.each(SOURCES.map((s) => [s]))('%s: agrees within one level for at least 95 percent of its cases', (source) => {
    const mine = measured.filter((m) => m.source === source);
    const within = mine.filter((m) => Math.abs(level(m.ours ?? 'none') - level(m.theirs)) <= 1);
    expect(mine.length).toBeGreaterThan(0);
    expect(within.length / mine.length, `${source}: ${within.length}/${mine.length}`).toBeGreaterThanOrEqual(0.95);
    const exact = mine.filter((m) => m.ours === m.theirs).length;
    if (process.env.AGREEMENT_REPORT) console.log(`${source}: ${within.length}/${mine.length} within one level, ${exact} exact`);
  });
});
