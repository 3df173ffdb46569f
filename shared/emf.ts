/**
 * CloudWatch metrics in Embedded Metric Format: one JSON document a line on
 * stdout, which the Lambda runtime's log agent turns into metrics.
 *
 * Format (AWS, "Specification: Embedded metric format"): a root object whose
 * `_aws` member holds `Timestamp` (epoch ms) and `CloudWatchMetrics`, a list of
 * directives `{ Namespace, Dimensions: [[name, ...]], Metrics: [{ Name, Unit }] }`;
 * each dimension and metric named there is a member of the root object, a dimension
 * with a string value, a metric with a number. At most 100 metrics a directive and
 * 30 dimensions a set.
 *
 * The relay publishes a fixed set of nine metrics once per invocation under one
 * dimension, `service`, as Powertools for AWS Lambda does with the same environment
 * variables (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_METRICS_DISABLED, POWERTOOLS_DEV); written here in 60 lines instead of
 * bundling Powertools' 15 KiB, so the whole function stays under its 100 KB budget.
 */

/** CloudWatch's unit names, as EMF spells them. */
export const MetricUnit = { Count: 'Count', Bytes: 'Bytes', Milliseconds: 'Milliseconds' } as const;
export type MetricUnitName = (typeof MetricUnit)[keyof typeof MetricUnit];

/** What reporting needs of a metrics publisher (and what a test double provides). */
export interface MetricsSink {
  addMetric(name: string, unit: MetricUnitName, value: number): unknown;
  publishStoredMetrics(): unknown;
}

/** EMF's own limit on the metrics of one directive. */
export const MAX_METRICS_PER_DOCUMENT = 100;

export interface EmfOptions {
  readonly namespace: string;
  readonly service: string;
  /** Where a finished document goes, one line each (the handler: stdout). */
  readonly write: (line: string) => void;
  readonly now?: () => number;
  readonly disabled?: boolean;
}

/** One EMF document for `metrics`, with the `service` dimension. */
export function emfDocument(namespace: string, service: string, metrics: ReadonlyMap<string, { unit: MetricUnitName; value: number }>, timestamp: number): string {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [['service']],
          Metrics: [...metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    service,
  };
  for (const [name, { value }] of metrics) doc[name] = value;
  return JSON.stringify(doc);
}

/** Collects metrics and writes them as one EMF document on `publishStoredMetrics`. */
export function createEmfMetrics(options: EmfOptions): MetricsSink {
  let stored = new Map<string, { unit: MetricUnitName; value: number }>();
  return {
    addMetric(name, unit, value) {
      if (stored.size >= MAX_METRICS_PER_DOCUMENT && !stored.has(name)) throw new RangeError(`more than ${MAX_METRICS_PER_DOCUMENT} metrics in one EMF document`);
      stored.set(name, { unit, value });
    },
    publishStoredMetrics() {
      if (stored.size > 0 && options.disabled !== true) {
        options.write(emfDocument(options.namespace, options.service, stored, (options.now ?? Date.now)()));
      }
      stored = new Map();
    },
  };
}

const truthy = (v: string | undefined): boolean => v !== undefined && ['1', 'true', 'yes', 'on', 'y'].includes(v.trim().toLowerCase());

/** Powertools' rule: POWERTOOLS_METRICS_DISABLED when set decides; otherwise POWERTOOLS_DEV disables. */
export function metricsDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.POWERTOOLS_METRICS_DISABLED !== undefined) return truthy(env.POWERTOOLS_METRICS_DISABLED);
  return truthy(env.POWERTOOLS_DEV);
}
