/**
 * `/oauth2/authorize`, Cognito's authorization endpoint path: GET checks the request and shows the
 * sign-in form; the form POSTs back here with the same parameters and a user name, and the browser
 * is sent to the app's redirect URI with a single-use code.
 *
 * Checked as an authorization server must (RFC 6749 section 4.1, RFC 7636):
 *   client_id, redirect_uri   the registered client, a registered URI exactly; otherwise an error
 *                             page, never a redirect (an open redirector otherwise)
 *   response_type             `code` only                         → unsupported_response_type
 *   code_challenge(_method)   required, S256 only                 → invalid_request
 *   scope                     within AllowedOAuthScopes (absent: all of them) → invalid_scope
 *   prompt=none               there is no sign-in session to reuse → login_required
 * Errors after the redirect URI is known go back to it with `error`, `error_description` and `state`.
 * `state` and `nonce` travel untouched: `state` back to the app, `nonce` into the ID token.
 */
import type { AppClient } from './app-client';
import type { AuthorizationCodes } from './authorization-codes';
import { isS256Challenge } from './pkce';
import { htmlResponse, type ProviderResponse, redirectTo } from './provider-http';
import { errorPage, signInPage } from './sign-in-page';
import { InvalidSignInNameError, type LocalUserPool } from './user-pool';

export interface AuthorizeDependencies {
  client: AppClient;
  codes: AuthorizationCodes;
  users: LocalUserPool;
}

/** The request parameters the form carries through; anything else is dropped. */
const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

type ValidRequest = {
  carried: Record<string, string>;
  redirectUri: string;
  scope: string[];
  codeChallenge: string;
  state: string | undefined;
  nonce: string | undefined;
};

export async function authorize(
  method: string,
  params: URLSearchParams,
  deps: AuthorizeDependencies,
): Promise<ProviderResponse> {
  const checked = checkRequest(params, deps.client);
  if ('response' in checked) return checked.response;
  if (method !== 'POST') return htmlResponse(200, signInPage({ request: checked.carried }));

  const typed = params.get('username') ?? '';
  let user: Awaited<ReturnType<LocalUserPool['signIn']>>;
  try {
    user = await deps.users.signIn(typed);
  } catch (error) {
    if (!(error instanceof InvalidSignInNameError)) throw error;
    return htmlResponse(400, signInPage({ request: checked.carried, username: typed, error: error.message }));
  }
  const code = deps.codes.issue({
    clientId: deps.client.clientId,
    redirectUri: checked.redirectUri,
    codeChallenge: checked.codeChallenge,
    scope: checked.scope,
    ...(checked.nonce !== undefined ? { nonce: checked.nonce } : {}),
    user,
    authTime: Math.floor(Date.now() / 1000),
  });
  return redirectTo(checked.redirectUri, { code, state: checked.state });
}

function checkRequest(
  params: URLSearchParams,
  client: AppClient,
): ValidRequest | { response: ProviderResponse } {
  const clientId = params.get('client_id');
  if (clientId !== client.clientId) {
    const message = clientId
      ? `client_id ${clientId} is not an app client of this user pool. Use ${client.clientId}.`
      : `The request has no client_id. Use ${client.clientId}.`;
    return { response: htmlResponse(400, errorPage('Unknown app client', message)) };
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !client.callbackUrls.includes(redirectUri)) {
    const registered = client.callbackUrls.join(', ') || 'none';
    const message = `${redirectUri ? `redirect_uri ${redirectUri} is not` : 'The request has no redirect_uri, which must be'} one of the app client's callback URLs: ${registered}. Locally they come from APP_URLS (or WEB_PORT): <url>/auth/callback.`;
    return { response: htmlResponse(400, errorPage('Sign-in redirect not allowed', message)) };
  }

  const state = params.get('state') ?? undefined;
  const refuse = (error: string, description: string) => ({
    response: redirectTo(redirectUri, { error, error_description: description, state }),
  });
  if (params.get('response_type') !== 'code')
    return refuse(
      'unsupported_response_type',
      'Only response_type=code (authorization code with PKCE) is supported.',
    );
  const codeChallenge = params.get('code_challenge');
  if (!codeChallenge)
    return refuse(
      'invalid_request',
      'PKCE is required: send code_challenge with code_challenge_method=S256.',
    );
  if (params.get('code_challenge_method') !== 'S256')
    return refuse('invalid_request', 'code_challenge_method must be S256 (plain is not accepted).');
  if (!isS256Challenge(codeChallenge))
    return refuse(
      'invalid_request',
      'code_challenge must be the base64url SHA-256 of the code verifier (43 characters).',
    );

  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean);
  const unknown = requested.filter((scope) => !client.allowedScopes.includes(scope));
  if (unknown.length > 0)
    return refuse(
      'invalid_scope',
      `Not allowed for this app client: ${unknown.join(' ')}. Allowed: ${client.allowedScopes.join(' ')}.`,
    );
  if (params.get('prompt') === 'none')
    return refuse('login_required', 'The local provider keeps no sign-in session.');

  const carried: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = params.get(name);
    if (value !== null) carried[name] = value;
  }
  return {
    carried,
    redirectUri,
    scope: requested.length > 0 ? [...new Set(requested)] : client.allowedScopes,
    codeChallenge,
    state,
    nonce: params.get('nonce') ?? undefined,
  };
}
