import { App, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/lib/app.js';
import { INGEST_WINDOW_ALLOWANCE, maxEventAgeSeconds, RelayConfigurationError } from '../../../infra/lib/ingest-window.js';
import { OktaOpenObserveRelay } from '../../../infra/lib/relay.js';
import { tempDir } from '../synth.js';

const defaults = { ingestWindow: Duration.hours(5), httpRetryDuration: Duration.hours(1), httpBufferInterval: Duration.seconds(60) };

describe('MAX_EVENT_AGE_SECONDS and the OpenObserve ingest window', () => {
  it('is derived as the window minus the HTTP retry duration, the HTTP buffer interval and a 5-minute allowance', () => {
    expect(INGEST_WINDOW_ALLOWANCE.toSeconds()).toBe(300);
    expect(maxEventAgeSeconds(defaults)).toBe(18_000 - 3600 - 60 - 300);
    expect(maxEventAgeSeconds({ ...defaults, ingestWindow: Duration.hours(24), httpRetryDuration: Duration.seconds(0) })).toBe(86_400 - 60 - 300);
  });

  it('keeps a given age that fits', () => {
    expect(maxEventAgeSeconds({ ...defaults, maxEventAge: Duration.hours(3) })).toBe(10_800);
    expect(maxEventAgeSeconds({ ...defaults, maxEventAge: Duration.seconds(14_040) })).toBe(14_040);
  });

  it("refuses the function's old default of 4 h 30 min with one hour of retries, naming the props", () => {
    expect(() => maxEventAgeSeconds({ ...defaults, maxEventAge: Duration.minutes(270) })).toThrow(
      new RelayConfigurationError(
        'Impossible relay configuration: maxEventAge (4 h 30 min) + delivery.httpRetryDuration (1 h) + delivery.httpBufferInterval (1 min) + ' +
          '5 min allowance = 5 h 36 min exceeds openObserve.ingestWindow (5 h, OpenObserve\'s ZO_INGEST_ALLOWED_UPTO): rows that old would be ' +
          'dropped by OpenObserve with a 200. Use a maxEventAge of at most 3 h 54 min, or leave it out to derive it',
      ),
    );
  });

  it('refuses a window the retries alone outlive', () => {
    expect(() => maxEventAgeSeconds({ ingestWindow: Duration.hours(2), httpRetryDuration: Duration.hours(2), httpBufferInterval: Duration.seconds(900) })).toThrow(
      new RelayConfigurationError(
        'Impossible relay configuration: delivery.httpRetryDuration (2 h) + delivery.httpBufferInterval (15 min) + 5 min allowance leave less than 60 s of ' +
          'openObserve.ingestWindow (2 h) for maxEventAge; shorten the retry duration or the buffer interval, or raise ZO_INGEST_ALLOWED_UPTO in OpenObserve ' +
          'and openObserve.ingestWindow with it',
      ),
    );
  });

  it('never yields an age whose worst-case arrival is outside the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 0, max: 900 }), (hours, retry, interval) => {
        const input = { ingestWindow: Duration.hours(hours), httpRetryDuration: Duration.seconds(retry), httpBufferInterval: Duration.seconds(interval) };
        let age: number;
        try {
          age = maxEventAgeSeconds(input);
        } catch (error) {
          expect(error).toBeInstanceOf(RelayConfigurationError);
          expect(hours * 3600 - retry - interval - 300).toBeLessThan(60);
          return;
        }
        expect(age + retry + interval).toBeLessThan(hours * 3600);
        expect(maxEventAgeSeconds({ ...input, maxEventAge: Duration.seconds(age) })).toBe(age);
        expect(() => maxEventAgeSeconds({ ...input, maxEventAge: Duration.seconds(age + 1) })).toThrow(RelayConfigurationError);
      }),
    );
  });

  it('fails synthesis of the construct with an impossible combination, before any resource is made', () => {
    const stack = new Stack(new App(), 'Window');
    const make = () =>
      new OktaOpenObserveRelay(stack, 'Relay', {
        eventBus: events.EventBus.fromEventBusName(stack, 'Bus', 'aws.partner/okta.com/acme/okta'),
        credential: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:o2-AbCdEf'),
        openObserve: { url: 'https://o2.example.com', ingestWindow: Duration.hours(2) },
        delivery: { httpRetryDuration: Duration.minutes(90) },
        maxEventAge: Duration.hours(1),
      });
    expect(make).toThrow(/maxEventAge \(1 h\) \+ delivery\.httpRetryDuration \(1 h 30 min\) .* exceeds openObserve\.ingestWindow \(2 h/);
    expect(stack.node.findAll().filter((c) => c.node.path.startsWith('Window/Relay'))).toHaveLength(1);
  });

  it('fails the default app with the settings maxEventAgeSeconds 16200 and the default retries', () => {
    expect(() => buildApp({ outdir: tempDir(), settings: { maxEventAgeSeconds: 16_200 } })).toThrow(/Impossible relay configuration: maxEventAge \(4 h 30 min\)/);
    expect(() => buildApp({ outdir: tempDir(), settings: { maxEventAgeSeconds: 16_200, openObserveIngestWindowHours: 6 } })).not.toThrow();
  });
});
