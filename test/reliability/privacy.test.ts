/**
 * Security logs carry personal data: whatever the relay logs about a batch
 * (successes and failures alike) must not contain any of it.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { createLog } from '../../shared/log.js';
import { handleFirehoseEvent } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';
import { allSamples, envelope, firehoseEvent, type Json } from '../helpers/samples.js';

/** Every e-mail address, IP address and display name anywhere in the samples. */
function personalData(events: readonly Json[]): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown, key = '') => {
    if (typeof v === 'string') {
      if (/@/.test(v) || /^\d{1,3}(\.\d{1,3}){3}$/.test(v) || /:[0-9a-f]*:/i.test(v) && /ip/i.test(key)) found.add(v);
      if (/displayName|alternateId|ipAddress|^ip$|city/i.test(key) && v.length >= 6 && !/^(unknown|null)$/i.test(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach((c) => walk(c, key));
    else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, k);
  };
  events.forEach((e) => walk(e));
  return found;
}

describe('Logs', () => {
  it('contain none of the e-mails, IP addresses or names of the events, at DEBUG level, for good and failing records', async () => {
    const events = allSamples().map((s) => envelope(s.event));
    const failing = events.slice(0, 20).map((e) => `${JSON.stringify(e)}\n{"not":"okta","email":"${String((e.detail as Json).uuid)}@example.com"}`);
    const lines: string[] = [];
    const log = createLog('test', 'DEBUG', (line) => lines.push(line));
    const metrics = { addMetric: (...args: unknown[]) => void lines.push(JSON.stringify(args)), publishStoredMetrics: () => undefined };
    const config = loadConfig({});
    await handleFirehoseEvent(firehoseEvent([...events.map((e) => JSON.stringify(e)), ...failing]) as unknown as FirehoseTransformationEvent, {
      config,
      transformer: createTransformer(config),
      log,
      metrics,
      now: () => Date.UTC(2024, 0, 1),
      remainingMs: () => 60_000,
      putRecordBatch: async () => ({ FailedPutCount: 0, RequestResponses: [] }),
    });

    const output = lines.join('\n');
    expect(lines.some((l) => l.includes('record failed'))).toBe(true);
    const secrets = personalData(events);
    expect(secrets.size).toBeGreaterThan(50);
    for (const secret of secrets) expect(output, secret).not.toContain(secret);
  });
});
