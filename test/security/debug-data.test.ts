/**
 * Okta's behaviour and risk signals in every form exports write them: map text,
 * JSON text, objects and arrays, under `behaviors`/`risk` or `logOnlySecurityData`.
 */
import { describe, expect, it } from 'vitest';
import { readOktaMap, securitySignals } from '../../shared/okta/debug-data.js';

describe('readOktaMap', () => {
  it.each<[string, unknown, [string, string][] | undefined]>([
    ['map text', '{New Device=POSITIVE, New IP=NEGATIVE}', [['New Device', 'POSITIVE'], ['New IP', 'NEGATIVE']]],
    ['an object', { 'New Device': 'POSITIVE', level: 3 }, [['New Device', 'POSITIVE']]],
    ['an object with a list of strings', { reasons: ['A', 'B'] }, [['reasons', 'A, B']]],
    ['an array of {name, result}', [{ name: 'New Geo-Location', result: 'POSITIVE' }, { id: 'x' }], [['New Geo-Location', 'POSITIVE']]],
    ['an array of key=value strings', ['New Device=POSITIVE', 'Velocity=NEGATIVE'], [['New Device', 'POSITIVE'], ['Velocity', 'NEGATIVE']]],
    ['a number', 3, undefined],
  ])('reads %s', (_label, value, expected) => {
    const map = readOktaMap(value);
    expect(map === undefined ? undefined : [...map]).toEqual(expected);
  });
});

describe('securitySignals', () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['map text', { behaviors: '{New Device=POSITIVE, New IP=POSITIVE}', risk: '{level=high, reasons=A, B}' }, { behaviorsPositive: 'New Device,New IP', riskLevel: 'HIGH', riskReasons: 'A, B' }],
    ['logOnlySecurityData as JSON text', { logOnlySecurityData: '{"behaviors":{"New City":"POSITIVE"},"risk":{"level":"MEDIUM"}}' }, { behaviorsPositive: 'New City', riskLevel: 'MEDIUM' }],
    ['logOnlySecurityData as an object with arrays', { logOnlySecurityData: { behaviors: [{ name: 'New IP', result: 'POSITIVE' }], risk: { level: 'LOW', reasons: ['X'] } } }, { behaviorsPositive: 'New IP', riskLevel: 'LOW', riskReasons: 'X' }],
    ['behaviors wins over logOnlySecurityData', { behaviors: { 'New Device': 'POSITIVE' }, logOnlySecurityData: '{"behaviors":{"New IP":"POSITIVE"}}' }, { behaviorsPositive: 'New Device' }],
    ['logOnlySecurityData that is not JSON', { logOnlySecurityData: '{not json' }, {}],
    ['nothing POSITIVE', { behaviors: '{New Device=NEGATIVE}', risk: '{level=}' }, {}],
  ])('from %s', (_label, debugData, expected) => {
    expect(securitySignals(debugData)).toEqual(expected);
  });
});
