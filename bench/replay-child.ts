/**
 * The replay run for bench/replay-memory.ts: `main` as `npm start` runs it, then
 * the process's own peak RSS (worker thread included) sent to the parent.
 */
import { main } from '../tools/replay/cli.js';

const started = performance.now();
const sink = { isTTY: false, write: () => true };
const code = await main(process.argv.slice(2), { stdout: sink, stderr: process.stderr, cwd: process.cwd(), progressIntervalMs: 0 });
const seconds = (performance.now() - started) / 1000;
// What the main thread still holds once the run is over: a leak would grow with the input.
(globalThis as { gc?: () => void }).gc?.();
process.send?.({ code, seconds, maxRssKiB: process.resourceUsage().maxRSS, heapAfterKiB: Math.round(process.memoryUsage().heapUsed / 1024) });
process.disconnect?.();
