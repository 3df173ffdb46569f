/**
 * Synthesises the relay stack once per test file, into a temporary cloud
 * assembly (the repository's cdk.out/ is left alone), with cdk-nag attached
 * exactly as in infra/bin/app.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/lib/app.js';
import type { OktaRelayStack } from '../../infra/lib/okta-relay-stack.js';

export interface SynthesisedRelay {
  readonly app: App;
  readonly stack: OktaRelayStack;
  readonly assembly: CloudAssembly;
  /** The temporary cloud assembly directory. */
  readonly outdir: string;
  readonly template: Template;
  /** Removes the temporary cloud assembly. */
  dispose(): void;
}

export function synthRelay(): SynthesisedRelay {
  const outdir = mkdtempSync(join(tmpdir(), 'okta-relay-cdk-'));
  const { app, stack } = buildApp({ outdir });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  return { app, stack, assembly, outdir, template, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** Resources of one type, keyed by logical ID. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, unknown>; [k: string]: unknown }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string): { id: string; Properties: Record<string, unknown>; [k: string]: unknown } {
  const found = Object.entries(resourcesOf(template, type));
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [id, resource] = found[0]!;
  return { id, ...resource };
}

/** Paths (keys and string values) in the template whose text matches `pattern`, e.g. `Resources.X.Properties.Y`. */
export function templatePathsMatching(template: Template, pattern: RegExp): string[] {
  const hits: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (pattern.test(value)) hits.push(`${path} = ${value}`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (pattern.test(k)) hits.push(`${path}.${k}`);
        walk(v, path === '' ? k : `${path}.${k}`);
      }
    }
  };
  walk(template.toJSON(), '');
  return hits;
}

/** `{ Ref: id }`, as the template writes a reference. */
export const ref = (logicalId: string) => ({ Ref: logicalId });
/** `{ 'Fn::GetAtt': [id, 'Arn'] }`, as the template writes an ARN. */
export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
