/**
 * `POST /oauth2/token` (form-encoded), Cognito's token endpoint path, for a public client (no secret):
 *
 *   grant_type=authorization_code  code, redirect_uri (as sent to authorize), client_id, code_verifier
 *                                  → access, ID (when `openid` was granted) and refresh tokens
 *   grant_type=refresh_token       refresh_token, client_id
 *                                  → new access and ID tokens; the refresh token stays the same
 *                                    (Cognito without refresh token rotation)
 *
 * Errors are RFC 6749 section 5.2's: 400 `{ error, error_description }` with invalid_request,
 * invalid_client, invalid_grant (a code unknown, expired, used twice, for another redirect URI or
 * whose verifier does not match; a refresh token unknown, expired or whose user was deleted),
 * unsupported_grant_type.
 */
import { randomUUID } from 'node:crypto';
import type { AppClient } from './app-client';
import type { AuthorizationCodes } from './authorization-codes';
import { type LocalIssuer, TOKEN_LIFETIME_SECONDS } from './local-issuer';
import { verifierMatches } from './pkce';
import { oauthError, type ProviderResponse, tokenResponse } from './provider-http';
import type { LocalUser, LocalUserPool } from './user-pool';

export interface TokenDependencies {
  client: AppClient;
  codes: AuthorizationCodes;
  users: LocalUserPool;
  signer: LocalIssuer;
}

interface Session {
  user: LocalUser;
  scope: string[];
  authTime: number;
  originJti: string;
  nonce?: string;
}

export async function token(form: URLSearchParams, deps: TokenDependencies): Promise<ProviderResponse> {
  const clientId = form.get('client_id');
  if (!clientId)
    return oauthError('invalid_request', 'client_id is required (the app client is public: no secret).');
  if (clientId !== deps.client.clientId)
    return oauthError('invalid_client', `client_id ${clientId} is not an app client of this user pool.`);

  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return redeemCode(form, deps);
  if (grantType === 'refresh_token') return refresh(form, deps);
  return oauthError(
    grantType ? 'unsupported_grant_type' : 'invalid_request',
    grantType
      ? `grant_type ${grantType} is not supported: use authorization_code or refresh_token.`
      : 'grant_type is required.',
  );
}

async function redeemCode(form: URLSearchParams, deps: TokenDependencies): Promise<ProviderResponse> {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier');
  if (!code || !redirectUri || !verifier)
    return oauthError('invalid_request', 'code, redirect_uri and code_verifier are all required.');

  const redemption = deps.codes.redeem(code);
  if (!redemption.ok) {
    if (redemption.refreshToken) await deps.users.endSession(redemption.refreshToken);
    return oauthError('invalid_grant', `The authorization code is ${redemption.reason}; sign in again.`);
  }
  const { grant } = redemption;
  if (grant.redirectUri !== redirectUri)
    return oauthError('invalid_grant', 'redirect_uri differs from the one the code was issued for.');
  if (!verifierMatches(verifier, grant.codeChallenge))
    return oauthError('invalid_grant', 'code_verifier does not match the code_challenge of the sign-in.');
  if (!deps.users.findBySub(grant.user.sub))
    return oauthError('invalid_grant', 'The user was deleted after signing in; sign in again.');

  const session: Session = {
    user: grant.user,
    scope: grant.scope,
    authTime: grant.authTime,
    originJti: randomUUID(),
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
  };
  const refreshToken = await deps.users.startSession({
    username: grant.user.username,
    clientId: deps.client.clientId,
    scope: grant.scope,
    authTime: grant.authTime,
    originJti: session.originJti,
  });
  redemption.recordRefreshToken(refreshToken);
  return tokenResponse({ ...(await tokensOf(session, deps.signer)), refresh_token: refreshToken });
}

async function refresh(form: URLSearchParams, deps: TokenDependencies): Promise<ProviderResponse> {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError('invalid_request', 'refresh_token is required.');
  const resumed = deps.users.resumeSession(refreshToken);
  if (!resumed || resumed.session.clientId !== deps.client.clientId)
    return oauthError(
      'invalid_grant',
      'The refresh token is unknown, expired, revoked, or its user was deleted.',
    );
  const { session, user } = resumed;
  return tokenResponse(
    await tokensOf(
      { user, scope: session.scope, authTime: session.authTime, originJti: session.originJti },
      deps.signer,
    ),
  );
}

async function tokensOf(session: Session, signer: LocalIssuer): Promise<Record<string, unknown>> {
  const { user, authTime, originJti } = session;
  const accessToken = await signer.issueToken(user.sub, {
    scope: session.scope.join(' '),
    claims: { auth_time: authTime, origin_jti: originJti, username: user.username },
  });
  const idToken = session.scope.includes('openid')
    ? await signer.issueToken(user.sub, {
        tokenUse: 'id',
        claims: {
          auth_time: authTime,
          origin_jti: originJti,
          'cognito:username': user.username,
          // The sign-in name, for a greeting (Cognito's ID token carries the email in this pool instead).
          preferred_username: user.signInName,
          ...(session.nonce !== undefined ? { nonce: session.nonce } : {}),
        },
      })
    : undefined;
  return {
    access_token: accessToken,
    ...(idToken ? { id_token: idToken } : {}),
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
  };
}
