import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEAP_SECOND_DAYS, parseOktaTime, readTimestamp } from '../../shared/okta/time.js';

describe('parseOktaTime', () => {
  it.each([
    ['2023-05-30T14:17:58.126Z', Date.UTC(2023, 4, 30, 14, 17, 58, 126)],
    ['2009-11-10T23:00:00Z', Date.UTC(2009, 10, 10, 23, 0, 0)],
    ['2020-11-25 21:27:03.496000000', Date.UTC(2020, 10, 25, 21, 27, 3, 496)],
    ['2024-01-01T02:00:00+02:00', Date.UTC(2024, 0, 1, 0, 0, 0)],
    ['2024-01-01T00:00:00.5-0130', Date.UTC(2024, 0, 1, 1, 30, 0, 500)],
    ['2024-01-01T10:15:59.999Z', Date.UTC(2024, 0, 1, 10, 15, 59, 999)],
    ['2024-01-01T00:00:00+23:59', Date.UTC(2023, 11, 31, 0, 1, 0)],
    ['2024-01-01T00:00:00-23:59', Date.UTC(2024, 0, 1, 23, 59, 0)],
    ['2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12)],
  ])('reads %s', (text, expected) => {
    expect(parseOktaTime(text)).toBe(expected);
  });

  it.each([
    'redacted', '', '1685456278126',
    '2023-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2023-13-01T00:00:00Z', '2023-00-10T00:00:00Z',
    '2023-01-01T24:00:00Z', '2023-01-01T25:00:00Z',
    '2023-01-01T10:60:00Z', '2023-01-01T10:99:00Z',
    '2023-01-01T10:15:60Z', '2023-01-01T10:15:99Z', '2023-01-01T23:59:61Z',
    '2023-01-01T10:15:00+24:00', '2023-01-01T10:15:00+99:99', '2023-01-01T10:15:00-00:60',
    '0050-01-01T00:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseOktaTime(text)).toBeUndefined();
  });

  it('reads a real leap second as the last millisecond of its UTC day, and refuses one that never happened', () => {
    const endOf2016 = Date.UTC(2016, 11, 31, 23, 59, 59, 999);
    expect(parseOktaTime('2016-12-31T23:59:60Z')).toBe(endOf2016);
    expect(parseOktaTime('2016-12-31T23:59:60.500Z')).toBe(endOf2016);
    // The same instant written with an offset: 23:59:60 UTC is 00:59:60 at +01:00.
    expect(parseOktaTime('2017-01-01T00:59:60+01:00')).toBe(endOf2016);
    expect(parseOktaTime('2015-06-30T23:59:60Z')).toBe(Date.UTC(2015, 5, 30, 23, 59, 59, 999));
    // A leap second is always after 23:59 UTC, and only on the days IERS inserted one.
    expect(parseOktaTime('2016-12-31T22:59:60Z')).toBeUndefined();
    expect(parseOktaTime('2016-12-31T23:59:60+01:00')).toBeUndefined();
    expect(parseOktaTime('2023-12-31T23:59:60Z')).toBeUndefined();
    expect(parseOktaTime('2016-06-30T23:59:60Z')).toBeUndefined();
    expect(LEAP_SECOND_DAYS.size).toBe(27);
  });

  it('rejects non-strings', () => {
    expect(parseOktaTime(1685456278126)).toBeUndefined();
    expect(parseOktaTime(null)).toBeUndefined();
  });
});

describe('parseOktaTime, the form Okta writes read without the regular expression', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  /**
   * `YYYY-MM-DDTHH:MM:SS.mmmZ` and its export forms (a space, 0–10 fraction digits, no `Z`), with
   * every field drawn past its range too, and now and then one character replaced.
   */
  const isoLike = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }),
      fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 69 }), fc.integer({ min: 0, max: 69 }),
      fc.constantFrom('T', ' '), fc.option(fc.stringMatching(/^\d{0,10}$/), { freq: 4 }), fc.constantFrom('Z', ''),
      fc.option(fc.tuple(fc.nat(33), fc.constantFrom('a', ' ', 'Z', 'z', 't', '-', ':', '.', '9', '+')), { freq: 3 }),
    )
    .map(([y, mo, d, h, mi, s, separator, fraction, zone, change]) => {
      const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${separator}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction === null ? '' : `.${fraction}`}${zone}`;
      return change === null ? text : text.slice(0, change[0]) + change[1] + text.slice(change[0] + 1);
    });

  it('gives what the general reading gives, for every string of that length and shape', () => {
    fc.assert(fc.property(isoLike, (text) => parseOktaTime(text) === readTimestamp(text)), { numRuns: 3000 });
  });

  it.each(['2016-12-31T23:59:60.500Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '0099-12-31T00:00:00.000Z', '0100-03-01T00:00:00.000Z',
    '2022-03-22 14:21:53.225', '2021-11-01 21:22:28.54', '2020-11-25 21:27:03.496000000', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00.Z', '2024-05-01 12:00:00'])(
    'agrees on the edge %s',
    (text) => expect(parseOktaTime(text)).toBe(readTimestamp(text)),
  );
});
