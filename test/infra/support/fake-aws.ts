/**
 * Mocked AWS for the deploy and destroy tests (aws-sdk-client-mock on real SDK v3 clients, so the
 * commands' inputs are the real ones), and a scripted CloudFormation stack operation that reveals
 * its events poll by poll, newest first and paginated, as DescribeStackEvents does.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayV2Client, DeleteApiCommand, ImportApiCommand } from '@aws-sdk/client-apigatewayv2';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Parameter,
  type ResourceStatus,
  type Stack,
  type StackEvent,
  type Output as StackOutput,
} from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { onTestFinished } from 'vitest';
import type { FunctionArtifact } from '../../../infra/build/build-functions';
import type { AwsClients } from '../../../infra/deploy/aws-context';
import { boundaryPolicyDocument } from '../../../infra/deploy/permissions-boundary';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const CALLER = `arn:aws:iam::${ACCOUNT}:user/swiftyplanner-deployer`;
export const STACK_NAME = 'swiftyplanner-dev';
export const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK_NAME}/0f1e2d3c`;

export function mockAws() {
  const cfn = mockClient(CloudFormationClient);
  const s3 = mockClient(S3Client);
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AIDAEXAMPLE' });
  // The stage's permissions boundary exists, published as infra/README.md step 1 says (IAM answers
  // a version's document URL-encoded).
  const iam = mockClient(IAMClient);
  iam.on(GetPolicyCommand).resolves({
    Policy: { PolicyName: 'swiftyplanner-dev-function-boundary', DefaultVersionId: 'v1' },
  });
  iam.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      VersionId: 'v1',
      IsDefaultVersion: true,
      Document: encodeURIComponent(JSON.stringify(boundaryPolicyDocument('dev'))),
    },
  });
  // The import rehearsal of a new stage: API Gateway imports the contract without warnings.
  const apigw = mockClient(ApiGatewayV2Client);
  apigw.on(ImportApiCommand).resolves({ ApiId: REHEARSAL_API_ID, Warnings: [] });
  apigw.on(DeleteApiCommand).resolves({});
  const cloudFront = mockClient(CloudFrontClient);
  // The mocks replace `send` on the clients' prototypes: give it back when the test finishes.
  onTestFinished(() => {
    for (const mock of [cfn, s3, sts, iam, apigw, cloudFront]) mock.restore();
  });
  return { cfn, s3, sts, iam, apigw, cloudFront };
}

export const REHEARSAL_API_ID = 'rehearsal1';

/** Real clients (region and dummy keys set), whose `send` the mocks above replace. */
export function awsClients(region: string = REGION): AwsClients {
  const config = { region, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' } };
  return {
    cloudFormation: new CloudFormationClient(config),
    s3: new S3Client(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
    apiGateway: new ApiGatewayV2Client(config),
    cloudFront: new CloudFrontClient(config),
  };
}

/** An SDK service error as the clients throw it. */
export function serviceError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode }, $fault: 'client' });
}

/** DescribeStacks' answer for the stage's stack, settled after an update; `overrides` change it. */
export function settledStack(overrides: Partial<Stack> = {}): { Stacks: Stack[] } {
  return {
    Stacks: [
      {
        StackId: STACK_ID,
        StackName: STACK_NAME,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        ...overrides,
      },
    ],
  };
}

export function stackDoesNotExist(stack = STACK_NAME): Error {
  return serviceError('ValidationError', `Stack with id ${stack} does not exist`, 400);
}

let eventCounter = 0;

export function stackEvent(
  logicalId: string,
  status: string,
  options: { type?: string; reason?: string; token?: string; at?: Date; physicalId?: string } = {},
): StackEvent {
  eventCounter += 1;
  return {
    EventId: `event-${eventCounter}`,
    StackId: STACK_ID,
    StackName: STACK_NAME,
    LogicalResourceId: logicalId,
    PhysicalResourceId: options.physicalId,
    ResourceType:
      options.type ?? (logicalId === STACK_NAME ? 'AWS::CloudFormation::Stack' : 'AWS::Lambda::Function'),
    ResourceStatus: status as ResourceStatus,
    ResourceStatusReason: options.reason,
    ClientRequestToken: options.token,
    Timestamp: options.at ?? new Date(Date.UTC(2030, 0, 1, 12, 0, eventCounter % 60)),
  };
}

export interface OperationStep {
  /** Events that appear before this poll's DescribeStacks (oldest first). */
  events: StackEvent[];
  /** The stack's status at this poll. */
  status: string;
}

/**
 * Scripts DescribeStacks / DescribeStackEvents by stack id: each DescribeStacks moves one step on.
 * `history` events are older than the operation and must never be printed.
 */
