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

/** Epoch milliseconds, or undefined when the value is not a timestamp we can read. */
export function parseOktaTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
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
