/**
 * `npm start -- [options] [FILE|DIR|-]...`: replay Okta events through the
 * shipped handler, check the Firehose contract, write rows, summarise, and
 * optionally deliver. `main(argv, io)` is the testable entry; exit codes are
 * listed in {@link HELP}.
 */
import { closeSync, openSync, realpathSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, HELP, parseReplayArgs, type ReplayArgs } from './args.js';
import { bufferBytes } from './batch.js';
import type { FirehoseReport, PutClient } from './deliver/firehose.js';
import { accessKeyFromEnv, deliverToOpenObserve, endpointUrl, type OpenObserveReport } from './deliver/openobserve.js';
import type { Sleep } from './deliver/retry.js';
import { formatIssue, HandlerLoadError, UsageError, type InputIssue } from './errors.js';
import { loadHandler, type LoadedHandler } from './handler.js';
import { displayPath } from './inputs/read.js';
import { createProgress, type ProgressStream } from './progress.js';
import { renderSummary, type RenderContext } from './render.js';
import { runReplay, type ReplayOutput } from './replay.js';
import { defaultInputs, readInputs } from './sources.js';
import { addInputIssues, createStats, type ReplayStats } from './summary.js';

/** How many input problems are printed one by one. */
export const PRINTED_ISSUES = 20;

export interface ReplayIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly stdin?: AsyncIterable<unknown>;
  /** Where OPENOBSERVE_* credentials are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly fetch?: typeof fetch;
  readonly firehoseClient?: PutClient;
  readonly sleep?: Sleep;
}

interface Sink {
  readonly name: string;
  write(text: string): void;
  close(): void;
}

function openSink(out: string, io: ReplayIo, cwd: string): Sink {
  if (out === '-') return { name: 'stdout', write: (t) => void io.stdout.write(t), close() {} };
  const path = resolve(cwd, out);
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { name: displayPath(path, cwd), write: (t) => void writeSync(fd, t), close: () => closeSync(fd) };
}

function printIssues(issues: readonly InputIssue[], io: ReplayIo, printed: { count: number }): void {
  for (const issue of issues) {
    printed.count += 1;
    if (printed.count <= PRINTED_ISSUES) io.stderr.write(`replay: ${formatIssue(issue)}\n`);
  }
}

async function deliver(
  args: ReplayArgs,
  io: ReplayIo,
  accessKey: string | undefined,
  okData: string[],
  rawRecords: Buffer[],
): Promise<Pick<RenderContext, 'openobserve' | 'firehose'>> {
  let openobserve: RenderContext['openobserve'];
  let firehose: RenderContext['firehose'];
  const oo = args.openobserve;
  if (oo !== undefined && accessKey !== undefined) {
    if (args.dryRun) openobserve = { dryRun: endpointUrl(oo), records: okData.length };
    else {
      const progress = createProgress(io.stderr, 'openobserve', okData.length);
      openobserve = await deliverToOpenObserve(okData, { ...oo, accessKey }, {
        fetch: io.fetch,
        sleep: io.sleep,
        onProgress: (done) => progress.update(done),
      });
      progress.done();
    }
  }
  if (args.firehose !== undefined) {
    if (args.dryRun) firehose = { dryRun: args.firehose, records: rawRecords.length };
    else {
      const { deliverToFirehose } = await import('./deliver/firehose.js');
      const progress = createProgress(io.stderr, 'firehose', rawRecords.length);
      firehose = await deliverToFirehose(rawRecords, args.firehose, {
        client: io.firehoseClient,
        sleep: io.sleep,
        onProgress: (done) => progress.update(done),
      });
      progress.done();
    }
  }
  return { openobserve, firehose };
}

const undelivered = (r: OpenObserveReport | FirehoseReport | { dryRun: string } | undefined): number =>
  r === undefined || 'dryRun' in r ? 0 : r.failed;

function exitCode(stats: ReplayStats, ctx: Pick<RenderContext, 'openobserve' | 'firehose'>): number {
  if (stats.inputIssueCount > 0) return EXIT.usage;
  if (stats.results.ProcessingFailed > 0 || stats.violationCount > 0) return EXIT.failed;
  if (undelivered(ctx.openobserve) + undelivered(ctx.firehose) > 0) return EXIT.undelivered;
  return EXIT.ok;
}

/** Run the replay; resolves to the exit status. */
export async function main(argv: readonly string[], io: ReplayIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let args: ReplayArgs;
  let accessKey: string | undefined;
  try {
    args = parseReplayArgs(argv);
    if (args.openobserve !== undefined) accessKey = accessKeyFromEnv(io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`replay: ${error.message}\nTry 'npm start -- --help'.\n`);
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  for (const warning of args.warnings) io.stderr.write(`replay: warning: ${warning}\n`);
  const report = args.out === '-' ? io.stderr : io.stdout;

  const operands = args.inputs.length > 0 ? args.inputs : defaultInputs();
  const files = await readInputs(operands, args.inputFormat, cwd, io.stdin ?? process.stdin);
  const stats = createStats();
  const printed = { count: 0 };
  for (const f of files) {
    stats.files.push({ file: f.file, format: f.format, items: f.items.length, issues: f.issues.length });
    addInputIssues(stats, f.issues);
    printIssues(f.issues, io, printed);
  }
  const items = files.flatMap((f) => f.items);
  if (items.length === 0) {
    io.stderr.write('replay: nothing to replay: no readable events in the input\n');
    return EXIT.usage;
  }

  let sink: Sink | undefined;
  let handler: LoadedHandler;
  try {
    handler = await loadHandler(
      { maxEventAgeSeconds: args.maxEventAgeSeconds, dropEventTypes: args.dropEventTypes },
      { forwardLog: (line) => void io.stderr.write(`${line}\n`) },
    );
    sink = args.dryRun ? undefined : openSink(args.out, io, cwd);
  } catch (error) {
    if (!(error instanceof HandlerLoadError || error instanceof UsageError)) throw error;
    io.stderr.write(`replay: ${error.message}\n`);
    return EXIT.usage;
  }

  let output: ReplayOutput;
  try {
    output = await runReplay(items, stats, {
      handler,
      bufferBytes: bufferBytes(args.bufferMb),
      write: sink?.write,
      progressFor: (total) => createProgress(io.stderr, 'replay', total),
      keepRaw: args.firehose !== undefined,
      keepOk: args.openobserve !== undefined,
    });
  } finally {
    sink?.close();
  }
  printIssues(output.issues, io, printed);
  if (printed.count > PRINTED_ISSUES) io.stderr.write(`replay: … and ${printed.count - PRINTED_ISSUES} more input problem(s)\n`);

  const delivered = await deliver(args, io, accessKey, output.okData, output.rawRecords);
  const ctx: RenderContext = {
    bundle: displayPath(handler.path, cwd),
    bufferMb: args.bufferMb,
    output: sink?.name,
    dryRun: args.dryRun,
    ...delivered,
  };
  report.write(renderSummary(stats, ctx));
  return exitCode(stats, delivered);
}

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
  // `npm start` runs in the package directory; relative paths are the user's, from where npm was invoked.
  const cwd = process.env.npm_lifecycle_event === 'start' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
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
