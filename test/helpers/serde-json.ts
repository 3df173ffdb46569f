/**
 * One line checked as OpenObserve reads it: `serde_json::from_str::<Value>(line)`
 * (openobserve-firehose.md §2.3), following serde_json 1.0.150's `src/de.rs` and
 * `src/read.rs`, not `JSON.parse`. Where the two differ:
 *
 * - a `\uXXXX` escape of a trailing surrogate (DC00–DFFF) on its own is an error
 *   (`parse_unicode_escape`, validate = true when parsing into a String);
 * - a leading surrogate (D800–DBFF) must be followed at once by `\u` and a trailing
 *   surrogate, else "unexpected end of hex escape" / "lone leading surrogate";
 * - nesting deeper than 127 arrays/objects is refused ("recursion limit exceeded":
 *   `remaining_depth` starts at 128 and fails when it reaches 0);
 * - a number whose f64 is infinite (`1e400`) is "number out of range", unless the
 *   `arbitrary_precision` feature keeps it as text (OpenObserve 0.14 enables it;
 *   older releases do not, so the strict reading is the default here);
 * - a JavaScript string holding a raw unpaired surrogate has no UTF-8 encoding, so
 *   OpenObserve can never receive it: refused as well.
 *
 * The rest is the JSON grammar both share: whitespace is space, tab, LF and CR
 * only; control characters below U+0020 must be escaped; escapes are
 * `\" \\ \/ \b \f \n \r \t \uXXXX`; numbers are `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`;
 * one value, then only whitespace.
 */

export class SerdeJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerdeJsonError';
  }
}

export interface SerdeOptions {
  /** serde_json's `arbitrary_precision` feature: out-of-range numbers are kept, not refused. */
  readonly arbitraryPrecision?: boolean;
}

const RECURSION_LIMIT = 128;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The first reason serde_json would refuse `text`, or undefined when it accepts it. */
export function serdeJsonError(text: string, options: SerdeOptions = {}): string | undefined {
  let i = 0;
  const fail = (reason: string): never => {
    throw new SerdeJsonError(`${reason} at character ${i + 1}`);
  };
  const skipWhitespace = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d; c = text.charCodeAt(i)) i += 1;
  };
  const hex4 = (): number => {
    for (let k = 0; k < 4; k += 1) if (!isHex(text.charCodeAt(i + k))) fail(i + k >= text.length ? 'EOF while parsing a string' : 'invalid escape');
    const n = Number.parseInt(text.slice(i, i + 4), 16);
    i += 4;
    return n;
  };
  const string = () => {
    i += 1; // opening quote
    for (;;) {
      if (i >= text.length) fail('EOF while parsing a string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return;
      }
      if (c < 0x20) fail('control character (\\u0000-\\u001F) found while parsing a string');
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw surrogates: only a proper pair is encodable as UTF-8.
        const next = text.charCodeAt(i + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) fail('invalid unicode code point');
        i += 2;
        continue;
      }
      if (c !== 0x5c) {
        i += 1;
        continue;
      }
      i += 1;
      const e = text[i];
      if (e === undefined) fail('EOF while parsing a string');
      if ('"\\/bfnrt'.includes(e as string)) {
        i += 1;
        continue;
      }
      if (e !== 'u') fail('invalid escape');
      i += 1;
      const n = hex4();
      if (n >= 0xdc00 && n <= 0xdfff) fail('lone leading surrogate in hex escape');
      if (n < 0xd800 || n > 0xdbff) continue;
      if (text[i] !== '\\' || text[i + 1] !== 'u') {
        i += 1;
        fail('unexpected end of hex escape');
      }
      i += 2;
      const n2 = hex4();
      if (n2 < 0xdc00 || n2 > 0xdfff) fail('lone leading surrogate in hex escape');
    }
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('expected ident');
  };
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) return fail('invalid number');
    const next = text.charCodeAt(i + m[0].length);
    if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) fail('invalid number');
    if (!options.arbitraryPrecision && !Number.isFinite(Number(m[0]))) fail('number out of range');
    i += m[0].length;
  };

  // Iterative, so any depth is checked without exhausting the stack: each frame is an open array or object.
  const stack: ('[' | '{')[] = [];
  try {
    skipWhitespace();
    for (;;) {
      // Parse one value.
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length + 1 >= RECURSION_LIMIT) fail('recursion limit exceeded');
        stack.push(c);
        i += 1;
        skipWhitespace();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          stack.pop();
          i += 1;
        } else {
          if (c === '{') {
            if (text[i] !== '"') fail(i >= text.length ? 'EOF while parsing an object' : 'key must be a string');
            string();
            skipWhitespace();
            if (text[i] !== ':') fail(i >= text.length ? 'EOF while parsing an object' : 'expected `:`');
            i += 1;
            skipWhitespace();
          }
          continue;
        }
      } else if (c === '"') string();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else fail(i >= text.length ? 'EOF while parsing a value' : 'expected value');

      // After a value: close containers or move to the next member.
      for (;;) {
        skipWhitespace();
        const open = stack.at(-1);
        if (open === undefined) {
          if (i < text.length) fail('trailing characters');
          return undefined;
        }
        const close = open === '{' ? '}' : ']';
        if (text[i] === close) {
          stack.pop();
          i += 1;
          continue;
        }
        if (text[i] !== ',') fail(i >= text.length ? `EOF while parsing ${open === '{' ? 'an object' : 'a list'}` : `expected \`,\` or \`${close}\``);
        i += 1;
        skipWhitespace();
        if (open === '{') {
          if (text[i] !== '"') fail('key must be a string');
          string();
          skipWhitespace();
          if (text[i] !== ':') fail('expected `:`');
          i += 1;
          skipWhitespace();
        } else if (text[i] === ']') fail('trailing comma');
        break;
      }
    }
  } catch (error) {
    if (error instanceof SerdeJsonError) return error.message;
    throw error;
  }
}

/** `JSON.parse(line)` for a line serde_json accepts; a {@link SerdeJsonError} for one it refuses. */
export function parseLikeSerdeJson(line: string, options?: SerdeOptions): unknown {
  const error = serdeJsonError(line, options);
  if (error !== undefined) throw new SerdeJsonError(error);
  return JSON.parse(line);
}
