import {
  DeleteStackCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { destroy } from '../../infra/deploy/destroy';
import { StackOperationFailedError } from '../../infra/deploy/errors';
import { capturedOutput } from '../../infra/deploy/output';
import {
  ACCOUNT,
  awsClients,
  mockAws,
  STACK_ID,
  STACK_NAME,
  scriptStackOperation,
  serviceError,
  stackDoesNotExist,
  stackEvent,
} from './support/fake-aws';

const TOKEN = 'destroy-test';
const BUCKET = 'swiftyplanner-dev-bucket-1a2b3c';
const APP_BUCKET = 'swiftyplanner-dev-appbucket-4d5e6f';

describe('destroy', () => {
  let aws: ReturnType<typeof mockAws>;
  let out: ReturnType<typeof capturedOutput>;
  let questions: string[];

  beforeEach(() => {
    aws = mockAws();
    out = capturedOutput();
    questions = [];
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves({
      Stacks: [
        {
          StackId: STACK_ID,
          StackName: STACK_NAME,
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
        },
      ],
    });
    aws.cfn
      .on(DescribeStackResourceCommand, { LogicalResourceId: 'Bucket' })
      .resolves({ StackResourceDetail: { PhysicalResourceId: BUCKET } as never });
    aws.cfn
      .on(DescribeStackResourceCommand, { LogicalResourceId: 'AppBucket' })
      .resolves({ StackResourceDetail: { PhysicalResourceId: APP_BUCKET } as never });
    aws.cfn.on(DeleteStackCommand).resolves({});
  });

  const run = (options: { yes?: boolean; answer?: string } = {}) =>
    destroy(
      { stage: 'dev', yes: options.yes ?? false },
      {
        ...awsClients(),
        out,
        ask: async (question) => {
          questions.push(question);
          return options.answer ?? '';
        },
        sleep: async () => undefined,
        pollMs: 0,
        clientRequestToken: () => TOKEN,
      },
    );

  it('deletes nothing unless the stage name is typed', async () => {
    // Act
    const outcome = await run({ answer: 'yes' });

    // Assess
    expect(outcome).toBe('cancelled');
    expect(questions[0]).toContain(`Delete ${STACK_NAME} in eu-west-1 (account ${ACCOUNT})`);
    expect(aws.s3.commandCalls(ListObjectVersionsCommand)).toHaveLength(0);
    expect(aws.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('with --yes, empties every object version of both buckets in batches, deletes the stack and lists what was retained', async () => {
    // Prepare
    const versions = Array.from({ length: 1200 }, (_, i) => ({
      Key: `users/u1/todos/t1/a${i}`,
      VersionId: `v${i}`,
    }));
    aws.s3
      .on(ListObjectVersionsCommand, { Bucket: APP_BUCKET })
      .resolves({ Versions: [{ Key: 'index.html', VersionId: 'null' }], IsTruncated: false });
    aws.s3
      .on(ListObjectVersionsCommand, { Bucket: BUCKET })
      .resolvesOnce({
        Versions: versions,
        DeleteMarkers: [{ Key: 'users/u1/todos/t1/gone', VersionId: 'm1' }],
        IsTruncated: true,
        NextKeyMarker: 'users/u1/todos/t1/a1199',
        NextVersionIdMarker: 'v1199',
      })
      .resolves({ Versions: [{ Key: 'users/u2/todos/t2/a0', VersionId: 'null' }], IsTruncated: false });
    aws.s3.on(DeleteObjectsCommand).resolves({});
    scriptStackOperation(aws.cfn, [
      {
        events: [stackEvent(STACK_NAME, 'DELETE_IN_PROGRESS', { token: TOKEN })],
        status: 'DELETE_IN_PROGRESS',
      },
      {
        events: [
          stackEvent('Table', 'DELETE_SKIPPED', {
            token: TOKEN,
            type: 'AWS::DynamoDB::Table',
            physicalId: 'swiftyplanner-dev',
          }),
          stackEvent('UserPool', 'DELETE_SKIPPED', {
            token: TOKEN,
            type: 'AWS::Cognito::UserPool',
            physicalId: 'eu-west-1_AbCdEf',
          }),
          stackEvent('Bucket', 'DELETE_COMPLETE', { token: TOKEN, type: 'AWS::S3::Bucket' }),
          stackEvent(STACK_NAME, 'DELETE_COMPLETE', { token: TOKEN }),
        ],
        status: 'DELETE_COMPLETE',
      },
    ]);

    // Act
    const outcome = await run({ yes: true });

    // Assess
    expect(outcome).toBe('deleted');
    expect(questions).toEqual([]);
    const batchesOf = (bucket: string) =>
      aws.s3
        .commandCalls(DeleteObjectsCommand)
        .filter((c) => c.args[0].input.Bucket === bucket)
        .map((c) => c.args[0].input.Delete?.Objects ?? []);
    const batches = batchesOf(BUCKET);
    expect(batches.map((b) => b.length)).toEqual([1000, 201, 1]);
    expect(batches.flat()).toContainEqual({ Key: 'users/u1/todos/t1/gone', VersionId: 'm1' });
    expect(batchesOf(APP_BUCKET)).toEqual([[{ Key: 'index.html', VersionId: 'null' }]]);
    expect(aws.s3.commandCalls(ListObjectVersionsCommand)[1]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      KeyMarker: 'users/u1/todos/t1/a1199',
      VersionIdMarker: 'v1199',
      ExpectedBucketOwner: ACCOUNT,
    });
    expect(aws.cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      ClientRequestToken: TOKEN,
    });
    // The bucket is emptied before the stack deletion starts.
    const lastObjectDeletion = aws.s3.commandCalls(DeleteObjectsCommand).at(-1);
    const stackDeletion = aws.cfn.commandCalls(DeleteStackCommand)[0];
    expect(stackDeletion && lastObjectDeletion?.calledBefore(stackDeletion)).toBe(true);
    expect(out.lines).toContain(`${STACK_NAME}: DELETE_COMPLETE`);
    expect(out.lines).toContain('    aws dynamodb delete-table --table-name swiftyplanner-dev');
    expect(out.lines).toContain('    aws cognito-idp delete-user-pool --user-pool-id eu-west-1_AbCdEf');
  });

  it('says there is nothing to destroy when the stack does not exist', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());

    // Act
    const outcome = await run({ yes: true });

    // Assess
    expect(outcome).toBe('absent');
    expect(out.lines[0]).toMatch(/no stack swiftyplanner-dev in eu-west-1/);
    expect(aws.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('treats a bucket that is already gone as empty', async () => {
    // Prepare
    aws.s3
      .on(ListObjectVersionsCommand)
      .rejects(serviceError('NoSuchBucket', 'The specified bucket does not exist', 404));
    scriptStackOperation(aws.cfn, [
      { events: [stackEvent(STACK_NAME, 'DELETE_COMPLETE', { token: TOKEN })], status: 'DELETE_COMPLETE' },
    ]);

    // Act
    const outcome = await run({ yes: true });

    // Assess
    expect(outcome).toBe('deleted');
    expect(aws.cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
  });

  it('fails with the reasons when the deletion fails', async () => {
    // Prepare
    aws.s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
    const reason = 'The bucket you tried to delete is not empty';
    scriptStackOperation(aws.cfn, [
      {
        events: [stackEvent(STACK_NAME, 'DELETE_IN_PROGRESS', { token: TOKEN })],
        status: 'DELETE_IN_PROGRESS',
      },
      {
        events: [
          stackEvent('Bucket', 'DELETE_FAILED', { token: TOKEN, type: 'AWS::S3::Bucket', reason }),
          stackEvent(STACK_NAME, 'DELETE_FAILED', { token: TOKEN }),
        ],
        status: 'DELETE_FAILED',
      },
    ]);

    // Act
    const error = await run({ yes: true }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(StackOperationFailedError);
    expect((error as Error).message).toContain(`Bucket (AWS::S3::Bucket): ${reason}`);
    expect(out.lines).toContain(`  Bucket (AWS::S3::Bucket): ${reason}`);
  });
});
