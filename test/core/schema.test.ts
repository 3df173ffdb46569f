/**
 * The LogEvent schema is made of zod's ordinary strict objects (the fast path
 * compiles its own check from them, see fast-path.test.ts); whatever helper builds
 * it must report exactly what `z.strictObject` reports.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { LogEventSchema } from '../../shared/okta/schema.js';
import { allSamples, type Json } from '../helpers/samples.js';

type AnySchema = z.core.$ZodType;

/** The same schema rebuilt with `z.strictObject` everywhere. */
function interpreted(schema: AnySchema): AnySchema {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'object':
      return z.strictObject(Object.fromEntries(Object.entries(def.shape as Record<string, AnySchema>).map(([k, v]) => [k, interpreted(v)])));
    case 'optional':
      return z.optional(interpreted(def.innerType as AnySchema));
    case 'nullable':
      return z.nullable(interpreted(def.innerType as AnySchema));
    case 'array':
      return z.array(interpreted(def.element as AnySchema));
    default:
      return schema;
  }
}

const reference = interpreted(LogEventSchema);
const issuesOf = (schema: AnySchema, value: unknown) => {
  const result = z.safeParse(schema, value);
  return result.success ? [] : result.error.issues.map((i) => [i.code, i.path.join('.'), 'keys' in i ? i.keys : undefined]);
};

const deviant: Json[] = [
  { eventType: 'a.b', brandNew: 1, actor: { id: 5, extra: true }, target: [{ id: 'x', nope: 1 }, 'str'] },
  { eventType: 'a.b', severity: 'LOUD', outcome: { result: 'MAYBE' }, published: '2024-01-01 00:00:00' },
  { eventType: 'a.b', request: { ipChain: [{ ip: 1, version: 'V9', geographicalContext: { geolocation: { lat: 'x' } } }] } },
  { eventType: 'a.b', device: { device_integrator: 5 }, securityContext: { risk: [], userBehaviors: {} } },
  { eventType: '', client: null, debugContext: { debugData: null } },
];

describe('LogEventSchema', () => {
  it('reports the same issues as zod strict objects, on every sample and on deviant events', () => {
    for (const value of [...allSamples().map((s) => s.event), ...deviant]) {
      expect(issuesOf(LogEventSchema, value)).toEqual(issuesOf(reference, value));
    }
  });

  it('reports deviations at their paths', () => {
    const paths = issuesOf(LogEventSchema, deviant[0]).map((i) => i[1]);
    expect(paths).toEqual(expect.arrayContaining(['actor.id', 'actor', 'target.0', 'target.1']));
  });
});
