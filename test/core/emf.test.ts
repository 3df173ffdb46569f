import { describe, expect, it } from 'vitest';
import { MAX_METRICS_PER_DOCUMENT, MetricUnit, createEmfMetrics, emfDocument, metricsDisabled } from '../../shared/emf.js';

describe('Embedded Metric Format', () => {
  it('writes one document per publish: the directive, the service dimension and each value as a root member', () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics({ namespace: 'OktaOpenObserveRelay', service: 'relay/prod', write: (l) => lines.push(l), now: () => 1_767_225_600_000 });
    metrics.addMetric('RecordsOk', MetricUnit.Count, 3);
    metrics.addMetric('BytesOut', MetricUnit.Bytes, 1024);
    metrics.addMetric('DurationMs', MetricUnit.Milliseconds, 12);
    metrics.publishStoredMetrics();
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        _aws: {
          Timestamp: 1_767_225_600_000,
          CloudWatchMetrics: [
            {
              Namespace: 'OktaOpenObserveRelay',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'RecordsOk', Unit: 'Count' },
                { Name: 'BytesOut', Unit: 'Bytes' },
                { Name: 'DurationMs', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        service: 'relay/prod',
        RecordsOk: 3,
        BytesOut: 1024,
        DurationMs: 12,
      },
    ]);
  });

  it('starts afresh after each publish and writes nothing when nothing was added', () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics({ namespace: 'N', service: 's', write: (l) => lines.push(l), now: () => 0 });
    metrics.addMetric('Events', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();
    metrics.addMetric('Events', MetricUnit.Count, 2);
    metrics.publishStoredMetrics();
    expect(lines.map((l) => (JSON.parse(l) as { Events: number }).Events)).toEqual([1, 2]);
  });

  it('writes nothing when disabled', () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics({ namespace: 'N', service: 's', write: (l) => lines.push(l), disabled: true });
    metrics.addMetric('Events', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(lines).toEqual([]);
  });

  it('refuses a metric beyond the 100 one directive may hold', () => {
    const metrics = createEmfMetrics({ namespace: 'N', service: 's', write: () => undefined });
    for (let i = 0; i < MAX_METRICS_PER_DOCUMENT; i += 1) metrics.addMetric(`M${i}`, MetricUnit.Count, i);
    expect(() => metrics.addMetric('OneTooMany', MetricUnit.Count, 1)).toThrow(RangeError);
  });

  it('keeps a document valid JSON whatever the service name holds', () => {
    const line = emfDocument('N', 'a "quoted"\nname', new Map([['Events', { unit: MetricUnit.Count, value: 1 }]]), 5);
    expect((JSON.parse(line) as { service: string }).service).toBe('a "quoted"\nname');
  });

  it("follows Powertools' switches: POWERTOOLS_METRICS_DISABLED decides when set, else POWERTOOLS_DEV disables", () => {
    expect(metricsDisabled({})).toBe(false);
    expect(metricsDisabled({ POWERTOOLS_METRICS_DISABLED: 'true' })).toBe(true);
    expect(metricsDisabled({ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_DEV: 'true' })).toBe(false);
    expect(metricsDisabled({ POWERTOOLS_DEV: '1' })).toBe(true);
    expect(metricsDisabled({ POWERTOOLS_DEV: 'false' })).toBe(false);
  });
});
