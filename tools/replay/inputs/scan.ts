/**
 * Incremental JSON value scanners, fed text chunk by chunk, each character looked
 * at once (linear time, whatever the input: unclosed values included), holding at
 * most one value's text at a time.
 *
 * {@link ValueScanner} finds top-level JSON values with or without separators
 * (concatenated objects, pretty-printed objects, NDJSON), optionally the elements
 * of top-level arrays (System Log API pages), and reports the 1-based line where
 * each value, or each broken one, starts. A value is cut (`truncated`) by the end
 * of the input, by a raw newline inside a string, or by a line that starts a new
 * value (`{` or `[` indented no more than the line the value started on) while it
 * is still open; after a cut string the scanner skips to the next such line. A
 * broken value never hides the good values after it.
 *
 * NDJSON is read by {@link LineScanner} (lines.ts).
 */

export type ScanReason = 'not_json' | 'truncated' | 'not_an_object' | 'too_large';

export type ScanItem =
  | { readonly ok: true; readonly line: number; readonly value: unknown; readonly text: string; readonly inArray: boolean }
  | { readonly ok: false; readonly line: number; readonly reason: ScanReason };

export interface ScanOptions {
  /** Yield the elements of top-level arrays instead of the arrays. */
  readonly unwrapArrays?: boolean;
  /** Longest value (in UTF-16 units) kept; a longer one is reported `too_large`. */
  readonly maxValueChars?: number;
}

/** 64 Mi characters: far above a Firehose record (1,024,000 bytes) or a test event (6 MB), pretty-printed. */
export const MAX_VALUE_CHARS = 64 * 1024 * 1024;
/** Scalars and garbage are classified from at most this many characters. */
const MAX_SCALAR_CHARS = 4096;

const NL = 10, QUOTE = 34, BACKSLASH = 92, COMMA = 44, SPACE = 32, TAB = 9, CR = 13;
const OPEN_OBJ = 123, CLOSE_OBJ = 125, OPEN_ARR = 91, CLOSE_ARR = 93;
const isWs = (c: number) => c === SPACE || c === TAB || c === CR || c === NL;

/** Counts the characters the scanners looked at (tests assert linear work with it). */
export const scanWork = { chars: 0 };

/** Parse a complete value; a failure of any kind (syntax, or an engine limit) is `not_json`. */
export function parseValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function classifyScalar(token: string, complete: boolean): ScanReason {
  return complete && parseValue(token.trim()).ok ? 'not_an_object' : 'not_json';
}

type Mode = 'between' | 'value' | 'scalar' | 'skip';

export class ValueScanner {
  private readonly unwrap: boolean;
  private readonly maxChars: number;
  private mode: Mode = 'between';
  private line = 1;
  /** Whether the current line has shown only blanks so far, and how many. */
  private atLineStart = true;
  private indent = 0;
  /** Indentation of the current line (set at its first non-blank character). */
  private lineIndent = 0;
  private inArray = false;
  // The value (or scalar) being read.
  private startLine = 0;
  private startIndent = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private size = 0;
  private tooLarge = false;
  private skipIndent = 0;

  constructor(options: ScanOptions = {}) {
    this.unwrap = options.unwrapArrays === true;
    this.maxChars = options.maxValueChars ?? MAX_VALUE_CHARS;
  }

