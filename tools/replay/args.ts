/**
 * Command-line flags of the replay, parsed with node:util parseArgs and
 * validated into a typed {@link ReplayArgs}; every mistake is a {@link UsageError}
 * with one clear sentence.
 */
import { parseArgs } from 'node:util';
import { BUFFER_SIZE_MB } from './batch.js';
import { UsageError } from './errors.js';
import { INPUT_FORMATS, isInputFormat, type InputFormat } from './inputs/types.js';

export const DEFAULT_OUT = 'replay-output.ndjson';

export const EXIT = {
  ok: 0,
  usage: 1,
  failed: 2,
  undelivered: 3,
} as const;

export interface OpenObserveArgs {
  readonly url: string;
  readonly org: string;
  readonly stream: string;
  readonly gzip: boolean;
}

export interface OktaArgs {
  /** The org's origin, e.g. https://example.okta.com (http:// only for loopback). */
  readonly org: string;
  readonly since: string;
  /** Undefined: 5 minutes before the backfill starts (kept in the checkpoint). */
  readonly until: string | undefined;
  readonly filter: string | undefined;
  readonly checkpoint: string | undefined;
}

export interface ReplayArgs {
  readonly help: boolean;
  /** Files, directories or `-`; empty means the bundled samples. */
  readonly inputs: readonly string[];
  /** Output file, or `-` for stdout. */
  readonly out: string;
  readonly inputFormat: InputFormat | undefined;
  readonly bufferMb: number;
  readonly maxEventAgeSeconds: number | undefined;
  readonly dropEventTypes: string | undefined;
  readonly dryRun: boolean;
  readonly openobserve: OpenObserveArgs | undefined;
  readonly firehose: string | undefined;
  /** Replace an existing output file (other than the default one). */
  readonly force: boolean;
  /** Send bare LogEvents unwrapped, as a Direct PUT source would. */
  readonly directPut: boolean;
  /** Backfill from Okta's System Log API instead of reading files. */
  readonly okta: OktaArgs | undefined;
  /** Non-fatal remarks about the flags (e.g. a stream name OpenObserve will rewrite). */
  readonly warnings: readonly string[];
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string', short: 'o' },
  'input-format': { type: 'string', short: 'f' },
  'buffer-size': { type: 'string', short: 'b' },
  'max-event-age': { type: 'string' },
  drop: { type: 'string' },
  'dry-run': { type: 'boolean', short: 'n' },
  openobserve: { type: 'string' },
  org: { type: 'string' },
  stream: { type: 'string' },
  gzip: { type: 'boolean' },
  firehose: { type: 'string' },
  force: { type: 'boolean' },
  'direct-put': { type: 'boolean' },
  'okta-org': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  filter: { type: 'string' },
  checkpoint: { type: 'string' },
} as const;

