/**
 * Builds the CDK app: the relay stack, checked by the cdk-nag AwsSolutions
 * pack at synthesis (an unacknowledged finding fails `synth`).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assertBundleBuilt, BUNDLE_DIR } from './bundle.js';
import { OktaRelayStack } from './okta-relay-stack.js';

export const STACK_NAME = 'OktaOpenObserveRelay';

export interface BuildAppOptions {
  /** Cloud assembly directory; the CDK CLI passes CDK_OUTDIR, otherwise cdk.out. */
  readonly outdir?: string;
  readonly bundleDir?: string;
}

export function buildApp(options: BuildAppOptions = {}): { app: App; stack: OktaRelayStack } {
  const bundleDir = assertBundleBuilt(options.bundleDir ?? BUNDLE_DIR);
  const app = new App({ outdir: options.outdir ?? process.env.CDK_OUTDIR ?? 'cdk.out' });
  // Environment-agnostic: no account/region lookups, so synthesis needs no credentials.
  const stack = new OktaRelayStack(app, STACK_NAME, { bundleDir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
