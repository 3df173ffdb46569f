/**
 * Where rows go, decided before anything is read or written: the output is
 * never one of the inputs (nor the checkpoint), an existing file other than the
 * default `replay-output.ndjson` is replaced only with `--force`, and a resumed
 * backfill continues its own checkpointed output. A refusal is a UsageError and
 * touches no file. A replaced output is written to a temporary file beside it,
 * renamed over it only when the run completes: a failed run leaves it as it was.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_OUT } from './args.js';
import { UsageError } from './errors.js';
import { displayPath } from './inputs/read.js';

export type OutputPlan =
  | { readonly kind: 'stdout' }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly display: string;
      /**
       * `replace`: write a temporary file beside it, renamed over it on {@link Sink.commit};
       * `checkpointed`: a new checkpointed backfill's output, written in place (the checkpoint
       * records its length page by page); `append`: continue a checkpointed output, cut back
       * to the checkpoint's length first.
       */
      readonly mode: 'replace' | 'checkpointed' | 'append';
      readonly resumeAt?: number | undefined;
    };

const real = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/** The size of `path`, or undefined when nothing is there; a directory is refused. */
function existing(path: string, shown: string): number | undefined {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`--out ${shown} is a directory: name a file`);
    return st.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return undefined;
  }
}

/**
 * Decide the output. `inputs` are the absolute paths that will be read;
 * `resume` is what a checkpoint says about its own output, if resuming.
 */
export function planOutput(
  options: { readonly out: string; readonly force: boolean; readonly checkpoint?: string | undefined },
  inputs: readonly string[],
  cwd: string,
  resume?: { readonly path: string; readonly bytes: number },
): OutputPlan {
  if (options.out === '-') return { kind: 'stdout' };
  const path = resolve(cwd, options.out);
  const target = real(path);
  if (inputs.some((input) => real(input) === target)) {
    throw new UsageError(`--out ${options.out} is also an input: the replay would overwrite what it reads; choose another output file`);
  }
  if (options.checkpoint !== undefined && real(resolve(cwd, options.checkpoint)) === target) {
    throw new UsageError(`--out ${options.out} is also the --checkpoint file; choose another output file`);
  }
  const size = existing(path, options.out);
  const display = displayPath(path, cwd);
  if (resume !== undefined && real(resume.path) === target) {
    if (size === undefined || size < resume.bytes) {
      throw new UsageError(`${options.out} is shorter than the checkpoint says (${resume.bytes} bytes): it changed since; start a new backfill`);
    }
    return { kind: 'file', path, display, mode: 'append', resumeAt: resume.bytes };
  }
  if (size !== undefined && basename(path) !== DEFAULT_OUT && !options.force) {
    throw new UsageError(`${options.out} already exists: add --force to replace it, or choose another --out`);
  }
  return { kind: 'file', path, display, mode: options.checkpoint === undefined ? 'replace' : 'checkpointed' };
}

/** The temporary file a replaced output is written to, beside it (same file system, so the rename is atomic). */
export const tempPathOf = (path: string): string => join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);

export interface Sink {
  readonly name: string;
  /** Bytes in the output so far (a resumed output counts what it held). */
  readonly bytes: number;
  write(text: string): void;
  /** The run completed: close, and put the rows in place (rename the temporary file over the output). */
  commit(): void;
  /** Close; a temporary file not committed is removed, leaving the output as it was. */
  close(): void;
}

/** Open the planned output (the only place it is opened). */
export function openSink(plan: OutputPlan, stdout: { write(text: string): unknown }): Sink {
  if (plan.kind === 'stdout') {
    let bytes = 0;
    return {
      name: 'stdout',
      get bytes() {
        return bytes;
      },
      write(t) {
        bytes += Buffer.byteLength(t);
        stdout.write(t);
      },
      commit() {},
      close() {},
    };
  }
  const temp = plan.mode === 'replace' ? tempPathOf(plan.path) : undefined;
  let fd: number;
  try {
    fd = openSync(temp ?? plan.path, plan.mode === 'append' ? 'r+' : 'w');
  } catch (error) {
    throw new UsageError(`cannot write ${plan.display} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let bytes = 0;
  let open = true;
  let committed = false;
  if (plan.mode === 'append') {
    bytes = plan.resumeAt ?? fstatSync(fd).size;
    // Rows written after the last checkpoint are written again: cut them off.
    ftruncateSync(fd, bytes);
  }
  return {
    name: plan.display,
    get bytes() {
      return bytes;
    },
    write(t) {
      const buf = Buffer.from(t, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, bytes + off);
      bytes += buf.length;
    },
    commit() {
      if (open) closeSync(fd);
      open = false;
      if (temp !== undefined && !committed) renameSync(temp, plan.path);
      committed = true;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
      if (temp !== undefined && !committed) rmSync(temp, { force: true });
    },
  };
}
