/**
 * Okta's System Log API, `GET /api/v1/logs`, page by page: the first request
 * carries `since`, `until`, `filter`, `limit` and `sortOrder=ASCENDING`; the
 * next ones follow the `Link: <…>; rel="next"` header, which must stay on the
 * org's origin. Rate limits are honoured: when `X-Rate-Limit-Remaining` reaches
 * 0 the next request waits for `X-Rate-Limit-Reset` (epoch seconds, read
 * against the response's `Date`); a 429 waits the same way and is retried.
 * 5xx, network errors and a body cut mid-page are retried with back-off; 401
 * (after one token refresh), 403 and other 4xx stop with Okta's own
 * `errorCode: errorSummary`.
 */
import { backoffDelay, OKTA_BACKOFF } from '../deliver/retry.js';
import { scanJson } from '../inputs/scan.js';
import type { Authorizer } from './auth.js';
import { BackfillError } from './errors.js';

/** Events a page (Okta's maximum). */
export const PAGE_LIMIT = 1000;
const MAX_ATTEMPTS = 8;
/** Longest wait for a rate-limit reset (Okta's windows are one minute). */
const MAX_RESET_WAIT_MS = 120_000;

export interface Window {
  readonly since: string;
  readonly until: string;
  readonly filter: string | undefined;
}

export interface Page {
  readonly url: string;
  /** Each event's value and its exact JSON text. */
  readonly events: { readonly value: unknown; readonly text: string }[];
  readonly next: string | undefined;
}

export interface FetchStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  waitedMs: number;
}

export interface ClientDeps {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  readonly timeoutMs?: number;
}

/** The first page's URL for a window. */
export function firstPageUrl(org: string, w: Window, limit = PAGE_LIMIT): string {
  const q = new URLSearchParams({ since: w.since, until: w.until, limit: String(limit), sortOrder: 'ASCENDING' });
  if (w.filter !== undefined) q.set('filter', w.filter);
  return `${org}/api/v1/logs?${q.toString()}`;
}

/** The `rel="next"` target of a Link header (RFC 8288), or undefined. */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m !== null && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

/** Okta's error body `{errorCode, errorSummary, errorCauses}` as one line, or the status. */
export function oktaError(status: number, body: string): string {
  try {
    const e = JSON.parse(body) as { errorCode?: unknown; errorSummary?: unknown; errorCauses?: unknown };
    if (typeof e.errorCode === 'string' || typeof e.errorSummary === 'string') {
      const causes = Array.isArray(e.errorCauses)
        ? e.errorCauses.map((c: { errorSummary?: unknown }) => (typeof c?.errorSummary === 'string' ? c.errorSummary : '')).filter((c) => c !== '')
        : [];
      return `HTTP ${status} ${String(e.errorCode ?? '')}: ${String(e.errorSummary ?? '')}${causes.length > 0 ? ` (${causes.join('; ')})` : ''}`.slice(0, 500);
    }
  } catch {
    // not Okta's error body
  }
  return `HTTP ${status}`;
}

const HINTS: Readonly<Record<number, string>> = {
  401: 'the API token or access token is not valid for this org',
  403: `the credentials lack the right to read the System Log (an admin role, or the okta.logs.read scope)`,
};

export class OktaLogClient {
  readonly stats: FetchStats = { requests: 0, retries: 0, rateLimitWaits: 0, waitedMs: 0 };
  /** When the rate-limit window resets, if the last response said none is left. */
  private resetAt: number | undefined;

  constructor(
    private readonly org: string,
    private readonly auth: Authorizer,
    private readonly deps: ClientDeps,
  ) {}

  private async wait(ms: number, rateLimit: boolean): Promise<void> {
    if (ms <= 0) return;
    if (rateLimit) this.stats.rateLimitWaits += 1;
    this.stats.waitedMs += ms;
    await this.deps.sleep(ms);
  }

  /** How long until the window in `res` resets, by the server's clock. */
  private resetWait(res: Response): number | undefined {
    const reset = Number(res.headers.get('x-rate-limit-reset'));
    if (!Number.isFinite(reset) || reset <= 0) return undefined;
    const serverNow = Date.parse(res.headers.get('date') ?? '');
    const now = Number.isFinite(serverNow) ? serverNow : this.deps.now();
    return Math.min(MAX_RESET_WAIT_MS, Math.max(0, reset * 1000 - now) + 1000);
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, OKTA_BACKOFF, this.deps.random);
  }

  /** Fetch one page, retrying what may succeed later; throws {@link BackfillError} otherwise. */
  async page(url: string): Promise<Page> {
    if (new URL(url).origin !== this.org) throw new BackfillError(`Okta sent a next link to another origin (${new URL(url).origin}): not followed`);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.resetAt !== undefined) {
        await this.wait(this.resetAt - this.deps.now(), true);
        this.resetAt = undefined;
      }
      let failure: BackfillError;
      let res: Response | undefined;
      try {
        this.stats.requests += 1;
        res = await this.deps.fetch(url, {
          headers: { Accept: 'application/json', Authorization: await this.auth.header() },
          redirect: 'manual',
          signal: AbortSignal.timeout(this.deps.timeoutMs ?? 60_000),
        });
        const body = await res.text();
        const remaining = res.headers.get('x-rate-limit-remaining');
        if (remaining !== null && Number(remaining) <= 0) {
          const wait = this.resetWait(res);
          if (wait !== undefined) this.resetAt = this.deps.now() + wait;
        }
        if (res.status === 200) return this.parse(url, body, res.headers.get('link'));
        failure = new BackfillError(`GET /api/v1/logs: ${oktaError(res.status, body)}${HINTS[res.status] ? `: ${HINTS[res.status]}` : ''}`, {
          status: res.status,
          retryable: res.status === 429 || res.status >= 500,
        });
      } catch (error) {
        if (error instanceof BackfillError && !error.retryable) throw error;
        // Network error, timeout, or the connection cut while the body was read.
        failure =
          error instanceof BackfillError
            ? error
            : new BackfillError(`GET /api/v1/logs: the connection failed (${(error as Error).name})`, { retryable: true });
      }
      if (res?.status === 401 && this.auth.kind === 'oauth' && !refreshed) {
        refreshed = true;
        this.auth.invalidate();
        continue;
      }
      if (!failure.retryable || attempt >= MAX_ATTEMPTS) throw failure;
      this.stats.retries += 1;
      if (res?.status === 429) {
        await this.wait((res && this.resetWait(res)) ?? this.backoff(attempt), true);
        this.resetAt = undefined;
      } else await this.wait(this.backoff(attempt), false);
    }
  }

  private parse(url: string, body: string, link: string | null): Page {
    let whole: unknown;
    try {
      whole = JSON.parse(body);
    } catch {
      throw new BackfillError('GET /api/v1/logs: the page is not complete JSON', { retryable: true });
    }
    if (!Array.isArray(whole)) throw new BackfillError('GET /api/v1/logs: the answer is not a JSON array of events');
    const events: Page['events'] = [];
    for (const item of scanJson(body, { unwrapArrays: true })) if (item.ok) events.push({ value: item.value, text: item.text });
    const next = nextLink(link);
    return { url, events, next: next === url ? undefined : next };
  }
}
