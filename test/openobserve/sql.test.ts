import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_COLUMNS } from '../../shared/okta/columns.js';
import { buildContent } from '../../tools/openobserve/content.js';
import { readmeQueries } from './readme-queries.js';
import { initParser, sqlNames } from './sql-columns.js';

const STREAM = 'okta_audit_eu';
const content = buildContent(STREAM);
const CATALOGUED = new Set<string>(ALL_COLUMNS.map((c) => c.name));

const statements = [
  ...content.dashboards.flatMap(({ body }) =>
    body.tabs.flatMap((t) => t.panels.flatMap((p) => p.queries.map((q) => ({ where: `${body.title} / ${p.title}`, sql: q.query }))))),
  ...content.alerts.map(({ body }) => ({ where: `alert ${body.name}`, sql: body.query_condition.sql })),
];


describe('SQL of every panel and alert, parsed with DataFusion\'s parser', () => {
  beforeAll(initParser);

  it.each(statements)('$where: names only catalogued columns (or its own aliases) and the exported stream', ({ sql }) => {
    const names = sqlNames(sql);
    expect(names.tables).toEqual([STREAM]);
    expect(names.compound).toEqual([]);
    expect(names.wildcard).toBe(false);
    const unknown = names.identifiers.filter((i) => !CATALOGUED.has(i) && !names.aliases.includes(i));
    expect(unknown).toEqual([]);
  });

  it('finds a misspelt column and SELECT * (the check itself can fail)', () => {
    const names = sqlNames(`SELECT client_ipp AS ip, COUNT(*) AS n FROM "${STREAM}" GROUP BY ip`);
    expect(names.identifiers.filter((i) => !CATALOGUED.has(i) && !names.aliases.includes(i))).toEqual(['client_ipp']);
    expect(sqlNames(`SELECT * FROM "${STREAM}"`).wildcard).toBe(true);
  });

  it('the README example queries name only catalogued columns', () => {
    const queries = readmeQueries();
    expect(queries.length).toBe(6);
    for (const sql of queries) {
      const names = sqlNames(sql);
      expect(names.tables).toEqual(['okta_system_log']);
      expect(names.identifiers.filter((i) => !CATALOGUED.has(i) && !names.aliases.includes(i))).toEqual([]);
    }
  });
});
