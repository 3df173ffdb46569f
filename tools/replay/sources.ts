/** Which inputs a run reads: the operands, or the bundled public samples. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_OUT } from './args.js';
import { UsageError, type InputIssue } from './errors.js';
import { REPO_ROOT } from './handler.js';
import { expandOperand, fileReader, InputReader, STDIN_NAME } from './inputs/read.js';
import type { InputFormat } from './inputs/types.js';

export const SAMPLES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'okta');

/**
 * The bundled Apache-2.0 / MIT-0 samples: every `*.ndjson` directly in
 * test/fixtures/okta plus `envelopes/*.json` (not `nonconforming/`, which
 * fails on purpose).
 */
export function defaultInputs(dir: string = SAMPLES_DIR): string[] {
  const pick = (d: string, ext: string) =>
    readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(ext))
      .map((e) => join(d, e.name))
      .sort();
  return [...pick(dir, '.ndjson'), ...pick(join(dir, 'envelopes'), '.json')];
}

export interface PlannedInputs {
  /** Readers in operand order; nothing is read yet. */
  readonly readers: InputReader[];
  /** Absolute paths of every file that will be read (the output must be none of them). */
  readonly paths: string[];
  /** Operands that stand for nothing readable (a directory without data files). */
  readonly issues: InputIssue[];
}

/**
 * Plan the reading of every operand (files, directories, `-`) in order. A
 * directory contributes its data files, never a file named like the default
 * output (`replay-output.ndjson`): a replay never reads its own output back.
 * A named file or directory that does not exist is refused (UsageError) before
 * anything is opened, so a typo never costs the previous output.
 */
export function planInputs(
  operands: readonly string[],
  forced: InputFormat | undefined,
  cwd: string,
  stdin: AsyncIterable<unknown> | undefined,
): PlannedInputs {
  const readers: InputReader[] = [];
  const paths: string[] = [];
  const issues: InputIssue[] = [];
  const missing = operands.filter((operand) => operand !== '-' && !existsSync(resolve(cwd, operand)));
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')}: no such file or directory`);
  for (const operand of operands) {
    if (operand === '-') {
      readers.push(new InputReader(STDIN_NAME, () => (stdin ?? []) as AsyncIterable<Uint8Array | string>, forced));
      continue;
    }
    const expanded = expandOperand(operand, cwd, DEFAULT_OUT);
    if (expanded.length === 0) issues.push({ file: operand, reason: 'no_data_files' });
    for (const path of expanded) {
      paths.push(path);
      readers.push(fileReader(path, cwd, forced));
    }
  }
  return { readers, paths, issues };
}
