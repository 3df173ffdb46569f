/**
 * One Firehose record through the whole pipeline:
 * decode → parse (one document or NDJSON lines) → validate → flatten → derive → tag → encode.
 * Pure: the clock and the configuration come in as arguments, and every failure
 * becomes a typed {@link RecordError}, never a throw out of here.
 */
import type { Config } from './config.js';
import { RecordError, type FailureReason } from './errors.js';
import { base64OfUtf8, decodeRecordData, encodeRowLine, mayHoldLoneSurrogate, parseRecordText } from './firehose/codec.js';
import { deriveDebugData, deriveSecurityContextRisk, deriveTargets } from './okta/derive.js';
import { deriveClassification, deriveSeverityId } from './okta/classify.js';
import { deriveCountryCode } from './okta/country.js';
import { deriveRelated } from './okta/related.js';
import { isPlainObject } from './json.js';
import { keepExactNumbers } from './okta/exact-numbers.js';
import { compiledFlatten } from './okta/compiled-flatten.js';
import { fastValidateLine } from './okta/fast-validate.js';
import { flattenEnvelope, flattenEvent, type Row } from './okta/flatten.js';
import { newRow } from './okta/row-shape.js';
import { OKTA_PARTNER_SOURCE_PREFIX } from './okta/schema.js';
import { parseOktaTime } from './okta/time.js';
import { formatSchemaIssues, validateLine } from './okta/validate.js';
import { compileTagWriter, eventTypeMatcher, type TagWriter } from './security/tag.js';

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** OpenObserve drops rows more than 24 h in the future; keep a margin. */
export const MAX_FUTURE_MS = 23 * 3600 * 1000;

export interface Transformer {
  /**
   * One parsed line → a row, or `undefined` when a drop filter matched. `exact`: the
   * line was read by `parseJsonExact` and may hold numbers kept as written (symbols).
   */
  readonly transformEvent: (value: unknown, line: number, now: number, exact?: boolean) => Row | undefined;
  /** One record's base64 data → its outcome. */
  readonly transformRecord: (data: unknown, now: number) => RecordOutcome;
}

export type RecordOutcome =
  | { readonly result: 'Ok'; readonly data: string; readonly rows: readonly Row[]; readonly dropped: number; readonly bytes: number }
  | { readonly result: 'Dropped'; readonly dropped: number }
  | { readonly result: 'ProcessingFailed'; readonly reason: FailureReason; readonly line: number | undefined };

/**
 * How events are validated and flattened. The fast path is what ships; the
 * reference path (zod itself, the generic table walk) is kept for the tests,
 * which hold the two to the same rows, byte for byte.
 */
export interface TransformPath {
  readonly validateLine: typeof validateLine;
  readonly flattenEvent: typeof flattenEvent;
  readonly flattenEnvelope: typeof flattenEnvelope;
  /** A new empty row; both paths use the stable shape, so their rows compare key for key. */
  readonly newRow: () => Row;
}
export const FAST_PATH: TransformPath = { validateLine: fastValidateLine, ...compiledFlatten, newRow };
export const REFERENCE_PATH: TransformPath = { validateLine, flattenEvent, flattenEnvelope, newRow };

/** Build the transformer once per configuration (cold start). */
export function createTransformer(config: Config, path: TransformPath = FAST_PATH): Transformer {
  const tag: TagWriter = compileTagWriter(config.rules);
  const isDropped = config.dropEventTypes.length > 0 ? eventTypeMatcher(config.dropEventTypes) : () => false;

  function transformEvent(value: unknown, line: number, now: number, exact = false): Row | undefined {
    const { event, envelope, issues } = path.validateLine(value, line);
    if (!isNonEmptyString(event.uuid) && !isNonEmptyString(envelope?.id)) throw new RecordError('no_identity', line);
    const published = parseOktaTime(event.published);
    const time = published ?? parseOktaTime(envelope?.time);
    if (time === undefined) throw new RecordError('no_time', line);
    if (published === undefined && event.published != null) issues.push('published: not a valid time, _timestamp from the EventBridge time');
    if (isDropped(event.eventType)) return undefined;

    const row = path.newRow();
    let envelopeRest: Record<string, unknown> | undefined;
    if (envelope !== undefined) {
      envelopeRest = path.flattenEnvelope(envelope, row);
      if (!isNonEmptyString(envelope.source) || !envelope.source.startsWith(OKTA_PARTNER_SOURCE_PREFIX)) {
        issues.push('eb.source: not an Okta partner event source');
      }
      if (envelope['detail-type'] !== 'SystemLog') issues.push('eb.detail-type: not SystemLog');
    }
    const eventRest = path.flattenEvent(event, row);
    if (exact) keepExactNumbers({ event, eventRest, envelope, envelopeRest }, row, issues);
    deriveTargets(event.target, row);
    deriveDebugData(isPlainObject(event.debugContext) ? event.debugContext.debugData : undefined, row);
    deriveSecurityContextRisk(event.securityContext, row);
    deriveClassification(row);
    deriveRelated(event, row);
    deriveCountryCode(row);

    if (now - time > config.maxEventAgeMs) row.ingest_delayed = true;
    else if (time - now > MAX_FUTURE_MS) issues.push('published: more than 23 h in the future');
    else row._timestamp = time;
    const schemaIssues = formatSchemaIssues(issues);
    if (schemaIssues !== undefined) row.schema_issues = schemaIssues;
    // The tagger reads the row and, for conditions on members without a column, the event itself,
    // then writes its columns into the row.
    tag(row, event, row);
    deriveSeverityId(row);
    return row;
  }

  function transformRecord(data: unknown, now: number): RecordOutcome {
    try {
      const text = decodeRecordData(data, config.maxDecompressedBytes);
      const surrogates = mayHoldLoneSurrogate(text);
      const rows: Row[] = [];
      let dropped = 0;
      let out = '';
      for (const { line, value, exact } of parseRecordText(text)) {
        const row = transformEvent(value, line, now, exact);
        if (row === undefined) {
          dropped += 1;
          continue;
        }
        rows.push(row);
        out += encodeRowLine(row, surrogates);
        // A string's length never exceeds its UTF-8 size: once over, stop building rows that cannot go out.
        if (out.length > config.maxOutputRecordBytes) throw new RecordError('output_too_large');
      }
      if (rows.length === 0) return { result: 'Dropped', dropped };
      const bytes = Buffer.byteLength(out, 'utf8');
      if (bytes > config.maxOutputRecordBytes) throw new RecordError('output_too_large');
      return { result: 'Ok', data: base64OfUtf8(out, bytes), rows, dropped, bytes };
    } catch (error) {
      const e =
        error instanceof RecordError
          ? error
          : new RecordError(error instanceof RangeError ? 'too_deeply_nested' : 'internal_error');
      return { result: 'ProcessingFailed', reason: e.reason, line: e.line };
    }
  }

  return { transformEvent, transformRecord };
}
