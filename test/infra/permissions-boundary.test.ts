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
 * and a generated bucket or role name as CloudFormation makes them (stack name, logical id, suffix).
 */
function arnsOf(template: CfnTemplate, stage = 'dev'): Record<string, string> {
  const name = (id: string, property: string) =>
    String(
      evaluate(template, template.Resources[id]?.Properties?.[property], {
        Stage: stage,
        'AWS::Region': REGION,
      }),
    );
  const arns: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Logs::LogGroup')
      arns[id] = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name(id, 'LogGroupName')}:*`;
    if (resource.Type === 'AWS::DynamoDB::Table') {
      arns[id] = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name(id, 'TableName')}`;
      arns[`${id}.StreamArn`] = `${arns[id]}/stream/2026-12-07T03:15:00.187`;
    }
    if (resource.Type === 'AWS::S3::Bucket')
      arns[id] = `arn:aws:s3:::swiftyplanner-${stage}-${id.toLowerCase()}-1a2b3c4d5e6f`;
    if (resource.Type === 'AWS::SQS::Queue')
      arns[id] = `arn:aws:sqs:${REGION}:${ACCOUNT}:${name(id, 'QueueName')}`;
    // A pool's id is generated (<region>_<suffix>): no name of the stage is in its ARN.
    if (resource.Type === 'AWS::Cognito::UserPool')
      arns[id] = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Ab12Cd34E`;
    if (resource.Type === 'AWS::IAM::Role')
      arns[id] = resource.Properties?.RoleName
        ? `arn:aws:iam::${ACCOUNT}:role/${name(id, 'RoleName')}`
        : `arn:aws:iam::${ACCOUNT}:role/swiftyplanner-${stage}-${id}-1A2B3C4D`;
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

/** The tags a deployed `stage` gives each resource's ARN (a user pool's UserPoolTags). */
function tagsOf(template: CfnTemplate, stage: string): Record<string, Record<string, string>> {
  const arns = arnsOf(template, stage);
  const tags: Record<string, Record<string, string>> = {};
  for (const [id, resource] of Object.entries(template.Resources))
    if (resource.Type === 'AWS::Cognito::UserPool' && arns[id])
      tags[arns[id]] = evaluate(template, resource.Properties?.UserPoolTags ?? {}, {
        Stage: stage,
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

/** Whether the boundary allows `action` on `resource`, which carries `tags`. */
const allows = (
  policy: { Statement: Statement[] },
  action: string,
  resource: string,
  tags: Record<string, string> = {},
) =>
  policy.Statement.some(
    (b) =>
      list(b.Action).includes(action) &&
      list(b.Resource as string | string[]).some((p) => iamPatternMatches(p, resource)) &&
      conditionHolds(b.Condition, tags),
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
  const tags = tagsOf(template, stage);
  const outside: string[] = [];
  for (const { path, statement, trust } of policyStatementsOf(template)) {
    const type = template.Resources[path.split('/')[1] ?? '']?.Type ?? '';
    if (trust || statement.Effect !== 'Allow' || !ROLE_POLICY_TYPES.has(type)) continue;
    for (const action of list(statement.Action as string | string[]))
      for (const resource of list(statement.Resource).map((r) => deployedResource(r, arns)))
        if (!allows(policy, action, resource, tags[resource])) outside.push(`${action} on ${resource}`);
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

  it("would be caught letting the users function delete users of a pool the boundary does not cover (no stage's tag)", () => {
    const untagged = templateWith((t) => {
      delete props(t, 'UserPool').UserPoolTags;
    });
    expect(grantsOutsideTheBoundary(untagged)).toEqual([
      `cognito-idp:AdminDeleteUser on arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Ab12Cd34E`,
    ]);
  });

  it("lets AdminDeleteUser reach only a pool tagged with its own stage: dev's boundary refuses prod's pool", () => {
    const pool = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Ab12Cd34E`;
    const reaches = (stage: string) =>
      allows(boundary, 'cognito-idp:AdminDeleteUser', pool, { 'swiftyplanner:stage': stage });
    expect(['dev', 'prod', 'dev-2', 'de*'].map(reaches)).toEqual([true, false, false, false]);
    expect(grantsOutsideTheBoundary(loadTemplate(), boundary, 'prod')).toContain(
      `cognito-idp:AdminDeleteUser on ${pool}`,
    );
  });

  it("grants nothing that could create, change or pass a role, or reach beyond the stage's resources", () => {
    for (const statement of boundary.Statement) {
      expect(statement.Sid).toBeDefined();
      for (const action of list(statement.Action))
        expect(action).toMatch(/^((logs|dynamodb|s3|sqs|cognito-idp):[A-Za-z]+|sts:AssumeRole)$/);
      // A user pool's ARN ends in its generated id, never a name: the boundary allows deleting a
      // user of the account's pools whose stage tag is this stage, and the users role narrows that
      // to the stack's own pool.
      if (statement.Sid === 'SignInIdentities') {
        expect(statement.Action).toBe('cognito-idp:AdminDeleteUser');
        expect(statement.Resource).toBe('arn:aws:cognito-idp:*:*:userpool/*');
        expect(statement.Condition).toEqual({
          StringEquals: { 'aws:ResourceTag/swiftyplanner:stage': 'dev' },
        });
        continue;
      }
      for (const resource of list(statement.Resource as string | string[]))
        expect(resource).toMatch(
          /^arn:aws:(logs|dynamodb|s3|sqs|iam):[^:]*:[^:]*:(log-group:\/aws\/lambda\/|table\/|role\/)?swiftyplanner-dev([-/:]|$)/,
        );
    }
  });

  it("lets a role assume only its stage's signer role of the attachment URLs, in any region", () => {
    const assuming = boundary.Statement.filter((s) => list(s.Action).includes('sts:AssumeRole'));
    expect(assuming.map((s) => s.Resource)).toEqual(['arn:aws:iam::*:role/swiftyplanner-dev-UrlSigner-*']);
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
