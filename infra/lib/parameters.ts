/**
 * The deployment's site values as CloudFormation parameters (strings only), so
 * the template synthesises offline with no AWS credentials and serves every
 * account. Everything numeric is typed settings (settings.ts), checked at synthesis.
 */
import { CfnParameter, type Stack } from 'aws-cdk-lib';
import { OPENOBSERVE_URL_PATTERN, SECRET_COMPLETE_ARN_PATTERN } from './site-values.js';

export interface SiteParameters {
  readonly openObserveUrl: string;
  readonly openObserveOrganization: string;
  readonly openObserveStream: string;
  readonly openObserveCredentialArn: string;
  readonly oktaEventBusName: string;
}

const GROUPS: ReadonlyArray<{ label: string; names: readonly string[] }> = [
  { label: 'OpenObserve destination', names: ['OpenObserveUrl', 'OpenObserveOrganization', 'OpenObserveStream', 'OpenObserveCredentialArn'] },
  { label: 'Okta source', names: ['OktaEventBusName'] },
];

/** Declare the parameters on the stack and group them for the CloudFormation console. */
export function declareParameters(stack: Stack): SiteParameters {
  const p = (id: string, props: ConstructorParameters<typeof CfnParameter>[2]) => new CfnParameter(stack, id, props);

  const url = p('OpenObserveUrl', {
    type: 'String',
    description: 'Base URL of OpenObserve, https on port 443 only, no trailing slash (e.g. https://api.openobserve.ai). The stack appends /aws/{org}/{stream}/_kinesis_firehose.',
    allowedPattern: OPENOBSERVE_URL_PATTERN,
    constraintDescription: 'must be https://<host>[/<path>]: port 443 only, no credentials, query or trailing slash',
  });
  const org = p('OpenObserveOrganization', {
    type: 'String',
    default: 'default',
    description: 'OpenObserve organization identifier (as in the URL of the OpenObserve UI).',
    allowedPattern: '^[A-Za-z0-9_-]+$',
  });
  const stream = p('OpenObserveStream', {
    type: 'String',
    default: 'okta_system_log',
    description: 'OpenObserve log stream; lowercase letters, digits and _ (OpenObserve rewrites anything else).',
    allowedPattern: '^[a-z0-9_]+$',
  });
  const secret = p('OpenObserveCredentialArn', {
    type: 'String',
    description: 'Complete ARN of the Secrets Manager secret that holds the OpenObserve Firehose access key (see README, Deployment).',
    allowedPattern: SECRET_COMPLETE_ARN_PATTERN,
    constraintDescription: 'must be the complete ARN of a Secrets Manager secret, ending in the six-character suffix (…:secret:<name>-AbCdEf)',
  });
  const bus = p('OktaEventBusName', {
    type: 'String',
    description: 'Name of the Okta partner event bus, aws.partner/okta.com/<okta-org>/<event source name>.',
    allowedPattern: '^aws\\.partner/okta\\.com/[^/\\s]+/[^/\\s]+$',
    constraintDescription: 'must look like aws.partner/okta.com/<okta-org>/<event source name>',
  });

  stack.templateOptions.metadata = {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: GROUPS.map((g) => ({ Label: { default: g.label }, Parameters: [...g.names] })),
    },
  };

  return {
    openObserveUrl: url.valueAsString,
    openObserveOrganization: org.valueAsString,
    openObserveStream: stream.valueAsString,
    openObserveCredentialArn: secret.valueAsString,
    oktaEventBusName: bus.valueAsString,
  };
}
