/** Which inputs a run reads: the operands, or the bundled public samples. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './handler.js';
import { expandOperand, readBytes, readFile, readStream, STDIN_NAME } from './inputs/read.js';
import type { FileInput, InputFormat } from './inputs/types.js';

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

/** Read every operand (files, directories, `-`) in order. */
export async function readInputs(
  operands: readonly string[],
  forced: InputFormat | undefined,
  cwd: string,
  stdin: AsyncIterable<unknown> | undefined,
): Promise<FileInput[]> {
  const files: FileInput[] = [];
  for (const operand of operands) {
    if (operand === '-') {
      const bytes = stdin === undefined ? Buffer.alloc(0) : await readStream(stdin);
      files.push(readBytes(STDIN_NAME, bytes, forced));
      continue;
    }
    const paths = expandOperand(operand, cwd);
    if (paths.length === 0) {
      files.push({ file: operand, format: undefined, bytes: 0, items: [], issues: [{ file: operand, reason: 'no_data_files' }] });
    }
    for (const path of paths) files.push(readFile(path, cwd, forced));
  }
  return files;
}
