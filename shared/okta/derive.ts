/**
 * Derived columns: the first target of each common type, debugData values worth
 * a column, Okta's risk and behaviour signals. Read-only over the event; driven
 * by the promotion tables in `columns.ts`.
 */
import { DEBUG_DATA_PROMOTIONS, TARGET_MEMBERS, TARGET_PROMOTIONS, setColumn, targetColumnName, type Row } from './columns.js';
import { securitySignals } from './debug-data.js';
import { readFlag } from './flatten.js';
import { isPlainObject } from '../json.js';

/** Per promoted target type, the members it promotes and their column names (built once, not per record). */
const COLUMNS_BY_TARGET_TYPE = new Map(
  TARGET_PROMOTIONS.map((p) => [p.type as string, TARGET_MEMBERS.map(({ key, suffix }) => ({ key, name: targetColumnName(p.prefix, suffix) }))]),
);

/** target_count, target_types and target_<type>_{id,alternate_id,display_name}. */
export function deriveTargets(target: unknown, row: Row): void {
  if (!Array.isArray(target)) return;
  row.target_count = target.length;
  // An array, not a Set: an event has a handful of targets.
  const types: string[] = [];
  for (const t of target) {
    if (!isPlainObject(t) || typeof t.type !== 'string') continue;
    if (types.includes(t.type)) continue;
    const columns = COLUMNS_BY_TARGET_TYPE.get(t.type);
    if (columns !== undefined) {
      for (const { key, name } of columns) {
        const value = t[key];
        if (typeof value === 'string') setColumn(row, name, value);
      }
    }
    types.push(t.type);
  }
  if (types.length > 0) row.target_types = types.join(',');
}

/** debug_* columns from debugContext.debugData. */
export function deriveDebugData(debugData: unknown, row: Row): void {
  if (!isPlainObject(debugData)) return;
  for (const { key, name, type } of DEBUG_DATA_PROMOTIONS) {
    const value = debugData[key];
    if (type === 'boolean') {
      // Okta writes "true"/"false"; a JSON boolean means the same.
      const flag = readFlag(value);
      if (flag !== undefined) setColumn(row, name, flag);
    } else if (typeof value === 'string') {
      setColumn(row, name, value);
    }
  }
  const signals = securitySignals(debugData);
  if (signals.behaviorsPositive !== undefined) row.behaviors_positive = signals.behaviorsPositive;
  if (signals.riskLevel !== undefined) row.risk_level = signals.riskLevel;
  if (signals.riskReasons !== undefined) row.risk_reasons = signals.riskReasons;
}

/** risk_level from the newer securityContext.risk object, when debugData had none. */
export function deriveSecurityContextRisk(securityContext: unknown, row: Row): void {
  if (row.risk_level !== undefined || !isPlainObject(securityContext) || !isPlainObject(securityContext.risk)) return;
  const level = securityContext.risk.level;
  if (typeof level === 'string') row.risk_level = level.toUpperCase();
}
