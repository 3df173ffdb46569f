/** Helpers for the replay tests: fixture events, temp files, captured I/O. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplayIo } from '../../tools/replay/cli.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'okta');

/** The LogEvents of one bundled NDJSON fixture, parsed. */
export function fixtureEvents(name = 'okta-sdk-java.ndjson'): Record<string, unknown>[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The bundled EventBridge envelope (pretty-printed in its file), parsed. */
export function fixtureEnvelope(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, 'envelopes', 'aws-samples-serverless-patterns.eventbridge-event.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

export const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'replay-test-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CapturedIo extends ReplayIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** I/O for `main` that records what it writes; extra fields override. */
export function captureIo(extra: Partial<ReplayIo> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { isTTY: false, write: (s: string) => (out += s) },
    stderr: { isTTY: false, write: (s: string) => (err += s) },
    env: {},
    sleep: async () => {},
    ...extra,
    out: () => out,
    err: () => err,
  };
}

/** A sleep that records the requested delays and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}
