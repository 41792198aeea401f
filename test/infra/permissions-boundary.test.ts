// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BOUNDARY_POLICY_FILE,
  boundaryPolicyDocument,
  boundaryPolicyName,
} from '../../infra/deploy/permissions-boundary';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { policyStatementsOf } from '../../infra/validate/iam-policies';
import { deployerStatements } from './support/deployer-policies';
import { evaluate } from './support/evaluate-template';
import { iamPatternMatches } from './support/iam-patterns';
import { props, templateWith } from './support/template-edits';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}
const readPolicy = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as { Statement: Statement[] };
/** The boundary a deployed stage `dev` carries. */
const boundary = boundaryPolicyDocument('dev') as unknown as { Statement: Statement[] };
/** Both deployer policies: an IAM action added to either one is checked here. */
const deployer = { Statement: deployerStatements() as Statement[] };
const list = <T>(value: T | T[]): T[] => ([] as T[]).concat(value);

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/**
 * The ARNs a deployed stage `dev` would give the template's resources: names from the template,
 * and a generated bucket name as CloudFormation makes them (stack name, logical id, suffix).
 */
function arnsOf(template: CfnTemplate, stage = 'dev'): Record<string, string> {
  const name = (id: string, property: string) =>
    String(evaluate(template, template.Resources[id]?.Properties?.[property], { Stage: stage }));
  const arns: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Logs::LogGroup')
      arns[id] = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name(id, 'LogGroupName')}:*`;
    if (resource.Type === 'AWS::DynamoDB::Table')
      arns[id] = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name(id, 'TableName')}`;
    if (resource.Type === 'AWS::S3::Bucket')
      arns[id] = `arn:aws:s3:::swiftyplanner-${stage}-${id.toLowerCase()}-1a2b3c4d5e6f`;
    if (resource.Type === 'AWS::IAM::Role')
      arns[id] = `arn:aws:iam::${ACCOUNT}:role/swiftyplanner-${stage}-${id}-1A2B3C4D`;
  }
  return arns;
}

/** A policy Resource as deployed: `Fn::GetAtt [X, Arn]` and `${X.Arn}` replaced by X's ARN. */
function deployedResource(value: unknown, arns: Record<string, string>): string {
  const intrinsic = value as { 'Fn::GetAtt'?: [string, string]; 'Fn::Sub'?: string };
  if (intrinsic['Fn::GetAtt']) return arns[intrinsic['Fn::GetAtt'][0]] ?? '?';
  if (typeof intrinsic['Fn::Sub'] === 'string')
    return intrinsic['Fn::Sub'].replace(/\$\{(\w+)\.Arn\}/g, (_, id: string) => arns[id] ?? '?');
  return String(value);
}

/** Whether the boundary allows `action` on `resource`. */
const allows = (policy: { Statement: Statement[] }, action: string, resource: string) =>
  policy.Statement.some(
    (b) =>
      list(b.Action).includes(action) &&
      list(b.Resource as string | string[]).some((p) => iamPatternMatches(p, resource)),
  );

/** The roles' own policies and the policies given to them (AWS::IAM::RolePolicy): what the boundary caps. */
const ROLE_POLICY_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::RolePolicy']);

/** Each action a role of the stack allows, on each deployed ARN of `stage`, that `policy` does not allow. */
function grantsOutsideTheBoundary(
  template: CfnTemplate,
  policy: { Statement: Statement[] } = boundary,
  stage = 'dev',
): string[] {
  const arns = arnsOf(template, stage);
  const outside: string[] = [];
  for (const { path, statement, trust } of policyStatementsOf(template)) {
    const type = template.Resources[path.split('/')[1] ?? '']?.Type ?? '';
    if (trust || statement.Effect !== 'Allow' || !ROLE_POLICY_TYPES.has(type)) continue;
    for (const action of list(statement.Action as string | string[]))
      for (const resource of list(statement.Resource).map((r) => deployedResource(r, arns)))
        if (!allows(policy, action, resource)) outside.push(`${action} on ${resource}`);
  }
  return outside;
}

