// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { beforeAll, describe, expect, it } from 'vitest';
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { type CodeAction, codeActionsOf } from '../../infra/validate/code-actions';
import { functionGrantProblems } from '../../infra/validate/function-grants';
import { iamProblems, policyStatementsOf } from '../../infra/validate/iam-policies';
import { formatProblems } from '../../infra/validate/template-problem';
import { PROJECT_ROOT } from '../../paths';
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
        'Resources/ErasureFunctionRole',
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

  it('gives the users function the profile and erasure-request actions it needs, and none of the erasure itself', () => {
    const grants = grantsOf('UsersFunctionRole');
    for (const action of ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'])
      expect(grants.get(`dynamodb:${action}`)).toEqual([{ 'Fn::GetAtt': ['Table', 'Arn'] }]);
    // GET /health lists one key of the bucket; nothing else of S3.
    expect(grants.get('s3:ListBucket')).toEqual([{ 'Fn::GetAtt': ['Bucket', 'Arn'] }]);
    // The role every request runs under deletes no sign-in identity, no file and no partition:
    // the erasure function does that, from the table's changes.
    for (const action of [
      'cognito-idp:AdminDeleteUser',
      's3:DeleteObject',
      's3:PutObject',
      's3:GetObject',
      'dynamodb:BatchWriteItem',
      'dynamodb:Query',
      'dynamodb:GetRecords',
      'sqs:SendMessage',
    ])
      expect(grants.has(action), action).toBe(false);
  });

  it('gives the erasure function the erasure: its own pool, the users/ files, the partition, the stream', () => {
    const grants = grantsOf('ErasureFunctionRole');
    for (const action of ['GetItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchWriteItem'])
      expect(grants.get(`dynamodb:${action}`)).toEqual([{ 'Fn::GetAtt': ['Table', 'Arn'] }]);
    expect(grants.get('cognito-idp:AdminDeleteUser')).toEqual([{ 'Fn::GetAtt': ['UserPool', 'Arn'] }]);
    expect(grants.get('s3:DeleteObject')).toEqual([{ 'Fn::Sub': '${Bucket.Arn}/users/*' }]);
    expect(grants.get('s3:ListBucket')).toEqual([{ 'Fn::GetAtt': ['Bucket', 'Arn'] }]);
    // It creates nothing: no PutItem, no object writes.
    expect(grants.has('dynamodb:PutItem')).toBe(false);
    expect(grants.has('s3:PutObject')).toBe(false);
    expect(grants.get('logs:PutLogEvents')).toEqual([{ 'Fn::GetAtt': ['ErasureLogGroup', 'Arn'] }]);
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

/** Takes the erasure role's statement `sid` out of its policy. */
function withoutErasureStatement(t: CfnTemplate, sid: string): void {
  const statements = props(t, 'ErasureFunctionRole', 'Policies', 0, 'PolicyDocument').Statement as {
    Sid?: string;
  }[];
  statements.splice(
    statements.findIndex((s) => s.Sid === sid),
    1,
  );
}

describe("each function's role against its code", () => {
  // One TypeScript program over both functions' sources (a few seconds): built once.
  let called: Map<string, CodeAction[]>;
  beforeAll(() => {
    called = codeActionsOf(
      PROJECT_ROOT,
      functionDefinitionsOf(loadTemplate()).map((f) => f.entry),
    );
  }, 60_000);

  const actionsOf = (entry: string) => (called.get(entry) ?? []).map((c) => c.action);

  it('finds the SDK calls of each function, per declaration reached from its handler', () => {
    // The users function writes profiles and erasure requests, and probes the bucket for GET /health.
    expect(actionsOf('src/functions/users.ts')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      's3:ListBucket',
    ]);
    // The erasure function loads the S3 module to erase files: it lists and deletes, never presigns.
    // Its steps delete the sign-in identity (a command of a dynamic import) and record themselves
    // with UpdateItem.
    expect(actionsOf('src/functions/erasure.ts')).toEqual([
      'cognito-idp:AdminDeleteUser',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:DeleteObject',
      's3:ListBucket',
    ]);
    expect(called.get('src/functions/erasure.ts')).toContainEqual({
      action: 'cognito-idp:AdminDeleteUser',
      evidence: 'src/identity/sign-in-identities.ts: AdminDeleteUserCommand',
    });
    expect(actionsOf('src/functions/todos.ts')).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 's3:DeleteObject']),
    );
    expect(actionsOf('src/functions/todos.ts')).not.toContain('dynamodb:BatchWriteItem');
    // It assumes the signer role for a session (a dynamic import of the STS client).
    expect(actionsOf('src/functions/todos.ts')).toContain('sts:AssumeRole');
    // It presigns GETs and PUTs: whoever holds the URL sends them, under the signer role's session.
    expect(actionsOf('src/functions/todos.ts')).not.toContain('s3:PutObject');
    expect(actionsOf('src/functions/todos.ts')).not.toContain('s3:GetObject');
  });

  it('grants each role exactly what its function calls, and what Lambda calls for it', () => {
    expect(formatProblems(functionGrantProblems(loadTemplate(), called))).toBe('');
  });

  it.each([
    [
      'an action no code calls',
      (t: CfnTemplate) => {
        const statement = props(t, 'TodosFunctionRole', 'Policies', 0, 'PolicyDocument', 'Statement', 1);
        statement.Action = [...(statement.Action as string[]), 'dynamodb:BatchWriteItem'];
      },
      /TodosFunctionRole.*grants dynamodb:BatchWriteItem, which no code of TodosFunction/,
    ],
    [
      'an action the code calls that the role lacks',
      (t: CfnTemplate) => {
        const statement = props(t, 'ErasureFunctionRole', 'Policies', 0, 'PolicyDocument', 'Statement', 1);
        statement.Action = (statement.Action as string[]).filter((a) => a !== 'dynamodb:BatchWriteItem');
      },
      /ErasureFunction calls dynamodb:BatchWriteItem \(src\/store\/purge-user.ts: BatchWriteCommand\) but ErasureFunctionRole does not grant it/,
    ],
    [
      'a call of a dynamically imported SDK command the role lacks',
      (t: CfnTemplate) => {
        withoutErasureStatement(t, 'DeleteSignInIdentity');
      },
      /ErasureFunction calls cognito-idp:AdminDeleteUser \(src\/identity\/sign-in-identities.ts: AdminDeleteUserCommand\) but ErasureFunctionRole does not grant it/,
    ],
    [
      'the logs Lambda writes with the role',
      (t: CfnTemplate) => {
        const statement = props(t, 'UsersFunctionRole', 'Policies', 0, 'PolicyDocument', 'Statement', 0);
        statement.Action = ['logs:PutLogEvents'];
      },
      /UsersFunctionRole must grant logs:CreateLogStream/,
    ],
    [
      'the stream an event source mapping reads with the role',
      (t: CfnTemplate) => {
        // ErasureFunctionTableChanges reads the table's stream with the erasure role: take that away.
        withoutErasureStatement(t, 'ReadTableChanges');
      },
      /ErasureFunctionRole must grant dynamodb:GetRecords: ErasureFunctionTableChanges reads the table's stream/,
    ],
  ])('catches %s', (_name, change, message) => {
    expect(formatProblems(functionGrantProblems(templateWith(change), called))).toMatch(message);
  });
});
