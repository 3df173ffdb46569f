import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { README, renderCatalogue } from '../../scripts/catalogue.js';

describe('Column catalogue', () => {
  it('is in README.md exactly as generated from the code (run `npm run catalogue` after changing columns)', () => {
    expect(readFileSync(README, 'utf8')).toContain(renderCatalogue());
  });

  it('names each column once, in lowercase snake_case, and stays under 150 columns', () => {
    const names = ALL_COLUMNS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]+$/);
    expect(names.length).toBeLessThanOrEqual(150);
  });

  it('avoids keys OpenObserve treats specially (_id; the CloudWatch Logs envelope keys)', () => {
    const names = new Set<string>(ALL_COLUMNS.map((c) => c.name));
    for (const reserved of ['_id', 'messagetype', 'owner', 'loggroup', 'logstream', 'subscriptionfilters', 'logevents']) {
      expect(names.has(reserved)).toBe(false);
    }
  });
});
