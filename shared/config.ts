/**
 * Configuration from environment variables, validated once at cold start. An
 * invalid value fails the start with a {@link ConfigError} naming the variable.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError } from './errors.js';
import { resultBytes, RESPONSE_ENVELOPE_BYTES } from './firehose/batch.js';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { DEFAULT_ESCALATIONS } from './security/escalations.js';
import EVENT_TYPES from './security/event-types.json' with { type: 'json' };
import { DefaultEventTypesSchema, eventTypeRules, mergeRules, UserRulesSchema, type EventTypeRule, type RuleSet } from './security/rules.js';

const int = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\s*\d+\s*$/, `expected a whole number from ${min} to ${max}`)),
      z.transform(Number),
    ).check(z.gte(min, `expected at least ${min}`), z.lte(max, `expected at most ${max}`)),
    fallback,
  );

const list = z._default(
  z.pipe(z.string(), z.transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p !== ''))),
  [],
);

/** The environment variables the function reads, with their defaults. */
export const EnvSchema = z.object({
  /** Events older than this keep no `_timestamp` (OpenObserve would drop them; default 4 h 30 min, under its 5 h window). */
  MAX_EVENT_AGE_SECONDS: int(60, 30 * 24 * 3600, 16_200),
  /** Event types to answer `Dropped`: exact names or `prefix.*`, comma-separated. */
  DROP_EVENT_TYPES: list,
  /** Inline JSON rules that extend or override the security taxonomy. */
  SECURITY_RULES: z.optional(z.string()),
  /** Path of a JSON rules file (e.g. in a Lambda layer), same format as SECURITY_RULES. */
  SECURITY_RULES_FILE: z.optional(z.string()),
  /** Cap on a gzip record's decompressed size. */
  MAX_DECOMPRESSED_BYTES: int(1024, 64 * 1024 * 1024, 10 * 1024 * 1024),
  /** Largest transformed record delivered (Firehose HTTP endpoints take 1,024,000 bytes a record). */
  MAX_OUTPUT_RECORD_BYTES: int(1024, 6_000_000, 1_024_000),
  /** Bytes of response the function may return (Lambda caps it at 6 MB). */
  RESPONSE_BUDGET_BYTES: int(100_000, 6_000_000, 6_000_000),
  /** DEBUG, INFO, WARN, ERROR or SILENT. */
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS), 'INFO'),
});

export interface Config {
  readonly maxEventAgeMs: number;
  readonly dropEventTypes: readonly string[];
  readonly rules: RuleSet;
  readonly maxDecompressedBytes: number;
  readonly maxOutputRecordBytes: number;
  readonly responseBudgetBytes: number;
  readonly logLevel: LogLevel;
}

const describeIssues = (error: z.core.$ZodError, prefix = '') =>
  error.issues.map((i) => `${prefix}${i.path.map(String).join('.')}: ${i.message}`).join('; ');

function loadUserRules(env: z.infer<typeof EnvSchema>): unknown {
  if (env.SECURITY_RULES !== undefined && env.SECURITY_RULES_FILE !== undefined) {
    throw new ConfigError('Invalid configuration: set SECURITY_RULES or SECURITY_RULES_FILE, not both');
  }
  const [name, text] =
    env.SECURITY_RULES_FILE !== undefined
      ? ['SECURITY_RULES_FILE', readRulesFile(env.SECURITY_RULES_FILE)]
      : ['SECURITY_RULES', env.SECURITY_RULES];
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`Invalid configuration: ${name}: not valid JSON`);
  }
  const rules = UserRulesSchema.safeParse(json);
  if (!rules.success) throw new ConfigError(`Invalid configuration: ${name}: ${describeIssues(rules.error)}`);
  return rules.data;
}

function readRulesFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration: SECURITY_RULES_FILE: cannot read ${path}`);
  }
}

/**
 * Record ids Firehose assigns are 56 digits; the largest record must fit a response
 * together with an id this long, so that no record the transform accepts can overflow forever.
 */
export const RECORD_ID_ALLOWANCE_BYTES = 512;

/** Response bytes one Ok record of `outputBytes` needs alone: base64 data, its result, the envelope. */
export const responseBytesForRecord = (outputBytes: number): number =>
  4 * Math.ceil(outputBytes / 3) + resultBytes('0'.repeat(RECORD_ID_ALLOWANCE_BYTES), 'Ok', '') + RESPONSE_ENVELOPE_BYTES;

/** Refuse a response budget that cannot carry the largest record MAX_OUTPUT_RECORD_BYTES lets through. */
function checkBudget(maxOutput: number, budget: number): void {
  const needed = responseBytesForRecord(maxOutput);
  if (needed <= budget) return;
  let fits = Math.floor(((budget - responseBytesForRecord(0)) / 4)) * 3;
  while (responseBytesForRecord(fits + 1) <= budget) fits += 1;
  throw new ConfigError(
    `Invalid configuration: MAX_OUTPUT_RECORD_BYTES (${maxOutput}) does not fit RESPONSE_BUDGET_BYTES (${budget}): ` +
      `such a record needs ${needed} bytes of response; lower MAX_OUTPUT_RECORD_BYTES to ${fits} or raise RESPONSE_BUDGET_BYTES to ${needed}`,
  );
}

/**
 * The shipped event-type table, read once per process. It is not validated here:
 * the tests hold it to DefaultEventTypesSchema (test/security/taxonomy.test.ts) and
 * the bundle's compact copy of it to it (test/core/bundle-text.test.ts), and zod's
 * parse of it took about 2 ms, some 6 % of the bundle's import.
 */
let defaultEventTypes: Record<string, EventTypeRule> | undefined;
const shippedEventTypes = (): Record<string, EventTypeRule> =>
  (defaultEventTypes ??= eventTypeRules(EVENT_TYPES as unknown as z.infer<typeof DefaultEventTypesSchema>));

/** Validate the environment; throws {@link ConfigError} naming the offending variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  checkBudget(e.MAX_OUTPUT_RECORD_BYTES, e.RESPONSE_BUDGET_BYTES);
  const user = loadUserRules(e) as z.infer<typeof UserRulesSchema> | undefined;
  return {
    maxEventAgeMs: e.MAX_EVENT_AGE_SECONDS * 1000,
    dropEventTypes: e.DROP_EVENT_TYPES,
    rules: mergeRules({ eventTypes: shippedEventTypes(), escalations: DEFAULT_ESCALATIONS }, user),
    maxDecompressedBytes: e.MAX_DECOMPRESSED_BYTES,
    maxOutputRecordBytes: e.MAX_OUTPUT_RECORD_BYTES,
    responseBudgetBytes: e.RESPONSE_BUDGET_BYTES,
    logLevel: e.LOG_LEVEL,
  };
}
