import type { FirehoseTransformationEvent } from 'aws-lambda';

export function sampleRecords(): string[];
export function firehoseEventOfSize(bytes: number, records?: readonly string[]): FirehoseTransformationEvent;
