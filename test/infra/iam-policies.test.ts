// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { describe, expect, it } from 'vitest';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { iamProblems, policyStatementsOf } from '../../infra/validate/iam-policies';
import { formatProblems } from '../../infra/validate/template-problem';
import { props, templateWith } from './support/template-edits';

/** The first Allow statement of a role's first inline policy. */
const firstStatement = (t: CfnTemplate, role: string) =>
  props(t, role, 'Policies', 0, 'PolicyDocument', 'Statement', 0);

/** Every action a function's role allows, with the resources it allows it on. */
function grantsOf(role: string): Map<string, unknown[]> {
  const grants = new Map<string, unknown[]>();
  for (const { path, statement } of policyStatementsOf(loadTemplate())) {
    if (!path.startsWith(`Resources/${role}/Properties/Policies`) || statement.Effect !== 'Allow') continue;
    const actions = ([] as unknown[]).concat(statement.Action);
    for (const action of actions)
      grants.set(String(action), [
        ...(grants.get(String(action)) ?? []),
        ...([] as unknown[]).concat(statement.Resource),
      ]);
  }
  return grants;
}

describe('IAM in infra/template.yaml', () => {
  it('allows no wildcard action and no resource outside this stack', () => {
    expect(formatProblems(iamProblems(loadTemplate()))).toBe('');
  });

  it("finds the statements of every role, their trust policies, the role policy and both buckets' policies", () => {
    const paths = policyStatementsOf(loadTemplate()).map((s) => s.path.split('/Properties/')[0]);
    expect(new Set(paths)).toEqual(
      new Set([
        'Resources/BucketPolicy',
        'Resources/AppBucketPolicy',
        'Resources/UsersFunctionRole',
        'Resources/TodosFunctionRole',
        'Resources/AttachmentSignerRole',
        'Resources/TodosFunctionAssumesSignerRole',
      ]),
    );
  });

  it.each([
    [
      'a wildcard action',
      (t: CfnTemplate) => Object.assign(firstStatement(t, 'UsersFunctionRole'), { Action: 'logs:*' }),
      /"logs:\*": name one action/,
    ],
    [
      'a "*" resource',
      (t: CfnTemplate) => Object.assign(firstStatement(t, 'TodosFunctionRole'), { Resource: '*' }),
      /"\*" is not scoped to a resource of this stack/,
    ],
    [
      'an ARN built without a resource of the stack',
      (t: CfnTemplate) =>
        Object.assign(firstStatement(t, 'TodosFunctionRole'), {
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*' },
        }),
      /not scoped to a resource of this stack/,
    ],
    [
      'NotAction',
      (t: CfnTemplate) =>
        Object.assign(firstStatement(t, 'UsersFunctionRole'), { NotAction: 'iam:PassRole' }),
      /NotAction grants everything else/,
    ],
    [
      'a Lambda permission any API could use',
      (t: CfnTemplate) => delete props(t, 'TodosFunctionInvokePermission').SourceArn,
      /apigateway.amazonaws.com resource of any account could invoke/,
    ],
  ])('catches %s', (_name, change, message) => {
    expect(formatProblems(iamProblems(templateWith(change)))).toMatch(message);
  });

  it('gives the users function the profile and erasure actions it needs, on the table only, and no S3 writes', () => {
    const grants = grantsOf('UsersFunctionRole');
    for (const action of [
      'GetItem',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      'ConditionCheckItem',
      'Query',
      'BatchWriteItem',
    ])
      expect(grants.get(`dynamodb:${action}`)).toEqual([{ 'Fn::GetAtt': ['Table', 'Arn'] }]);
    expect(grants.get('s3:DeleteObject')).toEqual([{ 'Fn::Sub': '${Bucket.Arn}/users/*' }]);
    expect(grants.get('s3:ListBucket')).toEqual([{ 'Fn::GetAtt': ['Bucket', 'Arn'] }]);
    expect(grants.has('s3:PutObject')).toBe(false);
    expect(grants.has('s3:GetObject')).toBe(false);
  });

  it('gives the todos function the table, the GSI1 index and the deletion of attachment objects', () => {
    const grants = grantsOf('TodosFunctionRole');
    expect(grants.get('dynamodb:BatchGetItem')).toEqual([{ 'Fn::GetAtt': ['Table', 'Arn'] }]);
    expect(grants.get('dynamodb:Query')).toEqual([
      { 'Fn::GetAtt': ['Table', 'Arn'] },
      { 'Fn::Sub': '${Table.Arn}/index/GSI1' },
    ]);
    expect(grants.get('s3:DeleteObject')).toEqual([{ 'Fn::Sub': '${Bucket.Arn}/users/*' }]);
    // Reading and writing objects is for the presigned URLs, signed by AttachmentSignerRole's sessions.
    expect(grants.has('s3:GetObject')).toBe(false);
    expect(grants.has('s3:PutObject')).toBe(false);
    expect(grants.get('logs:PutLogEvents')).toEqual([{ 'Fn::GetAtt': ['TodosLogGroup', 'Arn'] }]);
  });
});
