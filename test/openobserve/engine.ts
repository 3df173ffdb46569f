/**
 * An embedded SQL engine standing in for OpenObserve's search: DuckDB, with a
 * table typed exactly as the stream definition (the schema `install` creates)
 * and rows loaded as OpenObserve stores them:
 * - `_timestamp` in microseconds (OpenObserve converts the relay's epoch ms);
 * - a row without `_timestamp` (the relay's `ingest_delayed`) stamped with the
 *   arrival time, as OpenObserve does.
 * OpenObserve applies the search (or alert period) time range outside the SQL,
 * so here the stream's quoted name in FROM is replaced by the stored rows of
 * that range (`"stream"` → `(SELECT * FROM stored WHERE ...) AS "stream"`).
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
  /** A statement prepared once and run over many time ranges (the scheduler's evaluations): its row count per range. */
  readonly prepareCount: (sql: string) => Promise<(range: { startMs: number; endMs: number }) => Promise<number>>;
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
          const value = name === '_timestamp' ? (row._timestamp ?? arrivalMs) : row[name];
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
    async prepareCount(sql) {
      if (!sql.includes(quoted)) throw new Error(`query does not name the stream ${quoted}: ${sql}`);
      const statement = await db.prepare(
        `SELECT COUNT(*) AS n FROM (${sql.replaceAll(quoted, `(SELECT * FROM stored WHERE _timestamp >= $1 AND _timestamp < $2) AS ${quoted}`)}) AS q`,
      );
      return async ({ startMs, endMs }) => {
        statement.bindBigInt(1, BigInt(startMs) * 1000n);
        statement.bindBigInt(2, BigInt(endMs) * 1000n);
        const reader = await statement.runAndReadAll();
        return Number(reader.getRowObjectsJS()[0]!.n);
      };
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
