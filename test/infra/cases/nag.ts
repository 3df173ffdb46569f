import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../../infra/lib/app.js';
import { relay, type SynthesisedRelay } from '../synth.js';

let s: SynthesisedRelay;
beforeAll(() => {
  s = relay();
});

/** Every acknowledgement in the construct tree: rule id → reason, with where it was made. */
function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  const found: Array<{ path: string; id: string; reason: string }> = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: c.node.path, id: key.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

const findings = (root: IConstruct) =>
  new AwsSolutionsChecks()
    .validateScope(root)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));

/** The findings the stack has on purpose; anything else must be fixed, not acknowledged. */
const EXPECTED_ACKNOWLEDGEMENTS = [
  'OktaOpenObserveRelay/Relay/Backup/Bucket AwsSolutions-S1',
  'OktaOpenObserveRelay/Relay/Delivery/Policy AwsSolutions-IAM5[Resource::<RelayBackupBucketCEFDC99C.Arn>/*]',
  'OktaOpenObserveRelay/Relay/Okta/DeadLetterQueue AwsSolutions-SQS3',
  'OktaOpenObserveRelay/Relay/Transform/Function AwsSolutions-L1',
];

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no unacknowledged finding, error or warning', () => {
    expect(findings(s.app)).toEqual([]);
  });

  it('acknowledge only the expected findings, each with a concrete reason in the code', () => {
    const acks = acknowledgements(s.app);
    expect(acks.map((a) => `${a.path} ${a.id}`).sort()).toEqual(EXPECTED_ACKNOWLEDGEMENTS);
    for (const a of acks) expect(a.reason.length, `${a.id}: "${a.reason}"`).toBeGreaterThan(80);
  });

  it('acknowledge nothing that is not actually a finding', () => {
    // Rebuild with acknowledgements switched off: every acknowledged rule must then be reported.
    const proto = Object.getPrototypeOf(Validations.of(s.app)) as { acknowledge: (...rules: unknown[]) => void };
    const spy = vi.spyOn(proto, 'acknowledge').mockImplementation(() => undefined);
    try {
      const { app } = buildApp({ outdir: join(s.outdir, 'unacknowledged') });
      const unacknowledged = findings(app).map((f) => f.replace(/^\w+ /, ''));
      for (const expected of EXPECTED_ACKNOWLEDGEMENTS) {
        const [path, id] = expected.split(' ') as [string, string];
        expect(unacknowledged.some((f) => f.startsWith(`${id} at ${path}`)), expected).toBe(true);
      }
    } finally {
      spy.mockRestore();
    }
  });
});

describe('IAM', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const allowStatements = (): Array<{ where: string; statement: Statement }> => {
    const resources = s.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const out: Array<{ where: string; statement: Statement }> = [];
    for (const [id, r] of Object.entries(resources)) {
      const docs =
        r.Type === 'AWS::IAM::Role'
          ? ((r.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).map((p) => p.PolicyDocument)
          : r.Type === 'AWS::IAM::Policy'
            ? [r.Properties.PolicyDocument as { Statement: Statement[] }]
            : [];
      for (const doc of docs) for (const st of doc.Statement) if (st.Effect === 'Allow') out.push({ where: id, statement: st });
    }
    return out;
  };

  it('attaches no managed policy to any role', () => {
    const roles = Object.entries(s.template.findResources('AWS::IAM::Role'));
    expect(roles.length).toBeGreaterThanOrEqual(3);
    expect(roles.filter(([, r]) => r.Properties.ManagedPolicyArns !== undefined).map(([id]) => id)).toEqual([]);
  });

  it('allows no wildcard action and no Resource "*"', () => {
    const statements = allowStatements();
    expect(statements.length).toBeGreaterThan(0);
    const wild = statements.filter(({ statement }) => {
      const actions = ([] as string[]).concat(statement.Action);
      const resources = ([] as unknown[]).concat(statement.Resource);
      return actions.some((a) => a.includes('*')) || resources.some((r) => r === '*');
    });
    expect(wild).toEqual([]);
  });
});

describe('CDK synthesis validation', () => {
  it('reports no CloudFormation validation warning either (e.g. no secret-looking parameter without NoEcho)', () => {
    const report = join(s.outdir, 'validation-report.json');
    const reports = existsSync(report)
      ? (JSON.parse(readFileSync(report, 'utf8')) as { pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string }> }> }).pluginReports
      : [];
    expect(reports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`))).toEqual([]);
  });
});
