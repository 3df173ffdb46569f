/**
 * Okta timestamps. Okta writes ISO 8601 UTC with milliseconds
 * (`2023-05-30T14:17:58.126Z`); exports normalised by other tools use a space
 * and nanoseconds (`2020-11-25 21:27:03.496000000`), taken as UTC. An offset
 * (`+02:00`, `-0130`) is applied.
 *
 * Strict: month 01–12, a day of that month, hour 00–23, minute 00–59, second
 * 00–59, offset up to ±23:59. Second 60 is read only where a leap second really
 * was inserted (23:59:60 UTC on the dates below); epoch milliseconds have no leap
 * seconds, so the whole leap second maps to the last millisecond of its UTC day
 * (23:59:59.999): the event stays in its day and before the midnight after it.
 * Anything else is `undefined`, and the caller falls back (to the EventBridge time).
 */
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$/i;

/** UTC days (YYYY-MM-DD) that ended with a leap second, from IERS Bulletin C (none announced after 2016). */
export const LEAP_SECOND_DAYS: ReadonlySet<string> = new Set(
  `1972-06-30 1972-12-31 1973-12-31 1974-12-31 1975-12-31 1976-12-31 1977-12-31
   1978-12-31 1979-12-31 1981-06-30 1982-06-30 1983-06-30 1985-06-30 1987-12-31
   1989-12-31 1990-12-31 1992-06-30 1993-06-30 1994-06-30 1995-12-31 1997-06-30
   1998-12-31 2005-12-31 2008-12-31 2012-06-30 2015-06-30 2016-12-31`.split(/\s+/),
);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The zone's offset from UTC in minutes, or undefined when it is not a real offset (hours ≤ 23, minutes ≤ 59). */
function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** The value of the digit at `i`, or -1 when it is not a digit. */
const digitAt = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};
/** The number the digits from `i` to `end` (exclusive) spell, or -1 when one is not a digit. */
function digits(text: string, i: number, end: number): number {
  let n = 0;
  for (; i < end; i += 1) {
    const d = digitAt(text, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The fraction's first three digits as milliseconds (`.5` is 500), from `i` to `end`; -1 when one is not a digit. */
function fractionMs(text: string, i: number, end: number): number {
  const n = Math.min(end, i + 3) - i;
  const ms = digits(text, i, i + n);
  return ms < 0 || digits(text, i + n, end) < 0 ? -1 : ms * (n === 1 ? 100 : n === 2 ? 10 : 1);
}

/**
 * The forms Okta and the tools normalising its exports write, UTC with or without
 * `Z`: `YYYY-MM-DDTHH:MM:SS.mmmZ`, `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`, with any number
 * of fraction digits or none. Read without the regular expression or a Date
 * object: the same value {@link readTimestamp} gives, or undefined for anything
 * else (which then takes the general reading: an offset, a comma, a lower-case
 * `t` or `z`, a leap second, an impossible date, a year before 100, which Date.UTC
 * reads as 19xx).
 */
function isoMillisUtc(value: string): number | undefined {
  const separator = value.charCodeAt(10);
  if (value.length < 19 || (separator !== 84 /* T */ && separator !== 32 /* space */)) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined;
  const end = value.charCodeAt(value.length - 1) === 90 /* Z */ ? value.length - 1 : value.length;
  if (end < 19) return undefined;
  let ms = 0;
  if (end > 19 && (value.charCodeAt(19) !== 46 /* . */ || end === 20 || (ms = fractionMs(value, 20, end)) < 0)) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7) - 1;
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  if (year < 100 || month < 0 || month > 11 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const days = month === 1 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] as number);
  if (day > days) return undefined;
  return Date.UTC(year, month, day, hour, minute, 0, 0) + second * 1000 + ms;
}

/** Epoch milliseconds, or undefined when the value is not a timestamp we can read. */
export function parseOktaTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return isoMillisUtc(value) ?? readTimestamp(value);
}

/** {@link parseOktaTime}'s general reading (the regular expression), for every accepted form; exported for the tests. */
export function readTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const month = Number(mo) - 1;
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  const offset = offsetMinutes(zone);
  if (offset === undefined || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  // Seconds are added after the calendar check, so a leap second cannot roll the date.
  const base = Date.UTC(Number(y), month, Number(d), hour, minute, 0, 0);
  const check = new Date(base);
  // Reject calendar overflow such as 2023-02-30.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== month || check.getUTCDate() !== Number(d)) return undefined;
  const utc = base - offset * MINUTE_MS;
  if (second < 60) return utc + second * 1000 + ms;
  // A leap second: only 23:59:60 UTC on a day that had one.
  const utcMinuteOfDay = (((utc % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS;
  const day = new Date(utc).toISOString().slice(0, 10);
  if (utcMinuteOfDay !== 23 * 60 + 59 || !LEAP_SECOND_DAYS.has(day)) return undefined;
  return utc + 59_999;
}
