import { describe, expect, it } from 'vitest';
import { parseOktaTime } from '../../shared/okta/time.js';

describe('parseOktaTime', () => {
  it.each([
    ['2023-05-30T14:17:58.126Z', Date.UTC(2023, 4, 30, 14, 17, 58, 126)],
    ['2009-11-10T23:00:00Z', Date.UTC(2009, 10, 10, 23, 0, 0)],
    ['2020-11-25 21:27:03.496000000', Date.UTC(2020, 10, 25, 21, 27, 3, 496)],
    ['2024-01-01T02:00:00+02:00', Date.UTC(2024, 0, 1, 0, 0, 0)],
    ['2024-01-01T00:00:00.5-0130', Date.UTC(2024, 0, 1, 1, 30, 0, 500)],
  ])('reads %s', (text, expected) => {
    expect(parseOktaTime(text)).toBe(expected);
  });

  it.each(['redacted', '', '2023-02-30T00:00:00Z', '2023-01-01T25:00:00Z', '1685456278126'])('rejects %j', (text) => {
    expect(parseOktaTime(text)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseOktaTime(1685456278126)).toBeUndefined();
    expect(parseOktaTime(null)).toBeUndefined();
  });
});
