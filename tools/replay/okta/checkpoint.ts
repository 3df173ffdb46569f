/**
 * The backfill checkpoint: which window, which page comes next, and how long
 * the output was when that page was reached. Written atomically (temporary file,
 * then rename) after each page has been written and delivered, so a resumed run
 * neither repeats nor skips a page.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { isPlainObject } from '../inputs/types.js';

export interface Checkpoint {
  readonly version: 1;
  readonly org: string;
  readonly since: string;
  readonly until: string;
  readonly filter: string | null;
  /** The next page's URL; null once the window is complete. */
  readonly next: string | null;
  readonly pages: number;
  readonly events: number;
  /** The output file and its length at this checkpoint (null: stdout, or a dry run). */
  readonly output: { readonly path: string; readonly bytes: number } | null;
  readonly updated: string;
}

/** The checkpoint in `path`, or undefined when there is none; a file that is not one is refused. */
export function loadCheckpoint(path: string, shown: string = path): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read --checkpoint ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const ok =
    isPlainObject(value) &&
    value.version === 1 &&
    typeof value.org === 'string' &&
    typeof value.since === 'string' &&
    typeof value.until === 'string' &&
    (value.next === null || typeof value.next === 'string') &&
    typeof value.pages === 'number' &&
    typeof value.events === 'number';
  if (!ok) throw new UsageError(`--checkpoint ${shown} is not a backfill checkpoint; name a new file (it is never overwritten)`);
  const cp = value as unknown as Checkpoint;
  if (cp.next !== null && !isLogsUrlOf(cp.next, cp.org)) {
    throw new UsageError(`--checkpoint ${shown} is damaged: its "next" is not a ${cp.org}/api/v1/logs URL; restore it, or start again with a new file`);
  }
  return cp;
}

/** Whether `next` is a System Log page URL on the org's origin, as Okta's Link headers give. */
function isLogsUrlOf(next: string, org: string): boolean {
  try {
    const url = new URL(next);
    return url.origin === org && url.pathname === '/api/v1/logs';
  } catch {
    return false;
  }
}

/** Refuse a checkpoint of another backfill: same org, window and filter, or a new file. */
export function checkMatches(cp: Checkpoint, want: { org: string; since: string; until: string | undefined; filter: string | undefined }, path: string): void {
  const differs: string[] = [];
  if (cp.org !== want.org) differs.push('--okta-org');
  if (cp.since !== want.since) differs.push('--since');
  if (want.until !== undefined && cp.until !== want.until) differs.push('--until');
  if ((cp.filter ?? undefined) !== want.filter) differs.push('--filter');
  if (differs.length > 0) {
    throw new UsageError(`--checkpoint ${path} belongs to another backfill (${differs.join(', ')} differ); use the same flags to resume, or a new file`);
  }
}

export function saveCheckpoint(path: string, cp: Checkpoint): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(cp, null, 2)}\n`);
  renameSync(tmp, path);
}
