/**
 * Authorisation for Okta's management API, from the environment only (never
 * flags): an API token (`OKTA_API_TOKEN`, sent as `Authorization: SSWS …`), or
 * an OAuth 2.0 service app (`OKTA_CLIENT_ID` + `OKTA_PRIVATE_KEY`, PEM or JWK,
 * optional `OKTA_KEY_ID`) that gets an access token for scope `okta.logs.read`
 * with a private-key JWT client assertion (RFC 7523), signed with node:crypto.
 * Secrets never appear in messages.
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { UsageError } from '../errors.js';
import { BackfillError } from './errors.js';

export const LOGS_SCOPE = 'okta.logs.read';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface Authorizer {
  readonly kind: 'api-token' | 'oauth';
  /** The Authorization header value. */
  header(): Promise<string>;
  /** Forget a cached access token (after a 401). */
  invalidate(): void;
}

export interface AuthDeps {
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

interface SigningKey {
  readonly key: KeyObject;
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string | undefined;
}

/** The private key from PEM or JWK text; RSA signs RS256, P-256 signs ES256. */
export function signingKey(text: string, kid: string | undefined): SigningKey {
  let key: KeyObject;
  let jwkKid: string | undefined;
  try {
    if (text.trim().startsWith('{')) {
      const jwk = JSON.parse(text) as { kid?: unknown };
      jwkKid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } else key = createPrivateKey(text.replace(/\\n/g, '\n'));
  } catch {
    throw new UsageError('OKTA_PRIVATE_KEY is not a private key (PEM, or a JWK with its private members)');
  }
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { key, alg: 'RS256', kid: kid ?? jwkKid };
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, alg: 'ES256', kid: kid ?? jwkKid };
  throw new UsageError('OKTA_PRIVATE_KEY must be an RSA or P-256 (EC) key');
}

/** A signed client assertion: iss = sub = client id, aud = the token endpoint, valid 5 minutes. */
export function clientAssertion(clientId: string, audience: string, k: SigningKey, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: k.alg, typ: 'JWT', ...(k.kid === undefined ? {} : { kid: k.kid }) }));
  const payload = b64url(JSON.stringify({ iss: clientId, sub: clientId, aud: audience, iat, exp: iat + 300, jti: randomUUID() }));
  const input = `${header}.${payload}`;
  const signature = sign('sha256', Buffer.from(input), k.alg === 'ES256' ? { key: k.key, dsaEncoding: 'ieee-p1363' } : k.key);
  return `${input}.${b64url(signature)}`;
}

/** Choose the authorisation from the environment; a UsageError says what is missing. */
export function authFromEnv(env: Readonly<Record<string, string | undefined>>, org: string, deps: AuthDeps): Authorizer {
  const token = env.OKTA_API_TOKEN;
  const clientId = env.OKTA_CLIENT_ID;
  const keyText = env.OKTA_PRIVATE_KEY;
  if (token !== undefined && token !== '') {
    return { kind: 'api-token', header: async () => `SSWS ${token}`, invalidate() {} };
  }
  if (!clientId || !keyText) {
    throw new UsageError(
      '--okta-org needs OKTA_API_TOKEN, or OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (an OAuth 2.0 service app granted okta.logs.read), in the environment',
    );
  }
  const key = signingKey(keyText, env.OKTA_KEY_ID || undefined);
  const tokenUrl = `${org}/oauth2/v1/token`;
  let cached: { value: string; expiresAt: number } | undefined;
  return {
    kind: 'oauth',
    invalidate: () => void (cached = undefined),
    async header() {
      if (cached !== undefined && deps.now() < cached.expiresAt) return cached.value;
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: LOGS_SCOPE,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: clientAssertion(clientId, tokenUrl, key, deps.now()),
      });
      let res: Response;
      try {
        res = await deps.fetch(tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        throw new BackfillError(`cannot reach ${tokenUrl}`, { retryable: true });
      }
      const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (res.status !== 200 || typeof json?.access_token !== 'string') {
        const why = typeof json?.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : `HTTP ${res.status}`;
        throw new BackfillError(`Okta refused the access token request (${why}); check OKTA_CLIENT_ID, the key and the ${LOGS_SCOPE} grant`, {
          retryable: res.status >= 500 || res.status === 429,
        });
      }
      const ttl = typeof json.expires_in === 'number' ? json.expires_in : 3600;
      const type = typeof json.token_type === 'string' ? json.token_type : 'Bearer';
      cached = { value: `${type} ${json.access_token}`, expiresAt: deps.now() + Math.max(0, ttl - 60) * 1000 };
      return cached.value;
    },
  };
}
