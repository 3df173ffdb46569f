/** Exponential back-off with jitter, and an injectable sleep for tests. */

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** ±fraction applied around the delay (Firehose uses 0.15), or 'equal' for a uniform delay/2..delay. */
  readonly jitter: number | 'equal';
}

/** Firehose's own HTTP endpoint retry: 1 s, ×2, ±15 %, capped at 2 min. */
export const FIREHOSE_HTTP_BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 2, maxMs: 120_000, jitter: 0.15 };
/** Between retries of an Okta System Log page: 1 s, ×2, equal jitter, capped at 30 s. */
export const OKTA_BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 2, maxMs: 30_000, jitter: 'equal' };

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const delay = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, retry - 1));
  if (policy.jitter === 'equal') return Math.round(delay * (0.5 + random() / 2));
  return Math.round(delay * (1 + policy.jitter * (2 * random() - 1)));
}
