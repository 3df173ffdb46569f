/**
 * Operational output: one structured log line per invocation, one per failed
 * record (recordId and reason code only, never event content), and CloudWatch
 * metrics in Embedded Metric Format (`emf.ts`).
 */
import { MetricUnit, type MetricsSink } from './emf.js';
import type { BatchSummary } from './firehose/batch.js';
import { FAILURE_REASONS } from './errors.js';
import type { Log } from './log.js';

export type { MetricsSink } from './emf.js';

export function reportBatch(
  summary: BatchSummary,
  durationMs: number,
  logger: Pick<Log, 'info' | 'warn'>,
  metrics: MetricsSink,
): void {
  for (const f of summary.failures) {
    logger.warn('record failed', {
      recordId: f.recordId,
      reason: f.reason,
      ...(f.line !== undefined && { line: f.line }),
      detail: FAILURE_REASONS[f.reason],
    });
  }
  const { failures: _omit, ...counts } = summary;
  logger.info('batch processed', { ...counts, durationMs });

  metrics.addMetric('RecordsOk', MetricUnit.Count, summary.ok);
  metrics.addMetric('RecordsDropped', MetricUnit.Count, summary.dropped);
  metrics.addMetric('RecordsProcessingFailed', MetricUnit.Count, summary.failed);
  metrics.addMetric('RecordsReingested', MetricUnit.Count, summary.reingested);
  metrics.addMetric('Events', MetricUnit.Count, summary.events);
  metrics.addMetric('EventsDropped', MetricUnit.Count, summary.eventsDropped);
  metrics.addMetric('BytesOut', MetricUnit.Bytes, summary.bytesOut);
  const high = (summary.bySecuritySeverity.high ?? 0) + (summary.bySecuritySeverity.critical ?? 0);
  metrics.addMetric('SecurityEventsHighOrCritical', MetricUnit.Count, high);
  metrics.addMetric('DurationMs', MetricUnit.Milliseconds, durationMs);
  metrics.publishStoredMetrics();
}
