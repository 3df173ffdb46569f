import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssetStaging } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/lib/app.js';
import { assertBundleBuilt, BUNDLE_DIR, MissingBundleError, REPO_ROOT } from '../../../infra/lib/bundle.js';
import { onlyResource, relay, type SynthesisedRelay } from '../synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});

/** Lambda's Node.js runtime resolves `<module>.<export>` to one of these files. */
const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs'];

const lambdaProps = () => onlyResource(s.template, 'AWS::Lambda::Function').Properties;

/** Directory of the function's code in the cloud assembly, the exact content CDK zips and uploads. */
function stagedCodeDir(): string {
  const key = (lambdaProps().Code as { S3Key: string }).S3Key;
  const hash = key.replace(/\.zip$/, '');
  const manifest = JSON.parse(readFileSync(join(s.outdir, `${s.stack.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging: string } }>;
  };
  const asset = manifest.files[hash];
  expect(asset, `asset ${hash} in the asset manifest`).toBeDefined();
  expect(asset!.source.packaging).toBe('zip');
  return join(s.outdir, asset!.source.path);
}

describe('the Lambda code asset', () => {
  it('is staged from the build output dist/okta-transform', () => {
    const staging = s.stack.relay.function.node.findAll().filter((c): c is AssetStaging => c instanceof AssetStaging);
    expect(staging.map((st) => st.sourcePath)).toEqual([BUNDLE_DIR]);
    expect(BUNDLE_DIR).toBe(join(REPO_ROOT, 'dist', 'okta-transform'));
  });

  it('uploads exactly the files of the bundle, byte for byte', () => {
    const staged = stagedCodeDir();
    const files = readdirSync(BUNDLE_DIR).sort();
    expect(readdirSync(staged).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(staged, f)).equals(readFileSync(join(BUNDLE_DIR, f))), f).toBe(true);
  });

  it('has a handler string that resolves to exactly one ES module file of the bundle', () => {
    const [moduleName] = (lambdaProps().Handler as string).split('.');
    const candidates = HANDLER_EXTENSIONS.map((ext) => `${moduleName}${ext}`).filter((f) => existsSync(join(stagedCodeDir(), f)));
    expect(candidates).toEqual(['index.mjs']);
  });

  it('has a handler string naming a function the bundle exports', async () => {
    const [moduleName, exportName] = (lambdaProps().Handler as string).split('.') as [string, string];
    // Same bytes as the staged copy (previous test); imported from dist/ so that the
    // runtime-provided @aws-sdk/* packages resolve from the repository's node_modules.
    const mod = (await import(pathToFileURL(join(BUNDLE_DIR, `${moduleName}.mjs`)).href)) as Record<string, unknown>;
    expect(typeof mod[exportName]).toBe('function');
  });

  it('imports nothing at run time that the nodejs22.x runtime does not provide (node: built-ins, @aws-sdk/*)', () => {
    const meta = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'okta-transform.meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
    };
    const externals = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(externals.filter((p) => !p.startsWith('node:') && !p.startsWith('@aws-sdk/'))).toEqual([]);
  });
});

describe('the CDK app', () => {
  it('refuses to synthesise without the bundle, saying to run npm run build first', () => {
    const empty = mkdtempSync(join(tmpdir(), 'okta-relay-nobundle-'));
    try {
      expect(() => assertBundleBuilt(empty)).toThrow(MissingBundleError);
      expect(() => buildApp({ bundleDir: empty, outdir: join(empty, 'out') })).toThrow(/run npm run build first/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('writes its cloud assembly to cdk.out by default', () => {
    const saved = process.env.CDK_OUTDIR;
    delete process.env.CDK_OUTDIR;
    try {
      expect(buildApp().app.outdir).toMatch(/(^|[\\/])cdk\.out$/);
    } finally {
      if (saved !== undefined) process.env.CDK_OUTDIR = saved;
    }
  });
});
