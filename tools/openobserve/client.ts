/**
 * A small client for OpenObserve's management API: basic auth (a user's
 * password or a service account token; the ingestion passcode is refused
 * there), JSON in and out, and every 4xx/5xx turned into an error that carries
 * OpenObserve's own message (`{code, message, error_detail?}`). Redirects are
 * not followed (a 3xx is an error) and each request is abandoned after 30 s.
 */
export interface Credentials {
  readonly email: string;
  readonly password: string;
}

export class OpenObserveError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly serverMessage: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${serverMessage}`);
    this.name = 'OpenObserveError';
  }
}

/** Credentials from the environment only (never flags). */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Credentials {
  const email = env.OPENOBSERVE_EMAIL;
  const password = env.OPENOBSERVE_PASSWORD;
  const missing = [email ? undefined : 'OPENOBSERVE_EMAIL', password ? undefined : 'OPENOBSERVE_PASSWORD'].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`set ${missing.join(' and ')} in the environment (a user's password or a service account token; the ingestion passcode is not accepted by the management API)`);
  }
  return { email: email!, password: password! };
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error_detail?: unknown; error?: unknown };
    const parts = [body.message ?? body.error, body.error_detail].filter((p) => typeof p === 'string' && p !== '');
    if (parts.length > 0) return parts.join(': ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 500) || '(empty response)';
}

/** Everything from `//` to the last `@` shown as `***@`, so that an error never repeats a secret typed into a URL. */
const redact = (text: string): string => text.replace(/\/\/.*@/, '//***@');

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * The OpenObserve address `--url` names, checked before anything is sent: every
 * request carries the password or token in a Basic header, so it must be https
 * (plain http only to this machine), and the URL itself must carry no credentials.
 */
export function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--url ${redact(value)}: not a URL (expected https://HOST[:PORT][/PATH])`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(`--url ${redact(url.href)}: must not contain a user name or password; set OPENOBSERVE_EMAIL and OPENOBSERVE_PASSWORD in the environment instead`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Error(`--url ${url.href}: use https:// (the password or token is sent with every request; plain http:// only to localhost or 127.0.0.1/[::1])`);
  }
  if (url.search !== '' || url.hash !== '') throw new Error(`--url ${url.href}: no query or fragment (expected https://HOST[:PORT][/PATH])`);
  return url.href.replace(/\/+$/, '');
}

export interface Client {
  readonly get: <T>(path: string) => Promise<T | undefined>;
  readonly send: <T>(method: 'POST' | 'PUT', path: string, body: unknown) => Promise<T>;
}

/** How long one request may take, answer included, before it is abandoned. */
export const REQUEST_TIMEOUT_MS = 30_000;

export function createClient(baseUrl: string, credentials: Credentials, timeoutMs = REQUEST_TIMEOUT_MS): Client {
  const base = checkBaseUrl(baseUrl);
  const authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.password}`).toString('base64')}`;

  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // A followed 301/302 turns a POST or PUT into a GET whose 200 would read as "applied",
        // and would carry the credentials to wherever Location points.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        throw new Error(`${method} ${base}${path}: HTTP ${res.status} redirect${location === null ? ' without a Location' : ` to ${redact(location)}`}; not followed (point --url at the address OpenObserve answers on)`);
      }
      return { status: res.status, text: await res.text() };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new Error(`${method} ${base}${path}: no complete answer within ${timeoutMs / 1000} s; abandoned (is --url the OpenObserve API address?)`);
      }
      if (!(error instanceof TypeError)) throw error;
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is its cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message;
      throw new Error(`${method} ${base}${path}: ${(error as Error).message}${reason ? ` (${reason})` : ''}`);
    }
  }

  const parse = <T>(text: string): T => (text === '' ? (undefined as T) : (JSON.parse(text) as T));

  return {
    /** `undefined` on 404; any other error status throws. */
    async get<T>(path: string) {
      const { status, text } = await request('GET', path);
      if (status === 404) return undefined;
      if (status >= 400) throw new OpenObserveError(status, 'GET', path, messageOf(text));
      return parse<T>(text);
    },
    async send<T>(method: 'POST' | 'PUT', path: string, body: unknown) {
      const { status, text } = await request(method, path, body);
      if (status >= 400) throw new OpenObserveError(status, method, path, messageOf(text));
      return parse<T>(text);
    },
  };
}
