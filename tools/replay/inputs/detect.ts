/**
 * Format detection for one input text: what kind of file it is, from its first
 * character and its first parseable values. Pure.
 */
import { scanJson } from './scan.js';
import { isPlainObject, type InputFormat } from './types.js';

/** `{records: [{data, ...}]}`: a Firehose transformation event, as the Lambda console saves it. */
export function isFirehoseEvent(v: unknown): v is { records: unknown[] } {
  if (!isPlainObject(v) || !Array.isArray(v.records)) return false;
  const first: unknown = v.records[0];
  return first === undefined ? 'invocationId' in v : isPlainObject(first) && 'data' in first;
}

/** `{rawData, attemptsMade | errorCode, ...}`: a Firehose S3 error output record (either key casing). */
export function isFirehoseErrorRecord(v: unknown): v is { rawData: unknown } {
  return (
    isPlainObject(v) &&
    typeof v.rawData === 'string' &&
    ('attemptsMade' in v || 'errorCode' in v || 'ErrorCode' in v || 'errorMessage' in v)
  );
}

/** How many leading non-blank lines the NDJSON test looks at. */
const PROBE_LINES = 50;

/** True when at least half of the first non-blank lines are each one JSON value. */
function looksLineDelimited(text: string): boolean {
  let checked = 0;
  let parsed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    checked++;
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      // counted as not parsed
    }
    if (checked >= PROBE_LINES) break;
  }
  return parsed > 0 && parsed * 2 >= checked;
}

/** The first non-whitespace character, or '' for a blank text. */
export const firstChar = (text: string): string => /\S/.exec(text)?.[0] ?? '';

/**
 * Detect the format of a (BOM-less) text; `undefined` when it is none of them.
 * Firehose events and error records are recognised by their first parseable
 * value, so one broken record at the top does not hide what the file is.
 */
export function detectFormat(text: string): InputFormat | undefined {
  const c = firstChar(text);
  if (c === '[') return 'json-array';
  if (c !== '{') return undefined;
  let seen = 0;
  for (const item of scanJson(text)) {
    if (++seen > 5) break;
    if (!item.ok) continue;
    if (isFirehoseEvent(item.value)) return 'firehose-event';
    if (isFirehoseErrorRecord(item.value)) return 'firehose-errors';
    break;
  }
  return looksLineDelimited(text) ? 'ndjson' : 'concatenated';
}