export const HELP = `Usage: npm start -- [options] [FILE | DIR | -]...
       npm start -- --okta-org URL --since ISO [--until ISO] [--filter EXPR] [--checkpoint FILE] [options]

Replays Okta System Log events through the shipped Firehose transformation
Lambda (dist/okta-transform/index.mjs), checks every response against the
Firehose contract, writes the transformed rows as NDJSON and prints a summary.
With no FILE it replays the bundled public samples (test/fixtures/okta).

Inputs (format detected per file, or forced with --input-format):
  json-array       ${INPUT_FORMATS['json-array']}
  ndjson           ${INPUT_FORMATS.ndjson}
  concatenated     ${INPUT_FORMATS.concatenated}
  firehose-event   ${INPUT_FORMATS['firehose-event']}
  firehose-errors  ${INPUT_FORMATS['firehose-errors']}
A directory means its data files (.json, .ndjson, .jsonl, .gz or no extension),
recursively; '-' reads stdin; gzip files are decompressed.

Options:
  -o, --out FILE            write rows to FILE, '-' for stdout (default ${DEFAULT_OUT});
                            never one of the inputs; an existing FILE other than
                            ${DEFAULT_OUT} is replaced only with --force
      --force               replace an existing --out FILE
      --direct-put          send bare LogEvents unwrapped, as a Direct PUT source
                            would (default: wrapped in an EventBridge envelope)
  -f, --input-format FMT    auto (default) or one of the formats above
  -b, --buffer-size MB      Firehose processor buffer, ${BUFFER_SIZE_MB.min}-${BUFFER_SIZE_MB.max} MB (default ${BUFFER_SIZE_MB.default})
      --max-event-age SECS  handler MAX_EVENT_AGE_SECONDS (older rows get ingest_delayed)
      --drop TYPES          handler DROP_EVENT_TYPES, e.g. 'user.session.*,system.*'
  -n, --dry-run             validate and summarise; write and send nothing
      --openobserve URL     deliver Ok rows as Firehose's HTTP endpoint does (https://,
                            or http:// only for loopback), to
      --org ORG --stream STREAM     POST URL/aws/ORG/STREAM/_kinesis_firehose
      --gzip                gzip the request bodies (Content-Encoding: gzip)
      --firehose STREAM     put the raw events (EventBridge envelopes) into a
                            Firehose stream (AWS SDK default region/credentials)
  -h, --help                show this help

Backfill from Okta's System Log API (GET /api/v1/logs), instead of FILEs:
      --okta-org URL        the org, https://ORG.okta.com (http:// only for loopback)
      --since ISO           start of the window, e.g. 2026-01-01T00:00:00Z
      --until ISO           end of the window (default: 5 minutes before the backfill
                            starts, as Okta may persist the latest events late)
      --filter EXPR         Okta filter expression, e.g. 'eventType eq "user.session.start"'
      --checkpoint FILE     record progress after each page; run again with the same
                            flags to resume without duplicates or gaps

Environment:
  OPENOBSERVE_EMAIL, OPENOBSERVE_PASSCODE   credentials for --openobserve, or
  OPENOBSERVE_ACCESS_KEY                    base64 of email:passcode
  OKTA_API_TOKEN                            an Okta API token (sent as SSWS), or
  OKTA_CLIENT_ID, OKTA_PRIVATE_KEY          an OAuth 2.0 service app: client id and
                                            private key (PEM or JWK), scope okta.logs.read;
  OKTA_KEY_ID                               optional key id (kid) for the JWT assertion
  LOG_LEVEL                                 set it to see the handler's own logs on stderr

Exit status:
  0  every record Ok or Dropped, and everything asked for was delivered
  1  bad usage, a refused output, a missing input, unreadable file, unknown
     format or malformed input (good input is still replayed), or a backfill
     that Okta's API stopped before the end of its window
  2  some records ProcessingFailed, or a response broke the Firehose contract
  3  some rows or records were not delivered (a backfill stops at the first
     page not wholly delivered)
  When several apply, the lowest non-zero status is returned.
`;

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}`);
  return n;
}

function parseBufferMb(raw: string | undefined): number {
  if (raw === undefined) return BUFFER_SIZE_MB.default;
  const n = /^\s*\d*\.?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= BUFFER_SIZE_MB.min && n <= BUFFER_SIZE_MB.max)) {
    throw new UsageError(`--buffer-size expects a number of MB from ${BUFFER_SIZE_MB.min} to ${BUFFER_SIZE_MB.max}`);
  }
  return n;
}

function parseOpenObserve(v: Record<string, string | boolean | undefined>, warnings: string[]): OpenObserveArgs | undefined {
  const url = v.openobserve as string | undefined;
  if (url === undefined) {
    for (const flag of ['org', 'stream', 'gzip'] as const) {
      if (v[flag] !== undefined) throw new UsageError(`--${flag} is only used with --openobserve`);
    }
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('--openobserve expects a URL such as http://localhost:5080');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError('--openobserve expects an http:// or https:// URL');
  }
  if (!secureOrLoopback(parsed)) {
    throw new UsageError('--openobserve must be an https:// URL (http:// is allowed only for loopback addresses): the access key would travel in clear');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UsageError('--openobserve URL must not hold credentials: use OPENOBSERVE_EMAIL and OPENOBSERVE_PASSCODE');
  }
  const org = v.org as string | undefined;
  const stream = v.stream as string | undefined;
  if (!org) throw new UsageError('--openobserve needs --org ORG');
  if (!stream) throw new UsageError('--openobserve needs --stream STREAM');
  if (!/^[a-z0-9_]+$/.test(stream)) {
    const formatted = stream.replace(/[^a-zA-Z0-9_:]+/g, '_').toLowerCase();
    warnings.push(`OpenObserve stores stream '${stream}' as '${formatted}' (it keeps only a-z, 0-9 and _)`);
  }
  return { url: parsed.href.replace(/\/+$/, ''), org, stream, gzip: v.gzip === true };
}

const HELP_ONLY: ReplayArgs = {
  help: true,
  inputs: [],
  out: DEFAULT_OUT,
  inputFormat: undefined,
  bufferMb: BUFFER_SIZE_MB.default,
  maxEventAgeSeconds: undefined,
  dropEventTypes: undefined,
  dryRun: false,
  openobserve: undefined,
  firehose: undefined,
  force: false,
  directPut: false,
  okta: undefined,
  warnings: [],
};

/** https://, or http:// to a loopback address (the rule of --okta-org and --openobserve). */
const secureOrLoopback = (url: URL): boolean => url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function parseTime(flag: string, raw: string): string {
  const ms = ISO_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} expects an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z`);
  return new Date(ms).toISOString();
}

