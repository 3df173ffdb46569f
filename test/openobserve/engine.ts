/**
 * An embedded SQL engine standing in for OpenObserve's search: DuckDB, with a
 * table typed exactly as the stream definition (the schema `install` creates)
 * and rows loaded as OpenObserve stores them:
 * - `_timestamp` in microseconds (OpenObserve converts the relay's epoch ms);
 * - a row without `_timestamp` (the relay's `ingest_delayed`) stamped with the
 *   arrival time, as OpenObserve does.
 * OpenObserve applies the search (or alert period) time range outside the SQL,
 * so here the stream's quoted name in FROM is replaced by the stored rows of
 * that range (`"stream"` → `(SELECT * FROM stored WHERE ...) AS "stream"`); for
 * many ranges at once (the scheduler's evaluations over a day) the range comes
 * from a correlated row of a VALUES list, one statement for all of them.
 *
 * Shims for OpenObserve-only SQL functions, as DuckDB macros:
 * - `histogram(_timestamp[, interval])`: OpenObserve's time bucket. With one
 *   argument OpenObserve picks the interval from the time range; here 5 minutes.
 * - `str_match(field, text)`: case-sensitive substring match (not used by the
 *   shipped content, defined so ad-hoc queries from the docs run too).
 * DataFusion and DuckDB differ elsewhere; the shipped SQL keeps to functions both have.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Row } from '../../shared/okta/flatten.js';
import type { LibraryAlert } from '../../tools/openobserve/content.js';
import type { StreamField } from '../../tools/openobserve/stream.js';

const SQL_TYPE = { Utf8: 'VARCHAR', Int64: 'BIGINT', Float64: 'DOUBLE', Boolean: 'BOOLEAN' } as const;

export interface Engine {
  readonly load: (rows: readonly Row[], arrivalMs: number) => Promise<void>;
  /** Run `sql` with the stream restricted to [startMs, endMs). */
  readonly query: (sql: string, range?: { startMs: number; endMs: number }) => Promise<Record<string, unknown>[]>;
  /** The row count of `sql` over each range, in one statement (a correlated subquery per range). */
  readonly countOver: (sql: string, ranges: readonly { startMs: number; endMs: number }[]) => Promise<number[]>;
  readonly close: () => void;
}

export async function createEngine(stream: string, fields: readonly { name: string; type: StreamField['type'] | string }[]): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const db: DuckDBConnection = await instance.connect();
  const columns = fields.map((f) => {
    const type = SQL_TYPE[f.type as keyof typeof SQL_TYPE];
    if (type === undefined) throw new Error(`no DuckDB type for ${f.name}: ${f.type}`);
    return { name: f.name, type };
  });
  await db.run(`CREATE TABLE stored (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
  await db.run(`CREATE MACRO histogram(ts) AS time_bucket(INTERVAL 5 MINUTE, make_timestamp(ts)), (ts, iv) AS time_bucket(CAST(iv AS INTERVAL), make_timestamp(ts))`);
  await db.run(`CREATE MACRO str_match(field, text) AS contains(field, text)`);

  await db.run('SET threads = 1');
  const quoted = `"${stream}"`;
  const inRange = (sql: string, range?: { startMs: number; endMs: number }) => {
    if (!sql.includes(quoted)) throw new Error(`query does not name the stream ${quoted}: ${sql}`);
    const where = range === undefined ? '' : ` WHERE _timestamp >= ${range.startMs * 1000} AND _timestamp < ${range.endMs * 1000}`;
    return sql.replaceAll(quoted, `(SELECT * FROM stored${where}) AS ${quoted}`);
  };

  return {
    async load(rows, arrivalMs) {
      const appender = await db.createAppender('stored');
      for (const row of rows) {
        for (const { name, type } of columns) {
          const value = name === '_timestamp' ? (row._timestamp ?? arrivalMs) : (row as Readonly<Record<string, string | number | boolean | undefined>>)[name];
          if (value === undefined) appender.appendNull();
          else if (name === '_timestamp') appender.appendBigInt(BigInt(value as number) * 1000n);
          else if (type === 'VARCHAR') appender.appendVarchar(String(value));
          else if (type === 'BIGINT') appender.appendBigInt(BigInt(value as number));
          else if (type === 'DOUBLE') appender.appendDouble(value as number);
          else appender.appendBoolean(value as boolean);
        }
        appender.endRow();
      }
      appender.closeSync();
    },
    async query(sql, range) {
      const reader = await db.runAndReadAll(inRange(sql, range));
      // JSON numbers, as OpenObserve's search answers (BIGINT counts come back as bigint).
      return reader.getRowObjectsJS().map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v])),
      );
    },
    async countOver(sql, ranges) {
      if (!sql.includes(quoted)) throw new Error(`query does not name the stream ${quoted}: ${sql}`);
      if (ranges.length === 0) return [];
      const windows = ranges.map((r, i) => `(${i}, ${r.startMs * 1000}, ${r.endMs * 1000})`).join(', ');
      const scoped = sql.replaceAll(quoted, `(SELECT * FROM stored WHERE _timestamp >= w.start_us AND _timestamp < w.end_us) AS ${quoted}`);
      const reader = await db.runAndReadAll(
        `SELECT w.i, (SELECT COUNT(*) FROM (${scoped}) AS q) AS n FROM (VALUES ${windows}) AS w(i, start_us, end_us) ORDER BY w.i`,
      );
      return reader.getRowObjectsJS().map((row) => Number(row.n));
    },
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

const COMPARE = {
  '=': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
} as const;

export interface Evaluation {
  readonly fired: boolean;
  readonly rows: Record<string, unknown>[];
}

/**
 * A scheduled count-based SQL alert as OpenObserve evaluates it
 * (`QueryCondition::evaluate_scheduled`): the query over [end - period, end),
 * then the number of result rows compared with the threshold under the operator.
 */
export async function evaluateAlert(engine: Engine, alert: LibraryAlert, endMs: number): Promise<Evaluation> {
  const rows = await engine.query(alert.query_condition.sql, periodEndingAt(alert, endMs));
  return { fired: fires(alert, rows.length), rows };
}

export const periodEndingAt = (alert: LibraryAlert, endMs: number) => ({ startMs: endMs - alert.trigger_condition.period * 60_000, endMs });

/** The threshold comparison of a count-based alert. */
export function fires(alert: LibraryAlert, rowCount: number): boolean {
  const { operator, threshold } = alert.trigger_condition;
  const compare = COMPARE[operator as keyof typeof COMPARE];
  if (compare === undefined) throw new Error(`operator ${operator} is not a count comparison`);
  return compare(rowCount, threshold);
}
