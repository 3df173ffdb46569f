/**
 * Okta System Log `LogEvent` and the EventBridge envelope Okta Log Streaming puts
 * around it, as zod schemas. The schemas are the type definitions: every type
 * here is inferred, none is written by hand.
 *
 * {@link LogEventSchema} is the documented schema, strict about unknown fields,
 * types and enums. Real data is messy (see `../shared/reference/okta-schema.md`), so
 * validation has two levels: an issue at `eventType` (missing, not a non-empty
 * string) means the value is not an Okta event at all, and its record fails; any
 * other issue is only listed in `schema_issues`.
 */
import * as z from 'zod/mini';
import { _isoDateTime } from 'zod/v4/core';
import { isPlainObject } from '../json.js';

/**
 * `z.iso.datetime()`, as zod/mini defines it. `z.iso` is a namespace object, and a
 * bundler keeps every member of it (date, time, duration and their patterns) once
 * one is used: this keeps only the datetime format (1.3 kB less bundle).
 */
const isoDateTime = () => _isoDateTime(z.ZodMiniISODateTime);

/** Strict: unknown fields are deviations. (The fast path compiles its check from these schemas: ./compiled-check.ts.) */
const strict = z.strictObject;

/** Okta marks nearly every member optional and nullable; so do we. */
const opt = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));
const map = z.record(z.string(), z.unknown());

const GeolocationSchema = strict({ lat: opt(z.number()), lon: opt(z.number()) });

const GeographicalContextSchema = strict({
  city: opt(z.string()),
  state: opt(z.string()),
  country: opt(z.string()),
  postalCode: opt(z.string()),
  geolocation: opt(GeolocationSchema),
});

const IpDetailsSchema = strict({
  asNumber: opt(z.number()),
  asOrg: opt(z.string()),
  domain: opt(z.string()),
  isp: opt(z.string()),
  ipServiceCategories: opt(
    z.array(strict({ isAnonymous: opt(z.boolean()), operator: opt(z.string()), type: opt(z.string()) })),
  ),
});

const ActorSchema = strict({
  id: opt(z.string()),
  type: opt(z.string()),
  alternateId: opt(z.string()),
  displayName: opt(z.string()),
  detailEntry: opt(map),
});

const TargetSchema = strict({
  id: opt(z.string()),
  type: opt(z.string()),
  alternateId: opt(z.string()),
  displayName: opt(z.string()),
  detailEntry: opt(map),
  changeDetails: opt(map),
});

const ClientSchema = strict({
  id: opt(z.string()),
  zone: opt(z.string()),
  device: opt(z.string()),
  ipAddress: opt(z.string()),
  userAgent: opt(strict({ rawUserAgent: opt(z.string()), os: opt(z.string()), browser: opt(z.string()) })),
  geographicalContext: opt(GeographicalContextSchema),
});

const DeviceSchema = strict({
  id: opt(z.string()),
  name: opt(z.string()),
  os_platform: opt(z.string()),
  os_version: opt(z.string()),
  managed: opt(z.boolean()),
  registered: opt(z.boolean()),
  device_integrator: opt(z.union([map, z.string()])),
  disk_encryption_type: opt(z.string()),
  screen_lock_type: opt(z.string()),
  jailbreak: opt(z.boolean()),
  secure_hardware_present: opt(z.boolean()),
});

/** Documented values of `outcome.result` (Okta adds values over time; unknown ones are reported, not rejected). */
export const OUTCOME_RESULTS = [
  'SUCCESS', 'FAILURE', 'SKIPPED', 'ALLOW', 'DENY', 'CHALLENGE', 'UNKNOWN',
  'RATE_LIMIT', 'DEFERRED', 'SCHEDULED', 'ABANDONED', 'UNANSWERED',
] as const;

export const LOG_SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** The documented `LogEvent`; strict, so unknown fields show up as deviations. */
export const LogEventSchema = strict({
  uuid: opt(z.string()),
  published: opt(isoDateTime()),
  eventType: z.string().check(z.minLength(1)),
  version: opt(z.string()),
  severity: opt(z.enum(LOG_SEVERITIES)),
  legacyEventType: opt(z.string()),
  displayMessage: opt(z.string()),
  actor: opt(ActorSchema),
  client: opt(ClientSchema),
  device: opt(DeviceSchema),
  outcome: opt(strict({ result: opt(z.enum(OUTCOME_RESULTS)), reason: opt(z.string()) })),
  target: opt(z.array(TargetSchema)),
  transaction: opt(strict({ type: opt(z.enum(['WEB', 'JOB'])), id: opt(z.string()), detail: opt(map) })),
  debugContext: opt(strict({ debugData: opt(map) })),
  authenticationContext: opt(
    strict({
      authenticationProvider: opt(z.string()),
      credentialProvider: opt(z.string()),
      credentialType: opt(z.string()),
      issuer: opt(strict({ id: opt(z.string()), type: opt(z.string()) })),
      interface: opt(z.string()),
      authenticationStep: opt(z.number()),
      externalSessionId: opt(z.string()),
      rootSessionId: opt(z.string()),
      // Okta FastPass / Okta Verify: how the authenticator was invoked (Okta customer-detections
      // "FastPass Auth via Suspicious Binary"); observed in real data, not in the published schema.
      authenticatorContext: opt(map),
    }),
  ),
  securityContext: opt(
    strict({
      asNumber: opt(z.number()),
      asOrg: opt(z.string()),
      isp: opt(z.string()),
      domain: opt(z.string()),
      isProxy: opt(z.boolean()),
      ipDetails: opt(IpDetailsSchema),
      risk: opt(map),
      userBehaviors: opt(z.array(map)),
      botProtection: opt(map),
    }),
  ),
  request: opt(
    strict({
      ipChain: opt(
        z.array(
          strict({
            ip: opt(z.string()),
            version: opt(z.enum(['V4', 'V6'])),
            source: opt(z.string()),
            geographicalContext: opt(GeographicalContextSchema),
            ipDetails: opt(IpDetailsSchema),
          }),
        ),
      ),
    }),
  ),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/** Prefix of the `source` Okta Log Streaming gives its partner events. */
export const OKTA_PARTNER_SOURCE_PREFIX = 'aws.partner/okta.com/';

/**
 * The EventBridge event Okta Log Streaming emits (the whole event is the Firehose
 * record when the rule target has no input transformer). Only what identifies an
 * envelope is required; the other members are read where they have the expected
 * type and otherwise kept as they are.
 */
export const EventBridgeEnvelopeSchema = z.looseObject({
  'detail-type': z.string(),
  // Checked, not copied: the LogEvent inside is validated on its own.
  detail: z.custom<Record<string, unknown>>(isPlainObject),
  version: z.optional(z.unknown()),
  id: z.optional(z.unknown()),
  source: z.optional(z.unknown()),
  account: z.optional(z.unknown()),
  time: z.optional(z.unknown()),
  region: z.optional(z.unknown()),
  resources: z.optional(z.unknown()),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelopeSchema>;
