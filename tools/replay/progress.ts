/**
 * Progress on long work, on stderr: a bar redrawn in place on a terminal, and a
 * plain one-line report every so often otherwise (logs, CI). Counts only, never
 * content.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): unknown;
}

/** Where a run stands. `totalBytes` is unknown when reading stdin. */
export interface ProgressState {
  readonly bytes: number;
  readonly totalBytes: number | undefined;
  readonly records: number;
  readonly rows: number;
}

export interface Progress {
  update(state: ProgressState): void;
  done(): void;
}

const WIDTH = 30;
const n = (x: number) => x.toLocaleString('en-US');
const size = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** Render the bar for `done` of `total` (exported for tests). */
export function renderBar(label: string, done: number, total: number, format: (x: number) => string = n): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * WIDTH);
  const pct = String(Math.floor(ratio * 100)).padStart(3);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${pct}% ${format(done)}/${format(total)}`;
}

/** The one-line report: bytes read (of how many), records and rows so far. */
export function renderLine(label: string, s: ProgressState): string {
  const of = s.totalBytes === undefined ? '' : ` of ${size(s.totalBytes)} (${Math.floor((100 * s.bytes) / Math.max(1, s.totalBytes))}%)`;
  const read = s.bytes === 0 && s.totalBytes === undefined ? '' : `${size(s.bytes)}${of} read, `;
  return `${label}: ${read}${n(s.records)} records, ${n(s.rows)} rows`;
}

export interface ProgressOptions {
  /** Redraw interval of the bar (terminal). */
  readonly intervalMs?: number;
  /** Interval of the one-line reports (not a terminal); 0 turns them off. */
  readonly lineIntervalMs?: number;
  readonly now?: () => number;
}

/** A progress display on `stream`: a bar on a terminal, a line every `lineIntervalMs` (default 10 s) otherwise. */
export function createProgress(stream: ProgressStream, label: string, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = tty ? (options.intervalMs ?? 100) : (options.lineIntervalMs ?? 10_000);
  if (interval <= 0 && !tty) return { update() {}, done() {} };
  let last = now();
  let shown = false;
  return {
    update(state) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (!tty) {
        stream.write(`${renderLine(label, state)}\n`);
        return;
      }
      shown = true;
      const text =
        state.totalBytes === undefined
          ? renderLine(label, state)
          : `${renderBar(label, state.bytes, state.totalBytes, size)}, ${n(state.records)} records`;
      stream.write(`\r${text}\u001b[K`);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
