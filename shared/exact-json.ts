/**
 * JSON numbers JavaScript cannot hold exactly, kept as written.
 *
 * `JSON.parse` turns `1e400` into Infinity (written back as `null`),
 * `12345678901234567890` into 12345678901234567000, `-0` into a zero written
 * back as `0`. A number literal is *exact* when `JSON.stringify(JSON.parse(literal))`
 * denotes the same decimal value (`0.1`, `1.0`, `1E2` and 2^60 are; those three
 * are not); any other is read as a `symbol` whose description is the literal.
 * Nothing in the relay reads a symbol as a string, number or object, so such a
 * value is only carried along: {@link stringifyExact} writes it back verbatim.
 *
 * Cost on ordinary input is one regular-expression test ({@link mayHoldInexactNumber}):
 * a literal with at most 15 significant digits and an exponent under 100 is always
 * exact (IEEE 754 doubles carry 15 decimal digits over that whole range), so an
 * inexact one has 16 or more digits, a three-digit exponent, or is a negative zero;
 * the test finds every such number token (and a few strings that look like one).
 * Only then is the text parsed a second time, here, the same way on Node 20 and 22
 * (Node 22's reviver `context.source` would do it too, but Node 20 runs the tests and the replay).
 */
import { isPlainObject } from './json.js';

/**
 * A number token (after `:`, `,` or `[`) with 16 or more digit-or-dot characters,
 * a three-digit exponent, or a negative zero (`-0`, `-0.00`, `-0e5`).
 */
const CANDIDATE = /[:,[][ \t\n\r]*(?:-?\d[\d.]{15}|-?[\d.]+[eE][+-]?\d{3}|-0(?:\.0*)?(?![1-9.]))/;

/** False when no number in `text` can be inexact; true when one may be (then parse it with {@link parseJsonExact}). */
export const mayHoldInexactNumber = (text: string): boolean => CANDIDATE.test(text);

/** A literal's decimal value, normalised: sign, significant digits, exponent (`-0` stays negative). */
function decimal(literal: string): string {
  const [, sign, int = '', frac = '', exp = '0'] = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal) ?? [];
  const digits = (int + frac).replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  return significant === '' ? `${sign}0` : `${sign}${significant}e${Number(exp) - frac.length + digits.length - significant.length}`;
}

/** True when JSON.parse would change the number `literal` denotes. */
export const isInexact = (literal: string, value: number): boolean =>
  !Number.isFinite(value) || decimal(literal) !== decimal(String(value));

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Index just past the string token that starts at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
  for (let i = text.indexOf('"', start + 1); ; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
}

type Container = Record<string, unknown> | unknown[];

/**
 * `JSON.parse` for text it accepts, except that an inexact number is a symbol
 * holding its literal. Iterative, so depth costs no stack. Keys land as
 * `JSON.parse` puts them: own data properties (`__proto__` too), last duplicate wins.
 */
export function parseJsonExact(text: string): unknown {
  const stack: Container[] = [];
  /** The member key pending in each open object. */
  const keys: string[] = [];
  let wantKey = false;
  let i = 0;
  for (;;) {
    const c = text[i];
    let value: unknown;
    if (c === undefined) throw new SyntaxError('unexpected end of JSON');
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ':') {
      if (c === ',' && !Array.isArray(stack.at(-1))) wantKey = true;
      i += 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? {} : []);
      keys.push('');
      wantKey = c === '{';
      i += 1;
      continue;
    }
    if (c === '}' || c === ']') {
      value = stack.pop();
      keys.pop();
      wantKey = false;
      i += 1;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      value = JSON.parse(text.slice(i, end));
      i = end;
      if (wantKey) {
        keys[keys.length - 1] = value as string;
        wantKey = false;
        continue;
      }
    } else if (c === 't' || c === 'f' || c === 'n') {
      value = c === 't' ? true : c === 'f' ? false : null;
      i += c === 'f' ? 5 : 4;
    } else {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)?.[0];
      if (literal === undefined) throw new SyntaxError(`unexpected ${c} in JSON`);
      const n = Number(literal);
      value = isInexact(literal, n) ? Symbol(literal) : n;
      i += literal.length;
    }
    const parent = stack.at(-1);
    if (parent === undefined) return value;
    if (Array.isArray(parent)) parent.push(value);
    else Object.defineProperty(parent, keys.at(-1) as string, { value, writable: true, enumerable: true, configurable: true });
  }
}

/** `JSON.stringify` for parsed JSON data, writing each inexact number (a symbol) as its literal. */
export function stringifyExact(value: unknown): string | undefined {
  if (typeof value === 'symbol') return value.description;
  if (Array.isArray(value)) return `[${value.map((v) => stringifyExact(v) ?? 'null').join(',')}]`;
  if (!isPlainObject(value)) return JSON.stringify(value);
  const members: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const json = stringifyExact(v);
    if (json !== undefined) members.push(`${JSON.stringify(k)}:${json}`);
  }
  return `{${members.join(',')}}`;
}

/** Parse text that may hold inexact numbers (a `*_json` column, a record line), cheaply when it holds none. */
export const parseJsonKeepingNumbers = (text: string): unknown =>
  mayHoldInexactNumber(text) ? parseJsonExact(text) : JSON.parse(text);
