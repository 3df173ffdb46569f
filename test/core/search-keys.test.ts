/**
 * Search keys gathered across an event: related_ips, related_users, the API token
 * ids and client_country_code, on the real sample events and on edge cases.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { countryCode } from '../../shared/okta/country.js';
import { relatedIps, relatedUsers } from '../../shared/okta/related.js';
import { createTransformer } from '../../shared/transform.js';
import { allSamples, envelope, projectSamples, type Json } from '../helpers/samples.js';

const transformer = createTransformer(loadConfig({}));
const rowOf = (event: Json) => transformer.transformEvent(event, 1, Date.parse('2024-01-01T00:00:00Z')) as Json;
const pick = (row: Json, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => row[k] !== undefined).map((k) => [k, row[k]]));
const KEYS = ['related_ips', 'related_users', 'debug_request_api_token_id', 'debug_root_api_token_id', 'client_country', 'client_country_code'];

describe('On the sample events', () => {
  it('a real export (okta-sdk-java, line 1): client IP and its proxy, the acting admin and the user acted on', () => {
    const [first] = projectSamples().filter((s) => s.file === 'okta-sdk-java.ndjson');
    expect(pick(rowOf((first as { event: Json }).event), KEYS)).toEqual({
      related_ips: '66.222.111.88,54.225.81.89',
      related_users: 'joe.coder@example.com,john-with-group@example.com',
      client_country: 'United States',
      client_country_code: 'US',
    });
  });

  it('the API token id Okta writes in transaction.detail (panther-analysis)', () => {
    const withToken = projectSamples().filter((s) => JSON.stringify(s.event).includes('requestApiTokenId'));
    expect(withToken.length).toBeGreaterThan(0);
    for (const { event } of withToken) {
      const detail = (event.transaction as Json).detail as Json;
      expect(rowOf(envelope(event)).debug_request_api_token_id).toBe(detail.requestApiTokenId);
    }
  });

  it('maps every country name found in the samples to its ISO 3166-1 alpha-2 code', () => {
    const names = new Map<string, unknown>();
    for (const { event } of allSamples()) {
      const row = rowOf(envelope(event)); // the envelope's time stands in where a sample lacks published
      if (typeof row.client_country === 'string') names.set(row.client_country, row.client_country_code);
    }
    const expected: Record<string, string | undefined> = {
      'United States': 'US', US: 'US', Argentina: 'AR', Brazil: 'BR', Canada: 'CA', France: 'FR', Iceland: 'IS', Italy: 'IT',
      Japan: 'JP', Romania: 'RO', Russia: 'RU', Unknown: undefined,
      // Elastic License 2.0 samples, when ../shared/okta-samples is present:
      Germany: 'DE', Switzerland: 'CH', Country: undefined,
    };
    for (const [name, code] of names) expect([name, code]).toEqual([name, expected[name]]);
    expect(names.size).toBeGreaterThanOrEqual(12);
  });
});

describe('related_ips', () => {
  it('is the client IP then every ipChain hop, distinct, in order', () => {
    expect(relatedIps({
      client: { ipAddress: '203.0.113.5' },
      request: { ipChain: [{ ip: '203.0.113.5' }, { ip: '2001:db8::1' }, { ip: '198.51.100.7' }, { ip: '2001:db8::1' }] },
    })).toBe('203.0.113.5,2001:db8::1,198.51.100.7');
  });

  it('skips what is not an IP string, and is absent when there is none', () => {
    expect(relatedIps({ client: { ipAddress: null }, request: { ipChain: [{ ip: '' }, null, { ip: 7 }, 'x', { ip: '192.0.2.1' }] } })).toBe('192.0.2.1');
    expect(relatedIps({ client: null, request: { ipChain: [] } })).toBeUndefined();
  });
});

describe('related_users', () => {
  it('is the actor and every User target, lower-case and distinct; apps and groups are not users', () => {
    expect(relatedUsers({
      actor: { type: 'User', alternateId: 'Admin@Example.com' },
      target: [
        { type: 'User', alternateId: 'alice@example.com' },
        { type: 'AppInstance', alternateId: 'Salesforce' },
        { type: 'UserGroup', alternateId: 'unknown' },
        { type: 'User', alternateId: 'admin@example.com' },
        { type: 'User', alternateId: 'BOB@example.com' },
      ],
    })).toBe('admin@example.com,alice@example.com,bob@example.com');
  });

  it('leaves out an actor that is not a User (system principal, OAuth client)', () => {
    expect(relatedUsers({ actor: { type: 'SystemPrincipal', alternateId: 'system@okta.com' }, target: [{ type: 'User', alternateId: 'carol@example.com' }] })).toBe('carol@example.com');
    expect(relatedUsers({ actor: { type: 'PublicClientApp', alternateId: '0oa1' }, target: null })).toBeUndefined();
  });
});

describe('API token ids', () => {
  const base = { uuid: 'u', published: '2024-01-01T00:00:00.000Z', eventType: 'user.lifecycle.create' };
  it('come from debugData, else from transaction.detail', () => {
    expect(pick(rowOf({ ...base, debugContext: { debugData: { requestApiTokenId: '00T1', rootApiTokenId: '00T0' } } }), KEYS)).toEqual({
      debug_request_api_token_id: '00T1',
      debug_root_api_token_id: '00T0',
    });
    expect(pick(rowOf({ ...base, transaction: { type: 'WEB', id: 't', detail: { requestApiTokenId: '00T2' } } }), KEYS)).toEqual({
      debug_request_api_token_id: '00T2',
    });
  });
});

describe('client_country_code', () => {
  it.each([
    ['United States', 'US'], ['United Kingdom', 'GB'], ['South Korea', 'KR'], ['Hong Kong', 'HK'], ['Czechia', 'CZ'],
    ['Czech Republic', 'CZ'], ['The Netherlands', 'NL'], ['Türkiye', 'TR'], ['Turkey', 'TR'], ['Ivory Coast', 'CI'],
    ["Côte d'Ivoire", 'CI'], ['Bosnia and Herzegovina', 'BA'], ['Trinidad and Tobago', 'TT'], ['Saint Lucia', 'LC'],
    ['St Kitts and Nevis', 'KN'], ['Sao Tome and Principe', 'ST'], ['Republic of Lithuania', 'LT'], ['Myanmar', 'MM'],
    ['Russia', 'RU'], ['Serbia', 'RS'], ['Palestine', 'PS'], ['Kosovo', 'XK'], ['Cocos [Keeling] Islands', 'CC'],
    ['U.S. Virgin Islands', 'VI'], ['DR Congo', 'CD'], ['Congo Republic', 'CG'], ['Åland', 'AX'], ['Macao', 'MO'],
    ['us', 'US'], ['DE', 'DE'],
  ])('%s → %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it.each(['Unknown', 'Country', '', 'Europe', 'Anonymous Proxy', 'EU', 'ZZ', 'Yugoslavia', 'SU'])('%j → none', (name) => {
    expect(countryCode(name)).toBeUndefined();
  });
});
