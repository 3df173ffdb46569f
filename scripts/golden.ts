/**
 * Golden rows: what the shipped bundle (dist/okta-transform/index.mjs) emits for
 * every fixture under test/fixtures/okta/, one output line per input event, in
 * test/golden/<same path>.ndjson. `npm run golden` rewrites them; the tests
 * regenerate them in memory and compare byte for byte, so any change to a column,
 * a derivation or a rule is a reviewable diff of real output.
 *
 * Deterministic by construction: the clock is fixed (GOLDEN_NOW), the handler gets
 * the default configuration whatever the caller's environment, and bare LogEvents
 * are wrapped in an EventBridge envelope whose id and time derive from the event.
 * An event the relay refuses is one line `{"result":"ProcessingFailed","reason":…}`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHandler, type LoadedHandler } from '../tools/replay/handler.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures/okta');
export const GOLDEN_DIR = join(REPO_ROOT, 'test/golden');
/** The fixed clock: 2026-01-01T00:00:00Z. Edge-case fixtures publish just before it, so `_timestamp` is covered. */
export const GOLDEN_NOW = Date.UTC(2026, 0, 1);
const GOLDEN_SOURCE = 'aws.partner/okta.com/golden-org/okta-relay-golden';

type Json = Record<string, unknown>;

/** Every fixture file with events: `*.ndjson` (one event or envelope a line) and `*.json` (one envelope). */
export function fixtureFiles(dir: string = FIXTURES_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'provenance') out.push(...fixtureFiles(path));
    else if (entry.isFile() && (entry.name.endsWith('.ndjson') || entry.name.endsWith('.json'))) out.push(path);
  }
  return out.sort();
}

const isEnvelope = (v: Json): boolean => typeof v['detail-type'] === 'string' && typeof v.detail === 'object' && v.detail !== null;

/** `published` to EventBridge's second precision, when it starts as ISO 8601 does. */
function envelopeTime(published: unknown): string {
  const m = typeof published === 'string' ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/.exec(published) : null;
  return m === null ? new Date(GOLDEN_NOW).toISOString().replace(/\.\d{3}Z$/, 'Z') : `${m[1]}Z`;
}

/** Wrap a bare LogEvent as Okta Log Streaming does; the id is a hash of the event's own line. */
export function wrap(line: string): string {
  const value = JSON.parse(line) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isEnvelope(value as Json)) return line.trim();
  const event = value as Json;
  const hex = createHash('sha256').update(line).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  // The event's own text goes in as it is (never re-serialised), so numbers JSON.parse would change stay exact.
  const head = JSON.stringify({
    version: '0',
    id,
    'detail-type': 'SystemLog',
    source: GOLDEN_SOURCE,
    account: '123456789012',
    time: envelopeTime(event.published),
    region: 'us-east-1',
    resources: [],
  });
  return `${head.slice(0, -1)},"detail":${line.trim()}}`;
}

/** The record payloads of one fixture file, in order. */
export function fixturePayloads(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return [wrap(JSON.stringify(JSON.parse(text)))];
  return text.split('\n').filter((l) => l.trim() !== '').map(wrap);
}

/** The bundle with the default configuration, whatever the caller's environment says. */
export async function loadGoldenHandler(): Promise<LoadedHandler> {
  for (const key of ['SECURITY_RULES', 'SECURITY_RULES_FILE', 'MAX_DECOMPRESSED_BYTES', 'MAX_OUTPUT_RECORD_BYTES', 'RESPONSE_BUDGET_BYTES']) {
    delete process.env[key];
  }
  return loadHandler({ maxEventAgeSeconds: 16_200, dropEventTypes: '' }, { clock: GOLDEN_NOW });
}

interface FirehoseResult {
  readonly recordId: string;
  readonly result: string;
  readonly data?: string;
}

/** What the bundle emits for one fixture file: one line per event. */
export async function goldenText(handler: LoadedHandler, path: string): Promise<string> {
  const payloads = fixturePayloads(path);
  const event = {
    invocationId: 'golden',
    region: 'us-east-1',
    records: payloads.map((p, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: GOLDEN_NOW, data: Buffer.from(p).toString('base64') })),
  };
  const invocation = await handler.invoke(event);
  if (invocation.error !== undefined) throw new Error(`${relative(REPO_ROOT, path)}: the handler failed: ${invocation.error}`);
  const records = (invocation.response as { records: FirehoseResult[] }).records;
  return records
    .map((r) => {
      if (r.result === 'Ok') return Buffer.from(r.data ?? '', 'base64').toString('utf8');
      const data = event.records.find((e) => e.recordId === r.recordId)?.data ?? '';
      const { reason } = handler.explain(data);
      return `${JSON.stringify({ result: r.result, ...(reason !== undefined && { reason }) })}\n`;
    })
    .join('');
}

/** test/fixtures/okta/a/b.ndjson → test/golden/a/b.ndjson (a .json envelope → .ndjson). */
export const goldenPath = (fixture: string): string =>
  join(GOLDEN_DIR, relative(FIXTURES_DIR, fixture)).replace(/\.json$/, '.ndjson');

/** Every golden file's expected text, keyed by its path. */
export async function renderGolden(handler?: LoadedHandler): Promise<Map<string, string>> {
  const h = handler ?? (await loadGoldenHandler());
  const out = new Map<string, string>();
  try {
    for (const fixture of fixtureFiles()) out.set(goldenPath(fixture), await goldenText(h, fixture));
  } finally {
    if (handler === undefined) await h.close(); // the worker thread would keep the process alive
  }
  return out;
}

async function main(): Promise<void> {
  const golden = await renderGolden();
  // Rendered in full before anything is written; then stale golden files (of removed fixtures) go.
  const stale = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? stale(join(dir, e.name)) : e.name.endsWith('.ndjson') ? [join(dir, e.name)] : [])
      : [];
  for (const path of stale(GOLDEN_DIR)) if (!golden.has(path)) rmSync(path);
  for (const [path, text] of golden) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const rows = [...golden.values()].reduce((n, t) => n + t.split('\n').length - 1, 0);
  console.log(`${golden.size} golden files, ${rows} lines, in ${relative(process.cwd(), GOLDEN_DIR) || '.'}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
