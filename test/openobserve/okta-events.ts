/**
 * Okta System Log events for the detection tests, built as Okta writes them
 * (LogEvent fields as in the public samples under test/fixtures/okta) and
 * wrapped in the EventBridge envelope Okta Log Streaming delivers, then run
 * through the relay itself (`createTransformer(loadConfig(...))`), so the rows
 * the detections see are the rows OpenObserve would store.
 */
import { loadConfig } from '../../shared/config.js';
import type { Row } from '../../shared/okta/flatten.js';
import { createTransformer } from '../../shared/transform.js';

export interface Who {
  readonly login: string;
  readonly ip: string;
  readonly country?: string;
  readonly city?: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly asn?: number;
  readonly asOrg?: string;
}

export interface EventSpec {
  readonly at: number;
  readonly type: string;
  readonly who: Who;
  readonly result?: string;
  readonly reason?: string;
  readonly session?: string;
  readonly debug?: Record<string, string>;
  readonly target?: readonly { type: string; id: string; alternateId: string; displayName: string }[];
  readonly proxy?: boolean;
  readonly displayMessage?: string;
  readonly source?: string;
  /** Extra LogEvent members (an undocumented one shows up in schema_issues). */
  readonly extra?: Record<string, unknown>;
}

let serial = 0;
const uuid = () => {
  serial += 1;
  return `0b5e${serial.toString(16).padStart(4, '0')}-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`;
};

export const SOURCE = 'aws.partner/okta.com/example-org/okta-log-stream';

/** One LogEvent in its EventBridge envelope. */
export function envelope(e: EventSpec): Record<string, unknown> {
  const published = new Date(e.at).toISOString();
  const who = e.who;
  const event = {
    uuid: uuid(),
    published,
    eventType: e.type,
    version: '0',
    severity: e.result === 'FAILURE' ? 'WARN' : 'INFO',
    legacyEventType: null,
    displayMessage: e.displayMessage ?? e.type,
    actor: { id: `00u${who.login.replace(/[^a-z0-9]/g, '').slice(0, 17)}`, type: 'User', alternateId: who.login, displayName: who.login.split('@')[0], detailEntry: null },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      id: null,
      ipAddress: who.ip,
      geographicalContext: {
        city: who.city ?? 'Philadelphia',
        state: null,
        country: who.country ?? 'United States',
        postalCode: null,
        geolocation: { lat: who.lat ?? 39.95, lon: who.lon ?? -75.16 },
      },
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: e.session ?? 'unknown',
    },
    outcome: { result: e.result ?? 'SUCCESS', reason: e.reason ?? null },
    securityContext: { asNumber: who.asn ?? 7922, asOrg: who.asOrg ?? 'comcast', isp: who.asOrg ?? 'comcast', domain: 'example.net', isProxy: e.proxy ?? false },
    debugContext: { debugData: { requestId: `req${serial}`, requestUri: '/idp/idx/identify', ...e.debug } },
    transaction: { type: 'WEB', id: `tx${serial}`, detail: {} },
    request: { ipChain: [{ ip: who.ip, geographicalContext: null, version: 'V4', source: null }] },
    target: e.target ?? [],
    ...e.extra,
  };
  return {
    version: '0',
    id: uuid(),
    'detail-type': 'SystemLog',
    source: e.source ?? SOURCE,
    account: '123456789012',
    time: published.replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: event,
  };
}

/**
 * The relay's rows for these events: one Firehose record per event, through
 * the same transformer the Lambda runs. `maxEventAgeSeconds` lets a synthetic
 * day keep its own times (the default 4 h 30 would mark the older part delayed).
 */
export function relayRows(events: readonly EventSpec[], now: number, maxEventAgeSeconds?: number): Row[] {
  const transformer = createTransformer(
    loadConfig(maxEventAgeSeconds === undefined ? {} : { MAX_EVENT_AGE_SECONDS: String(maxEventAgeSeconds) }),
  );
  return events.flatMap((e) => {
    const data = Buffer.from(JSON.stringify(envelope(e))).toString('base64');
    const out = transformer.transformRecord(data, now);
    if (out.result !== 'Ok') throw new Error(`the relay did not accept a test event (${e.type}): ${out.result}`);
    return out.rows;
  });
}
