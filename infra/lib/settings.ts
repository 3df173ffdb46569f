/**
 * Typed settings of the default app, from a JSON file named by the CDK context
 * key `config` (`-c config=relay.json`). Every key is optional; an unknown or
 * invalid key fails synthesis with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { RelayConfigurationError } from './ingest-window.js';
import type { OktaOpenObserveRelayProps } from './relay.js';
import { LOG_LEVELS, RUNTIMES } from './transform-function.js';

/** Both would leave the e-mail without a subscription, so neither key may be given with the other. */
export const ALARM_TARGET_ALTERNATIVES =
  'give alarmEmail (a new topic with that e-mail subscription) or alarmTopicArn (an existing topic), not both';

const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');
const seconds = z.number().int().nonnegative();

export const SettingsSchema = z.strictObject({
  /** CloudFormation stack name (default OktaOpenObserveRelay). */
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/).optional(),
  alarmEmail: z.email().optional(),
  alarmTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/).optional(),
  credentialKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/).optional(),
  /** Relative to the settings file. */
  securityRulesFile: z.string().min(1).optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  logRetentionDays: z.number().refine((d) => RETENTION_DAYS.includes(d), `one of ${RETENTION_DAYS.join(', ')}`).optional(),
  failedDataRetentionDays: z.number().int().min(1).max(3650).optional(),
  httpBufferSizeMiB: z.number().optional(),
  httpBufferIntervalSeconds: seconds.optional(),
  httpRetryDurationSeconds: seconds.optional(),
  processorBufferSizeMiB: z.number().optional(),
  processorBufferIntervalSeconds: seconds.optional(),
  processorRetries: z.number().int().optional(),
  /** Checked against the ingest window; leave out to derive it. */
  maxEventAgeSeconds: seconds.optional(),
  /** OpenObserve's ZO_INGEST_ALLOWED_UPTO, in hours as OpenObserve takes it (default 5). */
  openObserveIngestWindowHours: z.number().int().min(1).optional(),
  dropEventTypes: z.array(z.string().regex(/^[A-Za-z0-9_.-]+(\.\*)?$/)).optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  runtime: z.enum(Object.keys(RUNTIMES) as [keyof typeof RUNTIMES]).optional(),
  dataFreshnessThresholdSeconds: z.number().int().min(60).max(86_400).optional(),
  silenceThresholdMinutes: z.number().int().min(5).max(1440).optional(),
}).refine((s) => s.alarmEmail === undefined || s.alarmTopicArn === undefined, {
  path: ['alarmTopicArn'],
  message: ALARM_TARGET_ALTERNATIVES,
});
export type RelaySettings = z.infer<typeof SettingsSchema> & { readonly baseDir?: string };

/** Reads and validates a settings file; errors name the file and the key. */
export function readSettings(path: string): RelaySettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RelayConfigurationError(`relay settings ${path}: ${(error as Error).message}`);
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RelayConfigurationError(`relay settings ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  return { ...parsed.data, baseDir: dirname(resolve(path)) };
}

const opt = <T, R>(v: T | undefined, f: (v: T) => R): R | undefined => (v === undefined ? undefined : f(v));

/** The construct props the settings stand for (site values and existing resources come from the stack). */
export function relayPropsFromSettings(s: RelaySettings): Omit<OktaOpenObserveRelayProps, 'eventBus' | 'openObserve' | 'credential' | 'credentialKey' | 'alarms'> & {
  readonly ingestWindow?: Duration;
  readonly alarms: Omit<NonNullable<OktaOpenObserveRelayProps['alarms']>, 'topic'>;
} {
  return {
    securityRulesFile: opt(s.securityRulesFile, (f) => resolve(s.baseDir ?? '.', f)),
    tags: s.tags,
    logRetention: s.logRetentionDays as logs.RetentionDays | undefined,
    failedDataRetention: opt(s.failedDataRetentionDays, Duration.days),
    delivery: {
      httpBufferSizeMiB: s.httpBufferSizeMiB,
      httpBufferInterval: opt(s.httpBufferIntervalSeconds, Duration.seconds),
      httpRetryDuration: opt(s.httpRetryDurationSeconds, Duration.seconds),
      processorBufferSizeMiB: s.processorBufferSizeMiB,
      processorBufferInterval: opt(s.processorBufferIntervalSeconds, Duration.seconds),
      processorRetries: s.processorRetries,
    },
    maxEventAge: opt(s.maxEventAgeSeconds, Duration.seconds),
    ingestWindow: opt(s.openObserveIngestWindowHours, Duration.hours),
    dropEventTypes: s.dropEventTypes,
    logLevel: s.logLevel,
    runtime: s.runtime,
    alarms: {
      email: s.alarmEmail,
      dataFreshnessThreshold: opt(s.dataFreshnessThresholdSeconds, Duration.seconds),
      silenceThreshold: opt(s.silenceThresholdMinutes, Duration.minutes),
    },
  };
}
