/**
 * The shipped artifact, `dist/okta-transform/index.mjs`, run as Lambda runs it:
 * in its own worker thread (worker/handler-worker.mjs), imported once with an
 * environment passed explicitly (never this process's env mutated), invoked by
 * message. Results are the FirehoseTransformationResult the handler returns,
 * posted back as structured data; the handler's logs go to stderr when the user
 * chose a verbose LOG_LEVEL, and are discarded otherwise, never parsed.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../../shared/config.js';
import { createTransformer, type Transformer } from '../../shared/transform.js';
import type { ReplayEvent } from './batch.js';
import { HandlerLoadError } from './errors.js';

/** The repository root: two levels up from tools/replay. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_PATH = resolve(REPO_ROOT, 'dist', 'okta-transform', 'index.mjs');
const WORKER_PATH = fileURLToPath(new URL('./worker/handler-worker.mjs', import.meta.url));

/** Handler settings the replay may set; undefined keeps the environment's (or the default). */
export interface HandlerSettings {
  readonly maxEventAgeSeconds?: number | undefined;
  readonly dropEventTypes?: string | undefined;
}

export interface FailureNote {
  readonly reason: string;
  readonly line?: number | undefined;
}

export interface Invocation {
  readonly response: unknown;
  /** Set when the invocation itself failed (Firehose would retry the whole batch). */
  readonly error?: string | undefined;
  readonly durationMs: number;
}

export interface LoadedHandler {
  readonly path: string;
  /** The environment the handler was started with (what its cold start read). */
  readonly env: Readonly<Record<string, string>>;
  invoke(event: ReplayEvent): Promise<Invocation>;
  /**
   * Why a record the handler answered ProcessingFailed failed: the same source
   * (shared/transform.ts, same configuration) run on its data. Diagnostic only;
   * the result itself is always the bundle's.
   */
  explain(data: string): FailureNote;
  close(): Promise<void>;
}

/** The variables the handler reads at cold start; only these are passed to it. */
export const HANDLER_ENV_KEYS = [
  'LOG_LEVEL',
  'POWERTOOLS_METRICS_DISABLED',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_SERVICE_NAME',
  'MAX_EVENT_AGE_SECONDS',
  'DROP_EVENT_TYPES',
  'SECURITY_RULES',
  'SECURITY_RULES_FILE',
  'MAX_DECOMPRESSED_BYTES',
  'MAX_OUTPUT_RECORD_BYTES',
  'RESPONSE_BUDGET_BYTES',
] as const;

/** Levels at which the user asked to see the handler's logs. */
const VERBOSE_LEVELS: ReadonlySet<string | undefined> = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']);

/**
 * The complete environment the handler starts with: the handler's own variables
 * from `env`, the replay's settings on top, metrics off unless asked for, and
 * logs SILENT unless the user chose a level (then they are forwarded to stderr).
 */
export function handlerEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  settings: HandlerSettings,
): { env: Record<string, string>; forwardLogs: boolean } {
  const out: Record<string, string> = {};
  for (const key of HANDLER_ENV_KEYS) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  const forwardLogs = VERBOSE_LEVELS.has(env.LOG_LEVEL);
  if (!forwardLogs) out.LOG_LEVEL = 'SILENT';
  out.POWERTOOLS_METRICS_DISABLED ??= 'true';
  if (settings.maxEventAgeSeconds !== undefined) out.MAX_EVENT_AGE_SECONDS = String(settings.maxEventAgeSeconds);
  if (settings.dropEventTypes !== undefined) out.DROP_EVENT_TYPES = settings.dropEventTypes;
  return { env: out, forwardLogs };
}

/**
 * The worker's heap, bounded as a Lambda function's memory is: a 3 MB batch and
 * its 6 MB response need far less (BENCHMARKS.md: a worst 6 MB batch peaks at
 * 114 MiB RSS in a whole process), and a bound makes V8 collect instead of grow.
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } as const;

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; response?: unknown; error?: string; durationMs: number };

/** Start the worker and wait until the bundle's cold start succeeded or failed. */
function startWorker(bundle: string, env: Record<string, string>, forwardLog: ((chunk: string) => void) | undefined, clock: number | undefined): Promise<Worker> {
  const worker = new Worker(WORKER_PATH, { workerData: { bundle, clock }, env, stdout: true, stderr: true, resourceLimits: WORKER_LIMITS });
  for (const stream of [worker.stdout, worker.stderr]) {
    if (forwardLog === undefined) stream.resume();
    else stream.on('data', (chunk: Buffer) => forwardLog(chunk.toString('utf8')));
  }
  return new Promise((resolvePromise, reject) => {
    const onExit = (code: number) => reject(new HandlerLoadError(`the handler worker exited during start (code ${code})`));
    worker.once('exit', onExit);
    worker.once('error', (error) => reject(new HandlerLoadError(`the handler failed to start: ${error.message}`, { cause: error })));
    worker.once('message', (message: WorkerMessage) => {
      worker.off('exit', onExit);
      if (message.type === 'ready') resolvePromise(worker);
      else {
        void worker.terminate();
        reject(new HandlerLoadError(`the handler failed to start: ${message.type === 'load-error' ? message.message : 'unexpected message'}`));
      }
    });
  });
}

/**
 * Start the bundle with the given settings in a fresh worker (a cold start, with
 * configuration read as Lambda reads it). Call `close()` when done.
 */
export async function loadHandler(
  settings: HandlerSettings = {},
  options: {
    bundle?: string;
    env?: Readonly<Record<string, string | undefined>>;
    forwardLog?: (text: string) => void;
    /** A fixed `Date.now()` for the handler (epoch ms), for output that must not depend on the day it runs (golden rows). */
    clock?: number;
  } = {},
): Promise<LoadedHandler> {
  const bundle = options.bundle ?? BUNDLE_PATH;
  if (!existsSync(bundle)) {
    throw new HandlerLoadError(`${bundle} not found: build it with \`npm run build\` (\`npm start\` builds it when stale)`);
  }
  const { env, forwardLogs } = handlerEnvironment(options.env ?? process.env, settings);
  const worker = await startWorker(bundle, env, forwardLogs ? (options.forwardLog ?? ((t) => void process.stderr.write(t))) : undefined, options.clock);
  worker.unref();
  const pending = new Map<number, (message: Extract<WorkerMessage, { type: 'result' }>) => void>();
  let nextId = 0;
  let crashed: string | undefined;
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'result') pending.get(message.id)?.(message);
  });
  const failAll = (why: string) => {
    crashed = why;
    for (const [id, settle] of pending) settle({ type: 'result', id, error: why, durationMs: 0 });
  };
  worker.on('error', (error) => failAll(`the handler worker failed: ${error.name}: ${error.message}`));
  worker.on('exit', (code) => failAll(`the handler worker exited (code ${code})`));

  let transformer: Transformer | undefined;
  return {
    path: bundle,
    env,
    invoke(event) {
      if (crashed !== undefined) return Promise.resolve({ response: undefined, error: crashed, durationMs: 0 });
      const id = nextId++;
      return new Promise((settle) => {
        worker.ref();
        pending.set(id, (message) => {
          pending.delete(id);
          if (pending.size === 0) worker.unref();
          settle({ response: message.response, error: message.error, durationMs: message.durationMs });
        });
        worker.postMessage({ id, event });
      });
    },
    explain(data) {
      transformer ??= createTransformer(loadConfig(env));
      const outcome = transformer.transformRecord(data, options.clock ?? Date.now());
      return outcome.result === 'ProcessingFailed' ? { reason: outcome.reason, line: outcome.line } : { reason: 'response_budget' };
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
