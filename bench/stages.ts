/**
 * Where a record's time goes: each stage of the transform, timed alone over the
 * same 3 MB batch (from the TypeScript sources, which the bundle is built from).
 * Used by bench/run.ts.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { encodeRowLine } from '../shared/firehose/codec.js';
import { deriveDebugData, deriveTargets } from '../shared/okta/derive.js';
import { flattenEnvelope, flattenEvent, type Row } from '../shared/okta/flatten.js';
import { validateLine } from '../shared/okta/validate.js';
import { compileTagger } from '../shared/security/tag.js';
import { createTransformer } from '../shared/transform.js';

type Json = Record<string, unknown>;

export function stageTimes(event: FirehoseTransformationEvent, runs: number): [string, number][] {
  const config = loadConfig({});
  const transformer = createTransformer(config);
  const tag = compileTagger(config.rules);
  const data = event.records.map((r) => r.data);
  const texts = data.map((d) => Buffer.from(d, 'base64').toString('utf8'));
  const values = texts.map((t) => JSON.parse(t) as Json);
  const rows = values.map((v) => transformer.transformEvent(v, 1, Date.now()) as Row);
  const lines = rows.map((r) => encodeRowLine(r));
  const perRecord = (fn: () => void): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
    }
    return ([...times].sort((a, b) => a - b)[Math.floor(runs / 2)] as number) * 1000 / data.length;
  };
  return [
    ['floor: base64-decode', perRecord(() => data.forEach((d) => Buffer.from(d, 'base64').toString('utf8')))],
    ['floor: JSON.parse', perRecord(() => texts.forEach((t) => JSON.parse(t)))],
    ['floor: JSON.stringify of the event', perRecord(() => values.forEach((v) => JSON.stringify(v)))],
    ['floor: base64-encode', perRecord(() => texts.forEach((t) => Buffer.from(t).toString('base64')))],
    ['validate (zod, documented LogEvent schema)', perRecord(() => values.forEach((v) => validateLine(v, 1)))],
    ['flatten (columns + residual, JSON-string members)', perRecord(() => values.forEach((v) => {
      const row: Row = {};
      flattenEnvelope(v, row);
      flattenEvent(v.detail as Json, row);
    }))],
    ['derive (targets, debugData)', perRecord(() => values.forEach((v) => {
      const detail = v.detail as Json;
      const row: Row = {};
      deriveTargets(detail.target, row);
      deriveDebugData((detail.debugContext as Json | undefined)?.debugData, row);
    }))],
    ['tag (taxonomy + escalations)', perRecord(() => rows.forEach((r) => tag(r)))],
    ['encode the row (JSON.stringify)', perRecord(() => rows.forEach((r) => encodeRowLine(r)))],
    ['base64-encode the row', perRecord(() => lines.forEach((l) => Buffer.from(l).toString('base64')))],
    ['whole record (transformRecord)', perRecord(() => data.forEach((d) => transformer.transformRecord(d, Date.now())))],
  ];
}