function parseOkta(v: Record<string, string | boolean | undefined>, positionals: readonly string[]): OktaArgs | undefined {
  const raw = v['okta-org'] as string | undefined;
  if (raw === undefined) {
    for (const flag of ['since', 'until', 'filter', 'checkpoint'] as const) {
      if (v[flag] !== undefined) throw new UsageError(`--${flag} is only used with --okta-org`);
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--okta-org expects the org URL, e.g. https://example.okta.com');
  }
  if (!secureOrLoopback(url)) {
    throw new UsageError('--okta-org must be an https:// URL (http:// is allowed only for loopback addresses)');
  }
  if (url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new UsageError('--okta-org expects only the org origin, e.g. https://example.okta.com (no path, query or credentials)');
  }
  if (positionals.length > 0) throw new UsageError('--okta-org reads events from Okta: give no FILE operands with it');
  const sinceRaw = v.since as string | undefined;
  if (sinceRaw === undefined) throw new UsageError('--okta-org needs --since ISO (the start of the window)');
  const since = parseTime('--since', sinceRaw);
  const untilRaw = v.until as string | undefined;
  const until = untilRaw === undefined ? undefined : parseTime('--until', untilRaw);
  if (until !== undefined && Date.parse(until) <= Date.parse(since)) throw new UsageError('--until must be later than --since');
  const filter = v.filter as string | undefined;
  if (filter !== undefined && filter.trim() === '') throw new UsageError('--filter expects an Okta filter expression');
  const checkpoint = v.checkpoint as string | undefined;
  if (checkpoint === '') throw new UsageError('--checkpoint expects a file name');
  if (checkpoint !== undefined && v['dry-run'] === true) {
    throw new UsageError('--checkpoint records pages as delivered: it cannot be used with --dry-run');
  }
  return { org: url.origin, since, until, filter, checkpoint };
}

/** Parse and validate argv (without node and script). Throws {@link UsageError}. */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('. ')[0] ?? error.message : String(error);
    throw new UsageError(message.replace(/^Unknown option/, 'unknown option'));
  }
  const v = parsed.values;
  if (v.help === true) return { ...HELP_ONLY };
  const warnings: string[] = [];
  const format = v['input-format'];
  if (format !== undefined && format !== 'auto' && !isInputFormat(format)) {
    throw new UsageError(`--input-format expects auto or one of: ${Object.keys(INPUT_FORMATS).join(', ')}`);
  }
  if (v.out === '') throw new UsageError('--out expects a file name, or - for stdout');
  if (parsed.positionals.filter((p) => p === '-').length > 1) throw new UsageError("'-' (stdin) can be given only once");
  const firehose = v.firehose;
  if (firehose !== undefined && !/^[a-zA-Z0-9_.-]{1,64}$/.test(firehose)) {
    throw new UsageError('--firehose expects a delivery stream name (1-64 of a-z, A-Z, 0-9, _ . -)');
  }
  if (v.drop !== undefined && v.drop.trim() === '') throw new UsageError('--drop expects event types, e.g. user.session.*');
  return {
    help: false,
    inputs: parsed.positionals,
    out: v.out ?? DEFAULT_OUT,
    inputFormat: format === undefined || format === 'auto' ? undefined : format,
    bufferMb: parseBufferMb(v['buffer-size']),
    maxEventAgeSeconds:
      v['max-event-age'] === undefined ? undefined : wholeNumber('--max-event-age', v['max-event-age'], 60, 30 * 24 * 3600),
    dropEventTypes: v.drop,
    dryRun: v['dry-run'] === true,
    openobserve: parseOpenObserve(v, warnings),
    firehose,
    force: v.force === true,
    directPut: v['direct-put'] === true,
    okta: parseOkta(v, parsed.positionals),
    warnings,
  };
}
