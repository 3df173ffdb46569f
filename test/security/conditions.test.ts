/**
 * The rule language, operator by operator: every test is a predicate compiled
 * once from its JSON, evaluated on a row and (for `field`) the LogEvent.
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../shared/okta/columns.js';
import { compileCondition, compilePath, readsEvent } from '../../shared/security/conditions.js';
import { ConditionSchema, type Condition } from '../../shared/security/rules.js';
import { isSafePattern } from '../../shared/security/safe-regex.js';

const holds = (c: Condition, row: Row, event?: Record<string, unknown>) => {
  expect(ConditionSchema.safeParse(c).success, JSON.stringify(c)).toBe(true);
  return compileCondition(c)(event === undefined ? { row } : { row, event });
};

describe('column tests', () => {
  it.each<[string, Condition, Row, boolean]>([
    ['equals, same type', { column: 'security_is_proxy', equals: true }, { security_is_proxy: true }, true],
    ['equals, case-sensitive', { column: 'outcome_result', equals: 'FAILURE' }, { outcome_result: 'failure' }, false],
    ['oneOf', { column: 'outcome_result', oneOf: ['FAILURE', 'DENY'] }, { outcome_result: 'DENY' }, true],
    ['oneOf on an absent column', { column: 'outcome_result', oneOf: ['FAILURE'] }, {}, false],
    ['noneOf on an absent column', { column: 'outcome_result', noneOf: ['DENY'] }, {}, true],
    ['noneOf', { column: 'outcome_result', noneOf: ['DENY'] }, { outcome_result: 'DENY' }, false],
    ['contains, case-insensitive', { column: 'outcome_reason', contains: 'fastpass declined' }, { outcome_reason: 'FastPass declined phishing attempt' }, true],
    ['containsAny', { column: 'behaviors_positive', containsAny: ['New IP', 'Velocity'] }, { behaviors_positive: 'New Device,New IP' }, true],
    ['startsWith', { column: 'outcome_reason', startsWith: 'user reset' }, { outcome_reason: 'User reset SMS factor' }, true],
    ['endsWith', { column: 'actor_alternate_id', endsWith: '@EXAMPLE.com' }, { actor_alternate_id: 'a@example.com' }, true],
    ['endsWith, no', { column: 'actor_alternate_id', endsWith: '@example.com' }, { actor_alternate_id: 'a@example.com.evil' }, false],
    ['matches, case-sensitive', { column: 'client_user_agent', matches: '^python-requests/' }, { client_user_agent: 'Python-Requests/2.31' }, false],
    ['matches', { column: 'client_user_agent', matches: '^(?:curl|python-requests)/\\d' }, { client_user_agent: 'curl/8.5.0' }, true],
    ['matches a number column: no', { column: 'target_count', matches: '2' }, { target_count: 2 }, false],
    ['gt', { column: 'target_count', gt: 2 }, { target_count: 3 }, true],
    ['gt, equal', { column: 'target_count', gt: 3 }, { target_count: 3 }, false],
    ['gte', { column: 'target_count', gte: 3 }, { target_count: 3 }, true],
    ['lt', { column: 'security_as_number', lt: 100 }, { security_as_number: 64496 }, false],
    ['lte on a numeric string', { column: 'debug_request_id', lte: 10 }, { debug_request_id: '10' }, true],
    ['numeric on a non-numeric string', { column: 'debug_request_id', gte: 0 }, { debug_request_id: 'abc' }, false],
    ['present', { column: 'client_user_agent', present: true }, { client_user_agent: '' }, true],
    ['present: false', { column: 'client_user_agent', present: false }, {}, true],
    ['several operators: all must hold', { column: 'outcome_reason', startsWith: 'user', endsWith: 'factor' }, { outcome_reason: 'User reset SMS' }, false],
  ])('%s', (_label, condition, row, expected) => {
    expect(holds(condition, row)).toBe(expected);
  });
});

describe('field tests: members without a column, read from the event', () => {
  const event = {
    target: [
      { type: 'User', alternateId: 'a@example.com', changeDetails: { from: { level: 2 }, to: { level: 1 } } },
      { type: 'UserGroup', alternateId: 'admins', detailEntry: { tags: ['x', 'y'] } },
    ],
    authenticationContext: { authenticatorContext: { bindingMethod: 'LOOPBACK' } },
    debugContext: { debugData: { requestedScopes: 'okta.users.manage' } },
  };
  it.each<[string, Condition, boolean]>([
    ['any element of an array', { field: 'target[].type', equals: 'UserGroup' }, true],
    ['no element', { field: 'target[].type', equals: 'AppInstance' }, false],
    ['noneOf: no element in the list', { field: 'target[].type', noneOf: ['AppInstance'] }, true],
    ['noneOf: one element in the list', { field: 'target[].type', noneOf: ['User'] }, false],
    ['deep members', { field: 'target[].changeDetails.to.level', lt: 2 }, true],
    ['a list of strings', { field: 'target[].detailEntry.tags', oneOf: ['y'] }, true],
    ['authenticatorContext', { field: 'authenticationContext.authenticatorContext.bindingMethod', equals: 'LOOPBACK' }, true],
    ['a debugData key with no column', { field: 'debugContext.debugData.requestedScopes', contains: 'manage' }, true],
    ['absent', { field: 'debugContext.debugData.missing', present: false }, true],
    ['an object is not a value', { field: 'target[].changeDetails', present: true }, false],
  ])('%s', (_label, condition, expected) => {
    expect(holds(condition, {}, event)).toBe(expected);
  });

  it('reads own members only, never the prototype', () => {
    expect(compilePath('target[].constructor')({ target: [{}] })).toEqual([]);
    expect(compilePath('actor.toString')({ actor: {} })).toEqual([]);
  });

  it('sees nothing when only a row is given', () => {
    expect(holds({ field: 'target[].type', present: false }, { target_types: 'User' })).toBe(true);
  });

  it('is known to read the event, however deeply nested', () => {
    expect(readsEvent({ not: { anyOf: [{ column: 'uuid', present: true }, { allOf: [{ field: 'uuid', present: true }] }] } })).toBe(true);
    expect(readsEvent({ not: { column: 'uuid', present: true } })).toBe(false);
  });
});

describe('combinations', () => {
  const row: Row = { outcome_result: 'FAILURE', security_is_proxy: true };
  it.each<[string, Condition, boolean]>([
    ['not', { not: { column: 'outcome_result', equals: 'SUCCESS' } }, true],
    ['not not', { not: { not: { column: 'outcome_result', equals: 'SUCCESS' } } }, false],
    ['anyOf', { anyOf: [{ column: 'outcome_result', equals: 'SUCCESS' }, { column: 'security_is_proxy', equals: true }] }, true],
    ['anyOf, none', { anyOf: [{ column: 'outcome_result', equals: 'SUCCESS' }, { column: 'security_is_proxy', equals: false }] }, false],
    ['allOf', { allOf: [{ column: 'outcome_result', equals: 'FAILURE' }, { column: 'security_is_proxy', equals: true }] }, true],
    ['allOf, one fails', { allOf: [{ column: 'outcome_result', equals: 'FAILURE' }, { column: 'security_is_proxy', equals: false }] }, false],
  ])('%s', (_label, condition, expected) => {
    expect(holds(condition, row)).toBe(expected);
  });
});

describe('safe patterns', () => {
  it.each([
    '^python-requests/',
    '^(?:curl|wget|python-requests)/\\d+',
    '"(?:HIGH|CRITICAL)"',
    '^[^@\\s]+@[^@\\s]+$',
    '\\.example\\.com$',
    '^[A-Z]{2,3}-\\d{4}$',
    '(?<host>[a-z]+)\\.corp',
    '[(+*]',
  ])('accepts %s', (p) => expect(isSafePattern(p)).toBe(true));

  it.each([
    ['nested repetition', '^(a+)+$'],
    ['nested repetition, counted', '(\\d{1,5}){2,}'],
    ['alternation under repetition', '^(a|ab)*c$'],
    ['overlapping adjacent repetition', '\\d+\\d*x'],
    ['the same, through a group', '(?:\\d+)\\d*'],
    ['optional quantifiers repeated in a group', '^(?:a?a?)+$'],
    ['a chain of counted ranges', '^\\d{0,999}\\d{0,999}\\d{0,999}$'],
    ['two variable quantifiers, unanchored', 'a.*b.*c'],
    ['three variable quantifiers, anchored', '^a.*b.*c.*d'],
    ['a backreference', '(a)\\1'],
    ['a named backreference', '(?<x>a)\\k<x>'],
    ['a lookahead', 'a(?=b)'],
    ['a lookbehind', '(?<!a)b'],
    ['a huge count', 'a{5000}'],
    ['invalid syntax', '(['],
    ['an unbalanced group', 'a)'],
  ])('rejects %s', (_label, p) => expect(isSafePattern(p)).toBe(false));
});
