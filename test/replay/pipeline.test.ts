import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandler, type LoadedHandler } from '../../tools/replay/handler.js';
import type { Item } from '../../tools/replay/inputs/types.js';
import { ReplayPipeline } from '../../tools/replay/replay.js';
import { createStats } from '../../tools/replay/summary.js';
import { fixtureEvents } from './helpers.js';

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
});
