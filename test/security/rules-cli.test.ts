/**
 * `npm run rules -- test FILE`: a team's own rules file, with its own cases, run
 * through the shipped bundle; a failing case names the rule, the event and the
 * difference, and the exit status says whether all passed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invocationDir, main } from '../../tools/rules/cli.js';
import { loadRulesHandler } from '../../tools/rules/run.js';
import { REPO_ROOT } from '../helpers/samples.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-cli-'));
let n = 0;
function file(content: unknown): string {
  n += 1;
  const path = join(dir, `rules-${n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const VIP = {
  escalations: [{ id: 'vip_account', severity: 'high', category: 'privilege_admin', when: [{ field: 'target[].alternateId', oneOf: ['ceo@example.com'] }] }],
};
const resetOf = (who: string) => ({ eventType: 'user.account.reset_password', target: [{ type: 'User', alternateId: who }] });

describe('npm run rules -- test FILE', () => {
  it('runs a passing file: one PASS line per case, exit 0', async () => {
    const path = file({
      ...VIP,
      tests: [
        { name: 'a VIP reset is high', event: resetOf('ceo@example.com'), expect: { severity: 'high', tags: ['vip_account'] } },
        { name: 'anyone else keeps the base severity', event: resetOf('sam@example.com'), expect: { severity: 'low', category: 'account_security', tags: [] } },
      ],
    });
    const r = await run('test', path);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual(['PASS  a VIP reset is high', 'PASS  anyone else keeps the base severity', '2 passed, 0 failed, 2 cases', '']);
  });

  it('names the rule, the event and the difference of a failing case, exit 1', async () => {
    const path = file({
      ...VIP,
      tests: [
        { name: 'expects the VIP rule on the wrong user', event: resetOf('cfo@example.com'), expect: { severity: 'high', tagsInclude: ['vip_account'] } },
        { name: 'expects no proxy tag', event: { eventType: 'user.session.start', securityContext: { isProxy: true } }, expect: { tagsExclude: ['sign_in_via_proxy'] } },
      ],
    });
    const r = await run('test', path);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'FAIL  expects the VIP rule on the wrong user',
      '      event user.account.reset_password → account_security/low',
      '      severity: expected high, got low',
      '      rule vip_account did not match (tags [])',
      'FAIL  expects no proxy tag',
      '      event user.session.start → authentication/high tags anonymizing_proxy,sign_in_via_proxy',
      '      rule sign_in_via_proxy matched but should not have',
      '0 passed, 2 failed, 2 cases',
      '',
    ]);
  });

  it('runs the default rules\' own cases without FILE', async () => {
    const r = await run('test');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^default rules through .*index\.mjs\n/);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed, \d+ cases\n$/);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an invalid rule', { escalations: [{ id: 'x', severity: 'hgh', when: [{ column: 'event_type', equals: 'a' }] }] }, /escalations\.0\.severity/],
    ['an unsafe pattern', { escalations: [{ id: 'x', severity: 'high', when: [{ column: 'actor_alternate_id', matches: '(a|aa)+' }] }] }, /not a safe regular expression/],
    ['a malformed case', { tests: [{ name: 'x', event: { eventType: 'a' }, expect: { severity: 'urgent' } }] }, /tests\.0\.expect\.severity/],
  ])('refuses %s with exit 2 and a message naming the member', async (_label, content, message) => {
    const r = await run('test', file(content));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('refuses a missing file and an unknown command with exit 2', async () => {
    expect((await run('test', join(dir, 'absent.json'))).stderr).toMatch(/cannot read .*absent\.json \(ENOENT\)/);
    expect((await run('lint')).code).toBe(2);
  });
});

describe('npm run rules -- check FILE', () => {
  it('validates without running anything', async () => {
    const r = await run('check', file({ ...VIP, tests: [] }));
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/valid \(1 escalations, 0 event types, 0 test cases\)/) });
  });
});

describe('a relative FILE', () => {
  it('is read from the directory the command was started in (npm\'s INIT_CWD), not the package directory', async () => {
    const saved = process.env.INIT_CWD;
    const path = file({ ...VIP, tests: [{ name: 'a VIP reset is high', event: resetOf('ceo@example.com'), expect: { severity: 'high' } }] });
    try {
      process.env.INIT_CWD = dir;
      expect(await run('check', basename(path))).toMatchObject({ code: 0, stdout: `${basename(path)}: valid (1 escalations, 0 event types, 1 test cases)\n` });
      const r = await run('test', basename(path));
      expect(r.stdout.split('\n').slice(1)).toEqual(['PASS  a VIP reset is high', '1 passed, 0 failed, 1 cases', '']);
      expect(r.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
    expect(invocationDir({}, '/srv/team')).toBe('/srv/team');
    expect(invocationDir({ INIT_CWD: '/home/me/rules' }, '/srv/team')).toBe('/home/me/rules');
  });
});

describe('the handler a rules file is tested with', () => {
  it('gets the file as its only rules source through an explicit environment; this process\'s environment is never changed', async () => {
    const path = file({ ...VIP, tests: [] });
    const saved = { rules: process.env.SECURITY_RULES, file: process.env.SECURITY_RULES_FILE };
    process.env.SECURITY_RULES = '{"escalations":[]}';
    process.env.SECURITY_RULES_FILE = '/nonexistent/rules.json';
    const before = { ...process.env };
    try {
      const loading = loadRulesHandler(path);
      expect({ ...process.env }).toEqual(before); // not even while the worker starts
      const handler = await loading;
      await handler.close();
      expect(handler.env.SECURITY_RULES_FILE).toBe(path);
      expect(handler.env.SECURITY_RULES).toBeUndefined();
      const defaults = await loadRulesHandler(undefined, { SECURITY_RULES: '{"escalations":[]}', SECURITY_RULES_FILE: path, LOG_LEVEL: 'SILENT' });
      await defaults.close();
      expect([defaults.env.SECURITY_RULES, defaults.env.SECURITY_RULES_FILE]).toEqual([undefined, undefined]);
      expect({ ...process.env }).toEqual(before);
    } finally {
      for (const [key, value] of [['SECURITY_RULES', saved.rules], ['SECURITY_RULES_FILE', saved.file]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('the README example rules file', () => {
  it('is valid and its own cases pass', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Your own rules'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const r = await run('test', file(json ?? ''));
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(1)).toEqual(['PASS  a VIP password reset is high', 'PASS  curl from outside signs in at medium', '2 passed, 0 failed, 2 cases', '']);
    expect(r.code).toBe(0);
  });
});
