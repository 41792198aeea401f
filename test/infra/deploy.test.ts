import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { PENDING_APP_ORIGIN } from '../../infra/deploy/app-origins';
import type { DeployArgs } from '../../infra/deploy/args';
import { deploy } from '../../infra/deploy/deploy';
import {
  ChangeSetFailedError,
  MissingBoundaryError,
  StackOperationFailedError,
} from '../../infra/deploy/errors';
import { capturedOutput } from '../../infra/deploy/output';
import { boundaryPolicyDocument } from '../../infra/deploy/permissions-boundary';
import { loadTemplate } from '../../infra/template/template';
import {
  ACCOUNT,
  awsClients,
  fakeArtifacts,
  mockAws,
  REGION,
  STACK_ID,
  STACK_NAME,
  scriptStackOperation,
  serviceError,
  settledStack,
  stackDoesNotExist,
  stackEvent,
  stackFromChangeSets,
} from './support/fake-aws';

const CHANGE_SET_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${STACK_NAME}-20300101120000/abc`;
const TOKEN = `deploy-${STACK_NAME}-20300101120000`;
const OUTPUTS = [
  { OutputKey: 'ApiUrl', OutputValue: 'https://abc123.execute-api.eu-west-1.amazonaws.com' },
  { OutputKey: 'TableName', OutputValue: 'swiftyplanner-dev' },
];

describe('deploy', () => {
  let aws: ReturnType<typeof mockAws>;
  let out: ReturnType<typeof capturedOutput>;

  beforeEach(() => {
    aws = mockAws();
    out = capturedOutput();
    aws.s3.on(HeadBucketCommand).resolves({});
    aws.s3.on(HeadObjectCommand).rejects(serviceError('NotFound', 'Not Found', 404));
    aws.s3.on(PutObjectCommand).resolves({});
    aws.cfn.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });
    aws.cfn.on(ExecuteChangeSetCommand).resolves({});
    aws.cfn.on(DeleteChangeSetCommand).resolves({});
  });

  const run = async (args: Partial<DeployArgs> = {}) => {
    const artifacts = await fakeArtifacts();
    return deploy(
      { stage: 'dev', ...args },
      {
        ...awsClients(),
        out,
        build: async () => artifacts,
        sleep: async () => undefined,
        pollMs: 0,
        now: () => new Date(Date.UTC(2030, 0, 1, 12, 0, 0)),
      },
    );
  };

  const changeSetReady = () =>
    aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: { Action: 'Add', LogicalResourceId: 'Table', ResourceType: 'AWS::DynamoDB::Table' },
        },
      ],
    });

  it('creates the stack on first deploy: CREATE change set with the named-IAM and auto-expand capabilities', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    changeSetReady();
    scriptStackOperation(
      aws.cfn,
      [
        {
          events: [stackEvent(STACK_NAME, 'CREATE_IN_PROGRESS', { token: TOKEN, reason: 'User Initiated' })],
          status: 'CREATE_IN_PROGRESS',
        },
        { events: [stackEvent(STACK_NAME, 'CREATE_COMPLETE', { token: TOKEN })], status: 'CREATE_COMPLETE' },
      ],
      { outputs: OUTPUTS },
    );

    // Act
    const result = await run({ allowedOrigins: ['https://app.example.com'] });

    // Assess
    expect(result).toEqual({
      stackName: STACK_NAME,
      outcome: 'created',
      outputs: { ApiUrl: OUTPUTS[0]?.OutputValue, TableName: 'swiftyplanner-dev' },
    });
    const input = aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input?.ChangeSetType).toBe('CREATE');
    expect(input?.Capabilities).toEqual(['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
    const bucket = `swiftyplanner-artifacts-${ACCOUNT}-${REGION}`;
    expect(input?.TemplateURL).toMatch(
      new RegExp(
        `^https://${bucket}\\.s3\\.${REGION}\\.amazonaws\\.com/templates/template-[0-9a-f]{64}\\.yaml$`,
      ),
    );
    const parameters = Object.fromEntries(
      (input?.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]),
    );
    expect(parameters).toEqual({
      Stage: 'dev',
      ArtifactsBucket: bucket,
      ContractLocation: expect.stringMatching(
        new RegExp(`^s3://${bucket}/contracts/openapi-[0-9a-f]{64}\\.yaml$`),
      ),
      UsersFunctionCodeKey: `functions/users/${'1'.repeat(64)}.zip`,
      TodosFunctionCodeKey: `functions/todos/${'0'.repeat(64)}.zip`,
      ErasureFunctionCodeKey: `functions/erasure/${'2'.repeat(64)}.zip`,
      AllowedOrigins: 'https://app.example.com',
      AppUrls: 'https://app.example.com',
    });
    expect(aws.cfn.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({
      ChangeSetName: CHANGE_SET_ID,
      StackName: STACK_ID,
      ClientRequestToken: TOKEN,
    });
    expect(out.lines.some((l) => /^ {2}\+ Add +AWS::DynamoDB::Table +Table$/.test(l))).toBe(true);
    expect(out.lines).toContain(`${STACK_NAME}: CREATE_COMPLETE`);
    expect(out.lines.some((l) => l.includes('ApiUrl') && l.includes('execute-api'))).toBe(true);
  });

  it('leaves a deploy by hand no origin to fall back on: the template has no default', () => {
    // npm run deploy always names the origins (the app's own, or none that a browser has, and
    // --allowed-origins); the template's default once allowed http://localhost:3000.
    expect(loadTemplate().Parameters?.AllowedOrigins).toBeDefined();
    expect(loadTemplate().Parameters?.AllowedOrigins?.Default).toBeUndefined();
  });

  it('uploads each artifact under its content-hashed key once, skipping keys already present', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.s3.on(HeadObjectCommand, { Key: `functions/users/${'1'.repeat(64)}.zip` }).resolves({});
    changeSetReady();
    scriptStackOperation(aws.cfn, [{ events: [], status: 'CREATE_COMPLETE' }]);

    // Act
    await run();

    // Assess
    const uploadedKeys = aws.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    // The zips of the todos and erasure functions (the users one is there already), the contract, the template.
    expect(uploadedKeys).toHaveLength(4);
    expect(uploadedKeys).not.toContain(`functions/users/${'1'.repeat(64)}.zip`);
    expect(uploadedKeys).toContain(`functions/todos/${'0'.repeat(64)}.zip`);
    for (const call of aws.s3.commandCalls(PutObjectCommand))
      expect(call.args[0].input.ExpectedBucketOwner).toBe(ACCOUNT);
  });

  it('creates the artifacts bucket when it is missing, locked down, with the region as location', async () => {
    // Prepare
    aws.s3.on(HeadBucketCommand).rejects(serviceError('NotFound', 'Not Found', 404));
    aws.s3.on(CreateBucketCommand).resolves({});
    aws.s3.on(PutPublicAccessBlockCommand).resolves({});
    aws.s3.on(PutBucketEncryptionCommand).resolves({});
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    changeSetReady();
    scriptStackOperation(aws.cfn, [{ events: [], status: 'CREATE_COMPLETE' }]);

    // Act
    await run();

    // Assess
    expect(aws.s3.commandCalls(CreateBucketCommand)[0]?.args[0].input).toMatchObject({
      Bucket: `swiftyplanner-artifacts-${ACCOUNT}-${REGION}`,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
    expect(
      aws.s3.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input.PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it("stops before building when the roles' permissions boundary does not exist, and says how to create it", async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.iam
      .on(GetPolicyCommand)
      .rejects(serviceError('NoSuchEntityException', 'Policy ... was not found.', 404));
    let built = false;

    // Act
    const attempt = deploy(
      { stage: 'dev' },
      {
        ...awsClients(),
        out,
        build: async () => {
          built = true;
          return fakeArtifacts();
        },
      },
    );

    // Assess
    await expect(attempt).rejects.toThrow(MissingBoundaryError);
    await expect(attempt).rejects.toThrow(
      '  aws iam create-policy --policy-name swiftyplanner-dev-function-boundary \\\n' +
        '    --policy-document "$(npm run --silent deploy -- --stage dev --print-boundary)"',
    );
    expect(aws.iam.commandCalls(GetPolicyCommand)[0]?.args[0].input.PolicyArn).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/swiftyplanner-dev-function-boundary`,
    );
    expect(built).toBe(false);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('names the missing permission when the deployer may not read the boundary', async () => {
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.iam.on(GetPolicyCommand).rejects(serviceError('AccessDenied', 'not authorized', 403));

    await expect(run()).rejects.toThrow(
      /may not read .*swiftyplanner-dev-function-boundary \(iam:GetPolicy, iam:GetPolicyVersion\)/,
    );
    expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it("stops when the stage's published boundary is not this commit's, and says how to publish it", async () => {
    // Prepare: the account-wide boundary of before, published under the stage's name.
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(settledStack());
    const older = JSON.parse(
      JSON.stringify(boundaryPolicyDocument('dev')).replaceAll('swiftyplanner-dev', 'swiftyplanner-*'),
    );
    aws.iam.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: { VersionId: 'v1', Document: encodeURIComponent(JSON.stringify(older)) },
    });

    // Act
    const attempt = run();

    // Assess
    await expect(attempt).rejects.toThrow(MissingBoundaryError);
    await expect(attempt).rejects.toThrow(
      `  aws iam create-policy-version --policy-arn arn:aws:iam::${ACCOUNT}:policy/swiftyplanner-dev-function-boundary ` +
        '--set-as-default \\\n    --policy-document "$(npm run --silent deploy -- --stage dev --print-boundary)"',
    );
    expect(aws.iam.commandCalls(GetPolicyVersionCommand)[0]?.args[0].input.VersionId).toBe('v1');
    expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('refuses an artifacts bucket of that name that belongs to someone else', async () => {
    // Prepare: the name is predictable, so another account could own it; ExpectedBucketOwner makes S3 say 403.
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.s3.on(HeadBucketCommand).rejects(serviceError('Forbidden', 'Forbidden', 403));

    // Act
    const attempt = run();

    // Assess
    await expect(attempt).rejects.toThrow(/exists but this account \(123456789012\) cannot use it/);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('updates an existing stack, keeping the previous value of options not given', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(
      settledStack({
        Parameters: [
          { ParameterKey: 'AllowedOrigins', ParameterValue: 'https://app.example.com' },
          { ParameterKey: 'DomainName', ParameterValue: 'api.example.com' },
          // Raised in the console during an incident; no option of the script sets it.
          { ParameterKey: 'ThrottlingRateLimit', ParameterValue: '500' },
          // A parameter an earlier template had and this one does not.
          { ParameterKey: 'RetiredParameter', ParameterValue: 'x' },
        ],
      }),
    );
    changeSetReady();
    scriptStackOperation(
      aws.cfn,
      [
        {
          events: [stackEvent('UsersFunction', 'UPDATE_IN_PROGRESS', { token: TOKEN })],
          status: 'UPDATE_IN_PROGRESS',
        },
        {
          events: [stackEvent('UsersFunction', 'UPDATE_COMPLETE', { token: TOKEN })],
          status: 'UPDATE_COMPLETE',
        },
      ],
      { outputs: OUTPUTS },
    );

    // Act
    const result = await run({ deletionProtection: false, alarmEmail: 'ops@example.com' });

    // Assess
    expect(result.outcome).toBe('updated');
    const input = aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input?.ChangeSetType).toBe('UPDATE');
    expect(input?.Parameters).toEqual(
      expect.arrayContaining([
        // Kept, as the stack has them; with no web app in this stack yet, nothing is added.
        { ParameterKey: 'AllowedOrigins', ParameterValue: 'https://app.example.com' },
        { ParameterKey: 'AppUrls', ParameterValue: 'https://app.example.com' },
        { ParameterKey: 'DomainName', UsePreviousValue: true },
        { ParameterKey: 'DeletionProtection', ParameterValue: 'false' },
        { ParameterKey: 'AlarmEmail', ParameterValue: 'ops@example.com' },
        { ParameterKey: 'ThrottlingRateLimit', UsePreviousValue: true },
      ]),
    );
    // CertificateArn was not a parameter of the deployed stack: no UsePreviousValue for it;
    // RetiredParameter is not one of the template (CloudFormation would refuse it).
    const keys = input?.Parameters?.map((p) => p.ParameterKey);
    expect(keys).not.toContain('CertificateArn');
    expect(keys).not.toContain('RetiredParameter');
    expect(new Set(keys).size).toBe(keys?.length);
  });

  it('reports an empty change set as "no changes", deletes it and executes nothing', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves({
      Stacks: [
        {
          StackId: STACK_ID,
          StackName: STACK_NAME,
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: OUTPUTS,
        },
      ],
    });
    aws.cfn.on(DescribeChangeSetCommand).resolvesOnce({ Status: 'CREATE_IN_PROGRESS' }).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });

    // Act
    const result = await run();

    // Assess
    expect(result.outcome).toBe('unchanged');
    expect(result.outputs.ApiUrl).toBe(OUTPUTS[0]?.OutputValue);
    expect(aws.cfn.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input.ChangeSetName).toBe(CHANGE_SET_ID);
    expect(aws.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(out.lines).toContain(`No changes: ${STACK_NAME} is up to date.`);
  });

  it("fails with CloudFormation's reason when the change set fails for another reason", async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason: 'Transform AWS::Include failed with: S3 object does not exist',
    });

    // Act
    const attempt = run();

    // Assess
    await expect(attempt).rejects.toThrow(ChangeSetFailedError);
    await expect(attempt).rejects.toThrow(/Transform AWS::Include failed with: S3 object does not exist/);
    expect(aws.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(aws.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('fails on rollback, naming the resources that failed and why (not the knock-on cancellations)', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    changeSetReady();
    const reason = 'Resource handler returned message: "Unable to import API: Warnings found during import"';
    scriptStackOperation(aws.cfn, [
      {
        events: [stackEvent(STACK_NAME, 'CREATE_IN_PROGRESS', { token: TOKEN })],
        status: 'CREATE_IN_PROGRESS',
      },
      {
        events: [
          stackEvent('Api', 'CREATE_FAILED', { token: TOKEN, type: 'AWS::ApiGatewayV2::Api', reason }),
          stackEvent('UserPool', 'CREATE_FAILED', {
            token: TOKEN,
            type: 'AWS::Cognito::UserPool',
            reason: 'Resource creation cancelled',
          }),
          stackEvent(STACK_NAME, 'ROLLBACK_IN_PROGRESS', { token: TOKEN }),
        ],
        status: 'ROLLBACK_IN_PROGRESS',
      },
      {
        events: [
          stackEvent('Table', 'DELETE_SKIPPED', {
            token: TOKEN,
            type: 'AWS::DynamoDB::Table',
            physicalId: 'swiftyplanner-dev',
          }),
          stackEvent(STACK_NAME, 'ROLLBACK_COMPLETE', { token: TOKEN }),
        ],
        status: 'ROLLBACK_COMPLETE',
      },
    ]);

    // Act
    const attempt = run();

    // Assess
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackOperationFailedError);
    expect((error as StackOperationFailedError).status).toBe('ROLLBACK_COMPLETE');
    expect((error as StackOperationFailedError).failures).toEqual([
      { logicalId: 'Api', type: 'AWS::ApiGatewayV2::Api', reason },
    ]);
    expect(out.lines).toContain(`  Api (AWS::ApiGatewayV2::Api): ${reason}`);
    expect(out.lines.some((l) => l.includes('npm run destroy -- --stage dev'))).toBe(true);
    // The rollback kept the table (Retain): the next first deploy needs its name free.
    expect(out.lines).toContain('  Table (AWS::DynamoDB::Table): swiftyplanner-dev');
    expect(out.lines).toContain('    aws dynamodb delete-table --table-name swiftyplanner-dev');
  });

  it('stops before executing a change set that replaces the user pool, unless told --allow-replacement', async () => {
    // Prepare: an update whose change set replaces the user pool (every user would get a new sub).
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(settledStack());
    aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'UserPool',
            ResourceType: 'AWS::Cognito::UserPool',
            Replacement: 'True',
          },
        },
      ],
    });
    scriptStackOperation(
      aws.cfn,
      [{ events: [stackEvent(STACK_NAME, 'UPDATE_COMPLETE', { token: TOKEN })], status: 'UPDATE_COMPLETE' }],
      { outputs: OUTPUTS },
    );

    // Act
    const stopped = await run().catch((error: unknown) => error);
    const executedBefore = aws.cfn.commandCalls(ExecuteChangeSetCommand).length;
    const allowed = await run({ allowReplacement: true });

    // Assess
    expect(String(stopped)).toMatch(
      /Stopped before executing.*\n {2}UserPool \(AWS::Cognito::UserPool\): replaced/s,
    );
    expect(String(stopped)).toMatch(/--allow-replacement/);
    expect(executedBefore).toBe(0);
    expect(aws.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(allowed.outcome).toBe('updated');
    expect(aws.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
  });

  it('refuses to update a stack that is busy, before building anything', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves({
      Stacks: [
        {
          StackId: STACK_ID,
          StackName: STACK_NAME,
          StackStatus: 'UPDATE_IN_PROGRESS',
          CreationTime: new Date(),
        },
      ],
    });

    // Act
    const attempt = run();

    // Assess
    await expect(attempt).rejects.toThrow(/busy \(UPDATE_IN_PROGRESS\)/);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses a certificate from another region than the stack', async () => {
    // Act
    const attempt = run({
      domain: 'api.example.com',
      certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`,
    });

    // Assess
    await expect(attempt).rejects.toThrow(/certificate is in us-east-1, the stack in eu-west-1/);
  });
  describe("the web app's origins (CORS on the API and the bucket, the app client's sign-in URLs)", () => {
    const APP_URL = 'https://d111111abcdef8.cloudfront.net';
    const appOutputs = (appUrl = APP_URL) => [
      ...OUTPUTS,
      { OutputKey: 'AppUrl', OutputValue: appUrl },
      { OutputKey: 'AppDistributionDomainName', OutputValue: new URL(APP_URL).host },
    ];

    it('creates a new stage in two change sets when CloudFront names the app: the second allows that origin', async () => {
      // Prepare
      aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
      changeSetReady();
      const stack = stackFromChangeSets(aws.cfn, appOutputs());

      // Act
      const result = await run({ allowedOrigins: ['http://localhost:5173'] });

      // Assess
      const calls = aws.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
      expect(calls.map((c) => c.ChangeSetType)).toEqual(['CREATE', 'UPDATE']);
      expect(stack.parametersOfChangeSet(1)).toMatchObject({
        AllowedOrigins: 'http://localhost:5173',
        AppUrls: 'http://localhost:5173',
      });
      expect(stack.parametersOfChangeSet(2)).toMatchObject({
        AllowedOrigins: `${APP_URL},http://localhost:5173`,
        AppUrls: `${APP_URL},http://localhost:5173`,
      });
      // The second change set changes nothing else: same artifacts, same template.
      const { AllowedOrigins: _a, AppUrls: _b, ...rest1 } = stack.parametersOfChangeSet(1);
      const { AllowedOrigins: _c, AppUrls: _d, ...rest2 } = stack.parametersOfChangeSet(2);
      expect(rest2).toEqual(rest1);
      expect(calls[1]?.TemplateURL).toBe(calls[0]?.TemplateURL);
      expect(aws.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(2);
      expect(out.lines).toContain(
        `Allowing the web app's origin in CORS and sign-in: ${APP_URL}, http://localhost:5173`,
      );
      expect(result).toMatchObject({ outcome: 'created', outputs: { AppUrl: APP_URL } });
    });

    it('lets no real browser origin in until the app has its name, when nothing else is allowed', async () => {
      // Prepare
      aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
      changeSetReady();
      const stack = stackFromChangeSets(aws.cfn, appOutputs());

      // Act
      await run();

      // Assess
      expect(stack.parametersOfChangeSet(1)).toMatchObject({
        AllowedOrigins: PENDING_APP_ORIGIN,
        AppUrls: PENDING_APP_ORIGIN,
      });
      expect(stack.parametersOfChangeSet(2)).toMatchObject({ AllowedOrigins: APP_URL, AppUrls: APP_URL });
    });

    it("updates a stage in one change set, keeping the app's origin and the others the stack allows", async () => {
      // Prepare
      const deployed = settledStack({
        Parameters: [{ ParameterKey: 'AllowedOrigins', ParameterValue: `${APP_URL},http://localhost:5173` }],
        Outputs: appOutputs(),
      });
      aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(deployed);
      changeSetReady();
      const stack = stackFromChangeSets(aws.cfn, appOutputs(), deployed.Stacks[0]);

      // Act
      await run();

      // Assess
      expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
      expect(stack.parametersOfChangeSet(1)).toMatchObject({
        AllowedOrigins: `${APP_URL},http://localhost:5173`,
        AppUrls: `${APP_URL},http://localhost:5173`,
      });
    });

    it('gives the app its own name in one change set: known before the stack changes, so allowed at once', async () => {
      // Prepare
      const certificate = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`;
      const deployed = settledStack({
        Parameters: [{ ParameterKey: 'AllowedOrigins', ParameterValue: APP_URL }],
        Outputs: appOutputs(),
      });
      aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(deployed);
      changeSetReady();
      const stack = stackFromChangeSets(aws.cfn, appOutputs('https://app.example.com'), deployed.Stacks[0]);

      // Act
      await run({ appDomain: 'app.example.com', appCertificateArn: certificate });

      // Assess: CloudFront's own name still serves the app, so it stays allowed.
      expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
      expect(stack.parametersOfChangeSet(1)).toMatchObject({
        AppDomainName: 'app.example.com',
        AppCertificateArn: certificate,
        AllowedOrigins: `https://app.example.com,${APP_URL}`,
        AppUrls: `https://app.example.com,${APP_URL}`,
      });
    });

    it('keeps * for CORS alone, and never makes it, or plain http other than localhost, a sign-in URL', async () => {
      // Prepare
      const deployed = settledStack({ Outputs: appOutputs() });
      aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(deployed);
      changeSetReady();
      const stack = stackFromChangeSets(aws.cfn, appOutputs(), deployed.Stacks[0]);

      // Act
      await run({ allowedOrigins: ['*', 'http://192.168.1.5:5173', 'http://localhost:5173'] });

      // Assess
      expect(stack.parametersOfChangeSet(1)).toMatchObject({
        AllowedOrigins: '*',
        AppUrls: `${APP_URL},http://localhost:5173`,
      });
    });
  });
});
