import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { resolveAwsContext } from '../../infra/deploy/aws-context';
import { MissingCredentialsError, MissingRegionError, UnreachableAwsError } from '../../infra/deploy/errors';
import { ACCOUNT, awsClients, CALLER, mockAws, REGION, serviceError } from './support/fake-aws';

describe('resolveAwsContext', () => {
  it('resolves the region, the account and the caller', async () => {
    // Prepare
    mockAws();

    // Act
    const context = await resolveAwsContext(awsClients().sts);

    // Assess
    expect(context).toEqual({ region: REGION, accountId: ACCOUNT, partition: 'aws', callerArn: CALLER });
  });

  it('says how to set a region when none is configured', async () => {
    // Prepare: the SDK's region chain found nothing (no --region, AWS_REGION or profile region).
    mockAws();
    const sts = new STSClient({
      region: async () => {
        throw new Error('Region is missing');
      },
    });

    // Act
    const attempt = resolveAwsContext(sts);

    // Assess
    await expect(attempt).rejects.toThrow(MissingRegionError);
    await expect(attempt).rejects.toThrow(/--region eu-west-1, set AWS_REGION, or .*`aws configure`/);
  });

  it.each([
    ['CredentialsProviderError', 'Could not load credentials from any providers'],
    ['ExpiredToken', 'The security token included in the request is expired'],
    ['InvalidClientTokenId', 'The security token included in the request is invalid.'],
  ])('turns %s into a message that says what to set', async (name, message) => {
    // Prepare
    const aws = mockAws();
    aws.sts.on(GetCallerIdentityCommand).rejects(serviceError(name, message, 403));

    // Act
    const attempt = resolveAwsContext(awsClients().sts);

    // Assess
    await expect(attempt).rejects.toThrow(MissingCredentialsError);
    await expect(attempt).rejects.toThrow(new RegExp(`${name}: ${message}.*AWS_PROFILE.*aws configure`));
  });

  it('says AWS cannot be reached when no connection is made at all, not a stack trace', async () => {
    // Prepare: what Node's resolver throws without DNS (no network, a proxy-only network).
    const aws = mockAws();
    aws.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error(`getaddrinfo ENOTFOUND sts.${REGION}.amazonaws.com`), { code: 'ENOTFOUND' }),
      );

    // Act
    const attempt = resolveAwsContext(awsClients().sts);

    // Assess
    await expect(attempt).rejects.toThrow(UnreachableAwsError);
    await expect(attempt).rejects.toThrow(`Cannot reach AWS STS in ${REGION} (ENOTFOUND). Check the network`);
  });

  it('names AWS_PROFILE when no region comes from it', async () => {
    mockAws();
    const sts = new STSClient({
      region: async () => {
        throw new Error('Region is missing');
      },
    });
    const saved = process.env.AWS_PROFILE;
    process.env.AWS_PROFILE = 'nosuch';
    try {
      await expect(resolveAwsContext(sts)).rejects.toThrow(
        /AWS_PROFILE is nosuch: .*aws configure list-profiles/,
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = saved;
    }
  });

  it('lets other failures through unchanged', async () => {
    // Prepare
    const aws = mockAws();
    aws.sts.on(GetCallerIdentityCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded', 400));

    // Act, Assess
    await expect(resolveAwsContext(awsClients().sts)).rejects.toThrow('Rate exceeded');
  });
});
