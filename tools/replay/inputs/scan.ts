/**
 * A small streaming-style JSON scanner: finds top-level JSON values in a text
 * without needing separators (concatenated objects, pretty-printed objects,
 * NDJSON), optionally descending into top-level arrays (System Log API pages),
 * and reports the 1-based line where each value, or each broken one, starts.
 * A broken value is reported and skipped; scanning resumes at the next line
 * that plausibly starts a value, so good values after it are still found.
 */

export type ScanReason = 'not_json' | 'truncated' | 'not_an_object';

export type ScanItem =
  | { readonly ok: true; readonly line: number; readonly value: unknown; readonly inArray: boolean }
  | { readonly ok: false; readonly line: number; readonly reason: ScanReason };

export interface ScanOptions {
  /** Yield the elements of top-level arrays instead of the arrays. */
  readonly unwrapArrays?: boolean;
}

const NL = 10, QUOTE = 34, BACKSLASH = 92, COMMA = 44;
const OPEN_OBJ = 123, CLOSE_OBJ = 125, OPEN_ARR = 91, CLOSE_ARR = 93;
const isWs = (c: number) => c === 32 || c === 9 || c === 13 || c === NL;

/** Index of the bracket closing the value that opens at `start`, or -1 (EOF, or a raw newline inside a string). */
export function matchEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (inString) {
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) inString = false;
      else if (c === NL) return -1; // JSON strings cannot hold a raw newline: the value is cut
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
    else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** End of a scalar token (string-aware): the next `,` `]` or newline. */
function tokenEnd(text: string, start: number): number {
  let inString = false;
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === NL) return j;
    if (inString) {
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COMMA || c === CLOSE_ARR) return j;
  }
  return text.length;
}

const lineStart = (text: string, pos: number) => text.lastIndexOf('\n', pos - 1) + 1;

function indentAt(text: string, start: number): number {
  let j = start;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j - start;
}

/**
 * The start of the first line after `pos` that is indented no more than
 * `maxIndent` and begins with `{` or `[` (or `]` inside an array); text.length if none.
 */
function resync(text: string, pos: number, maxIndent: number, inArray: boolean): number {
  let next = text.indexOf('\n', pos);
  while (next !== -1) {
    const start = next + 1;
    const indent = indentAt(text, start);
    const c = text.charCodeAt(start + indent);
    if (indent <= maxIndent && (c === OPEN_OBJ || c === OPEN_ARR || (inArray && c === CLOSE_ARR))) return start;
    next = text.indexOf('\n', start);
  }
  return text.length;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = text.indexOf('\n', from); j !== -1 && j < to; j = text.indexOf('\n', j + 1)) n++;
  return n;
}

function classifyScalar(token: string): ScanReason {
  try {
    JSON.parse(token);
    return 'not_an_object';
  } catch {
    return 'not_json';
  }
}

/** Scan `text` for JSON values; see the module comment. */
export function* scanJson(text: string, options: ScanOptions = {}): Generator<ScanItem> {
  const n = text.length;
  let i = 0;
  let line = 1;
  let inArray = false;
  const moveTo = (j: number) => {
    line += countLines(text, i, j);
    i = j;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c) || (inArray && c === COMMA)) {
      if (c === NL) line++;
      i++;
      continue;
    }
    if (options.unwrapArrays && !inArray && c === OPEN_ARR) {
      inArray = true;
      i++;
      continue;
    }
    if (inArray && c === CLOSE_ARR) {
      inArray = false;
      i++;
      continue;
    }
    const startLine = line;
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      const end = matchEnd(text, i);
      if (end !== -1) {
        let value: unknown;
        let parsed = true;
        try {
          value = JSON.parse(text.slice(i, end + 1));
        } catch {
          parsed = false;
        }
        yield parsed
          ? { ok: true, line: startLine, value, inArray }
          : { ok: false, line: startLine, reason: 'not_json' };
        moveTo(end + 1);
        continue;
      }
      yield { ok: false, line: startLine, reason: 'truncated' };
      moveTo(resync(text, i, indentAt(text, lineStart(text, i)), inArray));
      continue;
    }
    // Anything else where a value should start: a scalar, or garbage.
    if (inArray) {
      const end = tokenEnd(text, i);
      yield { ok: false, line: startLine, reason: classifyScalar(text.slice(i, end).trim()) };
      moveTo(end === i ? i + 1 : end);
      continue;
    }
    const eol = text.indexOf('\n', i);
    yield { ok: false, line: startLine, reason: classifyScalar(text.slice(i, eol === -1 ? n : eol).trim()) };
    moveTo(eol === -1 ? n : eol + 1);
  }
}

/** NDJSON, strictly: one JSON value per non-blank line (CRLF tolerated). */
export function* scanLines(text: string): Generator<ScanItem> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const json = raw.trim();
    if (json === '') continue;
    try {
      yield { ok: true, line, value: JSON.parse(json), inArray: false };
    } catch {
      yield { ok: false, line, reason: 'not_json' };
    }
  }
}
