// Bundles the Lambda handler into one ESM file for the nodejs22.x runtime, and
// zips it for upload. `--if-stale` skips the build when the bundle is newer than
// every source file (used by `npm start`); NO_MINIFY=1 keeps the code readable
// for CPU profiles.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { stripCatalogueText } from './scripts/esbuild-strip-catalogue-text.mjs';
import { compactEventTypes } from './scripts/esbuild-compact-event-types.mjs';

const OUT_DIR = 'dist/okta-transform';
const OUT_FILE = `${OUT_DIR}/index.mjs`;
const ZIP = 'dist/okta-transform.zip';

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function bundle() {
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    entryPoints: { index: 'functions/okta-transform/handler.ts' },
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: !process.env.NO_MINIFY,
    // Error classes set their own `name`, so esbuild's keepNames wrappers are not needed.
    keepNames: false,
    sourcemap: false,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'warning',
    plugins: [stripCatalogueText, compactEventTypes],
  });
  writeFileSync('dist/okta-transform.meta.json', JSON.stringify(result.metafile));
  writeFileSync(ZIP, zipSync({ 'index.mjs': [readFileSync(OUT_FILE), { mtime: new Date('2024-01-01T00:00:00Z') }] }, { level: 9 }));
  return { file: OUT_FILE, bytes: statSync(OUT_FILE).size, zip: ZIP };
}

/** Files besides the sources that shape the bundle: this config and its plugins. */
const BUILD_INPUTS = ['esbuild.config.mjs', ...readdirSync('scripts').filter((f) => f.startsWith('esbuild-')).map((f) => join('scripts', f))];
const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(OUT_FILE) && statSync(OUT_FILE).mtimeMs >= Math.max(newest('functions'), newest('shared'), ...BUILD_INPUTS.map((f) => statSync(f).mtimeMs))) {
  process.exit(0);
}
const { file, bytes } = await bundle();
if (!process.argv.includes('--quiet')) console.log(`built ${file} (${(bytes / 1024).toFixed(1)} KiB) and ${ZIP}`);
