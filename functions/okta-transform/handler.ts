/**
 * Amazon Data Firehose transformation Lambda for Okta System Log events.
 * A thin shell: configuration is validated once at cold start; the work is in
 * `shared/`. The Firehose client, needed only when a response overflows, is
 * loaded on first use and then kept for the life of the container.
 */
import type { FirehoseClient, PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import type { Context, FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { createEmfMetrics, metricsDisabled } from '../../shared/emf.js';
import { createLog } from '../../shared/log.js';
import { handleFirehoseEvent } from '../../shared/relay.js';
import { createTransformer } from '../../shared/transform.js';

const SERVICE = 'okta-openobserve-relay';
const config = loadConfig(process.env);
const transformer = createTransformer(config);
const log = createLog(SERVICE, config.logLevel);
// The Powertools environment variables name the namespace and the service dimension.
const metrics = createEmfMetrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'OktaOpenObserveRelay',
  service: process.env.POWERTOOLS_SERVICE_NAME || SERVICE,
  disabled: metricsDisabled(process.env),
  write: (line) => process.stdout.write(`${line}\n`),
});

let firehose: Promise<{ client: FirehoseClient; Command: typeof import('@aws-sdk/client-firehose').PutRecordBatchCommand }> | undefined;
async function putRecordBatch(input: PutRecordBatchCommandInput, signal: AbortSignal) {
  firehose ??= import('@aws-sdk/client-firehose')
    // reingest() retries failed calls and entries itself, within the deadline: the SDK's own retries off.
    .then((sdk) => ({ client: new sdk.FirehoseClient({ maxAttempts: 1 }), Command: sdk.PutRecordBatchCommand }))
    .catch((error: unknown) => {
      firehose = undefined; // try loading again on the next overflow
      throw error;
    });
  const { client, Command } = await firehose;
  // The signal aborts the HTTP request when the time left runs out.
  return client.send(new Command(input), { abortSignal: signal });
}

/** Without a Lambda context (local replay, tests) there is no deadline but the 5 minutes Firehose allows. */
const FIREHOSE_TIMEOUT_MS = 300_000;

export const handler = async (
  event: FirehoseTransformationEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>,
): Promise<FirehoseTransformationResult> => {
  const started = Date.now();
  log.setKeys({ requestId: context?.awsRequestId });
  return handleFirehoseEvent(event, {
    config,
    transformer,
    log,
    metrics,
    now: Date.now,
    remainingMs: () => context?.getRemainingTimeInMillis?.() ?? FIREHOSE_TIMEOUT_MS - (Date.now() - started),
    putRecordBatch,
  });
};
