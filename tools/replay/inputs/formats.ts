/**
 * Readers: one scanned value of a known format → the items to replay and the
 * problems found, each located by file and line. A bad value never stops the others.
 */
import type { InputIssue, InputReason } from '../errors.js';
import { decodeBase64 } from '../../../shared/firehose/codec.js';
import { isFirehoseErrorRecord, isFirehoseEvent } from './detect.js';
import type { ScanItem } from './scan.js';
import { isPlainObject, type InputFormat, type Item } from './types.js';

/** An EventBridge event, recognised as the handler does: an object with `detail` and `detail-type`. */
export const isEnvelope = (v: Record<string, unknown>): boolean => 'detail' in v && 'detail-type' in v;

/** A flat JSON object: no object or array values (what the handler emits per line). */
export const isFlatObject = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) && Object.values(v).every((x) => x === null || typeof x !== 'object');

/** NDJSON of flat objects, every line newline-terminated, no blank line. */
export function isRowsText(text: string): boolean {
  if (text === '' || !text.endsWith('\n')) return false;
  return text
    .slice(0, -1)
    .split('\n')
    .every((line) => {
      try {
        return isFlatObject(JSON.parse(line));
      } catch {
        return false;
      }
    });
}

export interface Sink {
  readonly items: Item[];
  readonly issues: InputIssue[];
}

function addEvent(file: string, line: number, value: unknown, text: string, sink: Sink): void {
  if (!isPlainObject(value)) {
    sink.issues.push({ file, line, reason: 'not_an_object' });
    return;
  }
  sink.items.push({ kind: isEnvelope(value) ? 'envelope' : 'event', origin: { file, line }, value, text });
}

function addFirehoseEvent(file: string, line: number, value: unknown, sink: Sink): void {
  if (!isFirehoseEvent(value)) {
    sink.issues.push({ file, line, reason: 'not_firehose_event' });
    return;
  }
  value.records.forEach((record, i) => {
    const data = isPlainObject(record) ? decodeBase64(record.data) : undefined;
    if (data === undefined) sink.issues.push({ file, line, reason: 'invalid_base64', detail: `records[${i}].data` });
    else sink.items.push({ kind: 'record', origin: { file, line }, data });
  });
}

function addErrorRecord(file: string, line: number, value: unknown, sink: Sink): void {
  if (!isFirehoseErrorRecord(value)) {
    sink.issues.push({ file, line, reason: 'not_error_record' });
    return;
  }
  const data = decodeBase64(value.rawData);
  if (data === undefined) {
    sink.issues.push({ file, line, reason: 'invalid_base64', detail: 'rawData' });
    return;
  }
  const code = 'errorCode' in value ? value.errorCode : (value as Record<string, unknown>).ErrorCode;
  // http-endpoint-failed holds what the Lambda already produced: deliver it, do not transform it twice.
  if (typeof code === 'string' && code.startsWith('HttpEndpoint.')) {
    if (isRowsText(data.toString('utf8'))) sink.items.push({ kind: 'rows', origin: { file, line }, data });
    else sink.issues.push({ file, line, reason: 'invalid_rows', detail: 'rawData' });
    return;
  }
  sink.items.push({ kind: 'record', origin: { file, line }, data });
}

/** Add what one scanned value of `format` gives to `sink`. Never throws. */
export function readValue(file: string, v: ScanItem, format: InputFormat, sink: Sink): void {
  if (!v.ok) {
    sink.issues.push({ file, line: v.line, reason: v.reason satisfies InputReason });
    return;
  }
  try {
    if (format === 'json-array' && !v.inArray) sink.issues.push({ file, line: v.line, reason: 'not_an_array' });
    else if (format === 'firehose-event') addFirehoseEvent(file, v.line, v.value, sink);
    else if (format === 'firehose-errors') addErrorRecord(file, v.line, v.value, sink);
    else addEvent(file, v.line, v.value, v.text, sink);
  } catch {
    // An engine limit (e.g. the call stack on a value nested absurdly deep): this value only.
    sink.issues.push({ file, line: v.line, reason: 'unprocessable' });
  }
}