describe("the functions' permissions boundary", () => {
  it("is carried by every role the template creates: its own stage's", () => {
    const roles = Object.entries(loadTemplate().Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles)
      expect(role.Properties?.PermissionsBoundary, id).toEqual({
        'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${boundaryPolicyName('${Stage}')}`,
      });
  });

  it('allows everything the roles grant (the signer role and its AssumeRole too), on the ARNs a deployed stage has', () => {
    expect(grantsOutsideTheBoundary(loadTemplate())).toEqual([]);
  });

  it("allows nothing of another stage: dev's boundary refuses every grant on prod's table, bucket and logs", () => {
    // Every grant of the roles, on the ARNs of a stage `prod`, checked against the boundary of `dev`.
    const outside = grantsOutsideTheBoundary(loadTemplate(), boundary, 'prod');
    const granted = grantsOutsideTheBoundary(loadTemplate(), { Statement: [] }, 'prod');
    expect(granted.length).toBeGreaterThan(10);
    expect(outside).toEqual(granted);
    // Nor a stage whose name starts with this one's: dev-2 is not dev.
    expect(grantsOutsideTheBoundary(loadTemplate(), boundary, 'dev-2')).toEqual(
      grantsOutsideTheBoundary(loadTemplate(), { Statement: [] }, 'dev-2'),
    );
  });

  it('is the file with the stage filled in, in the partition asked for', () => {
    const file = readPolicy(BOUNDARY_POLICY_FILE);
    expect(JSON.stringify(file)).toContain('swiftyplanner-<stage>');
    expect(JSON.stringify(boundaryPolicyDocument('prod'))).not.toContain('<stage>');
    expect(JSON.stringify(boundaryPolicyDocument('dev', 'aws-cn'))).not.toMatch(/"arn:aws:/);
  });

  it('would be caught missing an action a function role is given', () => {
    const widened = templateWith((t) => {
      const statement = props(t, 'TodosFunctionRole', 'Policies', 0, 'PolicyDocument', 'Statement', 1);
      statement.Action = [...list(statement.Action as string[]), 'dynamodb:Scan'];
    });
    expect(grantsOutsideTheBoundary(widened)).toEqual([
      `dynamodb:Scan on arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/swiftyplanner-dev`,
    ]);
  });

  it("grants nothing that could create, change or pass a role, or reach beyond the stage's resources", () => {
    for (const statement of boundary.Statement) {
      expect(statement.Sid).toBeDefined();
      for (const action of list(statement.Action))
        expect(action).toMatch(/^((logs|dynamodb|s3):[A-Za-z]+|sts:AssumeRole)$/);
      for (const resource of list(statement.Resource as string | string[]))
        expect(resource).toMatch(
          /^arn:aws:(logs|dynamodb|s3|iam):[^:]*:[^:]*:(log-group:\/aws\/lambda\/|table\/|role\/)?swiftyplanner-dev([-/:]|$)/,
        );
    }
  });

  it("lets a role assume only its stage's signer role of the attachment URLs", () => {
    const assuming = boundary.Statement.filter((s) => list(s.Action).includes('sts:AssumeRole'));
    expect(assuming.map((s) => s.Resource)).toEqual([
      'arn:aws:iam::*:role/swiftyplanner-dev-AttachmentSignerRole-*',
    ]);
  });
});

describe('the deployer policy and the boundary', () => {
  const statementsWith = (action: string) =>
    deployer.Statement.filter((s) => list(s.Action).includes(action));
  const boundaryArnPattern = `arn:aws:iam::*:policy/${boundaryPolicyName('*')}`;

  it.each(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary'])(
    'allows %s only on roles that carry the boundary',
    (action) => {
      const statements = statementsWith(action);
      expect(statements).toHaveLength(1);
      expect(statements[0]?.Condition).toEqual({
        StringLike: { 'iam:PermissionsBoundary': boundaryArnPattern },
      });
    },
  );

  it('never allows taking the boundary off a role, or changing the boundary policy', () => {
    for (const action of [
      'iam:DeleteRolePermissionsBoundary',
      'iam:AttachRolePolicy',
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicy',
    ])
      expect(statementsWith(action), action).toEqual([]);
  });

  it('passes roles to Lambda only', () => {
    const statements = statementsWith('iam:PassRole');
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
  });

  it('may read the boundary, so npm run deploy can check it exists first and is current', () => {
    expect(statementsWith('iam:GetPolicy').map((s) => s.Resource)).toEqual([boundaryArnPattern]);
    expect(statementsWith('iam:GetPolicyVersion').map((s) => s.Resource)).toEqual([boundaryArnPattern]);
  });
});
