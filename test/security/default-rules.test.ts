/**
 * The default rules' own test cases (shared/security/default-rules.tests.json),
 * run through the shipped bundle as `npm run rules -- test` runs them: every case
 * passes, and every default escalation has a case that fires it and a near miss
 * that does not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATIONS } from '../../shared/security/escalations.js';
import { DEFAULT_TESTS } from '../../tools/rules/cli.js';
import { loadRulesHandler, readRulesFile, runCases, type CaseResult } from '../../tools/rules/run.js';

const { tests = [] } = readRulesFile(DEFAULT_TESTS);
let results: CaseResult[] = [];

beforeAll(async () => {
  results = await runCases(await loadRulesHandler(undefined), tests);
});

describe('default rules, through the bundle', () => {
  it('pass every one of their own cases', () => {
    expect(results.filter((r) => !r.pass).map((r) => `${r.name}: ${r.differences.join('; ')}`)).toEqual([]);
    expect(results).toHaveLength(tests.length);
  });

  it.each(DEFAULT_ESCALATIONS.map((e) => [e.id]))('%s has a firing case and a near miss that names it', (id) => {
    const firing = tests.filter((t) => t.expect.tagsInclude?.includes(id) || t.expect.tags?.includes(id));
    const nearMiss = tests.filter((t) => t.expect.tagsExclude?.includes(id));
    expect(firing.length, `${id}: firing cases`).toBeGreaterThan(0);
    expect(nearMiss.length, `${id}: near-miss cases`).toBeGreaterThan(0);
    // A near miss is only a near miss if it is the same kind of event as a firing case.
    const firingTypes = new Set(firing.map((t) => t.event.eventType));
    expect(nearMiss.some((t) => firingTypes.has(t.event.eventType)), `${id}: a near miss of a firing event type`).toBe(true);
  });

  it('every firing case pins a severity, so an escalation set to another level fails', () => {
    const loose = tests.filter(
      (t) => (t.expect.tagsInclude !== undefined || t.expect.tags !== undefined) && t.expect.severity === undefined && t.expect.security_relevant !== false,
    );
    expect(loose.map((t) => t.name)).toEqual([]);
  });
});
