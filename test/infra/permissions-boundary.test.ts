// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_POLICY_FILE, BOUNDARY_POLICY_NAME } from '../../infra/deploy/permissions-boundary';
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
const boundary = readPolicy(BOUNDARY_POLICY_FILE);
/** Both deployer policies: an IAM action added to either one is checked here. */
const deployer = { Statement: deployerStatements() as Statement[] };
const list = <T>(value: T | T[]): T[] => ([] as T[]).concat(value);

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/**
 * The ARNs a deployed stage `dev` would give the template's resources: names from the template,
 * and a generated bucket name as CloudFormation makes them (stack name, logical id, suffix).
 */
function arnsOf(template: CfnTemplate): Record<string, string> {
  const name = (id: string, property: string) =>
    String(evaluate(template, template.Resources[id]?.Properties?.[property], { Stage: 'dev' }));
  const arns: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Logs::LogGroup')
      arns[id] = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name(id, 'LogGroupName')}:*`;
    if (resource.Type === 'AWS::DynamoDB::Table') {
      arns[id] = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name(id, 'TableName')}`;
      arns[`${id}.StreamArn`] = `${arns[id]}/stream/2026-12-07T03:15:00.187`;
    }
    if (resource.Type === 'AWS::S3::Bucket')
      arns[id] = `arn:aws:s3:::swiftyplanner-dev-${id.toLowerCase()}-1a2b3c4d`;
    if (resource.Type === 'AWS::SQS::Queue')
      arns[id] = `arn:aws:sqs:${REGION}:${ACCOUNT}:${name(id, 'QueueName')}`;
    // A pool's id is generated (<region>_<suffix>): no name of the stage is in its ARN.
    if (resource.Type === 'AWS::Cognito::UserPool')
      arns[id] = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Ab12Cd34E`;
    if (resource.Type === 'AWS::IAM::Role')
      arns[id] = `arn:aws:iam::${ACCOUNT}:role/swiftyplanner-dev-${id}-1A2B3C4D`;
  }
  return arns;
}

/** A policy Resource as deployed: `Fn::GetAtt [X, Arn]` (or another ARN attribute) and `${X.Arn}` replaced by the ARN. */
function deployedResource(value: unknown, arns: Record<string, string>): string {
  const intrinsic = value as { 'Fn::GetAtt'?: [string, string]; 'Fn::Sub'?: string };
  if (intrinsic['Fn::GetAtt']) {
    const [id, attribute] = intrinsic['Fn::GetAtt'];
    return (attribute === 'Arn' ? arns[id] : arns[`${id}.${attribute}`]) ?? '?';
  }
  if (typeof intrinsic['Fn::Sub'] === 'string')
    return intrinsic['Fn::Sub'].replace(/\$\{(\w+)\.Arn\}/g, (_, id: string) => arns[id] ?? '?');
  return String(value);
}

/** The tags a deployed stage `dev` gives each resource's ARN (a user pool's UserPoolTags). */
function tagsOf(template: CfnTemplate): Record<string, Record<string, string>> {
  const arns = arnsOf(template);
  const tags: Record<string, Record<string, string>> = {};
  for (const [id, resource] of Object.entries(template.Resources))
    if (resource.Type === 'AWS::Cognito::UserPool' && arns[id])
      tags[arns[id]] = evaluate(template, resource.Properties?.UserPoolTags ?? {}, {
        Stage: 'dev',
      }) as Record<string, string>;
  return tags;
}

/**
 * Whether a boundary statement's Condition holds for a resource: the `aws:ResourceTag/<key>`
 * conditions (StringEquals, StringLike) against the resource's tags; any other condition does not.
 */
function conditionHolds(condition: Statement['Condition'], tags: Record<string, string>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, pattern]) => {
      const tag = /^aws:ResourceTag\/(.+)$/.exec(key)?.[1];
      const value = tag === undefined ? undefined : tags[tag];
      if (value === undefined) return false;
      if (operator === 'StringEquals') return value === pattern;
      return operator === 'StringLike' && iamPatternMatches(pattern, value);
    }),
  );
}

/** The roles' own policies and the policies given to them (AWS::IAM::RolePolicy): what the boundary caps. */
const ROLE_POLICY_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::RolePolicy']);

/** Each action a role of the stack allows, on each deployed ARN, that the boundary does not allow. */
function grantsOutsideTheBoundary(template: CfnTemplate): string[] {
  const arns = arnsOf(template);
  const tags = tagsOf(template);
  const outside: string[] = [];
  for (const { path, statement, trust } of policyStatementsOf(template)) {
    const type = template.Resources[path.split('/')[1] ?? '']?.Type ?? '';
    if (trust || statement.Effect !== 'Allow' || !ROLE_POLICY_TYPES.has(type)) continue;
    for (const action of list(statement.Action as string | string[]))
      for (const resource of list(statement.Resource).map((r) => deployedResource(r, arns))) {
        const allowed = boundary.Statement.some(
          (b) =>
            list(b.Action).includes(action) &&
            list(b.Resource as string | string[]).some((p) => iamPatternMatches(p, resource)) &&
            conditionHolds(b.Condition, tags[resource] ?? {}),
        );
        if (!allowed) outside.push(`${action} on ${resource}`);
      }
  }
  return outside;
}

describe("the functions' permissions boundary", () => {
  it('is carried by every role the template creates', () => {
    const roles = Object.entries(loadTemplate().Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles)
      expect(role.Properties?.PermissionsBoundary, id).toEqual({
        'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${BOUNDARY_POLICY_NAME}`,
      });
  });

  it('allows everything the roles grant (the signer role and its AssumeRole too), on the ARNs a deployed stage has', () => {
    expect(grantsOutsideTheBoundary(loadTemplate())).toEqual([]);
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

  it("would be caught letting the users function delete users of a pool the boundary does not cover (no stage's tag)", () => {
    const untagged = templateWith((t) => {
      delete props(t, 'UserPool').UserPoolTags;
    });
    expect(grantsOutsideTheBoundary(untagged)).toEqual([
      `cognito-idp:AdminDeleteUser on arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Ab12Cd34E`,
    ]);
  });

  it('grants nothing that could create, change or pass a role, or reach beyond swiftyplanner-* resources', () => {
    for (const statement of boundary.Statement) {
      expect(statement.Sid).toBeDefined();
      for (const action of list(statement.Action))
        expect(action).toMatch(/^((logs|dynamodb|s3|sqs|cognito-idp):[A-Za-z]+|sts:AssumeRole)$/);
      // A user pool's ARN ends in its generated id, never a name: the boundary allows deleting a
      // user of the account's pools that carry a stage's tag, and the users role narrows that to
      // the stage's own pool.
      if (statement.Sid === 'SignInIdentities') {
        expect(statement.Action).toBe('cognito-idp:AdminDeleteUser');
        expect(statement.Resource).toBe('arn:aws:cognito-idp:*:*:userpool/*');
        expect(statement.Condition).toEqual({ StringLike: { 'aws:ResourceTag/swiftyplanner:stage': '?*' } });
        continue;
      }
      for (const resource of list(statement.Resource as string | string[]))
        expect(resource).toMatch(
          /^arn:aws:(logs|dynamodb|s3|sqs|iam):[^:]*:[^:]*:(log-group:\/aws\/lambda\/|table\/|role\/)?swiftyplanner-/,
        );
    }
  });

  it('lets a role assume only swiftyplanner-* roles (the signer role of the attachment URLs)', () => {
    const assuming = boundary.Statement.filter((s) => list(s.Action).includes('sts:AssumeRole'));
    expect(assuming.map((s) => s.Resource)).toEqual(['arn:aws:iam::*:role/swiftyplanner-*']);
  });
});

describe('the deployer policy and the boundary', () => {
  const statementsWith = (action: string) =>
    deployer.Statement.filter((s) => list(s.Action).includes(action));
  const boundaryArnPattern = `arn:aws:iam::*:policy/${BOUNDARY_POLICY_NAME}`;

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

  it('may read the boundary, so npm run deploy can check it exists first', () => {
    expect(statementsWith('iam:GetPolicy').map((s) => s.Resource)).toEqual([boundaryArnPattern]);
  });
});
