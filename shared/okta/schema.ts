/**
 * Okta System Log `LogEvent` and the EventBridge envelope Okta Log Streaming puts
 * around it, as zod schemas. The schemas are the type definitions: every type
 * here is inferred, none is written by hand.
 *
 * Two levels, because real data is messy (see `../shared/reference/okta-schema.md`):
 * - {@link OktaEventIdentitySchema}: what makes a JSON object an Okta event at all.
 *   Failing it means the record is not ours to deliver (`ProcessingFailed`).
 * - {@link LogEventSchema}: the documented schema, strict about unknown fields,
 *   types and enums. Failing it only lists deviations in `schema_issues`.
 */
import * as z from 'zod/mini';

/** Okta marks nearly every member optional and nullable; so do we. */
const opt = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));
const map = z.record(z.string(), z.unknown());

const GeolocationSchema = z.strictObject({ lat: opt(z.number()), lon: opt(z.number()) });

const GeographicalContextSchema = z.strictObject({
  city: opt(z.string()),
  state: opt(z.string()),
  country: opt(z.string()),
  postalCode: opt(z.string()),
  geolocation: opt(GeolocationSchema),
});

const IpDetailsSchema = z.strictObject({
  asNumber: opt(z.number()),
  asOrg: opt(z.string()),
  domain: opt(z.string()),
  isp: opt(z.string()),
  ipServiceCategories: opt(
    z.array(z.strictObject({ isAnonymous: opt(z.boolean()), operator: opt(z.string()), type: opt(z.string()) })),
  ),
});

const ActorSchema = z.strictObject({
  id: opt(z.string()),
  type: opt(z.string()),
  alternateId: opt(z.string()),
  displayName: opt(z.string()),
  detailEntry: opt(map),
});

const TargetSchema = z.strictObject({
  id: opt(z.string()),
  type: opt(z.string()),
  alternateId: opt(z.string()),
  displayName: opt(z.string()),
  detailEntry: opt(map),
  changeDetails: opt(map),
});

const ClientSchema = z.strictObject({
  id: opt(z.string()),
  zone: opt(z.string()),
  device: opt(z.string()),
  ipAddress: opt(z.string()),
  userAgent: opt(z.strictObject({ rawUserAgent: opt(z.string()), os: opt(z.string()), browser: opt(z.string()) })),
  geographicalContext: opt(GeographicalContextSchema),
});

const DeviceSchema = z.strictObject({
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
export const LogEventSchema = z.strictObject({
  uuid: opt(z.string()),
  published: opt(z.iso.datetime()),
  eventType: z.string(),
  version: opt(z.string()),
  severity: opt(z.enum(LOG_SEVERITIES)),
  legacyEventType: opt(z.string()),
  displayMessage: opt(z.string()),
  actor: opt(ActorSchema),
  client: opt(ClientSchema),
  device: opt(DeviceSchema),
  outcome: opt(z.strictObject({ result: opt(z.enum(OUTCOME_RESULTS)), reason: opt(z.string()) })),
  target: opt(z.array(TargetSchema)),
  transaction: opt(z.strictObject({ type: opt(z.enum(['WEB', 'JOB'])), id: opt(z.string()), detail: opt(map) })),
  debugContext: opt(z.strictObject({ debugData: opt(map) })),
  authenticationContext: opt(
    z.strictObject({
      authenticationProvider: opt(z.string()),
      credentialProvider: opt(z.string()),
      credentialType: opt(z.string()),
      issuer: opt(z.strictObject({ id: opt(z.string()), type: opt(z.string()) })),
      interface: opt(z.string()),
      authenticationStep: opt(z.number()),
      externalSessionId: opt(z.string()),
      rootSessionId: opt(z.string()),
    }),
  ),
  securityContext: opt(
    z.strictObject({
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
    z.strictObject({
      ipChain: opt(
        z.array(
          z.strictObject({
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

/**
 * What makes a JSON value an Okta event: an object with a non-empty string
 * `eventType`. Identity and time (`uuid`, `published`) are checked by the
 * transform, because an EventBridge envelope can supply them.
 */
export const OktaEventIdentitySchema = z.looseObject({ eventType: z.string().check(z.minLength(1)) });
export type OktaEventIdentity = z.infer<typeof OktaEventIdentitySchema>;

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
  detail: z.record(z.string(), z.unknown()),
  version: z.optional(z.unknown()),
  id: z.optional(z.unknown()),
  source: z.optional(z.unknown()),
  account: z.optional(z.unknown()),
  time: z.optional(z.unknown()),
  region: z.optional(z.unknown()),
  resources: z.optional(z.unknown()),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelopeSchema>;
