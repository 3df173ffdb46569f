/**
 * Derived columns: the first target of each common type, debugData values worth
 * a column, Okta's risk and behaviour signals. Read-only over the event; driven
 * by the promotion tables in `columns.ts`.
 */
import { DEBUG_DATA_PROMOTIONS, TARGET_MEMBERS, TARGET_PROMOTIONS, setColumn, targetColumnName, type Row } from './columns.js';
import { securitySignals } from './debug-data.js';
import { isPlainObject } from '../json.js';

const PREFIX_BY_TARGET_TYPE = new Map<string, (typeof TARGET_PROMOTIONS)[number]['prefix']>(TARGET_PROMOTIONS.map((p) => [p.type, p.prefix]));

/** target_count, target_types and target_<type>_{id,alternate_id,display_name}. */
export function deriveTargets(target: unknown, row: Row): void {
  if (!Array.isArray(target)) return;
  row.target_count = target.length;
  const types = new Set<string>();
  for (const t of target) {
    if (!isPlainObject(t) || typeof t.type !== 'string') continue;
    const prefix = PREFIX_BY_TARGET_TYPE.get(t.type);
    if (prefix !== undefined && !types.has(t.type)) {
      for (const { key, suffix } of TARGET_MEMBERS) {
        const value = t[key];
        if (typeof value === 'string') setColumn(row, targetColumnName(prefix, suffix), value);
      }
    }
    types.add(t.type);
  }
  if (types.size > 0) row.target_types = [...types].join(',');
}

/** debug_* columns from debugContext.debugData. */
export function deriveDebugData(debugData: unknown, row: Row): void {
  if (!isPlainObject(debugData)) return;
  for (const { key, name, type } of DEBUG_DATA_PROMOTIONS) {
    const value = debugData[key];
    if (type === 'boolean') {
      // Okta writes "true"/"false"; a JSON boolean means the same.
      const flag = typeof value === 'string' ? value.trim().toLowerCase() : value;
      if (flag === true || flag === 'true') setColumn(row, name, true);
      else if (flag === false || flag === 'false') setColumn(row, name, false);
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
