/**
 * Where rows go, decided before anything is read or written: the output is
 * never one of the inputs (nor the checkpoint), an existing file other than the
 * default `replay-output.ndjson` is replaced only with `--force`, and a resumed
 * backfill continues its own checkpointed output. A refusal is a UsageError and
 * touches no file.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DEFAULT_OUT } from './args.js';
import { UsageError } from './errors.js';
import { displayPath } from './inputs/read.js';

export type OutputPlan =
  | { readonly kind: 'stdout' }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly display: string;
      /** `append`: continue a checkpointed output, cut back to the checkpoint's length first. */
      readonly mode: 'replace' | 'append';
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
  return { kind: 'file', path, display, mode: 'replace' };
}

export interface Sink {
  readonly name: string;
  /** Bytes in the output so far (a resumed output counts what it held). */
  readonly bytes: number;
  write(text: string): void;
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
      close() {},
    };
  }
  let fd: number;
  try {
    fd = openSync(plan.path, plan.mode === 'append' ? 'r+' : 'w');
  } catch (error) {
    throw new UsageError(`cannot write ${plan.display} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let bytes = 0;
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
    close: () => closeSync(fd),
  };
}
