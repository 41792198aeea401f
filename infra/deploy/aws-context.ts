import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { MissingCredentialsError, MissingRegionError, UnreachableAwsError } from './errors';

/** Who and where we deploy: resolved once, from the standard credential and region chains. */
export interface AwsContext {
  region: string;
  accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the caller's ARN. */
  partition: string;
  /** The IAM user or role the commands act as, printed so nobody deploys with the wrong profile. */
  callerArn: string;
}

export interface AwsClients {
  cloudFormation: CloudFormationClient;
  s3: S3Client;
  sts: STSClient;
  iam: IAMClient;
  /** The import rehearsal (./import-rehearsal.ts). */
  apiGateway: ApiGatewayV2Client;
  /** The web app's invalidations (./app-publish.ts); CloudFront's API is global. */
  cloudFront: CloudFrontClient;
}

/**
 * SDK v3 clients on the default chains: AWS_PROFILE / shared config and credentials files, env
 * keys, SSO, IMDS... `region` overrides AWS_REGION and the profile's region.
 */
export function createAwsClients(region?: string): AwsClients {
  const config = region ? { region } : {};
  return {
    cloudFormation: new CloudFormationClient(config),
    s3: new S3Client(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
    apiGateway: new ApiGatewayV2Client(config),
    cloudFront: new CloudFrontClient(config),
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.cloudFormation.destroy();
  clients.s3.destroy();
  clients.sts.destroy();
  clients.iam.destroy();
  clients.apiGateway.destroy();
  clients.cloudFront.destroy();
}

/** Errors that mean "no (valid) credentials", as opposed to a real failure worth its stack trace. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
]);

/** Node's codes for "could not get a connection at all", as opposed to an answer from AWS. */
const NETWORK_ERRORS = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export async function resolveAwsContext(sts: STSClient): Promise<AwsContext> {
  let region: string | undefined;
  const profile = process.env.AWS_PROFILE;
  try {
    region = await sts.config.region();
  } catch (error) {
    throw new MissingRegionError({ cause: error, profile });
  }
  if (!region) throw new MissingRegionError({ profile });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const callerArn = identity.Arn ?? '';
    if (!identity.Account)
      throw new MissingCredentialsError('STS did not say which account these credentials belong to');
    return { region, accountId: identity.Account, partition: callerArn.split(':')[1] || 'aws', callerArn };
  } catch (error) {
    if (error instanceof Error && CREDENTIAL_ERRORS.has(error.name))
      throw new MissingCredentialsError(`${error.name}: ${error.message}`, { cause: error });
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERRORS.has(code))
      throw new UnreachableAwsError(code, region, { cause: error });
    throw error;
  }
}
