/**
 * `npm start -- [options] [FILE|DIR|-]...` or `npm start -- --okta-org URL --since ISO …`:
 * replay Okta events through the shipped handler, streaming, check the Firehose
 * contract, write rows, summarise, and optionally deliver. `main(argv, io)` is
 * the testable entry; exit codes are listed in {@link HELP}.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invocationDir as sharedInvocationDir } from '../invocation-dir.js';
import { EXIT, HELP, parseReplayArgs, type ReplayArgs } from './args.js';
import { bufferBytes } from './batch.js';
import { FirehoseDelivery, type PutClient } from './deliver/firehose.js';
import { accessKeyFromEnv, endpointUrl, OpenObserveDelivery } from './deliver/openobserve.js';
import type { Sleep } from './deliver/retry.js';
import { formatIssue, HandlerLoadError, UsageError, type InputIssue } from './errors.js';
import { loadHandler, type LoadedHandler } from './handler.js';
import { displayPath, type InputReader } from './inputs/read.js';
import { authFromEnv } from './okta/auth.js';
import { planBackfill, runBackfill, type BackfillPlan, type BackfillReport } from './okta/backfill.js';
import { OktaLogClient } from './okta/client.js';
import { openSink, planOutput, type OutputPlan, type Sink } from './output.js';
import { createProgress, type ProgressStream } from './progress.js';
import { renderSummary, type RenderContext } from './render.js';
import { ReplayPipeline } from './replay.js';
import { defaultInputs, planInputs, SAMPLES_DIR } from './sources.js';
import { addInputIssues, createStats, type ReplayStats } from './summary.js';

/** How many input problems are printed one by one. */
export const PRINTED_ISSUES = 20;

export interface ReplayIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly stdin?: AsyncIterable<unknown>;
  /** Where OPENOBSERVE_* and OKTA_* credentials are read, and the handler's settings (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly fetch?: typeof fetch;
  readonly firehoseClient?: PutClient;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  /** Interval of the one-line progress reports when stderr is not a terminal (default 10 s; 0: none). */
  readonly progressIntervalMs?: number;
}

interface Prepared {
  readonly args: ReplayArgs;
  readonly accessKey: string | undefined;
  readonly output: OutputPlan | undefined;
  readonly readers: InputReader[];
  readonly operandIssues: InputIssue[];
  readonly totalBytes: number | undefined;
  readonly samples: boolean;
  readonly backfill: BackfillPlan | undefined;
}

/** Every check that can refuse the run, before any file is opened. Throws UsageError. */
function prepare(argv: readonly string[], io: ReplayIo, cwd: string): Prepared | 'help' {
  const args = parseReplayArgs(argv);
  if (args.help) return 'help';
  const env = io.env ?? process.env;
  // A dry run sends nothing, so it needs no credentials.
  const accessKey = args.openobserve === undefined || args.dryRun ? undefined : accessKeyFromEnv(env);
  let backfill: BackfillPlan | undefined;
  let readers: InputReader[] = [];
  let operandIssues: InputIssue[] = [];
  let inputPaths: string[] = [];
  const samples = args.okta === undefined && args.inputs.length === 0;
  if (args.okta !== undefined) backfill = planBackfill(args.okta, cwd, (io.now ?? Date.now)());
  else {
    const planned = planInputs(samples ? defaultInputs() : args.inputs, args.inputFormat, cwd, io.stdin ?? process.stdin);
    ({ readers, issues: operandIssues, paths: inputPaths } = planned);
  }
  const resumeOut = backfill?.resumed?.output ?? undefined;
  if (resumeOut !== undefined && !args.dryRun && resolve(cwd, args.out) !== resumeOut.path) {
    throw new UsageError(`the checkpoint's output is ${displayPath(resumeOut.path, cwd)}: resume with --out ${displayPath(resumeOut.path, cwd)}`);
  }
  const output = args.dryRun
    ? undefined
    : planOutput({ out: args.out, force: args.force, checkpoint: backfill?.checkpoint }, inputPaths, cwd, resumeOut);
  let totalBytes: number | undefined = 0;
  for (const path of inputPaths) {
    try {
      totalBytes += statSync(path).size;
    } catch {
      // reported when read
    }
  }
  if (args.inputs.includes('-') || backfill !== undefined) totalBytes = undefined;
  return { args, accessKey, output, readers, operandIssues, totalBytes, samples, backfill };
}