export function scriptStackOperation(
  cfn: ReturnType<typeof mockAws>['cfn'],
  steps: OperationStep[],
  options: { history?: StackEvent[]; outputs?: StackOutput[]; pageSize?: number } = {},
): void {
  let step = 0;
  const pageSize = options.pageSize ?? 2;
  cfn.on(DescribeStacksCommand, { StackName: STACK_ID }).callsFake(() => {
    const current = steps[Math.min(step, steps.length - 1)];
    step = Math.min(step + 1, steps.length - 1);
    return {
      Stacks: [
        {
          StackId: STACK_ID,
          StackName: STACK_NAME,
          StackStatus: current?.status,
          CreationTime: new Date(),
          Outputs: options.outputs,
        },
      ],
    };
  });
  cfn.on(DescribeStackEventsCommand).callsFake((input: { NextToken?: string }) => {
    const revealed = [
      ...(options.history ?? []),
      ...steps.slice(0, step + 1).flatMap((s) => s.events),
    ].reverse();
    const start = Number(input.NextToken ?? 0);
    const next = start + pageSize;
    return {
      StackEvents: revealed.slice(start, next),
      NextToken: next < revealed.length ? String(next) : undefined,
    };
  });
}

/** Three tiny "built" functions on disk, as the deploy gets them from the build. */
export async function fakeArtifacts(): Promise<FunctionArtifact[]> {
  const dir = await mkdtemp(join(tmpdir(), 'swifty-artifacts-'));
  return Promise.all(
    ['todos', 'users', 'erasure'].map(async (name, i) => {
      const zipPath = join(dir, `${name}.zip`);
      await writeFile(zipPath, `zip of ${name}`);
      const logicalId = `${name[0]?.toUpperCase()}${name.slice(1)}Function`;
      return {
        logicalId,
        name,
        entry: `src/functions/${name}.ts`,
        codeKeyParameter: `${logicalId}CodeKey`,
        bundlePath: join(dir, `${name}.mjs`),
        mapPath: join(dir, `${name}.mjs.map`),
        zipPath,
        sha256: `${i}`.repeat(64),
        sizes: { raw: 1000, gzip: 400, zip: 450 },
      };
    }),
  );
}

/**
 * A stack that becomes what each executed change set makes it: its parameters (UsePreviousValue
 * keeps the value the stack had) and a settled status, with the stack event carrying the execution's
 * token. `outputs` are the stack's outputs once it exists. For deploys that run more than one change set.
 */
export function stackFromChangeSets(
  cfn: ReturnType<typeof mockAws>['cfn'],
  outputs: StackOutput[],
  initial: Stack | undefined = undefined,
): { parametersOfChangeSet: (n: number) => Record<string, string> } {
  let parameters: Parameter[] = initial?.Parameters ?? [];
  let status = initial?.StackStatus;
  const requested: Parameter[][] = [];
  const types: string[] = [];
  const events: StackEvent[] = [];
  const valuesOf = (list: Parameter[]) =>
    Object.fromEntries(list.map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
  cfn.on(CreateChangeSetCommand).callsFake((input: { Parameters?: Parameter[]; ChangeSetType?: string }) => {
    const previous = valuesOf(parameters);
    requested.push(
      (input.Parameters ?? []).map((p) =>
        p.UsePreviousValue
          ? { ParameterKey: p.ParameterKey, ParameterValue: previous[p.ParameterKey ?? ''] }
          : p,
      ),
    );
    types.push(input.ChangeSetType ?? '');
    return { Id: `${STACK_ID.replace(':stack/', ':changeSet/')}/${requested.length}`, StackId: STACK_ID };
  });
  cfn
    .on(ExecuteChangeSetCommand)
    .callsFake((input: { ChangeSetName?: string; ClientRequestToken?: string }) => {
      const n = Number(input.ChangeSetName?.split('/').pop());
      parameters = requested[n - 1] ?? [];
      status = types[n - 1] === 'CREATE' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
      events.push(
        stackEvent(STACK_NAME, status, {
          token: input.ClientRequestToken,
          at: new Date(Date.UTC(2031, 0, 1)),
        }),
      );
      return {};
    });
  cfn.on(DescribeStacksCommand, { StackName: STACK_ID }).callsFake(() => ({
    Stacks: [
      {
        StackId: STACK_ID,
        StackName: STACK_NAME,
        StackStatus: status,
        CreationTime: new Date(),
        Parameters: parameters,
        Outputs: outputs,
      },
    ],
  }));
  cfn.on(DescribeStackEventsCommand).callsFake(() => ({ StackEvents: [...events].reverse() }));
  return { parametersOfChangeSet: (n) => valuesOf(requested[n - 1] ?? []) };
}
