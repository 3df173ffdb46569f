/**
 * The Firehose transformation response contract, checked on every batch:
 * exactly one result per input recordId, in order, a valid result, valid
 * base64 data; each Ok record NDJSON of flat objects within the size limits.
 * Pure; violations name a recordId and a code, never content.
 */
import { decodeBase64 } from '../../shared/firehose/codec.js';
import { isRowsText } from './inputs/formats.js';
import { isPlainObject } from './inputs/types.js';

export const VIOLATIONS = {
  not_a_response: 'the response is not an object with a records[] array',
  response_too_large: 'the response exceeds the 6 MB Lambda payload limit',
  missing_record_id: 'an input recordId has no result (Firehose: Lambda.MissingRecordId)',
  duplicate_record_id: 'a recordId has more than one result (Firehose: Lambda.DuplicatedRecordId)',
  unexpected_record_id: 'a result has a recordId that was not in the input',
  out_of_order: 'results are not in input order',
  invalid_result: 'result is not Ok, Dropped or ProcessingFailed',
  invalid_data: 'data is missing or not valid base64',
  ok_not_rows: 'an Ok record is not newline-terminated lines of flat JSON objects',
  ok_too_large: 'an Ok record exceeds 1,024,000 bytes, the HTTP endpoint record limit',
} as const;
export type ViolationCode = keyof typeof VIOLATIONS;

export interface Violation {
  readonly code: ViolationCode;
  readonly recordId?: string | undefined;
}

export type RecordResult = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** A result that passed every check; Ok ones carry their decoded text and rows. */
export interface CheckedRecord {
  readonly recordId: string;
  readonly result: RecordResult;
  /** Ok only: the base64 data as returned, its decoded text, and the parsed rows. */
  readonly data?: string;
  readonly text?: string;
  readonly rows?: readonly Record<string, unknown>[];
}

export interface ContractLimits {
  readonly maxResponseBytes: number;
  readonly maxRecordBytes: number;
}
/** Lambda's 6 MB synchronous payload limit; the HTTP endpoint record cap. */
export const DEFAULT_CONTRACT_LIMITS: ContractLimits = { maxResponseBytes: 6 * 1024 * 1024, maxRecordBytes: 1_024_000 };

const isBase64 = (s: unknown): s is string => decodeBase64(s) !== undefined;
const RESULTS: ReadonlySet<unknown> = new Set<RecordResult>(['Ok', 'Dropped', 'ProcessingFailed']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function checkOk(recordId: string, data: string, limits: ContractLimits, violations: Violation[]): CheckedRecord | undefined {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > limits.maxRecordBytes) {
    violations.push({ code: 'ok_too_large', recordId });
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = '';
  }
  if (!isRowsText(text)) {
    violations.push({ code: 'ok_not_rows', recordId });
    return undefined;
  }
  const rows = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { recordId, result: 'Ok', data, text, rows };
}

/**
 * Check a handler response against the input recordIds. Records that fail a
 * check are left out of `records`; every problem is in `violations`.
 */
export function checkResponse(
  inputIds: readonly string[],
  response: unknown,
  limits: ContractLimits = DEFAULT_CONTRACT_LIMITS,
): { violations: Violation[]; records: CheckedRecord[] } {
  const violations: Violation[] = [];
  if (!isPlainObject(response) || !Array.isArray(response.records)) {
    return { violations: [{ code: 'not_a_response' }], records: [] };
  }
  if (Buffer.byteLength(JSON.stringify(response), 'utf8') > limits.maxResponseBytes) {
    violations.push({ code: 'response_too_large' });
  }
  const expected = new Set(inputIds);
  const seen = new Set<string>();
  const records: CheckedRecord[] = [];
  let inOrder = true;
  response.records.forEach((r: unknown, i: number) => {
    const recordId = isPlainObject(r) && typeof r.recordId === 'string' ? r.recordId : undefined;
    if (recordId === undefined || !expected.has(recordId)) {
      violations.push({ code: 'unexpected_record_id', recordId });
      return;
    }
    if (seen.has(recordId)) {
      violations.push({ code: 'duplicate_record_id', recordId });
      return;
    }
    seen.add(recordId);
    if (inputIds[i] !== recordId) inOrder = false;
    const { result, data } = r as Record<string, unknown>;
    if (!RESULTS.has(result)) {
      violations.push({ code: 'invalid_result', recordId });
      return;
    }
    if (!isBase64(data)) {
      violations.push({ code: 'invalid_data', recordId });
      return;
    }
    if (result !== 'Ok') {
      records.push({ recordId, result: result as RecordResult });
      return;
    }
    const ok = checkOk(recordId, data, limits, violations);
    if (ok !== undefined) records.push(ok);
  });
  for (const id of inputIds) if (!seen.has(id)) violations.push({ code: 'missing_record_id', recordId: id });
  if (!inOrder) violations.push({ code: 'out_of_order' });
  return { violations, records };
}
