/**
 * The site values a deployment names (OpenObserve's URL, the secret's ARN), as
 * one pattern each: the CloudFormation parameter's AllowedPattern and the
 * construct's check at synthesis use the same text, so the two cannot drift.
 * The patterns use only syntax that JavaScript and CloudFormation (Java) read alike.
 */
import { Token } from 'aws-cdk-lib';
import { RelayConfigurationError } from './ingest-window.js';

/**
 * `https://<host>[:443][/<path>]`: Firehose delivers over HTTPS to port 443 only
 * (Amazon Data Firehose developer guide, "HTTP endpoint delivery request and
 * response specifications"); no credentials (the access key comes from the
 * secret), no query or fragment and no trailing slash (the stack appends
 * `/aws/{org}/{stream}/_kinesis_firehose`).
 */
export const OPENOBSERVE_URL_PATTERN = '^https://[A-Za-z0-9._-]+(:443)?(/[^\\s?#]*[^\\s/?#])?$';

/** A complete secret ARN: the name and the `-XXXXXX` suffix Secrets Manager appends, which IAM matches exactly. */
export const SECRET_COMPLETE_ARN_PATTERN = '^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$';

const URL_RE = new RegExp(OPENOBSERVE_URL_PATTERN);

/** Why `url` cannot be OpenObserve's base URL for Firehose, or undefined when it can. */
export function openObserveUrlProblem(url: string): string | undefined {
  if (!url.startsWith('https://')) return 'must start with https:// (Firehose delivers over HTTPS only)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials (Firehose sends the access key from the secret)';
  if (parsed.port !== '') return 'must not name a port other than 443 (Firehose delivers to port 443 only)';
  if (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(url)) return 'must not have a query or fragment (the stack appends /aws/{org}/{stream}/_kinesis_firehose)';
  if (url.endsWith('/')) return 'must not end with a slash (the stack appends /aws/{org}/{stream}/_kinesis_firehose)';
  if (!URL_RE.test(url)) return 'must be https://<host>[/<path>], with a host of letters, digits, ".", "-" and "_", and no white space';
  return undefined;
}

/** Refuses a concrete URL Firehose could not deliver to; a deploy-time token is left to the parameter's pattern. */
export function checkOpenObserveUrl(prop: string, url: string): void {
  if (Token.isUnresolved(url)) return;
  const problem = openObserveUrlProblem(url);
  if (problem === undefined) return;
  // The value is echoed only when it carries no credentials.
  const shown = /^[^/]*\/\/[^/]*@/.test(url) ? '' : `, got ${url}`;
  throw new RelayConfigurationError(`${prop} ${problem}${shown}`);
}

/** Refuses a concrete secret ARN that is not complete: the GetSecretValue grant names the ARN exactly, so a partial one matches no secret. */
export function checkSecretCompleteArn(prop: string, arn: string): void {
  if (Token.isUnresolved(arn) || new RegExp(SECRET_COMPLETE_ARN_PATTERN).test(arn)) return;
  throw new RelayConfigurationError(
    `${prop} must be the complete ARN of a Secrets Manager secret, ending in the six-character suffix Secrets Manager appends to the name (…:secret:<name>-AbCdEf), got ${arn}`,
  );
}
