/**
 * OpenObserve stores a row only while its `_timestamp` is inside the ingest
 * window (`ZO_INGEST_ALLOWED_UPTO`, 5 h by default) and drops older rows with a
 * 200. A row can reach OpenObserve up to
 *   event age at transform (≤ MAX_EVENT_AGE_SECONDS) + HTTP buffer interval + HTTP retry duration
 * after the event, so that sum must stay under the window. The function's age
 * check is the only lever: events older than MAX_EVENT_AGE_SECONDS carry no
 * `_timestamp`, and OpenObserve stamps them on arrival instead of dropping them.
 */
import { Duration, Token } from 'aws-cdk-lib';

/**
 * Kept in hand on top of the relation: the Lambda's own run after it reads the
 * clock (≤ 5 min timeout, seconds in practice), the last HTTP attempt started
 * just before the retry duration ends, and clock skew between AWS and OpenObserve.
 */
export const INGEST_WINDOW_ALLOWANCE = Duration.minutes(5);

/** OpenObserve's default `ZO_INGEST_ALLOWED_UPTO`. */
export const DEFAULT_INGEST_WINDOW = Duration.hours(5);

/** The range the function accepts for MAX_EVENT_AGE_SECONDS (shared/config.ts). */
export const MAX_EVENT_AGE_RANGE_SECONDS = { min: 60, max: 30 * 24 * 3600 } as const;

export interface IngestWindowInput {
  /** OpenObserve's `ZO_INGEST_ALLOWED_UPTO`. */
  readonly ingestWindow: Duration;
  readonly httpRetryDuration: Duration;
  readonly httpBufferInterval: Duration;
  /** Given explicitly: checked. Absent: derived. */
  readonly maxEventAge?: Duration;
}

/** A relay configuration that cannot work; the message names the props involved. */
export class RelayConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RelayConfigurationError';
  }
}

const human = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean).join(' ') || '0 s';
};

const seconds = (name: string, d: Duration): number => {
  if (Token.isUnresolved(d.toSeconds({ integral: false }))) {
    throw new RelayConfigurationError(`${name} must be a concrete duration, not a deploy-time token: the ingest window is checked at synthesis`);
  }
  return d.toSeconds();
};

/**
 * MAX_EVENT_AGE_SECONDS for the function: the given value when it fits the
 * window, otherwise a {@link RelayConfigurationError}; without a value, the
 * largest age that fits (window − retry − buffer interval − allowance).
 */
export function maxEventAgeSeconds(input: IngestWindowInput): number {
  const window = seconds('openObserve.ingestWindow', input.ingestWindow);
  const retry = seconds('delivery.httpRetryDuration', input.httpRetryDuration);
  const interval = seconds('delivery.httpBufferInterval', input.httpBufferInterval);
  const allowance = INGEST_WINDOW_ALLOWANCE.toSeconds();
  const fits = window - retry - interval - allowance;
  const terms =
    `delivery.httpRetryDuration (${human(retry)}) + delivery.httpBufferInterval (${human(interval)}) + ` +
    `${human(allowance)} allowance`;

  if (input.maxEventAge === undefined) {
    if (fits < MAX_EVENT_AGE_RANGE_SECONDS.min) {
      throw new RelayConfigurationError(
        `Impossible relay configuration: ${terms} leave less than ${MAX_EVENT_AGE_RANGE_SECONDS.min} s of ` +
          `openObserve.ingestWindow (${human(window)}) for maxEventAge; shorten the retry duration or the buffer interval, ` +
          'or raise ZO_INGEST_ALLOWED_UPTO in OpenObserve and openObserve.ingestWindow with it',
      );
    }
    return Math.min(fits, MAX_EVENT_AGE_RANGE_SECONDS.max);
  }

  const age = seconds('maxEventAge', input.maxEventAge);
  if (age < MAX_EVENT_AGE_RANGE_SECONDS.min || age > MAX_EVENT_AGE_RANGE_SECONDS.max) {
    throw new RelayConfigurationError(
      `maxEventAge (${human(age)}) must be from ${MAX_EVENT_AGE_RANGE_SECONDS.min} s to 30 days (the function's MAX_EVENT_AGE_SECONDS range)`,
    );
  }
  if (age > fits) {
    throw new RelayConfigurationError(
      `Impossible relay configuration: maxEventAge (${human(age)}) + ${terms} = ${human(age + retry + interval + allowance)} ` +
        `exceeds openObserve.ingestWindow (${human(window)}, OpenObserve's ZO_INGEST_ALLOWED_UPTO): rows that old would be ` +
        `dropped by OpenObserve with a 200. Use a maxEventAge of at most ${human(Math.max(fits, 0))}, or leave it out to derive it`,
    );
  }
  return age;
}
