/**
 * One contender alone in a fresh process, as the handler runs in a Lambda
 * container, where nothing else does: the shipped bundle or the peer, on one
 * full-size batch, interleaved round by round with the floor (CPU time, as in
 * bench/run.ts). Prints the median of the per-round ratios contender / floor.
 * Run by bench/run.ts: `alone.ts handler|peer <MB> mixed|conforming <rounds>`.
 */
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { timed } from './clock.js';
import { batchOf, floor, type Samples } from './contenders.js';

type Handler = (e: FirehoseTransformationEvent, c?: unknown) => Promise<FirehoseTransformationResult>;

const [contender, mb, samples, rounds] = process.argv.slice(2);
const event = batchOf(Number(mb), samples as Samples);
const context = { getRemainingTimeInMillis: () => 60_000 };
const run: () => unknown = contender === 'peer'
  ? await import('./peer.js').then(({ peer }) => () => peer(event))
  : await import(process.env.BENCH_BUNDLE as string).then(({ handler }: { handler: Handler }) => () => handler(event, context));

for (let i = 0; i < 12; i += 1) {
  floor(event);
  await run();
}
const ratios: number[] = [];
for (let i = 0; i < Number(rounds); i += 1) {
  const f = await timed(() => floor(event));
  ratios.push((await timed(run)) / f);
}
ratios.sort((a, b) => a - b);
console.log(ratios[Math.floor(ratios.length / 2)]);
