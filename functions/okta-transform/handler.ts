/**
 * Amazon Data Firehose transformation Lambda for Okta System Log events.
 * A thin shell: configuration is validated once at cold start, the work is in
 * `shared/`.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { processBatch } from '../../shared/firehose/batch.js';
import { createLog } from '../../shared/log.js';
import { reportBatch } from '../../shared/telemetry.js';
import { createTransformer } from '../../shared/transform.js';

const SERVICE = 'okta-openobserve-relay';
const config = loadConfig(process.env);
const transformer = createTransformer(config);
const log = createLog(SERVICE, config.logLevel);
const metrics = new Metrics({ namespace: 'OktaOpenObserveRelay', serviceName: SERVICE });

export const handler = async (
  event: FirehoseTransformationEvent,
  context?: Pick<Context, 'awsRequestId'>,
): Promise<FirehoseTransformationResult> => {
  const started = performance.now();
  log.setKeys({ invocationId: event?.invocationId, requestId: context?.awsRequestId });
  const { response, summary } = processBatch(event, transformer, Date.now(), config.responseBudgetBytes);
  reportBatch(summary, Math.round(performance.now() - started), log, metrics);
  return response;
};
