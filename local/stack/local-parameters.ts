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
  /** What `Ref: UserPool` resolves to: the user pool id, the last segment of the issuer URL. */
  userPoolId: string;
  /** What `Ref: UserPoolClient` resolves to: the authorizer's one audience. */
  userPoolClientId: string;
  /**
   * What `Fn::GetAtt: [UserPool, ProviderURL]` resolves to: the local OpenID Connect provider's
   * issuer, `http://127.0.0.1:<issuer port>/<user pool id>` (Cognito's is
   * `https://cognito-idp.<region>.amazonaws.com/<user pool id>`), the `iss` of its tokens.
   */
  providerUrl: string;
  /** What `Ref: AllowedOrigins` resolves to: the CORS origins (`*` locally unless ALLOWED_ORIGINS says). */
  allowedOrigins: string[];
  /**
   * What `Ref: AppUrls` resolves to: the web app's origins. The app client registers
   * `<url>/auth/callback` of each as a sign-in redirect and `<url>/` as a sign-out one.
   */
  appUrls: string[];
}

export const DEFAULT_API_PORT = 3000;
export const DEFAULT_WEB_PORT = 5173;

/** `http://127.0.0.1:<port>/<user pool id>`, the layout of Cognito's issuer URL on loopback. */
export function providerUrlOf(port: number, userPoolId: string): string {
  return `http://127.0.0.1:${port}/${userPoolId}`;
}

/**
 * The local OpenID Connect provider's port: ISSUER_PORT, else the one after the API's
 * (PORT, 3000 by default), so `npm start` gets 3001 and `PORT=3100 npm start` gets 3101.
 */
export function issuerPortOf(env: NodeJS.ProcessEnv = process.env): number {
  const explicit = env.ISSUER_PORT;
  if (explicit !== undefined && explicit !== '') return portNumber('ISSUER_PORT', explicit);
  const api = env.PORT === undefined || env.PORT === '' ? DEFAULT_API_PORT : portNumber('PORT', env.PORT);
  if (api === 65535)
    throw new Error('PORT 65535 leaves no port for the issuer after it: set ISSUER_PORT too.');
  return api + 1;
}

function portNumber(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number (1-65535), got ${value}. Example: ${name}=3101 npm start`);
  }
  return port;
}

function listOf(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

export function localParameters(
  overrides: Partial<LocalParameters> = {},
  env: NodeJS.ProcessEnv = process.env,
): LocalParameters {
  const region = overrides.region ?? env.AWS_REGION ?? 'us-east-1';
  const userPoolId = overrides.userPoolId ?? `${region}_local`;
  return {
    region,
    accountId: '000000000000',
    stage: 'local',
    userPoolId,
    userPoolClientId: 'swiftyplanner-local-client',
    providerUrl: overrides.providerUrl ?? providerUrlOf(issuerPortOf(env), userPoolId),
    allowedOrigins: listOf(env.ALLOWED_ORIGINS) ?? ['*'],
    // 127.0.0.1, not localhost: every local server binds loopback IPv4, and the origin must match exactly.
    appUrls: listOf(env.APP_URLS)?.map((url) => url.replace(/\/+$/, '')) ?? [
      `http://127.0.0.1:${env.WEB_PORT || DEFAULT_WEB_PORT}`,
    ],
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
    AppUrls: parameters.appUrls,
    UserPool: parameters.userPoolId,
    'UserPool.Arn': `arn:aws:cognito-idp:${region}:${accountId}:userpool/${parameters.userPoolId}`,
    'UserPool.ProviderURL': parameters.providerUrl,
    'UserPool.ProviderName': parameters.providerUrl.replace(/^https?:\/\//, ''),
    UserPoolClient: parameters.userPoolClientId,
  };
}
