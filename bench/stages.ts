/**
 * Where a record's time goes: each stage of the transform timed alone over the
 * same batch (from the TypeScript sources the bundle is built from), for the
 * plain zod-and-table path (`REFERENCE_PATH` with rows built into `{}`, as before
 * the fast path) and for the shipped fast path. Stages are interleaved round by
 * round, so a busy machine slows both columns alike; medians. Used by bench/run.ts.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { encodeRowLine } from '../shared/firehose/codec.js';
import { deriveDebugData, deriveTargets } from '../shared/okta/derive.js';
import { fastValidateLine } from '../shared/okta/fast-validate.js';
import type { Row } from '../shared/okta/flatten.js';
import { validateLine } from '../shared/okta/validate.js';
import { compileTagger } from '../shared/security/tag.js';
import { cpuMs } from './clock.js';
import { createTransformer, FAST_PATH, REFERENCE_PATH, type TransformPath } from '../shared/transform.js';

type Json = Record<string, unknown>;

/** The plain path as it was before the fast path: zod, the table walk, rows built into `{}`. */
export const PLAIN_PATH: TransformPath = { ...REFERENCE_PATH, newRow: () => ({}) };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export interface StageRow {
  readonly stage: string;
  readonly plain: number;
  readonly fast: number;
}

export function stageTimes(event: FirehoseTransformationEvent, runs: number): StageRow[] {
  const config = loadConfig({});
  const now = Date.now();
  const tag = compileTagger(config.rules);
  const paths = { plain: PLAIN_PATH, fast: FAST_PATH } as const;
  const transformers = { plain: createTransformer(config, PLAIN_PATH), fast: createTransformer(config, FAST_PATH) };
  const data = event.records.map((r) => r.data);
  const texts = data.map((d) => Buffer.from(d, 'base64').toString('utf8'));
  const values = texts.map((t) => JSON.parse(t) as Json);
  const rows = {
    plain: values.map((v) => transformers.plain.transformEvent(v, 1, now) as Row),
    fast: values.map((v) => transformers.fast.transformEvent(v, 1, now) as Row),
  };
  const lines = rows.fast.map((r) => encodeRowLine(r));
  const validate = { plain: validateLine, fast: fastValidateLine };

  const same = (fn: () => void) => ({ plain: fn, fast: fn });
  const each = (fn: (which: 'plain' | 'fast') => void) => ({ plain: () => fn('plain'), fast: () => fn('fast') });
  const stages: [string, { plain: () => void; fast: () => void }][] = [
    ['floor: base64-decode', same(() => data.forEach((d) => Buffer.from(d, 'base64').toString('utf8')))],
    ['floor: JSON.parse', same(() => texts.forEach((t) => JSON.parse(t)))],
    ['floor: JSON.stringify of the event', same(() => values.forEach((v) => JSON.stringify(v)))],
    ['floor: base64-encode', same(() => texts.forEach((t) => Buffer.from(t).toString('base64')))],
    ['validate (plain: zod; fast: compiled check, zod where it deviates)', each((w) => values.forEach((v) => validate[w](v, 1)))],
    ['flatten (columns + residual, JSON-string members)', each((w) => values.forEach((v) => {
      const row = paths[w].newRow();
      paths[w].flattenEnvelope(v, row);
      paths[w].flattenEvent(v.detail as Json, row);
    }))],
    ['derive (targets, debugData)', each((w) => values.forEach((v) => {
      const detail = v.detail as Json;
      const row = paths[w].newRow();
      deriveTargets(detail.target, row);
      deriveDebugData((detail.debugContext as Json | undefined)?.debugData, row);
    }))],
    ['tag (taxonomy + escalations)', each((w) => rows[w].forEach((r) => tag(r)))],
    ['encode the row (JSON.stringify)', each((w) => rows[w].forEach((r) => encodeRowLine(r)))],
    ['base64-encode the row', same(() => lines.forEach((l) => Buffer.from(l).toString('base64')))],
    ['whole record (transformRecord)', each((w) => data.forEach((d) => transformers[w].transformRecord(d, now)))],
  ];
  const times = stages.map(() => ({ plain: [] as number[], fast: [] as number[] }));
  for (let i = 0; i < runs + 2; i += 1) {
    stages.forEach(([, fns], s) => {
      for (const w of ['plain', 'fast'] as const) {
        const t = cpuMs();
        fns[w]();
        if (i >= 2) times[s]?.[w].push(cpuMs() - t);
      }
    });
  }
  const perRecord = (xs: number[]) => (median(xs) * 1000) / data.length;
  return stages.map(([stage], s) => ({ stage, plain: perRecord(times[s]?.plain ?? []), fast: perRecord(times[s]?.fast ?? []) }));
}
