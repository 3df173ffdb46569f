/**
 * Where the transformation Lambda's build output lives, and the guard that it
 * exists before anything is synthesised from it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (infra/lib/ → ../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Directory `node esbuild.config.mjs` writes the Lambda bundle to; it becomes the code asset. */
export const BUNDLE_DIR = join(REPO_ROOT, 'dist', 'okta-transform');

/** The Lambda handler string: file `index.mjs` of the bundle, export `handler`. */
export const HANDLER = 'index.handler';

/** Thrown when the bundle has not been built. */
export class MissingBundleError extends Error {
  constructor(readonly bundleDir: string) {
    super(
      `The Lambda bundle ${join(bundleDir, 'index.mjs')} does not exist: run npm run build first ` +
        '(it writes dist/okta-transform/index.mjs, which the stack deploys as the function code).',
    );
    this.name = 'MissingBundleError';
  }
}

/** Fail early, with a message saying what to run, when the bundle is missing. */
export function assertBundleBuilt(bundleDir: string = BUNDLE_DIR): string {
  if (!existsSync(join(bundleDir, 'index.mjs'))) throw new MissingBundleError(bundleDir);
  return bundleDir;
}
