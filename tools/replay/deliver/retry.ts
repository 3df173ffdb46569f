/** Exponential back-off with jitter, and an injectable sleep for tests. */

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** ±fraction applied around the delay (Firehose uses 0.15), or 'full' for a uniform 0..delay. */
  readonly jitter: number | 'full';
}

/** Firehose's own HTTP endpoint retry: 1 s, ×2, ±15 %, capped at 2 min. */
export const FIREHOSE_HTTP_BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 2, maxMs: 120_000, jitter: 0.15 };
/** For PutRecordBatch: full jitter from 200 ms, capped at 10 s. */
export const PUT_BACKOFF: BackoffPolicy = { baseMs: 200, factor: 2, maxMs: 10_000, jitter: 'full' };

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const delay = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, retry - 1));
  if (policy.jitter === 'full') return Math.round(delay * random());
  return Math.round(delay * (1 + policy.jitter * (2 * random() - 1)));
}