function exitCode(stats: ReplayStats, ctx: RenderContext): number {
  if (stats.inputIssueCount > 0 || (ctx.okta?.stopped !== undefined && !ctx.okta.undelivered)) return EXIT.usage;
  if (stats.results.ProcessingFailed > 0 || stats.violationCount > 0) return EXIT.failed;
  const undelivered = (r: { failed: number } | { dryRun: string } | undefined) => (r === undefined || 'dryRun' in r ? 0 : r.failed);
  if (undelivered(ctx.openobserve) + undelivered(ctx.firehose) > 0) return EXIT.undelivered;
  return EXIT.ok;
}

/** Run the replay; resolves to the exit status. */
export async function main(argv: readonly string[], io: ReplayIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  let prep: Prepared | 'help';
  try {
    prep = prepare(argv, io, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`replay: ${error.message}\nTry 'npm start -- --help'.\n`);
    return EXIT.usage;
  }
  if (prep === 'help') {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const { args } = prep;
  for (const warning of args.warnings) io.stderr.write(`replay: warning: ${warning}\n`);
  const report = args.out === '-' ? io.stderr : io.stdout;
  const stats = createStats();
  let printed = 0;
  const onIssue = (issue: InputIssue) => {
    printed += 1;
    if (printed <= PRINTED_ISSUES) io.stderr.write(`replay: ${formatIssue(issue)}\n`);
  };
  for (const issue of prep.operandIssues) {
    stats.files.push({ file: issue.file, format: undefined, items: 0, issues: 1 });
    addInputIssues(stats, [issue]);
    onIssue(issue);
  }

  let handler: LoadedHandler;
  let client: OktaLogClient | undefined;
  try {
    if (prep.backfill !== undefined) {
      const auth = authFromEnv(env, prep.backfill.org, { fetch: io.fetch ?? fetch, now: io.now ?? Date.now });
      client = new OktaLogClient(prep.backfill.org, auth, {
        fetch: io.fetch ?? fetch,
        sleep: io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        now: io.now ?? Date.now,
        random: Math.random,
      });
    }
    handler = await loadHandler(
      { maxEventAgeSeconds: args.maxEventAgeSeconds, dropEventTypes: args.dropEventTypes },
      { env, forwardLog: (text) => void io.stderr.write(text) },
    );
  } catch (error) {
    if (!(error instanceof HandlerLoadError || error instanceof UsageError)) throw error;
    io.stderr.write(`replay: ${error.message}\n`);
    return EXIT.usage;
  }

  let sink: Sink | undefined;
  const ctx: { -readonly [K in keyof RenderContext]: RenderContext[K] } = {
    bundle: displayPath(handler.path, cwd),
    bufferMb: args.bufferMb,
    output: undefined,
    dryRun: args.dryRun,
    samples: prep.samples ? displayPath(SAMPLES_DIR, cwd) : undefined,
    directPut: args.directPut,
  };
  try {
    sink = prep.output === undefined ? undefined : openSink(prep.output, io.stdout);
    const oo =
      args.openobserve !== undefined && prep.accessKey !== undefined && !args.dryRun
        ? new OpenObserveDelivery({ ...args.openobserve, accessKey: prep.accessKey }, { fetch: io.fetch, sleep: io.sleep })
        : undefined;
    const fh = args.firehose !== undefined && !args.dryRun ? new FirehoseDelivery(args.firehose, { client: io.firehoseClient, sleep: io.sleep }) : undefined;
    const progress = createProgress(io.stderr, 'replay', { lineIntervalMs: io.progressIntervalMs, now: io.now });
    let bytesRead = 0;
    let current: InputReader | undefined;
    const pipeline = new ReplayPipeline(stats, {
      handler,
      bufferBytes: bufferBytes(args.bufferMb),
      directPut: args.directPut,
      write: sink === undefined ? undefined : (t) => sink?.write(t),
      openobserve: oo,
      firehose: fh,
      onIssue,
      onBatch: () =>
        progress.update({ bytes: bytesRead + (current?.bytesRead ?? 0), totalBytes: prep.totalBytes, records: stats.recordsIn, rows: stats.rows }),
      now: io.now,
    });

    if (prep.backfill !== undefined && client !== undefined) {
      const okta: BackfillReport = await runBackfill(prep.backfill, {
        client,
        pipeline,
        output: () => (sink !== undefined && prep.output?.kind === 'file' ? { path: prep.output.path, bytes: sink.bytes } : undefined),
        onIssue: (issue) => {
          addInputIssues(stats, [issue]);
          onIssue(issue);
        },
        now: io.now,
      });
      ctx.okta = okta;
      if (okta.stopped !== undefined) {
        io.stderr.write(`replay: backfill stopped: ${okta.stopped}\n`);
        if (prep.backfill.checkpoint !== undefined) io.stderr.write('replay: run the same command again to resume from the checkpoint\n');
      }
    } else {
      for (const reader of prep.readers) {
        current = reader;
        const file = { file: reader.file, format: undefined as ReplayStats['files'][number]['format'], items: 0, issues: 0 };
        stats.files.push(file);
        for await (const entry of reader.entries()) {
          file.format = reader.format;
          if (entry.type === 'item') {
            file.items += 1;
            await pipeline.add(entry.item);
          } else {
            file.issues += 1;
            addInputIssues(stats, [entry.issue]);
            onIssue(entry.issue);
          }
        }
        bytesRead += reader.bytesRead;
        current = undefined;
      }
      await pipeline.flush();
    }
    progress.done();
    if (printed > PRINTED_ISSUES) io.stderr.write(`replay: … and ${printed - PRINTED_ISSUES} more input problem(s)\n`);
    // A replaced output takes the new rows only from a run that replayed something, or a whole (even empty)
    // backfill window; otherwise it is left as it was. A checkpointed backfill's output is written in place.
    const completed = stats.recordsIn > 0 || stats.passthrough > 0 || ctx.okta?.complete === true;
    if (completed || prep.output?.kind !== 'file' || prep.output.mode !== 'replace') {
      sink?.commit();
      ctx.output = sink?.name;
    } else if (sink !== undefined) ctx.output = { kept: sink.name };
    ctx.openobserve = oo?.report() ?? (args.openobserve && args.dryRun ? { dryRun: endpointUrl(args.openobserve), records: stats.okRecords } : undefined);
    ctx.firehose = fh?.report() ?? (args.firehose !== undefined && args.dryRun ? { dryRun: args.firehose, records: stats.recordsIn } : undefined);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`replay: ${error.message}\n`);
    return EXIT.usage;
  } finally {
    sink?.close();
    await handler.close();
  }
  if (stats.recordsIn === 0 && stats.passthrough === 0 && ctx.okta === undefined) {
    io.stderr.write('replay: nothing to replay: no readable events in the input\n');
    return EXIT.usage;
  }
  report.write(renderSummary(stats, ctx));
  return exitCode(stats, ctx);
}

/**
 * The directory relative paths (inputs, --out, --checkpoint) are resolved from:
 * npm's INIT_CWD under `npm start`; run directly (tsx), the process's own.
 */
export const invocationDir = (env: Readonly<Record<string, string | undefined>>, processCwd: string): string =>
  sharedInvocationDir(env, processCwd, 'start');

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `npm start -- --out - | head`: a closed pipe ends the row output, not the run.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const cwd = invocationDir(process.env, process.cwd());
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd }).then(
    (code) => {
      process.exitCode = code;
      // Keep-alive sockets must not hold the process open.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`replay: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(EXIT.usage);
    },
  );
}
