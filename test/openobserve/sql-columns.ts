/**
 * Column references of a SQL statement, from the AST of DataFusion's own parser
 * (datafusion-sqlparser-rs compiled to WebAssembly; OpenObserve parses with its
 * PostgreSqlDialect, `src/search/src/sql/mod.rs`).
 */
import { init, parse } from '@guanmingchiu/sqlparser-ts';

export interface SqlNames {
  readonly tables: readonly string[];
  /** Every plain identifier used as a value: columns, or aliases defined in the SELECT list. */
  readonly identifiers: readonly string[];
  readonly aliases: readonly string[];
  readonly compound: readonly string[];
  readonly wildcard: boolean;
}

let ready: Promise<void> | undefined;
export const initParser = () => (ready ??= init());

type Node = unknown;

export function sqlNames(sql: string): SqlNames {
  const statements = parse(sql, 'postgresql') as unknown[];
  if (statements.length !== 1) throw new Error(`expected one statement, got ${statements.length}: ${sql}`);
  const tables: string[] = [];
  const identifiers: string[] = [];
  const aliases: string[] = [];
  const compound: string[] = [];
  let wildcard = false;

  const walk = (node: Node, key?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (node === null || typeof node !== 'object') {
      if (node === 'Wildcard' && key === 'projection') wildcard = true;
      return;
    }
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'Function') {
        // The function's own name is not a column; its arguments may be.
        const { name: _name, ...rest } = v as Record<string, unknown>;
        walk(rest, k);
      } else if (k === 'relation') {
        const table = (v as { Table?: { name: { Identifier: { value: string } }[] } }).Table;
        if (table === undefined) walk(v, k);
        else tables.push(table.name.map((p) => p.Identifier.value).join('.'));
      } else if (k === 'Identifier' && typeof (v as { value?: unknown }).value === 'string') {
        identifiers.push((v as { value: string }).value);
      } else if (k === 'CompoundIdentifier') {
        compound.push((v as { value: string }[]).map((p) => p.value).join('.'));
      } else if (k === 'ExprWithAlias' && key === 'projection') {
        const { expr, alias } = v as { expr: Node; alias: { value: string } };
        aliases.push(alias.value);
        walk(expr, k);
      } else if (k === 'Wildcard' || k === 'QualifiedWildcard') {
        if (key === 'projection') wildcard = true;
      } else {
        walk(v, k);
      }
    }
  };
  walk(statements[0]);
  return { tables, identifiers, aliases, compound, wildcard };
}
