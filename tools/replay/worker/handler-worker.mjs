// The shipped bundle, run in a worker thread as Lambda would run it: imported once
// (cold start) with the environment the parent passed explicitly, then invoked once
// per message. The parent reads only the structured messages posted here; the
// handler's own logs go to this worker's stdout, which the parent forwards to
// stderr or discards, never parses.
//
// Plain ESM JavaScript on purpose: a worker thread loads it with no TypeScript
// loader, under tsx, vitest or plain node alike.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : 'a non-error value was thrown');

// A fixed clock when the parent asked for one (golden rows): set before the cold start.
if (typeof workerData.clock === 'number') {
  const clock = workerData.clock;
  Date.now = () => clock;
}

/** @type {(event: unknown) => Promise<unknown>} */
let handler;
try {
  const mod = await import(pathToFileURL(workerData.bundle).href);
  if (typeof mod.handler !== 'function') throw new TypeError('the bundle does not export a handler function');
  handler = mod.handler;
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  // A ConfigError from the cold start names the variable; no event data is involved.
  parentPort.postMessage({ type: 'load-error', message: error instanceof Error ? error.message : String(error) });
}

parentPort.on('message', async (/** @type {{ id: number, event: unknown }} */ message) => {
  const started = performance.now();
  try {
    const response = await handler(message.event);
    parentPort.postMessage({ type: 'result', id: message.id, response, durationMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id: message.id, error: describe(error), durationMs: performance.now() - started });
  }
});
