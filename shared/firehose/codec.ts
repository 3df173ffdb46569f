/**
 * Bytes in and out of a Firehose record: base64, optional gzip, UTF-8, lines.
 */
import type * as Zlib from 'node:zlib';
import { RecordError } from '../errors.js';
import { mayHoldInexactNumber, parseJsonExact } from '../exact-json.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * node:zlib, loaded with the first gzip record: loading it takes several
 * milliseconds of a cold start (8 ms in a bare Node 22 process), and most
 * delivery streams send no gzip records at all.
 */
let zlib: typeof Zlib | undefined;
const gunzipSync: typeof Zlib.gunzipSync = (data, options) => (zlib ??= process.getBuiltinModule('node:zlib')).gunzipSync(data, options);

/**
 * Canonical base64 of n bytes has exactly ⌈4n/3⌉ characters before its padding, so
 * a character a decoder skipped (`atob` skips ASCII whitespace) shows as a length
 * mismatch, and so does missing padding. Padding may only close the text.
 */
function isCanonicalBase64(data: string, decodedLength: number): boolean {
  const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const body = data.length - pad;
  return data.length % 4 === 0 && Math.ceil((decodedLength * 4) / 3) === body && (pad === 0 || data.indexOf('=') === body);
}

/**
 * Strict standard base64 (padded, nothing outside the alphabet) → its bytes as a
 * binary string (one character per byte); undefined when it is not. `atob` refuses
 * any character outside the standard alphabet (the URL-safe `-` and `_` too, which
 * Node's Buffer decoder would take); the length check does the rest.
 */
export function decodeBase64Binary(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    return undefined;
  }
  return isCanonicalBase64(data, binary.length) ? binary : undefined;
}

/** {@link decodeBase64Binary} as bytes. */
export function decodeBase64(data: unknown): Buffer | undefined {
  const binary = decodeBase64Binary(data);
  return binary === undefined ? undefined : Buffer.from(binary, 'latin1');
}

/** True when the binary string (one character per byte) starts with the gzip magic number `1f 8b`. */
export const isGzip = (binary: string): boolean => binary.charCodeAt(0) === 0x1f && binary.charCodeAt(1) === 0x8b;

/**
 * Decode a record's `data` to text: base64 → (gunzip, capped) → strict UTF-8.
 * A leading byte-order mark is dropped. ASCII (every byte under 0x80, as most Okta
 * events are) is its own UTF-8 text, so its binary string is the text itself.
 */
export function decodeRecordData(data: unknown, maxDecompressedBytes: number): string {
  if (typeof data !== 'string') throw new RecordError('missing_data');
  const binary = decodeBase64Binary(data);
  if (binary === undefined) throw new RecordError('invalid_base64');
  let bytes: Uint8Array;
  if (isGzip(binary)) {
    try {
      bytes = gunzipSync(Buffer.from(binary, 'latin1'), { maxOutputLength: maxDecompressedBytes });
    } catch (error) {
      throw new RecordError(error instanceof RangeError ? 'decompressed_too_large' : 'gzip_error');
    }
  } else if (Buffer.byteLength(binary, 'utf8') === binary.length) {
    return binary;
  } else {
    bytes = Buffer.from(binary, 'latin1');
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new RecordError('invalid_utf8');
  }
}

/** Non-blank lines of a record, each with its 1-based line number; CRLF tolerated. */
export function splitLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let start = 0;
  let n = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    n += 1;
    const raw = text.slice(start, end);
    if (raw.trim() !== '') lines.push({ line: n, text: raw });
    start = end + 1;
  }
  return lines;
}

/**
 * `JSON.parse`, then, only for text that may hold a number JavaScript cannot hold
 * exactly (a cheap test), a second reading that keeps such numbers as written.
 */
function parseJson(text: string, mayBeInexact: boolean): { value: unknown; exact: boolean } {
  const value: unknown = JSON.parse(text);
  return mayBeInexact && mayHoldInexactNumber(text) ? { value: parseJsonExact(text), exact: true } : { value, exact: false };
}

/**
 * The JSON values of a record: the whole text when it is one JSON document
 * (EventBridge writes one compact event per record; a pretty-printed one parses
 * too), else one value per non-blank line (NDJSON). `exact` marks a value read by
 * {@link parseJsonExact} (numbers JavaScript cannot hold are symbols in it).
 */
export function parseRecordText(text: string): { line: number; value: unknown; exact: boolean }[] {
  if (text.trim() === '') return [];
  const mayBeInexact = mayHoldInexactNumber(text);
  try {
    return [{ line: 1, ...parseJson(text, mayBeInexact) }];
  } catch {
    // Not one document: read it as NDJSON below.
  }
  return splitLines(text).map(({ line, text: json }) => {
    try {
      return { line, ...parseJson(json, mayBeInexact) };
    } catch {
      throw new RecordError('not_json', line);
    }
  });
}

/**
 * False when no string parsed from `text` can hold an unpaired UTF-16 surrogate.
 * Strict UTF-8 cannot encode one, so in decoded text only a JSON `\u` escape can
 * write one; the row's other strings are constants, parts of input strings cut at
 * ASCII characters, or `JSON.stringify` output, all well-formed when those are.
 */
export const mayHoldLoneSurrogate = (text: string): boolean => text.includes('\\u');

/**
 * One output line: compact JSON, newline-terminated, with a TAB after the
 * opening brace. The TAB is legal JSON whitespace and makes the record fail
 * OpenObserve's protobuf probe deterministically, so a small row is never
 * mistaken for an (empty) metrics payload and silently dropped. With
 * `mayHoldLoneSurrogate` false (the record's text has no `\u` escape: see
 * {@link mayHoldLoneSurrogate}) the check for unpaired surrogates is skipped.
 */
export function encodeRowLine(row: Record<string, unknown>, mayHoldLoneSurrogate = true): string {
  let json = JSON.stringify(row);
  // JSON.stringify writes an unpaired surrogate as a `\udxxx` escape, which OpenObserve's
  // serde_json refuses (the whole request would fail). `\ud` shows up otherwise only
  // after an escaped backslash; either way, a rare second pass makes every string well-formed.
  if (mayHoldLoneSurrogate && json.includes('\\ud')) {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'string' && !value.isWellFormed()) row[key] = value.toWellFormed();
    }
    json = JSON.stringify(row);
  }
  return `{\t${json.slice(1)}\n`;
}

/**
 * The base64 of `text`'s UTF-8 bytes, given their count (`Buffer.byteLength`).
 * ASCII text (the common row: a string is ASCII exactly when its UTF-8 size equals
 * its length) is its own UTF-8, and `btoa` encodes it without an intermediate
 * Buffer; any other text goes through one.
 */
export const base64OfUtf8 = (text: string, utf8Bytes: number): string =>
  utf8Bytes === text.length ? btoa(text) : Buffer.from(text, 'utf8').toString('base64');
