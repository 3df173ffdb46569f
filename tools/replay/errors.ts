/**
 * Typed errors and reason codes of the replay tool. Messages name a file, a line
 * and a fixed reason code, never event content: security logs hold personal data.
 */

/** Why an input file, or one value in it, could not be replayed. */
export const INPUT_REASONS = {
  not_found: 'no such file or directory',
  unreadable: 'cannot be read',
  empty: 'is empty',
  no_data_files: 'is a directory without data files (.json, .ndjson, .jsonl, .gz or no extension)',
  unknown_format:
    'is not a recognised format (expected a JSON array, NDJSON, JSON objects, a Firehose test event or Firehose error records)',
  gzip_error: 'looks gzip-compressed but does not decompress',
  not_utf8: 'is not valid UTF-8',
  not_json: 'is not valid JSON',
  truncated: 'a JSON value is not terminated',
  too_large: 'a JSON value is longer than 64 Mi characters',
  unprocessable: 'cannot be made into a Firehose record',
  not_an_object: 'is JSON but not an object',
  not_an_array: 'is not a JSON array (an Okta System Log API page)',
  not_firehose_event: 'is not a Firehose transformation event (records[] with base64 data)',
  not_error_record: 'is not a Firehose error record (no string rawData)',
  invalid_base64: 'holds data that is not valid base64',
  record_too_large: 'is larger than 1,024,000 bytes, the Firehose record limit',
  invalid_rows: 'is an http-endpoint-failed record whose data is not NDJSON of flat objects',
} as const;
export type InputReason = keyof typeof INPUT_REASONS;

/** One problem with the input, located by file and (when known) 1-based line. */
export interface InputIssue {
  readonly file: string;
  readonly line?: number | undefined;
  readonly reason: InputReason;
  /** A location inside the value, e.g. `records[3].data`; never content. */
  readonly detail?: string | undefined;
}

export const formatIssue = (issue: InputIssue): string =>
  `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.reason}` +
  `${issue.detail === undefined ? '' : ` (${issue.detail})`}: ${INPUT_REASONS[issue.reason]}`;

/** Base class of the errors this tool throws on purpose. */
export class ReplayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReplayError';
  }
}

/** Wrong flags or environment: printed with a pointer to `--help`, exit status 1. */
export class UsageError extends ReplayError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The shipped handler cannot be loaded or configured: exit status 1. */
export class HandlerLoadError extends ReplayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HandlerLoadError';
  }
}
