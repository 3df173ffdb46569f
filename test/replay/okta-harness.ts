/**
 * What the backfill specifications share: 25 real events spread over (and just
 * outside) a one-hour window, a virtual clock, the fake Okta (okta-server.ts) and
 * a run of the replay CLI in a temporary directory.
 */
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { main } from '../../tools/replay/cli.js';
import { captureIo, fixtureEvents, tempDir } from './helpers.js';
import { startFakeOkta, type FakeOkta, type FakeOktaOptions } from './okta-server.js';

export const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
export const SINCE = '2026-01-01T00:00:00.000Z';
export const UNTIL = '2026-01-01T01:00:00.000Z';

/** 23 distinct real events spread over the window (and two outside it). */
export const events = fixtureEvents()
  .slice(0, 25)
  .map((e, i) => ({
    ...e,
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    published: i === 0 ? '2025-12-31T23:59:59.000Z' : i === 24 ? '2026-01-01T01:00:00.000Z' : `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`,
  }));
export const inWindow = events.slice(1, 24).map((e) => e.uuid);

let server: FakeOkta | undefined;
export const tmp = tempDir();
/** Call once at the top of a spec file: each test's fake Okta is closed after it. */
export const closeOktaAfterEach = () =>
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

/** A virtual clock: sleeping advances it, so rate-limit waits take no real time. */
export function clock(start = Date.parse('2026-01-02T00:00:00Z')) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

export async function okta(c: ReturnType<typeof clock>, extra: Partial<FakeOktaOptions> = {}) {
  server = await startFakeOkta({ events, pageSize: 5, apiToken: TOKEN, now: c.now, ...extra });
  return server;
}

export const uuids = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { uuid: string }).uuid);

export const run = (argv: string[], c: ReturnType<typeof clock>, env: Record<string, string> = { OKTA_API_TOKEN: TOKEN }) => {
  const io = captureIo({ cwd: tmp.dir, env, sleep: c.sleep, now: c.now, progressIntervalMs: 0 });
  return main(argv, io).then((code) => ({ code, out: io.out(), err: io.err() }));
};
