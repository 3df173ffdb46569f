/**
 * Typed errors. A record-level error never escapes the batch: it becomes a
 * `ProcessingFailed` result whose reason is one of {@link FailureReason}, a fixed
 * code that never carries event content (security logs hold personal data).
 */

export const FAILURE_REASONS = {
  missing_data: 'the record has no data field',
  invalid_base64: 'data is not valid base64',
  gzip_error: 'data looks gzip-compressed but does not decompress',
  decompressed_too_large: 'data decompresses past the size cap',
  invalid_utf8: 'data is not valid UTF-8',
  not_json: 'a line is not valid JSON',
  not_an_object: 'a line is JSON but not an object',
  not_okta_event: 'a line has no string eventType, so it is not an Okta event',
  no_identity: 'an event has neither a uuid nor an EventBridge id',
  no_time: 'an event has neither a usable published nor an EventBridge time',
  too_deeply_nested: 'an event is nested too deeply to re-encode',
  output_too_large: 'the transformed record exceeds the per-record delivery limit',
  response_budget: 'the response would exceed its budget and the record could not be re-ingested in time',
  record_exceeds_response: 'the transformed record alone exceeds the response budget, so re-ingesting it could never end',
  internal_error: 'the transform failed unexpectedly',
} as const;
export type FailureReason = keyof typeof FAILURE_REASONS;

/** Base class of every error this project throws on purpose. */
export class RelayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RelayError';
  }
}

/** A record that cannot be delivered; `line` is 1-based within the record, when known. */
export class RecordError extends RelayError {
  readonly reason: FailureReason;
  readonly line: number | undefined;
  constructor(reason: FailureReason, line?: number) {
    super(line === undefined ? FAILURE_REASONS[reason] : `line ${line}: ${FAILURE_REASONS[reason]}`);
    this.name = 'RecordError';
    this.reason = reason;
    this.line = line;
  }
}

/** Invalid environment or rule configuration: fails the cold start, naming the variable. */
export class ConfigError extends RelayError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The invocation event is not a Firehose transformation event: thrown, so Firehose retries the batch. */
export class InvocationError extends RelayError {
  constructor(message: string) {
    super(message);
    this.name = 'InvocationError';
  }
}
