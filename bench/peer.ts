/**
 * The hand-rolled peer: what a team would write for the same job without this
 * project's machinery, measured beside the shipped handler in the same run.
 * Per record: base64 → JSON.parse → classic zod `.safeParse` of the LogEvent (the
 * project's schema, rebuilt with the full `zod` package's `z.strictObject` & co.)
 * → a generic recursive flattener (nested members joined with `_`, arrays as JSON
 * strings) → a tag lookup by event type → JSON.stringify → base64.
 * It does less than the relay (no residual for restore, no typed columns, no
 * promotions or escalations), so being faster than it is a fair bar.
 */
import * as z from 'zod';
import type * as zm from 'zod/mini';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { LogEventSchema } from '../shared/okta/schema.js';
import EVENT_TYPES from '../shared/security/event-types.json' with { type: 'json' };

type Def = zm.core.$ZodTypeDef & Record<string, unknown>;

/** The project's zod/mini schema, node by node, as classic zod schemas. */
function classic(schema: zm.core.$ZodType): z.ZodType {
  const def = schema._zod.def as Def;
  const checks = (def.checks ?? []) as zm.core.$ZodCheck[];
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape as Record<string, zm.core.$ZodType>).map(([k, v]) => [k, classic(v)]));
      return (def.catchall as zm.core.$ZodType | undefined)?._zod.def.type === 'never' ? z.strictObject(shape) : z.looseObject(shape);
    }
    case 'optional':
      return classic(def.innerType as zm.core.$ZodType).optional();
    case 'nullable':
      return classic(def.innerType as zm.core.$ZodType).nullable();
    case 'array':
      return z.array(classic(def.element as zm.core.$ZodType));
    case 'record':
      return z.record(z.string(), classic(def.valueType as zm.core.$ZodType));
    case 'union':
      return z.union((def.options as zm.core.$ZodType[]).map(classic) as [z.ZodType, z.ZodType]);
    case 'enum':
      return z.enum(Object.values(def.entries as Record<string, string>) as [string, ...string[]]);
    case 'string': {
      if (def.format === 'datetime') return z.iso.datetime();
      const min = checks.find((c) => c._zod.def.check === 'min_length')?._zod.def as { minimum?: number } | undefined;
      return min?.minimum === undefined ? z.string() : z.string().min(min.minimum);
    }
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'unknown':
      return z.unknown();
    default:
      throw new Error(`peer: no classic counterpart for ${def.type}`);
  }
}

const LogEvent = classic(LogEventSchema);
// The shipped table, grouped by category: category → { eventType: [severity, ATT&CK] }.
const TAGS = new Map(
  Object.entries(EVENT_TYPES as Record<string, Record<string, readonly string[]>>).flatMap(([category, rows]) =>
    Object.entries(rows).map(([type, [severity]]) => [type, { category, severity }] as const)),
);

/** Nested objects become `parent_child` keys; arrays and leaves are kept (arrays as JSON). */
function flatten(value: Record<string, unknown>, prefix: string, out: Record<string, unknown>): Record<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    const name = `${prefix}${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    if (Array.isArray(v)) out[name] = JSON.stringify(v);
    else if (typeof v === 'object' && v !== null) flatten(v as Record<string, unknown>, `${name}_`, out);
    else if (v !== null) out[name] = v;
  }
  return out;
}

function peerRecord(data: string): string {
  const value = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as Record<string, unknown>;
  const detail = (typeof value['detail-type'] === 'string' ? value.detail : value) as Record<string, unknown>;
  const parsed = LogEvent.safeParse(detail);
  const row = flatten(parsed.success ? (parsed.data as Record<string, unknown>) : detail, '', {});
  if (!parsed.success) row.schema_issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join('; ');
  const tag = TAGS.get(String(detail.eventType));
  row.security_category = tag?.category;
  row.security_severity = tag?.severity;
  return Buffer.from(`${JSON.stringify(row)}\n`).toString('base64');
}

/** The peer as a Firehose transformation: one Ok result per record. */
export function peer(event: FirehoseTransformationEvent): FirehoseTransformationResult {
  return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok' as const, data: peerRecord(r.data) })) };
}
