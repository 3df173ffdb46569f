/**
 * Builds the default CDK app: one relay stack, checked by the cdk-nag
 * AwsSolutions pack at synthesis (an unacknowledged finding fails `synth`).
 * Settings come from the JSON file named by the context key `config`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assertBundleBuilt, BUNDLE_DIR } from './bundle.js';
import { OktaRelayStack } from './okta-relay-stack.js';
import { type RelaySettings, readSettings } from './settings.js';

export const STACK_NAME = 'OktaOpenObserveRelay';

export interface BuildAppOptions {
  /** Cloud assembly directory; the CDK CLI passes CDK_OUTDIR, otherwise cdk.out. */
  readonly outdir?: string;
  readonly bundleDir?: string;
  /** Settings; default: the file named by the context key `config`, if any. */
  readonly settings?: RelaySettings;
}

export function buildApp(options: BuildAppOptions = {}): { app: App; stack: OktaRelayStack } {
  const bundleDir = assertBundleBuilt(options.bundleDir ?? BUNDLE_DIR);
  const app = new App({ outdir: options.outdir ?? process.env.CDK_OUTDIR ?? 'cdk.out' });
  const configFile = app.node.tryGetContext('config') as string | undefined;
  const settings = options.settings ?? (configFile === undefined ? {} : readSettings(configFile));
  // Environment-agnostic: no account/region lookups, so synthesis needs no credentials.
  const stack = new OktaRelayStack(app, settings.stackName ?? STACK_NAME, { bundleDir, settings });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
