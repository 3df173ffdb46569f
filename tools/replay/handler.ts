/**
 * The shipped artifact, loaded as Lambda would: `dist/okta-transform/index.mjs`,
 * configured through process.env before import. While it runs, its stdout
 * (structured logs, EMF) is captured so `--out -` stays clean, and the
 * `record failed` warnings give each ProcessingFailed record its reason code.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ReplayEvent } from './batch.js';
import { HandlerLoadError } from './errors.js';

/** The repository root: two levels up from tools/replay. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_PATH = resolve(REPO_ROOT, 'dist', 'okta-transform', 'index.mjs');

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
  /** Reason codes of failed records, by recordId, from the handler's own warnings. */
  readonly failures: ReadonlyMap<string, FailureNote>;
  /** Set when the invocation itself failed (Firehose would retry the whole batch). */
  readonly error?: string | undefined;
  readonly durationMs: number;
}

export interface LoadedHandler {
  readonly path: string;
  invoke(event: ReplayEvent): Promise<Invocation>;
}

type Handler = (event: ReplayEvent) => Promise<unknown>;

/** The variables the handler reads at cold start: a change in any means a fresh module instance. */
const HANDLER_ENV_KEYS = [
  'LOG_LEVEL',
  'POWERTOOLS_METRICS_DISABLED',
  'MAX_EVENT_AGE_SECONDS',
  'DROP_EVENT_TYPES',
  'SECURITY_RULES',
  'SECURITY_RULES_FILE',
  'MAX_DECOMPRESSED_BYTES',
  'MAX_OUTPUT_RECORD_BYTES',
  'RESPONSE_BUDGET_BYTES',
] as const;

/** Levels at which the handler still logs its `record failed` warnings. */
const VERBOSE_LEVELS: ReadonlySet<string | undefined> = new Set(['DEBUG', 'INFO', 'WARN']);

/**
 * The environment the handler starts with: logs at WARN at least (their reason
 * codes are the only place a ProcessingFailed reason is given), metrics off
 * unless asked for, and the replay's settings. `forwardLogs` is true when the
 * user chose a verbose LOG_LEVEL themselves.
 */
export function handlerEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  settings: HandlerSettings,
): { changes: Record<string, string>; forwardLogs: boolean } {
  const forwardLogs = VERBOSE_LEVELS.has(env.LOG_LEVEL);
  const changes: Record<string, string> = {};
  if (!forwardLogs) changes.LOG_LEVEL = 'WARN';
  if (env.POWERTOOLS_METRICS_DISABLED === undefined) changes.POWERTOOLS_METRICS_DISABLED = 'true';
  if (settings.maxEventAgeSeconds !== undefined) changes.MAX_EVENT_AGE_SECONDS = String(settings.maxEventAgeSeconds);
  if (settings.dropEventTypes !== undefined) changes.DROP_EVENT_TYPES = settings.dropEventTypes;
  return { changes, forwardLogs };
}

/** Import with `changes` applied to process.env (the handler reads it at cold start), then restore it. */
async function importWithEnv(url: string, changes: Record<string, string>): Promise<unknown> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  Object.assign(process.env, changes);
  try {
    return await import(url);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Parse the handler's captured stdout: `record failed` lines give reasons; all lines are returned for forwarding. */
export function parseHandlerOutput(text: string): { failures: Map<string, FailureNote>; lines: string[] } {
  const failures = new Map<string, FailureNote>();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.message === 'record failed' && typeof entry.recordId === 'string' && typeof entry.reason === 'string') {
        failures.set(entry.recordId, { reason: entry.reason, line: typeof entry.line === 'number' ? entry.line : undefined });
      }
    } catch {
      // not a log line: forwarded only
    }
  }
  return { failures, lines };
}

/**
 * Run `fn` with process.stdout.write captured until its promise settles. The
 * replay is sequential, so nothing else writes to stdout in the meantime.
 */
async function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((a): a is () => void => typeof a === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), output: chunks.join('') };
  } finally {
    process.stdout.write = original;
  }
}

/**
 * Import the bundle with the given settings. A distinct settings set gets its
 * own module instance (cold start), so configuration is read as Lambda reads it.
 */
export async function loadHandler(
  settings: HandlerSettings = {},
  options: { bundle?: string; forwardLog?: (line: string) => void } = {},
): Promise<LoadedHandler> {
  const bundle = options.bundle ?? BUNDLE_PATH;
  if (!existsSync(bundle)) {
    throw new HandlerLoadError(`${bundle} not found: build it with \`npm run build\` (\`npm start\` builds it when stale)`);
  }
  const { changes, forwardLogs } = handlerEnvironment(process.env, settings);
  const effective = { ...process.env, ...changes };
  const key = HANDLER_ENV_KEYS.map((k) => `${k}=${effective[k] ?? ''}`)
    .join('&');
  let handler: Handler;
  try {
    const url = `${pathToFileURL(bundle).href}?config=${encodeURIComponent(key)}`;
    const mod = (await importWithEnv(url, changes)) as { handler?: unknown };
    if (typeof mod.handler !== 'function') throw new HandlerLoadError(`${bundle} does not export a handler function`);
    handler = mod.handler as Handler;
  } catch (error) {
    if (error instanceof HandlerLoadError) throw error;
    // ConfigError from the handler's cold start names the variable; no event data is involved.
    throw new HandlerLoadError(`the handler failed to start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const forward = forwardLogs ? options.forwardLog : undefined;

  return {
    path: bundle,
    async invoke(event) {
      const started = performance.now();
      let response: unknown;
      let error: string | undefined;
      let output = '';
      try {
        ({ value: response, output } = await captureStdout(() => handler(event)));
      } catch (e) {
        error = e instanceof Error ? `${e.name}: ${e.message}` : 'handler threw a non-error value';
      }
      const durationMs = performance.now() - started;
      const { failures, lines } = parseHandlerOutput(output);
      if (forward !== undefined) for (const line of lines) forward(line);
      return { response, failures, error, durationMs };
    },
  };
}
