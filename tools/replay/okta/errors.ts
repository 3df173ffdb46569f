/** Why a backfill stopped: a sentence without secrets or event content. */
export class BackfillError extends Error {
  readonly retryable: boolean;
  readonly status: number | undefined;
  constructor(message: string, options: { retryable?: boolean; status?: number } = {}) {
    super(message);
    this.name = 'BackfillError';
    this.retryable = options.retryable ?? false;
    this.status = options.status;
  }
}
