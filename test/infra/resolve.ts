/**
 * What a synthesised template's values resolve to once CloudFormation has
 * deployed it: a small evaluator of the intrinsic functions the templates use,
 * with each resource's Ref and attributes as CloudFormation documents them.
 * The alarm tests compare what a dimension value *resolves to* with the name
 * the service publishes its metric under, so a Ref that returns something else
 * (a rule's Ref on a custom bus is `<bus name>|<rule name>`,
 * aws-cloudformation/cloudformation-coverage-roadmap#1131) cannot pass.
 */
type Json = unknown;
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface DeployedTemplate {
  readonly Resources: Record<string, Resource>;
  readonly Parameters?: Record<string, { Default?: Json }>;
}

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

/** The physical-name property of the resource types the relay names (or lets CloudFormation name). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamName',
  'AWS::Events::Rule': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
};

export class Deployment {
  constructor(
    readonly template: DeployedTemplate,
    readonly stackName: string,
    private readonly parameters: Readonly<Record<string, string>>,
  ) {}

  /** The resource's name: its name property, or the one CloudFormation generates (`<stack>-<logical id>-<suffix>`). */
  physicalName(logicalId: string): string {
    const r = this.resource(logicalId);
    const prop = NAME_PROPERTY[r.Type];
    const given = prop === undefined ? undefined : r.Properties?.[prop];
    return given === undefined ? `${this.stackName}-${logicalId}-GEN0RATED1` : String(this.resolve(given));
  }

  /** The statements of a role's trust policy, resolved. */
  trustStatements<S = unknown>(roleLogicalId: string): S[] {
    return (this.resolve(this.resource(roleLogicalId).Properties!.AssumeRolePolicyDocument) as { Statement: S[] }).Statement;
  }

  resource(logicalId: string): Resource {
    const r = this.template.Resources[logicalId];
    if (r === undefined) throw new Error(`no resource ${logicalId}`);
    return r;
  }

  /** `Ref` as CloudFormation documents it per resource type. */
  ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': this.stackName,
    };
    if (pseudo[logicalId] !== undefined) return pseudo[logicalId];
    if (this.template.Parameters?.[logicalId] !== undefined) {
      const v = this.parameters[logicalId] ?? this.template.Parameters[logicalId]!.Default;
      if (v === undefined) throw new Error(`parameter ${logicalId} has no value`);
      return String(v);
    }
    const r = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (r.Type) {
      case 'AWS::Events::Rule': {
        // A rule on a custom or partner bus: `<bus name>|<rule name>`; on the default bus, the name.
        const bus = r.Properties?.EventBusName === undefined ? 'default' : String(this.resolve(r.Properties.EventBusName));
        return bus === 'default' ? name : `${bus}|${name}`;
      }
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
      default:
        return name;
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const r = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    if (attribute === 'QueueName' && r.Type === 'AWS::SQS::Queue') return name;
    if (attribute === 'Arn') {
      switch (r.Type) {
        // As the services write them: trust conditions on aws:SourceArn are compared with these.
        case 'AWS::KinesisFirehose::DeliveryStream':
          return `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${name}`;
        case 'AWS::Events::Rule': {
          // `rule/<rule>` on the default bus, `rule/<bus>/<rule>` on a custom or partner bus.
          const bus = r.Properties?.EventBusName === undefined ? 'default' : String(this.resolve(r.Properties.EventBusName));
          return `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
        }
      }
      const service = r.Type.split('::')[1]!.toLowerCase();
      return `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
    }
    return `${logicalId}.${attribute}`;
  }

  /** Evaluates Ref, Fn::GetAtt, Fn::Join, Fn::Select and Fn::Split; literals stay as they are. */
  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Fn::GetAtt': {
          const [id, attr] = arg as [string, string];
          return this.getAtt(id, attr);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, Json[]];
          return (this.resolve(parts) as Json[]).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, Json];
          return (this.resolve(list) as Json[])[Number(index)];
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, Json];
          return String(this.resolve(text)).split(sep);
        }
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }
}
