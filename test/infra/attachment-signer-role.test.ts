/**
 * The role whose sessions sign the attachment URLs (src/storage/signer-role-credentials.ts), found
 * from the todos function's ATTACHMENT_SIGNER_ROLE_ARN: who may assume it, what it may do, and that
 * its sessions are as long as the signer asks and role chaining allows.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { boundaryPolicyDocument } from '../../infra/deploy/permissions-boundary';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { policyStatementsOf } from '../../infra/validate/iam-policies';
import { UPLOAD_URL_SECONDS, userPrefix } from '../../src/storage/attachment-objects';
import { SIGNER_SESSION_SECONDS } from '../../src/storage/signer-role-credentials';
import { SIGNING_MARGIN_SECONDS } from '../../src/storage/url-signing-client';
import { deployerStatements } from './support/deployer-policies';
import { evaluate } from './support/evaluate-template';
import { iamPatternMatches } from './support/iam-patterns';
import { props, templateWith } from './support/template-edits';

/** Role chaining (a role session assuming a role) caps a session at one hour. */
const ROLE_CHAINING_CAP_SECONDS = 3600;
/** IAM's limit on a role name, and the characters it allows (IAM API reference, CreateRole). */
const ROLE_NAME_MAX = 64;
const ROLE_NAME_CHARACTERS = /^[\w+=,.@-]+$/;
/** The longest region code in the AWS SDK's partitions (us-isof-south-1, 15 characters). */
const LONGEST_REGION = 'us-isof-south-1';
const ACCOUNT = '123456789012';

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([] as T[]).concat(value));
const getAttArn = (value: unknown) =>
  (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

/** The signer role, the todos function's role, and the attachments bucket, as the function names them. */
function signing(template: CfnTemplate) {
  const variables = props(template, 'TodosFunction', 'Environment', 'Variables');
  const signerRole = getAttArn(variables.ATTACHMENT_SIGNER_ROLE_ARN);
  const functionRole = getAttArn(props(template, 'TodosFunction').Role);
  const bucket = (variables.BUCKET_NAME as { Ref?: string } | undefined)?.Ref;
  if (!signerRole || !functionRole || !bucket)
    throw new Error(
      'TodosFunction must name its role (Role), the signer role (ATTACHMENT_SIGNER_ROLE_ARN) and the bucket (BUCKET_NAME) by Fn::GetAtt/Ref',
    );
  return { signerRole, functionRole, bucket };
}

/** The longest stage name the Stage parameter's AllowedPattern accepts. */
function longestStage(template: CfnTemplate): string {
  const allowed = new RegExp(template.Parameters?.Stage?.AllowedPattern ?? '^$');
  const names = Array.from({ length: 128 }, (_, i) => 'a'.repeat(i + 1)).filter((n) => allowed.test(n));
  return names.at(-1) ?? '';
}

/** The ARN of the signer role a stage's stack in `region` creates, or why it has no name of its own. */
function signerRoleArn(template: CfnTemplate, stage: string, region: string): string {
  const roleName = props(template, signing(template).signerRole).RoleName;
  if (roleName === undefined)
    throw new Error(
      'The signer role has no RoleName: CloudFormation would generate one from the stack name, ' +
        "shortened by an undocumented rule past 64 characters, and the stage's boundary could miss it",
    );
  const name = evaluate(template, roleName, { Stage: stage, 'AWS::Region': region });
  return `arn:aws:iam::${ACCOUNT}:role/${String(name)}`;
}

/** Whether the stage's permissions boundary lets a role of the stage assume `arn`. */
function boundaryLetsAssume(stage: string, arn: string): boolean {
  return boundaryPolicyDocument(stage).Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      list(statement.Action as string | string[]).includes('sts:AssumeRole') &&
      list(statement.Resource as string | string[]).some((pattern) => iamPatternMatches(pattern, arn)),
  );
}

/** Every Allow of sts:AssumeRole outside trust policies: [the role it is given to, the resources]. */
function assumeRoleGrants(template: CfnTemplate): [string, unknown[]][] {
  return policyStatementsOf(template)
    .filter(({ statement, trust }) => !trust && statement.Effect === 'Allow')
    .filter(({ statement }) => list(statement.Action as string | string[]).includes('sts:AssumeRole'))
    .map(({ path, statement }) => {
      const id = path.split('/')[1] ?? '';
      const resource = template.Resources[id];
      const grantee =
        resource?.Type === 'AWS::IAM::RolePolicy'
          ? String((resource.Properties?.RoleName as { Ref?: string } | undefined)?.Ref)
          : id;
      return [grantee, list(statement.Resource)];
    });
}

/** Who may assume the signer role, if anyone but the todos function's role (for sts:AssumeRole, nothing else). */
function trustProblems(template: CfnTemplate): string[] {
  const { signerRole, functionRole } = signing(template);
  const statements = list(props(template, signerRole, 'AssumeRolePolicyDocument').Statement as unknown[]);
  const onlyTheFunction = {
    Effect: 'Allow',
    Principal: { AWS: { 'Fn::GetAtt': [functionRole, 'Arn'] } },
    Action: 'sts:AssumeRole',
  };
  return statements.length === 1 && isDeepStrictEqual(statements[0], onlyTheFunction)
    ? []
    : [`${signerRole} trusts ${JSON.stringify(statements)}`];
}

