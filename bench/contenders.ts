/**
 * What the benchmark's contenders share: the floor, and the choice of sample
 * events. Used by bench/run.ts and bench/alone.ts.
 */
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { validateLine } from '../shared/okta/validate.js';
import { firehoseEventOfSize, sampleRecords } from './batches.mjs';

/** The least any relay must do per record: base64-decode → JSON.parse → JSON.stringify → base64-encode (Node's Buffer). */
export function floor(event: FirehoseTransformationEvent): FirehoseTransformationResult {
  return {
    records: event.records.map((r) => ({
      recordId: r.recordId,
      result: 'Ok' as const,
      data: Buffer.from(`${JSON.stringify(JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')))}\n`).toString('base64'),
    })),
  };
}

/** The samples that conform to the documented schema (no schema_issues). */
export const conforming = (records: readonly string[]): string[] => records.filter((r) => validateLine(JSON.parse(r), 1).issues.length === 0);

/** A full-size batch: `mb` MB of request, of all the samples (`mixed`) or of the conforming ones. */
export type Samples = 'mixed' | 'conforming';
export const batchOf = (mb: number, samples: Samples): FirehoseTransformationEvent =>
  firehoseEventOfSize(mb * 1_000_000, samples === 'mixed' ? sampleRecords() : conforming(sampleRecords()));
