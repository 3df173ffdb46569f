/**
 * Writing content to disk: `export` (any directory) and `generate` (this
 * repository's own `openobserve/` folder and the README's detection table).
 * Every conflict is found before anything is written, and each file is written
 * to a temporary name and renamed, so a failed run changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContent, contentFiles, DEFAULT_STREAM, type ContentOptions } from './content.js';
import { updateReadme } from './readme.js';

export const REPO_CONTENT_DIR = fileURLToPath(new URL('../../openobserve/', import.meta.url));

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
}

/** Write `files` under `dir`. Without `force`, an existing file with other content is an error and nothing is written. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>, force: boolean): WriteReport {
  const changed: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  for (const [path, text] of files) {
    const full = join(dir, path);
    if (!existsSync(full)) changed.push(path);
    else if (readFileSync(full, 'utf8') === text) unchanged.push(path);
    else {
      changed.push(path);
      if (!force) conflicts.push(path);
    }
  }
  if (conflicts.length > 0) {
    throw new Error(`${dir}: would overwrite ${conflicts.join(', ')} (different content); use --force to replace them`);
  }
  // Stage every file first, then rename them into place: a failed write leaves the old files as they were.
  const staged: string[] = [];
  try {
    for (const path of changed) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(`${full}.tmp`, files.get(path)!);
      staged.push(full);
    }
  } catch (error) {
    for (const full of staged) rmSync(`${full}.tmp`, { force: true });
    throw error;
  }
  for (const full of staged) renameSync(`${full}.tmp`, full);
  return { written: changed, unchanged };
}

export function exportContent(stream: string, out: string, force: boolean, options: ContentOptions = {}): WriteReport {
  return writeFiles(out, contentFiles(buildContent(stream, options)), force);
}

/** The repository's generated files: `openobserve/**` for the default stream. */
export function generatedFiles(): { readonly content: ReadonlyMap<string, string> } {
  return { content: contentFiles(buildContent(DEFAULT_STREAM)) };
}

export function generate(): WriteReport {
  const { content } = generatedFiles();
  const files = writeFiles(REPO_CONTENT_DIR, content, true);
  const readme = updateReadme() ? ['README.md (detection table)'] : [];
  return { written: [...files.written, ...readme], unchanged: files.unchanged };
}
