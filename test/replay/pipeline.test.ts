import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandler, type LoadedHandler } from '../../tools/replay/handler.js';
import { OpenObserveDelivery } from '../../tools/replay/deliver/openobserve.js';
import type { Item } from '../../tools/replay/inputs/types.js';
import { ReplayPipeline } from '../../tools/replay/replay.js';
import { createStats } from '../../tools/replay/summary.js';
import { fixtureEvents } from './helpers.js';
import { OO_ACCESS_KEY, startFakeOpenObserve } from './openobserve-server.js';

let handler: LoadedHandler;
beforeAll(async () => {
  handler = await loadHandler({}, { env: {} });
});
afterAll(() => handler.close());

describe('the streaming pipeline', () => {
  it('keeps input order across batches while the next batch is read, passed-through rows included', async () => {
    const events = fixtureEvents().slice(0, 30);
    const items: Item[] = [];
    events.forEach((e, i) => {
      items.push({ kind: 'event', origin: { file: 'f', line: 2 * i + 1 }, value: e, text: JSON.stringify(e) });
      if (i % 3 === 0) items.push({ kind: 'rows', origin: { file: 'f', line: 2 * i + 2 }, data: Buffer.from(`{\t"uuid":"rows-${i}"}\n`) });
    });
    const stats = createStats();
    let out = '';
    const batches: number[] = [];
    const pipeline = new ReplayPipeline(stats, {
      handler,
      bufferBytes: 5_000, // a few records a batch
      write: (t) => void (out += t),
      onBatch: () => batches.push(stats.recordsIn),
    });
    for (const item of items) await pipeline.add(item);
    await pipeline.flush();
    const expected = items.map((i) => (i.kind === 'event' ? i.value.uuid : `rows-${(i.origin.line - 2) / 2}`));
    const got = out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { uuid: string }).uuid);
    expect(got).toEqual(expected);
    expect(stats.batches).toBeGreaterThan(5);
    expect(stats).toMatchObject({ recordsIn: 30, passthrough: 10, okRecords: 40, results: { Ok: 30, Dropped: 0, ProcessingFailed: 0 } });
    expect(batches.at(-1)).toBe(30);
  });

  it('answers each flush with how many of the rows flushed since the last one were not delivered', async () => {
    const events = fixtureEvents().slice(0, 6);
    const oo = await startFakeOpenObserve();
    oo.failNext = 1; // the first request is answered 503, and not retried (maxAttempts 1)
    const openobserve = new OpenObserveDelivery({ url: oo.url, org: 'default', stream: 'okta', accessKey: OO_ACCESS_KEY }, { maxAttempts: 1 });
    const pipeline = new ReplayPipeline(createStats(), { handler, bufferBytes: 1024 * 1024, openobserve }); // one batch a flush
    const add = (e: Record<string, unknown>, i: number) => pipeline.add({ kind: 'event', origin: { file: 'f', line: i + 1 }, value: e, text: JSON.stringify(e) });
    for (const [i, e] of events.slice(0, 4).entries()) await add(e, i);
    expect(await pipeline.flush()).toBe(4);
    for (const [i, e] of events.slice(4).entries()) await add(e, i + 4);
    expect(await pipeline.flush()).toBe(0);
    expect(await pipeline.flush()).toBe(0);
    expect(oo.stored.map((r) => r.uuid)).toEqual(events.slice(4).map((e) => e.uuid));
    await oo.close();
  });
});
