import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

describe('Configuration', () => {
  it('has defaults under OpenObserve and Firehose limits', () => {
    const c = loadConfig({});
    expect(c.maxEventAgeMs).toBe(4.5 * 3600 * 1000);
    expect(c.maxOutputRecordBytes).toBe(1_024_000);
    expect(c.responseBudgetBytes).toBe(6_000_000);
    expect(c.dropEventTypes).toEqual([]);
  });

  it.each([
    ['MAX_EVENT_AGE_SECONDS', 'abc'],
    ['MAX_EVENT_AGE_SECONDS', '10'],
    ['MAX_OUTPUT_RECORD_BYTES', '-5'],
    ['RESPONSE_BUDGET_BYTES', '7000000'],
    ['LOG_LEVEL', 'LOUD'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid configuration: ${name}`));
  });

  it('refuses a response budget that cannot carry the largest record, naming both variables and the limits that would work', () => {
    const message =
      'Invalid configuration: MAX_OUTPUT_RECORD_BYTES (1024000) does not fit RESPONSE_BUDGET_BYTES (100000): ' +
      'such a record needs 1365908 bytes of response; lower MAX_OUTPUT_RECORD_BYTES to 74571 or raise RESPONSE_BUDGET_BYTES to 1365908';
    expect(() => loadConfig({ RESPONSE_BUDGET_BYTES: '100000' })).toThrow(new ConfigError(message));
    expect(() => loadConfig({ RESPONSE_BUDGET_BYTES: '1000000', MAX_OUTPUT_RECORD_BYTES: '6000000' })).toThrow(
      /MAX_OUTPUT_RECORD_BYTES \(6000000\) does not fit RESPONSE_BUDGET_BYTES \(1000000\)/,
    );
    // The limits the message names are exact: the one it suggests is accepted, one byte more is not.
    expect(loadConfig({ RESPONSE_BUDGET_BYTES: '100000', MAX_OUTPUT_RECORD_BYTES: '74571' }).maxOutputRecordBytes).toBe(74_571);
    expect(() => loadConfig({ RESPONSE_BUDGET_BYTES: '100000', MAX_OUTPUT_RECORD_BYTES: '74572' })).toThrow(ConfigError);
    expect(loadConfig({ RESPONSE_BUDGET_BYTES: '1365908' }).responseBudgetBytes).toBe(1_365_908);
    expect(() => loadConfig({ RESPONSE_BUDGET_BYTES: '1365907' })).toThrow(ConfigError);
  });

  it('reads rules from SECURITY_RULES_FILE, and refuses both rule sources at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ eventTypes: { 'a.b': { category: 'x', severity: 'low' } } }));
    expect(loadConfig({ SECURITY_RULES_FILE: file }).rules.eventTypes.get('a.b')).toEqual({ category: 'x', severity: 'low' });
    expect(() => loadConfig({ SECURITY_RULES_FILE: join(dir, 'missing.json') })).toThrow(/SECURITY_RULES_FILE: cannot read/);
    expect(() => loadConfig({ SECURITY_RULES_FILE: file, SECURITY_RULES: '{}' })).toThrow(/not both/);
  });

  it('fails the cold start of the bundle with the variable named', async () => {
    const { execFileSync } = await import('node:child_process');
    let stderr = '';
    try {
      execFileSync(process.execPath, ['-e', "import('./dist/okta-transform/index.mjs')"], {
        env: { ...process.env, MAX_EVENT_AGE_SECONDS: 'soon' },
        stdio: 'pipe',
      });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    // The error's name (what Lambda reports as errorType) and the message naming the variable.
    expect(stderr).toMatch(/ConfigError\]?: Invalid configuration: MAX_EVENT_AGE_SECONDS/);
  });

  it('fails the cold start of the bundle when the budget cannot carry the largest record', async () => {
    const { execFileSync } = await import('node:child_process');
    let stderr = '';
    try {
      execFileSync(process.execPath, ['-e', "import('./dist/okta-transform/index.mjs')"], {
        env: { ...process.env, RESPONSE_BUDGET_BYTES: '100000' },
        stdio: 'pipe',
      });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(stderr).toMatch(/ConfigError\]?: Invalid configuration: MAX_OUTPUT_RECORD_BYTES \(1024000\) does not fit RESPONSE_BUDGET_BYTES \(100000\)/);
  });
});
