/**
 * One synthesis of the default app (cdk-nag attached exactly as in
 * infra/bin/app.ts), shared by every infra case: the cases are modules
 * imported by the single test file infra.test.ts, and `relay()` synthesises on
 * first use only. The cloud assembly goes to a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/lib/app.js';
import type { OktaRelayStack } from '../../infra/lib/okta-relay-stack.js';
import { Deployment, type DeployedTemplate } from './resolve.js';

export interface SynthesisedRelay {
  readonly app: App;
  readonly stack: OktaRelayStack;
  readonly assembly: CloudAssembly;
  /** The temporary cloud assembly directory. */
  readonly outdir: string;
  readonly template: Template;
  /** The template as deployed with {@link SITE_PARAMETERS}. */
  readonly deployment: Deployment;
}

/** Parameter values of a sample deployment. */
export const SITE_PARAMETERS = {
  OpenObserveUrl: 'https://o2.example.com',
  OpenObserveCredentialArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-openobserve-relay/openobserve-AbCdEf',
  OktaEventBusName: 'aws.partner/okta.com/acme/okta-system-log',
} as const;

const dirs: string[] = [];
/** A fresh temporary directory, removed by {@link disposeAll}. */
export function tempDir(prefix = 'okta-relay-cdk-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function disposeAll(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

let cached: SynthesisedRelay | undefined;
export function relay(): SynthesisedRelay {
  if (cached !== undefined) return cached;
  const outdir = tempDir();
  const { app, stack } = buildApp({ outdir });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const deployment = new Deployment(template.toJSON() as DeployedTemplate, stack.stackName, SITE_PARAMETERS);
  cached = { app, stack, assembly, outdir, template, deployment };
  return cached;
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
