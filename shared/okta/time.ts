/**
 * Okta timestamps. Okta writes ISO 8601 UTC with milliseconds
 * (`2023-05-30T14:17:58.126Z`); exports normalised by other tools use a space
 * and nanoseconds (`2020-11-25 21:27:03.496000000`), taken as UTC.
 */
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$/i;

/** Epoch milliseconds, or undefined when the value is not a timestamp we can read. */
export function parseOktaTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const month = Number(mo) - 1;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const base = Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(base);
  // Reject calendar overflow such as 2023-02-30 or 25:00.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h)) {
    return undefined;
  }
  if (zone.toUpperCase() === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return base - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
