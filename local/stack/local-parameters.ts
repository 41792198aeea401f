import type { LocalValues } from '../gateway/intrinsics';

/**
 * The values the local stack gives the template's parameters and resources where AWS would give
 * deployed ones. The JWT issuer, the token command and the gateway all derive from these, so a token
 * minted by `npm run token` is accepted by `npm start` without sharing anything but DATA_DIR.
 */
export interface LocalParameters {
  region: string;
  accountId: string;
  /** The template's `Stage` parameter. */
  stage: string;
  /** What `Ref: UserPool` resolves to: the user pool id, part of the issuer URL. */
  userPoolId: string;
  /** What `Ref: UserPoolClient` resolves to: the authorizer's one audience. */
  userPoolClientId: string;
  /** What `Ref: AllowedOrigins` resolves to: the CORS origins (`*` locally unless ALLOWED_ORIGINS says). */
  allowedOrigins: string[];
}

export function localParameters(
  overrides: Partial<LocalParameters> = {},
  env: NodeJS.ProcessEnv = process.env,
): LocalParameters {
  const region = overrides.region ?? env.AWS_REGION ?? 'us-east-1';
  const origins = env.ALLOWED_ORIGINS?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    region,
    accountId: '000000000000',
    stage: 'local',
    userPoolId: `${region}_local`,
    userPoolClientId: 'swiftyplanner-local-client',
    allowedOrigins: origins?.length ? origins : ['*'],
    ...overrides,
  };
}

/** The parameter map for resolving intrinsics (see ../gateway/intrinsics.ts). */
export function localValuesOf(parameters: LocalParameters): LocalValues {
  const { region, accountId, stage } = parameters;
  return {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': `swiftyplanner-${stage}`,
    Stage: stage,
    AllowedOrigins: parameters.allowedOrigins,
    UserPool: parameters.userPoolId,
    'UserPool.Arn': `arn:aws:cognito-idp:${region}:${accountId}:userpool/${parameters.userPoolId}`,
    UserPoolClient: parameters.userPoolClientId,
  };
}
