/** Why a backfill stopped: a sentence without secrets or event content. */
export class BackfillError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** A page's rows were not delivered (not an Okta problem). */
  readonly delivery: boolean;
  constructor(message: string, options: { retryable?: boolean; status?: number; delivery?: boolean } = {}) {
    super(message);
    this.name = 'BackfillError';
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.delivery = options.delivery ?? false;
  }
}