describe('the attachment signer role', () => {
  it("trusts the todos function's role alone", () => {
    expect(trustProblems(loadTemplate())).toEqual([]);
  });

  it("has a name of its own, within IAM's limit for the longest stage and region, that the boundary allows", () => {
    const template = loadTemplate();
    const stage = longestStage(template);
    expect(stage).not.toBe(''); // 20 characters today
    const arn = signerRoleArn(template, stage, LONGEST_REGION);
    const name = arn.split(':role/')[1] ?? '';
    expect(name).toMatch(ROLE_NAME_CHARACTERS);
    expect(name.length, name).toBeLessThanOrEqual(ROLE_NAME_MAX);
    expect(boundaryLetsAssume(stage, arn), `the boundary of ${stage} allows sts:AssumeRole on ${arn}`).toBe(
      true,
    );
    expect(boundaryLetsAssume('dev', signerRoleArn(template, 'dev', 'eu-west-1'))).toBe(true);
    // The deployer may create it: its role statements cover swiftyplanner-* only.
    const roleStatements = deployerStatements().filter((s) => list(s.Action).includes('iam:CreateRole'));
    expect(roleStatements.flatMap((s) => list(s.Resource)).some((p) => iamPatternMatches(p, arn))).toBe(true);
  });

  it("is named apart in each region (role names are account-wide), and no stage's boundary reaches another's", () => {
    const template = loadTemplate();
    expect(signerRoleArn(template, 'dev', 'eu-west-1')).not.toBe(signerRoleArn(template, 'dev', 'us-east-1'));
    for (const other of ['de', 'dev-2', 'dev-urlsigner', 'dev-urlsigner-eu-west-1', 'prod'])
      expect(boundaryLetsAssume('dev', signerRoleArn(template, other, 'eu-west-1')), other).toBe(false);
  });

  it('would be caught trusting the whole account', () => {
    const widened = templateWith((t) => {
      const statement = props(t, signing(t).signerRole, 'AssumeRolePolicyDocument', 'Statement', 0);
      statement.Principal = { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } };
    });
    expect(trustProblems(widened)).toEqual([expect.stringMatching(/AttachmentSignerRole trusts .*:root/)]);
  });

  it("may only GET and PUT the users' objects of the attachments bucket: what a presigned URL does", () => {
    const template = loadTemplate();
    const { signerRole, bucket } = signing(template);
    const grants = policyStatementsOf(template)
      .filter(({ path, trust }) => !trust && path.startsWith(`Resources/${signerRole}/`))
      .flatMap(({ statement }) =>
        list(statement.Action as string | string[]).map((action) => [
          statement.Effect,
          action,
          list(statement.Resource),
        ]),
      );
    // Every user's objects: the keys start with userPrefix(sub).
    const objects = { 'Fn::Sub': `\${${bucket}.Arn}/${userPrefix('sub').split('sub')[0]}*` };
    expect(grants).toEqual([
      ['Allow', 's3:GetObject', [objects]],
      ['Allow', 's3:PutObject', [objects]],
    ]);
    expect(template.Resources[signerRole]?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it("is the one role anything may assume, and only the todos function's role may, before the function runs", () => {
    const template = loadTemplate();
    const { signerRole, functionRole } = signing(template);
    expect(assumeRoleGrants(template)).toEqual([[functionRole, [{ 'Fn::GetAtt': [signerRole, 'Arn'] }]]]);
    // The permission is a resource of its own (the roles name each other); the function waits for it.
    const [policy] = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::IAM::RolePolicy' && JSON.stringify(r).includes('sts:AssumeRole'),
    );
    expect(list(template.Resources.TodosFunction?.DependsOn as string | string[])).toContain(policy?.[0]);
  });

  it('would be caught given to the users function too', () => {
    const widened = templateWith((t) => {
      const statements = props(t, 'UsersFunctionRole', 'Policies', 0, 'PolicyDocument')
        .Statement as unknown[];
      statements.push({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: { 'Fn::GetAtt': [signing(t).signerRole, 'Arn'] },
      });
    });
    expect(assumeRoleGrants(widened).map(([grantee]) => grantee)).toEqual(
      expect.arrayContaining(['UsersFunctionRole']),
    );
  });

  it('gives sessions the hour the signer asks for, which role chaining allows, and which outlast a URL', () => {
    const { signerRole } = signing(loadTemplate());
    const maxSessionDuration = Number(props(loadTemplate(), signerRole).MaxSessionDuration ?? 3600);
    expect(SIGNER_SESSION_SECONDS).toBeLessThanOrEqual(ROLE_CHAINING_CAP_SECONDS);
    expect(SIGNER_SESSION_SECONDS).toBeLessThanOrEqual(maxSessionDuration);
    // A session shorter than this would be renewed for every URL.
    expect(SIGNER_SESSION_SECONDS).toBeGreaterThan(2 * (UPLOAD_URL_SECONDS + SIGNING_MARGIN_SECONDS));
  });
});
