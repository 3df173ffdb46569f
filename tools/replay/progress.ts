/**
 * A one-line progress bar on stderr, only when stderr is a terminal: piped or
 * redirected runs stay quiet. Shows counts only, never content.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): unknown;
}

export interface Progress {
  update(done: number): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };
const WIDTH = 30;

/** Render the bar for `done` of `total` (exported for tests). */
export function renderBar(label: string, done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * WIDTH);
  const pct = String(Math.floor(ratio * 100)).padStart(3);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${pct}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
}

/**
 * A progress bar for `total` units; a no-op unless `stream.isTTY`. Redraws at
 * most every `intervalMs` (the clock is injectable for tests).
 */
export function createProgress(
  stream: ProgressStream,
  label: string,
  total: number,
  options: { intervalMs?: number; now?: () => number } = {},
): Progress {
  if (stream.isTTY !== true || total <= 0) return SILENT;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  let last = -Infinity;
  let shown = false;
  return {
    update(done) {
      const t = now();
      if (t - last < interval && done < total) return;
      last = t;
      shown = true;
      stream.write(`\r${renderBar(label, done, total)}\u001b[K`);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
