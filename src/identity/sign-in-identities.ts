/**
 * The user pool's side of a user: their sign-in identity. An erasure deletes it with AdminDeleteUser,
 * which the users role may call on its own pool only (infra/template.yaml, DeleteSignInIdentity).
 *
 * `Username` is the token's `sub`: in a pool whose sign-in name is an attribute (UsernameAttributes:
 * [email]) the username is not an alias, and for such a pool AdminDeleteUser takes "the sub of a
 * local user" (Cognito API reference, AdminDeleteUser, Request Parameters). A user already gone is
 * what an erasure wants: UserNotFoundException counts as done, so a repeated step is harmless.
 *
 * USER_POOL_ID names the pool; COGNITO_IDP_ENDPOINT points the client at the local OIDC provider,
 * which answers AdminDeleteUser as Cognito does (local/issuer/). One client per container, created
 * on first use and loaded lazily: only an erasure needs it, so no other request pays for it at
 * cold start.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export type IdentityOutcome = 'deleted' | 'already-gone';

export class UserPoolNotConfigured extends Error {
  override readonly name = 'UserPoolNotConfigured';
  constructor() {
    super(
      'USER_POOL_ID is not set, so the sign-in identity cannot be erased. infra/template.yaml sets it on ' +
        'the erasure function; the local stack sets it to its local user pool.',
    );
  }
}

let client: CognitoIdentityProviderClient | undefined;

/** The container's client for the user pool's API (tests put Cognito's failures in front of it). */
export async function userPoolClient(): Promise<CognitoIdentityProviderClient> {
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  client ??= new CognitoIdentityProviderClient({
    ...(process.env.COGNITO_IDP_ENDPOINT ? { endpoint: process.env.COGNITO_IDP_ENDPOINT } : {}),
    // As the DynamoDB and S3 clients (../store/client.ts): fail in seconds, the step is retried.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  return client;
}

export async function deleteSignInIdentity(sub: string): Promise<IdentityOutcome> {
  const userPoolId = process.env.USER_POOL_ID;
  if (!userPoolId) throw new UserPoolNotConfigured();
  const { AdminDeleteUserCommand, UserNotFoundException } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  try {
    await (await userPoolClient()).send(
      new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: sub }),
    );
    return 'deleted';
  } catch (error) {
    if (error instanceof UserNotFoundException) return 'already-gone';
    throw error;
  }
}