  /** Scan the next chunk; returns the values it completed. */
  push(chunk: string): ScanItem[] {
    const out: ScanItem[] = [];
    scanWork.chars += chunk.length;
    let from = 0; // start of the current value's text within this chunk
    const keep = (to: number) => {
      if (to <= from || this.tooLarge) return;
      this.size += to - from;
      if (this.size > this.maxChars) {
        this.tooLarge = true;
        this.parts = [];
      } else this.parts.push(chunk.slice(from, to));
    };
    const begin = (mode: 'value' | 'scalar', i: number) => {
      this.mode = mode;
      this.startLine = this.line;
      this.startIndent = this.atLineStart ? this.indent : this.lineIndent;
      this.depth = 0;
      this.inString = false;
      this.escaped = false;
      this.parts = [];
      this.size = 0;
      this.tooLarge = false;
      from = i;
    };
    const take = (to: number): string => {
      keep(to);
      const text = this.parts.join('');
      this.parts = [];
      return text;
    };

    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      // Line bookkeeping, outside strings.
      const lineStartChar = this.atLineStart && c !== SPACE && c !== TAB && c !== CR && c !== NL && !this.inString;
      if (lineStartChar) {
        this.atLineStart = false;
        this.lineIndent = this.indent;
      }
      switch (this.mode) {
        case 'skip': {
          if (c === NL) this.newLine();
          else if (this.atLineStart) this.indent += 1;
          else if (lineStartChar && this.lineIndent <= this.skipIndent && (c === OPEN_OBJ || c === OPEN_ARR || (this.inArray && c === CLOSE_ARR))) {
            this.mode = 'between';
            i -= 1; // read this character again as the start of a value
            this.atLineStart = true; // undo: it is re-read as the line's first character
            this.indent = this.lineIndent;
          }
          break;
        }
        case 'between': {
          if (c === NL) this.newLine();
          else if (c === SPACE || c === TAB || c === CR) {
            if (this.atLineStart) this.indent += 1;
          } else if (this.inArray && c === COMMA) {
            // element separator
          } else if (this.unwrap && !this.inArray && c === OPEN_ARR) this.inArray = true;
          else if (this.inArray && c === CLOSE_ARR) this.inArray = false;
          else if (c === OPEN_OBJ || c === OPEN_ARR) {
            begin('value', i);
            this.startIndent = this.lineIndent;
            this.depth = 1;
          } else {
            begin('scalar', i);
            this.startIndent = this.lineIndent;
            i -= 1; // the scalar reads this character itself
          }
          break;
        }
        case 'value': {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === BACKSLASH) this.escaped = true;
            else if (c === QUOTE) this.inString = false;
            else if (c === NL) {
              // A JSON string cannot hold a raw newline: the value is cut here.
              out.push({ ok: false, line: this.startLine, reason: 'truncated' });
              this.parts = [];
              this.skipIndent = this.startIndent;
              this.inString = false;
              this.mode = 'skip';
              this.newLine();
            }
            break;
          }
          if (c === NL) {
            this.newLine();
            break;
          }
          if (this.atLineStart && (c === SPACE || c === TAB || c === CR)) {
            this.indent += 1;
            break;
          }
          if (lineStartChar && this.lineIndent <= this.startIndent && (c === OPEN_OBJ || c === OPEN_ARR)) {
            // A new value starts while this one is open: this one was cut.
            out.push({ ok: false, line: this.startLine, reason: 'truncated' });
            begin('value', i);
            this.startIndent = this.lineIndent;
            this.depth = 1;
            break;
          }
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_OBJ || c === OPEN_ARR) this.depth += 1;
          else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
            this.depth -= 1;
            if (this.depth === 0) {
              const text = take(i + 1);
              out.push(this.finishValue(text));
              this.mode = 'between';
            }
          }
          break;
        }
        case 'scalar': {
          const ends = c === NL || (this.inArray && !this.inString && (c === COMMA || c === CLOSE_ARR));
          if (ends) {
            out.push(this.finishScalar(take(i), true));
            this.mode = 'between';
            i -= 1; // the separator is read again between values
            break;
          }
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === BACKSLASH) this.escaped = true;
            else if (c === QUOTE) this.inString = false;
          } else if (c === QUOTE) this.inString = true;
          if (this.size + (i - from) > MAX_SCALAR_CHARS) {
            keep(i);
            from = i;
            this.tooLarge = true;
          }
          break;
        }
      }
    }
    if (this.mode === 'value' || this.mode === 'scalar') keep(chunk.length);
    return out;
  }

  /** The input ended: report what is still open. */
  end(): ScanItem[] {
    const out: ScanItem[] = [];
    if (this.mode === 'value') out.push({ ok: false, line: this.startLine, reason: 'truncated' });
    else if (this.mode === 'scalar') out.push(this.finishScalar(this.parts.join(''), true));
    this.mode = 'between';
    this.parts = [];
    return out;
  }

  private newLine(): void {
    this.line += 1;
    this.atLineStart = true;
    this.indent = 0;
    this.lineIndent = 0;
  }

  private finishValue(text: string): ScanItem {
    if (this.tooLarge) return { ok: false, line: this.startLine, reason: 'too_large' };
    const parsed = parseValue(text);
    return parsed.ok
      ? { ok: true, line: this.startLine, value: parsed.value, text, inArray: this.inArray }
      : { ok: false, line: this.startLine, reason: 'not_json' };
  }

  private finishScalar(text: string, complete: boolean): ScanItem {
    return { ok: false, line: this.startLine, reason: this.tooLarge ? 'not_json' : classifyScalar(text, complete) };
  }
}

/** Scan a whole text with {@link ValueScanner}. */
export function* scanJson(text: string, options: ScanOptions = {}): Generator<ScanItem> {
  const scanner = new ValueScanner(options);
  yield* scanner.push(text);
  yield* scanner.end();
}
