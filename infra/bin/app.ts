#!/usr/bin/env node
/**
 * CDK app entry: `npm run synth` (writes cdk.out/ offline) or, from infra/,
 * `npx aws-cdk@2 deploy` via infra/cdk.json.
 */
import { buildApp } from '../lib/app.js';
import { MissingBundleError } from '../lib/bundle.js';
import { RelayConfigurationError } from '../lib/ingest-window.js';

try {
  const { app } = buildApp();
  const assembly = app.synth();
  if (process.env.CDK_OUTDIR === undefined) {
    console.log(`synthesised ${assembly.stacks.map((s) => s.stackName).join(', ')} into ${assembly.directory}`);
  }
} catch (error) {
  // Say what is wrong, without a stack trace, for the mistakes a user can fix.
  if (error instanceof MissingBundleError || error instanceof RelayConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
