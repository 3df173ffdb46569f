/**
 * The column table is the type of the row: these lines must not compile. Each
 * `@ts-expect-error` fails `tsc --noEmit` (part of `npm test`) if the line it
 * guards ever type-checks, e.g. if `Row` went back to an open string record.
 */
import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, setColumn, type ColumnName, type Row } from '../../shared/okta/columns.js';
import type { ColumnTest } from '../../shared/security/rules.js';

describe('typed column table', () => {
  it('rejects misspelt columns and values of the wrong type at compile time', () => {
    const row: Row = {};
    // @ts-expect-error: a misspelt column
    row.client_contry = 'Germany';
    // @ts-expect-error: target_count is a number column
    row.target_count = '3';
    // @ts-expect-error: security_is_proxy is a boolean column
    row.security_is_proxy = 'true';
    // @ts-expect-error: not a column
    setColumn(row, 'actor_email', 'a@example.com');
    // @ts-expect-error: a condition on a misspelt column
    const condition: ColumnTest = { column: 'outcome_reslt', equals: 'FAILURE' };
    row.client_country = 'Germany';
    expect(row).toEqual({ client_country: 'Germany', client_contry: 'Germany', target_count: '3', security_is_proxy: 'true', actor_email: 'a@example.com' });
    expect(condition.column).toBe('outcome_reslt');
  });

  it('lists every column name once, in catalogue order', () => {
    const names: readonly ColumnName[] = COLUMN_NAMES;
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual(['uuid', 'published', 'event_type']);
  });
});
