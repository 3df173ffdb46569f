/**
 * The transformation Lambda: the esbuild bundle from dist/okta-transform/,
 * its own log group, and a role that may only write to that log group.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
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

/** Metric namespace the handler's Powertools Metrics publish to. */
export const METRICS_NAMESPACE = 'OktaOpenObserveRelay';

export interface TransformFunctionProps {
  readonly bundleDir: string;
  readonly logRetentionDays: number;
  readonly dropEventTypes: string;
  readonly maxEventAgeSeconds: string;
  readonly logLevel: string;
}

export class TransformFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TransformFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetentionDays as logs.RetentionDays,
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

    this.function = new lambda.Function(this, 'Function', {
      description: 'Transforms Okta System Log events from EventBridge for OpenObserve (Firehose processor)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(props.bundleDir),
      handler: HANDLER,
      memorySize: FUNCTION_MEMORY_MIB,
      timeout: FUNCTION_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        DROP_EVENT_TYPES: props.dropEventTypes,
        MAX_EVENT_AGE_SECONDS: props.maxEventAgeSeconds,
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is deliberate: the bundle is built for target node22 (esbuild.config.mjs) and the project tests on it; ' +
        'moving to nodejs24.x is a separate, tested change, and nodejs22.x is supported until 2027.',
    });
  }
}
