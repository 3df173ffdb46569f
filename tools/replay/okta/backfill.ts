/**
 * Backfill: the events of a window, page by page from Okta's System Log API,
 * through the same replay pipeline as files. After each page the pipeline is
 * flushed (its rows written and delivered) and only then is the checkpoint
 * moved past it; a page not wholly delivered stops the backfill with the
 * checkpoint still before it. An interrupted backfill resumes at the first page not yet
 * done, and its output file is cut back to that point, so every event lands
 * exactly once.
 */
import { resolve } from 'node:path';
import type { OktaArgs } from '../args.js';
import { UsageError, type InputIssue } from '../errors.js';
import { isEnvelope } from '../inputs/formats.js';
import { isPlainObject } from '../inputs/types.js';
import type { ReplayPipeline } from '../replay.js';
import { checkMatches, loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import { firstPageUrl, type OktaLogClient, type Window } from './client.js';
import { BackfillError } from './errors.js';

export interface BackfillPlan {
  readonly org: string;
  readonly window: Window;
  /** Absolute path of the checkpoint, if any. */
  readonly checkpoint: string | undefined;
  /** The checkpoint being resumed. */
  readonly resumed: Checkpoint | undefined;
}

/**
 * Without --until the window ends this long before the backfill starts: Okta warns
 * that bounded queries may miss events persisted late, so the last minutes are left
 * to a later run (or to Log Streaming).
 */
export const DEFAULT_UNTIL_LAG_MS = 5 * 60_000;

/** Window and checkpoint of a backfill; throws a UsageError for a checkpoint of another backfill. */
export function planBackfill(args: OktaArgs, cwd: string, now: number): BackfillPlan {
  const checkpoint = args.checkpoint === undefined ? undefined : resolve(cwd, args.checkpoint);
  const resumed = checkpoint === undefined ? undefined : loadCheckpoint(checkpoint, args.checkpoint);
  const want = { org: args.org, since: args.since, until: args.until, filter: args.filter };
  if (resumed !== undefined && checkpoint !== undefined) checkMatches(resumed, want, args.checkpoint as string);
  const until = resumed?.until ?? args.until ?? new Date(now - DEFAULT_UNTIL_LAG_MS).toISOString();
  if (Date.parse(until) <= Date.parse(args.since)) {
    throw new UsageError(`--since must be earlier than the end of the window, ${until} (without --until: ${DEFAULT_UNTIL_LAG_MS / 60_000} minutes ago)`);
  }
  return { org: args.org, window: { since: args.since, until, filter: args.filter }, checkpoint, resumed };
}

export interface BackfillReport {
  readonly org: string;
  readonly window: Window;
  pages: number;
  events: number;
  /** Pages done before this run (from the checkpoint). */
  readonly resumedPages: number;
  readonly resumedEvents: number;
  complete: boolean;
  /** Why the backfill stopped before the end of the window. */
  stopped: string | undefined;
  /** It stopped because a page was not wholly delivered (exit 3, not 1). */
  undelivered: boolean;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  waitedMs: number;
}

export interface BackfillDeps {
  readonly client: OktaLogClient;
  readonly pipeline: ReplayPipeline;
  /** The output file and its length now (after a flush), or undefined (stdout, dry run). */
  readonly output: () => { path: string; bytes: number } | undefined;
  readonly onIssue: (issue: InputIssue) => void;
  readonly onPage?: (report: BackfillReport) => void;
  readonly now?: () => number;
}

/** Fetch and replay the window (or the rest of it); never throws a BackfillError, it is reported. */
export async function runBackfill(plan: BackfillPlan, deps: BackfillDeps): Promise<BackfillReport> {
  const now = deps.now ?? Date.now;
  const r = plan.resumed;
  const report: BackfillReport = {
    org: plan.org,
    window: plan.window,
    pages: 0,
    events: 0,
    resumedPages: r?.pages ?? 0,
    resumedEvents: r?.events ?? 0,
    complete: r !== undefined && r.next === null,
    stopped: undefined,
    undelivered: false,
    requests: 0,
    retries: 0,
    rateLimitWaits: 0,
    waitedMs: 0,
  };
  let url: string | undefined = r === undefined ? firstPageUrl(plan.org, plan.window) : (r.next ?? undefined);
  const pageNo = () => report.resumedPages + report.pages + 1;
  const save = (next: string | undefined) => {
    if (plan.checkpoint === undefined) return;
    saveCheckpoint(plan.checkpoint, {
      version: 1,
      org: plan.org,
      since: plan.window.since,
      until: plan.window.until,
      filter: plan.window.filter ?? null,
      next: next ?? null,
      pages: report.resumedPages + report.pages,
      events: report.resumedEvents + report.events,
      output: deps.output() ?? null,
      updated: new Date(now()).toISOString(),
    });
  };
  // A first checkpoint before any request: the output file is this backfill's from the start.
  if (r === undefined) save(url);
  try {
    while (url !== undefined) {
      const page = await deps.client.page(url);
      const file = `okta page ${pageNo()}`;
      for (const [i, e] of page.events.entries()) {
        if (!isPlainObject(e.value)) {
          deps.onIssue({ file, line: i + 1, reason: 'not_an_object' });
          continue;
        }
        await deps.pipeline.add({ kind: isEnvelope(e.value) ? 'envelope' : 'event', origin: { file, line: i + 1 }, value: e.value, text: e.text });
      }
      const undelivered = await deps.pipeline.flush();
      if (undelivered > 0) {
        // Not past this page: the checkpoint still points at it, so a rerun sends it again.
        throw new BackfillError(`${undelivered} row(s) or record(s) of page ${pageNo()} were not delivered`, { delivery: true });
      }
      report.pages += 1;
      report.events += page.events.length;
      // An empty page ends the window even if Okta offers another link.
      url = page.events.length === 0 ? undefined : page.next;
      save(url);
      deps.onPage?.(report);
    }
    report.complete = true;
  } catch (error) {
    if (!(error instanceof BackfillError)) throw error;
    report.stopped = error.message;
    report.undelivered = error.delivery;
  }
  Object.assign(report, deps.client.stats);
  return report;
}
