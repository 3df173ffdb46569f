/** Shared shapes of the input readers. */
import type { InputIssue } from '../errors.js';

/** The input formats `--input-format` accepts (`auto` detects one per file). */
export const INPUT_FORMATS = {
  'json-array': 'Okta System Log API export: JSON array(s) of LogEvents, one or more pages',
  ndjson: 'one JSON object a line: LogEvents or EventBridge envelopes',
  concatenated: 'JSON objects back to back or pretty-printed: a single envelope, or Firehose S3 output without delimiter',
  'firehose-event': 'Firehose transformation test event: records[].data in base64',
  'firehose-errors': 'Firehose S3 error output records (processing-failed/, http-endpoint-failed/): rawData in base64',
} as const;
export type InputFormat = keyof typeof INPUT_FORMATS;
export const isInputFormat = (s: string): s is InputFormat => Object.hasOwn(INPUT_FORMATS, s);

/** Where a value came from: a display path and a 1-based line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/**
 * One thing to replay:
 * - `event`: a bare Okta LogEvent, wrapped in an EventBridge envelope (or sent bare with `--direct-put`);
 * - `envelope`: an EventBridge event, sent as it is;
 * - `record`: the raw bytes of a Firehose record (test event, processing-failed), re-driven as they are;
 * - `rows`: bytes already transformed by the Lambda (http-endpoint-failed): written and delivered, not transformed again.
 * `text` is the value's JSON exactly as it was read (the bytes sent, once compacted to one line).
 */
export type Item =
  | { readonly kind: 'event' | 'envelope'; readonly origin: Origin; readonly value: Record<string, unknown>; readonly text: string }
  | { readonly kind: 'record' | 'rows'; readonly origin: Origin; readonly data: Buffer };

/** What one input gave, read whole (tests and small inputs; the replay streams). */
export interface FileInput {
  readonly file: string;
  readonly format: InputFormat | undefined;
  readonly bytes: number;
  readonly items: readonly Item[];
  readonly issues: readonly InputIssue[];
}

export { isPlainObject } from '../../../shared/json.js';
